/**
 * The profile clone against real Chromium profiles made here, and a Cookies-shaped database
 * written by another process while clones are taken.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright';
import { cloneProfile } from '../src/profile/clone.js';
import { cloneLaunchFlags, linuxKeyring } from '../src/profile/launch-flags.js';
import { findProfile, readProfiles } from '../src/profile/discover.js';
import { userDataDir, BROWSERS } from '../src/profile/browsers.js';
import { openSession } from '../src/browser/session.js';
import { resolveBrowser } from '../src/browser/executable.js';
import { OFFLINE_BROWSER_ARGS } from '../src/sandbox/login.js';
import { startSandbox } from '../src/sandbox/server.js';
import { PublishError } from '../src/errors.js';
import { cookieKey, profileDoctor, type DoctorEnv } from '../src/profile/doctor.js';
import { tempDir } from './helpers.js';

const launch = (dir: string, extra: Partial<Parameters<typeof chromium.launchPersistentContext>[1]> = {}) =>
  chromium.launchPersistentContext(dir, { headless: false, executablePath: resolveBrowser().executablePath, args: ['--no-sandbox', ...OFFLINE_BROWSER_ARGS], ...extra });

function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath, e.name);
    if (e.isFile()) out[path.relative(dir, full)] = crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex');
    else if (e.isSymbolicLink()) out[path.relative(dir, full)] = `-> ${fs.readlinkSync(full)}`;
  }
  return out;
}

/** The main browser process's arguments for this user-data-dir, read from /proc. */
function browserCommandLine(userDataDir: string): string[] {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (args.includes(`--user-data-dir=${userDataDir}`) && !args.some((a) => a.startsWith('--type='))) return args;
  }
  throw new Error(`no browser process runs on ${userDataDir}`);
}

/** Waits until the running browser has committed the named cookie to its database (read-only). */
async function waitForCookieOnDisk(file: string, name: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        if (db.prepare('SELECT 1 FROM cookies WHERE name = ?').get(name)) return;
      } finally {
        db.close();
      }
    } catch {
      // not created yet, or busy for a moment: try again
    }
    if (Date.now() > deadline) throw new Error(`${name} never reached ${file}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('profile clone with a real Chromium', () => {
  it('clones a logged-in profile while its browser runs and sets cookies; the clone is logged in; mock keychain flags are gone', async () => {
    const sandbox = await startSandbox({ platforms: ['devto'] });
    const source = tempDir();
    const daily = await launch(source);
    try {
      const page = daily.pages()[0]!;
      await page.goto(`${sandbox.origins.devto}/enter`);
      await page.locator('#username').fill('writer');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => u.pathname !== '/enter');
      // The "daily" browser stays open and keeps setting cookies, as a real one does. Chrome writes
      // cookies to disk in batches: 30 s after the first change, or at once after 512 changes
      // (Chromium net/extras/sqlite/sqlite_persistent_cookie_store.cc, kCommitIntervalMs and
      // kCommitAfterBatchSize); this page's churn makes the batch commit within a second or so.
      await page.evaluate(() => {
        let i = 0;
        setInterval(() => { for (let k = 0; k < 50; k++) document.cookie = `tick${k}=${i++}; max-age=3600; path=/`; }, 100);
      });
      await waitForCookieOnDisk(path.join(source, 'Default', 'Cookies'), '_Devto_Forem_Session');
      const to = path.join(tempDir(), 'clone');
      const result = await cloneProfile({ from: source, to });
      expect(result.databases).toContain('Cookies');
      expect(fs.statSync(to).mode & 0o777).toBe(0o700);
      expect(fs.existsSync(path.join(to, 'Default', 'Cache'))).toBe(false);
      expect(fs.existsSync(path.join(to, 'First Run'))).toBe(true);

      // The doctor agrees, before launch: the cookies are there and decrypt, the source runs.
      const sessionValue = (await daily.cookies(sandbox.origins.devto)).find((c) => c.name === '_Devto_Forem_Session')!.value;
      const doctor = profileDoctor({ clone: to, targets: [{ platform: 'devto', origin: sandbox.origins.devto }] });
      expect(doctor).toMatchObject({ ok: true, cloneExists: true, cloneInUse: false, source, sourceRunning: true });
      expect(doctor.platforms[0]).toMatchObject({ platform: 'devto', domain: '127.0.0.1', decrypts: 'yes', ok: true });
      expect(doctor.platforms[0]!.versions.v10).toBeGreaterThanOrEqual(1);
      expect(Date.parse(doctor.platforms[0]!.latestExpiry!)).toBeGreaterThan(Date.now() + 20 * 86_400_000); // Max-Age 30 days
      expect(JSON.stringify(doctor)).not.toContain(sessionValue);

      const flags = cloneLaunchFlags(path.join(to, 'Default'));
      expect(flags.ignoreDefaultArgs).toEqual(['--use-mock-keychain', '--password-store=basic']);
      expect(flags.args).toEqual([]); // the source's cookies are v10: they decrypt under any store
      const session = await openSession({ userDataDir: to, browser: resolveBrowser(), args: [...flags.args, ...OFFLINE_BROWSER_ARGS], ignoreDefaultArgs: flags.ignoreDefaultArgs, isRoot: process.getuid?.() === 0 });
      try {
        const p = await session.newPage();
        await p.goto(`${sandbox.origins.devto}/new`);
        await expect(p.locator('form#article-form[aria-label="Edit post"]').waitFor({ timeout: 10_000 })).resolves.toBeUndefined();
        // The browser process's real command line, from /proc (Debian's chromium wrapper does
        // not pass every switch through to chrome://version).
        const commandLine = browserCommandLine(to);
        expect(commandLine).toContain(`--user-data-dir=${to}`);
        expect(commandLine).not.toContain('--use-mock-keychain');
        expect(commandLine).not.toContain('--password-store=basic');
        expect(profileDoctor({ clone: to, targets: [] }).cloneInUse).toBe(true);
      } finally {
        await session.close();
      }
    } finally {
      await daily.close();
      await sandbox.close();
    }
  });

  it('never writes the source (byte-identical after), and refreshes incrementally', async () => {
    const source = tempDir();
    const ctx = await launch(source);
    await ctx.pages()[0]!.goto('data:text/html,hello');
    await ctx.close();
    const before = hashTree(source);
    const to = path.join(tempDir(), 'clone');
    const first = await cloneProfile({ from: source, to });
    expect(first.copied).toBeGreaterThan(5);
    const second = await cloneProfile({ from: source, to });
    expect(hashTree(source)).toEqual(before);
    expect(first.databases).toEqual(expect.arrayContaining(['Cookies', 'Login Data', 'Web Data']));
    expect(second.databases).toEqual(['Cookies']); // cookies always; the others had not changed
    expect(second.copied).toBe(1);
    expect(second.unchanged).toBe(first.copied - 1);
    // A file gone at the source goes from the clone.
    const victim = Object.keys(before).find((f) => f.startsWith('Default/') && f.endsWith('Preferences'))!;
    fs.rmSync(path.join(source, victim));
    const third = await cloneProfile({ from: source, to });
    expect(third.removed).toBe(1);
    expect(fs.existsSync(path.join(to, victim))).toBe(false);
    // A database that changed at the source is backed up again.
    fs.utimesSync(path.join(source, 'Default', 'Web Data'), new Date(), new Date(Date.now() + 5_000));
    expect((await cloneProfile({ from: source, to })).databases).toEqual(['Cookies', 'Web Data']);
  });
});

describe('profile clone, bad input', () => {
  function fakeSource(): string {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'Profile 2'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Local State'), JSON.stringify({ profile: { info_cache: { 'Profile 2': { name: 'Work', user_name: 'me@work.example' } }, last_used: 'Profile 2' } }));
    fs.writeFileSync(path.join(dir, 'Profile 2', 'Preferences'), '{}');
    return dir;
  }
  const rejects = async (p: Promise<unknown>, message: RegExp) => {
    const error = await p.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).exitCode).toBe(2);
    expect((error as PublishError).message).toMatch(message);
  };

  it('finds profiles by name, email or directory, and says which exist', () => {
    const dir = fakeSource();
    expect(readProfiles(dir)).toEqual([{ dir: 'Profile 2', name: 'Work', email: 'me@work.example' }]);
    expect(findProfile(dir, 'work').dir).toBe('Profile 2');
    expect(findProfile(dir, 'ME@work.example').dir).toBe('Profile 2');
    expect(() => findProfile(dir, 'Home')).toThrow(/No profile "Home"/);
  });

  it('rejects a missing source, an unknown profile, a non-profile, leaving the previous clone usable', async () => {
    const source = fakeSource();
    const to = path.join(tempDir(), 'clone');
    await cloneProfile({ from: source, profile: 'Work', to });
    const state = fs.readFileSync(path.join(to, 'Local State'), 'utf8');
    expect(JSON.parse(state).profile).toMatchObject({ last_used: 'Default', info_cache: { Default: { name: 'Work' } } });
    const before = hashTree(to);
    await rejects(cloneProfile({ from: path.join(source, 'nope'), to }), /no such directory/);
    await rejects(cloneProfile({ from: source, profile: 'Home', to }), /No profile "Home".*/);
    await rejects(cloneProfile({ from: path.join(source, 'Profile 2'), to }), /is not a Chrome profile directory \(it has no "Local State" file\)/);
    expect(hashTree(to)).toEqual(before);
  });

  it('refuses a clone that a running browser holds', async () => {
    const source = fakeSource();
    const to = path.join(tempDir(), 'clone');
    await cloneProfile({ from: source, to });
    const holder = await launch(to);
    try {
      await rejects(cloneProfile({ from: source, to }), /is in use by a running browser/);
    } finally {
      await holder.close();
    }
  });
});

describe('cookie databases under concurrent writes', () => {
  it('takes 100 consistent copies while another process keeps writing', async () => {
    const source = tempDir();
    fs.mkdirSync(path.join(source, 'Default'));
    fs.writeFileSync(path.join(source, 'Local State'), JSON.stringify({ profile: { info_cache: { Default: { name: 'Person 1' } } } }));
    const cookies = path.join(source, 'Default', 'Cookies');
    const db = new Database(cookies);
    db.exec(`CREATE TABLE cookies (creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
      encrypted_value BLOB NOT NULL DEFAULT '', path TEXT NOT NULL, expires_utc INTEGER NOT NULL, UNIQUE (host_key, name, path))`);
    const insert = db.prepare('INSERT INTO cookies VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(i, `host${i % 50}.example`, `n${i}`, '', Buffer.from(`v10${'x'.repeat(40)}`), '/', 0);
    })();
    db.close();
    // Chrome's cookie store: rollback journal, batched writes from another process.
    const writer = spawn(process.execPath, ['-e', `
      const D = require('better-sqlite3'); const db = new D(${JSON.stringify(cookies)}); let i = 5000;
      const up = db.prepare('INSERT OR REPLACE INTO cookies VALUES (?, ?, ?, ?, ?, ?, ?)');
      setInterval(() => db.transaction(() => { for (let k = 0; k < 50; k++, i++) up.run(i, 'w.example', 'n' + (i % 3000), '', Buffer.alloc(60, i % 256), '/', i); })(), 2);
    `], { stdio: 'ignore', cwd: path.resolve(import.meta.dirname, '..') });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const to = path.join(tempDir(), 'clone');
      for (let i = 0; i < 100; i++) {
        await cloneProfile({ from: source, to });
        const copy = new Database(path.join(to, 'Default', 'Cookies'), { readonly: true });
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((copy.prepare('SELECT count(*) AS n FROM cookies').get() as { n: number }).n).toBeGreaterThanOrEqual(5000);
        copy.close();
      }
      expect(writer.exitCode).toBeNull(); // it kept writing throughout
    } finally {
      writer.kill();
    }
  });
});

describe('launch flags and discovery seams', () => {
  it('picks the Linux keyring from the desktop, and refuses Windows app-bound cookies', () => {
    expect(linuxKeyring({ XDG_CURRENT_DESKTOP: 'KDE' })).toBe('kwallet5');
    expect(linuxKeyring({ XDG_CURRENT_DESKTOP: 'KDE', KDE_SESSION_VERSION: '6' })).toBe('kwallet6');
    expect(linuxKeyring({ XDG_CURRENT_DESKTOP: 'GNOME' })).toBe('gnome-libsecret');
    const profile = tempDir();
    const db = new Database(path.join(profile, 'Cookies'));
    db.exec("CREATE TABLE cookies (name TEXT, encrypted_value BLOB); INSERT INTO cookies VALUES ('a', CAST('v11xxxx' AS BLOB)), ('b', CAST('v20yyyy' AS BLOB))");
    db.close();
    expect(cloneLaunchFlags(profile, 'linux', { XDG_CURRENT_DESKTOP: 'GNOME' }).args).toEqual(['--password-store=gnome-libsecret']);
    expect(cloneLaunchFlags(profile, 'darwin').args).toEqual([]);
    expect(() => cloneLaunchFlags(profile, 'win32')).toThrow(/app-bound encryption \(v20: 1 cookies\)/);
  });

  it("knows each browser's user-data-dir per OS", () => {
    const chrome = BROWSERS.find((b) => b.id === 'chrome')!;
    const brave = BROWSERS.find((b) => b.id === 'brave')!;
    expect(userDataDir(chrome, { platform: 'darwin', homedir: '/Users/w', env: {} })).toBe('/Users/w/Library/Application Support/Google/Chrome');
    expect(userDataDir(chrome, { platform: 'linux', homedir: '/home/w', env: {} })).toBe('/home/w/.config/google-chrome');
    expect(userDataDir(brave, { platform: 'linux', homedir: '/home/w', env: { XDG_CONFIG_HOME: '/cfg' } })).toBe('/cfg/BraveSoftware/Brave-Browser');
    expect(userDataDir(chrome, { platform: 'win32', homedir: 'C:\\Users\\w', env: { LOCALAPPDATA: 'C:\\Users\\w\\AppData\\Local' } })).toBe('C:\\Users\\w\\AppData\\Local\\Google\\Chrome\\User Data');
  });
});

describe('profile doctor on made-up cookie jars', () => {
  const DAY_US = 86_400_000_000n;
  const chromeNow = () => (BigInt(Date.now()) + 11_644_473_600_000n) * 1000n;
  /** Encrypts like Chrome: AES-128-CBC, IV of spaces, SHA-256(host) first when meta version >= 24. */
  function encrypt(value: string, host: string, key: Buffer, metaVersion: number): Buffer {
    const plain = Buffer.concat([metaVersion >= 24 ? crypto.createHash('sha256').update(host).digest() : Buffer.alloc(0), Buffer.from(value)]);
    const cipher = crypto.createCipheriv('aes-128-cbc', key, Buffer.alloc(16, ' '));
    return Buffer.concat([Buffer.from('v10'), cipher.update(plain), cipher.final()]);
  }
  function fakeClone(metaVersion: number, rows: { host: string; value?: Buffer; expires: bigint }[]): string {
    const clone = tempDir();
    fs.mkdirSync(path.join(clone, 'Default'));
    const db = new Database(path.join(clone, 'Default', 'Cookies'));
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE cookies (host_key TEXT, name TEXT, encrypted_value BLOB, expires_utc INTEGER)');
    db.prepare('INSERT INTO meta VALUES (?, ?)').run('version', String(metaVersion));
    for (const r of rows) db.prepare('INSERT INTO cookies VALUES (?, ?, ?, ?)').run(r.host, 'sid', r.value ?? Buffer.alloc(0), r.expires);
    db.close();
    return clone;
  }
  const targets = [{ platform: 'devto', origin: 'https://dev.to' }, { platform: 'zenn', origin: 'https://zenn.dev' }];
  const linux: DoctorEnv = { platform: 'linux', readKeychain: () => { throw new Error('no keychain on Linux'); } };

  it('Linux: v10 cookies that decrypt are fine; a wrong key, no cookies or all expired need attention', () => {
    const peanuts = cookieKey('peanuts', 1);
    const later = chromeNow() + 30n * DAY_US;
    const good = fakeClone(24, [{ host: '.dev.to', value: encrypt('s3cret-session', '.dev.to', peanuts, 24), expires: later }, { host: 'zenn.dev', value: encrypt('x', 'zenn.dev', peanuts, 24), expires: later }]);
    const ok = profileDoctor({ clone: good, targets, env: linux });
    expect(ok.platforms.map((p) => [p.platform, p.cookies, p.decrypts, p.ok])).toEqual([['devto', 1, 'yes', true], ['zenn', 1, 'yes', true]]);
    expect(ok.ok).toBe(true);
    expect(JSON.stringify(ok)).not.toContain('s3cret-session');

    // Encrypted for another host (the hash prefix disagrees) and with another key: both caught.
    const bad = fakeClone(24, [{ host: '.dev.to', value: encrypt('v', 'evil.example', peanuts, 24), expires: later }, { host: 'zenn.dev', value: encrypt('v', 'zenn.dev', cookieKey('other', 1), 24), expires: later }]);
    const notOk = profileDoctor({ clone: bad, targets, env: linux });
    expect(notOk.platforms.map((p) => p.decrypts)).toEqual(['no', 'no']);
    expect(notOk.platforms[0]!.advice).toMatch(/1 of 1 cookies do not decrypt .* Chrome would delete them/);
    expect(notOk.ok).toBe(false);

    const empty = profileDoctor({ clone: fakeClone(24, [{ host: '.dev.to', value: encrypt('v', '.dev.to', peanuts, 24), expires: chromeNow() - DAY_US }]), targets, env: linux });
    expect(empty.platforms[0]).toMatchObject({ expired: 1, ok: false });
    expect(empty.platforms[0]!.advice).toMatch(/Every cookie for dev.to has expired/);
    expect(empty.platforms[1]).toMatchObject({ cookies: 0, decrypts: 'no-cookies', ok: false });
    expect(empty.platforms[1]!.advice).toMatch(/No cookies for zenn.dev: the clone is logged out there/);

    // Older databases (no hash prefix) are checked by padding alone.
    const old = profileDoctor({ clone: fakeClone(18, [{ host: '.dev.to', value: encrypt('v', '.dev.to', peanuts, 18), expires: later }]), targets: targets.slice(0, 1), env: linux });
    expect(old.platforms[0]!.decrypts).toBe('yes');
  });

  it('macOS: decrypts with the keychain key only under --check-keychain, and says so when it cannot read it', () => {
    const later = chromeNow() + 30n * DAY_US;
    const clone = fakeClone(24, [{ host: '.dev.to', value: encrypt('v', '.dev.to', cookieKey('keychain-pw', 1003), 24), expires: later }]);
    const asked: string[] = [];
    const mac: DoctorEnv = { platform: 'darwin', readKeychain: (service) => { asked.push(service); return 'keychain-pw'; } };
    expect(profileDoctor({ clone, targets: targets.slice(0, 1), env: mac }).platforms[0]!.decrypts).toBe('unchecked');
    expect(asked).toEqual([]); // no keychain prompt unless asked for
    const checked = profileDoctor({ clone, targets: targets.slice(0, 1), env: mac, checkKeychain: true });
    expect(asked).toEqual(['Chrome Safe Storage']);
    expect(checked.platforms[0]!.decrypts).toBe('yes');
    expect(checked.key).toBe('"Chrome Safe Storage" keychain key');
    const wrong = profileDoctor({ clone, targets: targets.slice(0, 1), env: { ...mac, readKeychain: () => 'another-pw' }, checkKeychain: true });
    expect(wrong.platforms[0]!.decrypts).toBe('no');
    const denied = profileDoctor({ clone, targets: targets.slice(0, 1), env: { ...mac, readKeychain: () => { throw new Error('User interaction is not allowed.'); } }, checkKeychain: true });
    expect(denied.platforms[0]!.decrypts).toBe('unchecked');
    expect(denied.notes.join('\n')).toMatch(/Could not read the "Chrome Safe Storage" keychain item \(User interaction is not allowed.\)/);
  });

  it('through the CLI: exit 1 and advice when the clone is missing or logged out', () => {
    const cliPath = path.join(import.meta.dirname, '..', 'dist', 'cli.js');
    const run = (args: string[]) => spawnSync(process.execPath, [cliPath, 'profile', 'doctor', '--home', tempDir(), ...args], { encoding: 'utf8' });
    const missing = run(['--to', path.join(tempDir(), 'nope')]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/There is no clone at .*nope yet: run `publish profile clone`/);
    const loggedOut = run(['--to', fakeClone(24, []), '--json']);
    expect(loggedOut.status).toBe(1);
    expect((JSON.parse(loggedOut.stdout) as { platforms: { decrypts: string }[] }).platforms.every((p) => p.decrypts === 'no-cookies')).toBe(true);
  });
});
