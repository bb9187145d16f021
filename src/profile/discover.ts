/**
 * Installed Chromium-family browsers and their profiles, with the names the writer knows them
 * by (from `Local State` -> profile.info_cache), so `--profile Work` finds `Profile 2`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputError } from '../errors.js';
import { BROWSERS, userDataDir, type BrowserKind, type OsEnv } from './browsers.js';

export interface ProfileInfo {
  /** Directory name inside the user-data-dir: Default, Profile 1, ... */
  dir: string;
  /** The name shown in Chrome's profile menu. */
  name: string;
  /** The signed-in account's email, if any. */
  email?: string;
}

export interface InstalledBrowser {
  browser: BrowserKind;
  userDataDir: string;
  profiles: ProfileInfo[];
}

export const realOsEnv = (): OsEnv => ({ platform: process.platform, homedir: os.homedir(), env: process.env });

/** Reads the profiles of one user-data-dir; throws an input error if it is not one. */
export function readProfiles(dir: string): ProfileInfo[] {
  if (!fs.existsSync(dir)) throw inputError(`${dir}: no such directory.`, 'Pass --from with a Chrome user-data-dir (see `publish profile list`).');
  const localState = path.join(dir, 'Local State');
  let state: { profile?: { info_cache?: Record<string, { name?: string; user_name?: string }> } };
  try {
    state = JSON.parse(fs.readFileSync(localState, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw inputError(`${dir} is not a Chrome profile directory (${missing ? 'it has no "Local State" file' : '"Local State" is not valid JSON'}).`,
      'Pass the user-data-dir itself, e.g. ~/Library/Application Support/Google/Chrome, not a profile inside it.');
  }
  const cache = state.profile?.info_cache ?? {};
  const listed = Object.entries(cache).map(([d, info]) => ({ dir: d, name: info.name || d, email: info.user_name || undefined }));
  // A profile folder that Local State does not list (fresh Default) still counts.
  if (!listed.some((p) => p.dir === 'Default') && fs.existsSync(path.join(dir, 'Default'))) listed.unshift({ dir: 'Default', name: 'Default', email: undefined });
  return listed.filter((p) => fs.existsSync(path.join(dir, p.dir)));
}

export function discoverBrowsers(e: OsEnv = realOsEnv()): InstalledBrowser[] {
  const found: InstalledBrowser[] = [];
  for (const browser of BROWSERS) {
    const dir = userDataDir(browser, e);
    if (!fs.existsSync(path.join(dir, 'Local State'))) continue;
    try {
      found.push({ browser, userDataDir: dir, profiles: readProfiles(dir) });
    } catch {
      /* unreadable: not listed */
    }
  }
  return found;
}

/** Finds a profile by directory name, display name or email (case-insensitive). */
export function findProfile(dir: string, wanted: string | undefined, profiles = readProfiles(dir)): ProfileInfo {
  if (profiles.length === 0) throw inputError(`${dir} has no profiles.`);
  if (wanted === undefined) return profiles.find((p) => p.dir === 'Default') ?? profiles[0]!;
  const w = wanted.toLowerCase();
  const match = profiles.find((p) => p.dir.toLowerCase() === w) ?? profiles.find((p) => p.name.toLowerCase() === w || p.email?.toLowerCase() === w);
  if (!match) {
    throw inputError(`No profile "${wanted}" in ${dir}.`, `Profiles there: ${profiles.map((p) => `${p.name} (${p.dir}${p.email ? `, ${p.email}` : ''})`).join('; ')}.`);
  }
  return match;
}
