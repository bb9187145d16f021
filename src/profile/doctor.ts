/**
 * `publish profile doctor`: will the clone come up logged in? Per platform domain: how many
 * cookies the clone holds, their encryption, whether they decrypt with the key the launch will
 * use, the latest expiry; and whether the source browser runs and the clone is in use.
 * Values are decrypted only to check them, in memory, and never printed or returned.
 *
 * Key facts (../shared/platforms.md, from yt-dlp cookies.py and Chromium os_crypt):
 * AES-128-CBC, IV of 16 spaces, key = PBKDF2-HMAC-SHA1(password, "saltysalt", n, 16 bytes).
 * Linux v10: password "peanuts", n = 1 (always available); v11: the desktop keyring's password.
 * macOS v10: the "Chrome Safe Storage" keychain password, n = 1003. Cookie database meta
 * version >= 24 prefixes each plaintext with SHA-256(host_key), which makes the check exact.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BROWSERS, cookieDbCandidates } from './browsers.js';
import { profileInUse, readManifest } from './clone.js';
import type { CookieVersion } from './launch-flags.js';

export interface DoctorTarget {
  platform: string;
  /** The origin publishing drives; its host is the cookie domain checked. */
  origin: string;
}

/** The OS seam: tests inject `darwin` and a keychain reader. */
export interface DoctorEnv {
  platform: NodeJS.Platform;
  /** The keychain item's password (macOS `security`); throws if denied or missing. */
  readKeychain(service: string): string;
}

export const realDoctorEnv = (): DoctorEnv => ({
  platform: process.platform,
  readKeychain: (service) => execFileSync('security', ['find-generic-password', '-w', '-s', service], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
});

export type Decrypts = 'yes' | 'no' | 'unchecked' | 'no-cookies';

export interface DomainReport {
  platform: string;
  domain: string;
  cookies: number;
  versions: Partial<Record<CookieVersion, number>>;
  decrypts: Decrypts;
  /** The latest expiry among the domain's persistent cookies (ISO 8601), if any. */
  latestExpiry?: string;
  expired: number;
  ok: boolean;
  advice?: string;
}

export interface DoctorReport {
  clone: string;
  cloneExists: boolean;
  cloneInUse: boolean;
  source?: string;
  sourceRunning?: boolean;
  /** Which key the check used, in words. */
  key: string;
  platforms: DomainReport[];
  notes: string[];
  ok: boolean;
}

export interface DoctorOptions {
  clone: string;
  targets: DoctorTarget[];
  checkKeychain?: boolean;
  env?: DoctorEnv;
}

export function cookieKey(password: string, iterations: number): Buffer {
  return crypto.pbkdf2Sync(password, 'saltysalt', iterations, 16, 'sha1');
}

const IV = Buffer.alloc(16, ' ');

/** True if `encrypted` (with its 3-byte version prefix) decrypts with `key` to a well-formed value. */
export function decryptsWith(encrypted: Buffer, key: Buffer, hostKey: string, metaVersion: number): boolean {
  try {
    const decipher = crypto.createDecipheriv('aes-128-cbc', key, IV);
    const plain = Buffer.concat([decipher.update(encrypted.subarray(3)), decipher.final()]);
    if (metaVersion >= 24) return plain.length >= 32 && plain.subarray(0, 32).equals(crypto.createHash('sha256').update(hostKey).digest());
    return true; // valid PKCS#7 padding: right key but for a 1-in-256 chance
  } catch {
    return false;
  }
}

/** Chrome stores times as microseconds since 1601-01-01 UTC. */
const chromeTimeToMs = (t: number | bigint) => Number(BigInt(t) / 1000n) - 11_644_473_600_000;

interface CookieRow {
  host_key: string;
  encrypted_value: Buffer;
  expires_utc: bigint;
}

type KeyChoice = { key?: Buffer; words: string; v11?: 'unchecked' };

function chooseKey(env: DoctorEnv, source: string | undefined, checkKeychain: boolean, notes: string[]): KeyChoice {
  if (env.platform === 'linux') return { key: cookieKey('peanuts', 1), words: 'Linux v10 fixed key (v11 needs the desktop keyring: not checked)' };
  if (env.platform === 'darwin') {
    // The source's browser decides the keychain item (Chrome, Chromium, Edge and Brave differ).
    const service = BROWSERS.find((b) => source?.endsWith(`/Application Support/${b.dirs.darwin}`))?.keychainService ?? 'Chrome Safe Storage';
    if (!checkKeychain) return { words: `"${service}" keychain key (not read; pass --check-keychain)` };
    try {
      return { key: cookieKey(env.readKeychain(service), 1003), words: `"${service}" keychain key` };
    } catch (error) {
      notes.push(`Could not read the "${service}" keychain item (${(error as Error).message.split('\n')[0]}): decryption not checked.`);
      return { words: `"${service}" keychain key (unreadable)` };
    }
  }
  return { words: 'Windows DPAPI key (not checked)' };
}

function domainOf(origin: string): string {
  return new URL(origin).hostname.replace(/^www\./, '');
}

export function profileDoctor(options: DoctorOptions): DoctorReport {
  const env = options.env ?? realDoctorEnv();
  const clone = path.resolve(options.clone);
  const manifest = readManifest(clone);
  const notes: string[] = [];
  const source = manifest?.source;
  const report: DoctorReport = {
    clone,
    cloneExists: fs.existsSync(path.join(clone, 'Default')),
    cloneInUse: profileInUse(clone),
    source,
    sourceRunning: source ? profileInUse(source) : undefined,
    key: '',
    platforms: [],
    notes,
    ok: true,
  };
  const choice = chooseKey(env, source, options.checkKeychain ?? false, notes);
  report.key = choice.words;
  if (report.sourceRunning) notes.push('The source browser is running: Chrome writes new cookies to disk within about 30 s, so a login made just now may not be in the clone yet.');
  if (report.cloneInUse) notes.push('The clone is in use by a running browser (a `publish open` or a publish run); it cannot be refreshed until that closes.');

  const file = cookieDbCandidates(path.join(clone, 'Default')).find((f) => fs.existsSync(f) && fs.statSync(f).size > 0);
  if (!report.cloneExists || !file) {
    notes.push(report.cloneExists ? 'The clone has no cookie database.' : `There is no clone at ${clone} yet: run \`publish profile clone\`.`);
    report.ok = false;
    return report;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    const metaVersion = Number((db.prepare("SELECT value FROM meta WHERE key = 'version'").get() as { value: string } | undefined)?.value ?? 0);
    const select = db.prepare('SELECT host_key, encrypted_value, expires_utc FROM cookies WHERE host_key = ? OR host_key = ? OR host_key LIKE ?');
    const now = Date.now();
    for (const target of options.targets) {
      const domain = domainOf(target.origin);
      const rows = select.all(domain, `.${domain}`, `%.${domain}`) as CookieRow[];
      const versions: Partial<Record<CookieVersion, number>> = {};
      let bad = 0;
      let checked = 0;
      let latest = 0;
      let expired = 0;
      for (const row of rows) {
        const prefix = row.encrypted_value.length === 0 ? 'plain' : row.encrypted_value.subarray(0, 3).toString('latin1');
        const version = (['v10', 'v11', 'v20'].includes(prefix) ? prefix : 'plain') as CookieVersion;
        versions[version] = (versions[version] ?? 0) + 1;
        if (version === 'v10' && choice.key) {
          checked++;
          if (!decryptsWith(row.encrypted_value, choice.key, row.host_key, metaVersion)) bad++;
        } else if (version === 'v20' && env.platform === 'win32') {
          checked++;
          bad++;
        }
        if (row.expires_utc > 0n) {
          const ms = chromeTimeToMs(row.expires_utc);
          latest = Math.max(latest, ms);
          if (ms < now) expired++;
        }
      }
      const unverifiable = rows.length - checked - (versions.plain ?? 0);
      const decrypts: Decrypts = rows.length === 0 ? 'no-cookies' : bad > 0 ? 'no' : unverifiable > 0 ? 'unchecked' : 'yes';
      const r: DomainReport = { platform: target.platform, domain, cookies: rows.length, versions, decrypts, latestExpiry: latest ? new Date(latest).toISOString() : undefined, expired, ok: true };
      if (decrypts === 'no-cookies') {
        r.ok = false;
        r.advice = `No cookies for ${domain}: the clone is logged out there. Log in to ${target.origin} in your daily Chrome, then run \`publish profile clone\`.`;
      } else if (decrypts === 'no') {
        r.ok = false;
        r.advice = `${bad} of ${rows.length} cookies do not decrypt with the ${choice.words}: Chrome would delete them at launch (a silent logout).`;
      } else if (latest && latest < now) {
        r.ok = false;
        r.advice = `Every cookie for ${domain} has expired: log in again.`;
      }
      report.platforms.push(r);
    }
  } finally {
    db.close();
  }
  report.ok = report.platforms.every((p) => p.ok);
  return report;
}
