/**
 * How the session must launch on a clone so Chrome can decrypt the copied cookies.
 * Playwright adds `--use-mock-keychain` and `--password-store=basic` to every launch
 * (chromiumSwitches.ts); with them Chrome cannot decrypt the daily profile's cookies and then
 * DELETES the whole site's cookies (sqlite_persistent_cookie_store.cc): a silent logout.
 * So both are dropped, and on Linux the password store is chosen to match the cookies:
 * v10 cookies use a fixed key that Chrome always has (os_crypt_linux.cc, kV10 "peanuts"), so
 * they decrypt under any store and no switch is needed; v11 cookies need the key kept in the
 * desktop's keyring, so the session names that keyring.
 * macOS (v10 from the "Chrome Safe Storage" keychain item) needs the real Chrome and no switch.
 * Windows app-bound (v20) cookies cannot be decrypted outside the default directory.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { PublishError } from '../errors.js';
import { cookieDbCandidates } from './browsers.js';

export const MOCK_KEYCHAIN_ARGS = ['--use-mock-keychain', '--password-store=basic'] as const;

export type CookieVersion = 'v10' | 'v11' | 'v20' | 'plain';

/** Counts the clone's cookies by encryption prefix (values are never read). */
export function cookieVersions(profileDir: string): Partial<Record<CookieVersion, number>> {
  const file = cookieDbCandidates(profileDir).find((f) => fs.existsSync(f));
  if (!file || fs.statSync(file).size === 0) return {};
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(`SELECT CASE WHEN length(encrypted_value) = 0 THEN 'plain' ELSE CAST(substr(encrypted_value, 1, 3) AS TEXT) END AS v, count(*) AS n FROM cookies GROUP BY v`)
      .all() as { v: string; n: number }[];
    const out: Partial<Record<CookieVersion, number>> = {};
    for (const r of rows) if (['v10', 'v11', 'v20', 'plain'].includes(r.v)) out[r.v as CookieVersion] = r.n;
    return out;
  } catch {
    return {}; // not yet a cookie table
  } finally {
    db.close();
  }
}

export interface CloneLaunch {
  ignoreDefaultArgs: string[];
  args: string[];
}

/** The keyring Chrome on this Linux desktop uses for v11 cookies. */
export function linuxKeyring(env: NodeJS.ProcessEnv): string {
  const desktop = `${env.XDG_CURRENT_DESKTOP ?? ''}:${env.DESKTOP_SESSION ?? ''}`.toUpperCase();
  if (desktop.includes('KDE')) return env.KDE_SESSION_VERSION === '6' ? 'kwallet6' : 'kwallet5';
  return 'gnome-libsecret';
}

export function cloneLaunchFlags(profileDir: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): CloneLaunch {
  const versions = cookieVersions(profileDir);
  if (platform === 'win32' && versions.v20) {
    throw new PublishError('ENVIRONMENT', `The profile's cookies use Chrome's app-bound encryption (v20: ${versions.v20} cookies), which only the original profile directory can decrypt.`, {
      hint: 'A clone would come up logged out. Log in once in the automation profile instead: `publish open <site>`, then publish with --no-refresh.',
    });
  }
  const args: string[] = [];
  if (platform === 'linux' && versions.v11) args.push(`--password-store=${linuxKeyring(env)}`);
  return { ignoreDefaultArgs: [...MOCK_KEYCHAIN_ARGS], args };
}
