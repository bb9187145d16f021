import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { PublishError, inputError } from './errors.js';

/** The pieces of the environment that decide where data lives; injectable for tests. */
export interface HomeEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

const realEnv = (): HomeEnv => ({ platform: process.platform, env: process.env, homedir: os.homedir() });

/**
 * The data directory: `--home DIR` > `PUBLISH_HOME` > the OS convention
 * (macOS `~/Library/Application Support/publish`, Linux `$XDG_DATA_HOME/publish` or
 * `~/.local/share/publish`, Windows `%LOCALAPPDATA%\publish`).
 */
export function resolveDataDir(flag?: string, e: HomeEnv = realEnv()): string {
  if (flag === '') throw inputError('--home is empty.', 'Pass --home DIR with a directory, or leave it out for the default data directory.');
  if (flag) return path.resolve(flag);
  if (e.env.PUBLISH_HOME) return path.resolve(e.env.PUBLISH_HOME);
  switch (e.platform) {
    case 'darwin':
      return path.join(e.homedir, 'Library', 'Application Support', 'publish');
    case 'win32':
      return path.join(e.env.LOCALAPPDATA ?? path.join(e.homedir, 'AppData', 'Local'), 'publish');
    default: {
      const xdg = e.env.XDG_DATA_HOME;
      return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(e.homedir, '.local', 'share'), 'publish');
    }
  }
}

/** Files `publish` writes are the user's alone; so are its directories. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * Creates the directory (private to the user) if needed and returns it. An existing one that
 * group or others may read is tightened to 0700; a path that cannot be a directory (a file, a
 * place without write access, /proc) is an input error naming it.
 */
export function ensurePrivateDir(dir: string, role = { what: 'the data directory', hint: 'Pass --home DIR (or set PUBLISH_HOME) to a directory of yours.' }): string {
  const unusable = (why: string) => inputError(`${dir} cannot be used as ${role.what}: ${why}.`, role.hint);
  try {
    mkdirs(dir);
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) throw unusable('it is not a directory');
    if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, PRIVATE_DIR);
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    if (error instanceof PublishError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why: Record<string, string> = { EEXIST: 'a file is in the way', ENOTDIR: 'part of the path is a file', EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'a read-only file system', ENOENT: 'the path cannot be created there' };
    throw unusable(why[code ?? ''] ?? `${code ?? (error as Error).message}`);
  }
  return dir;
}

/**
 * `mkdir -p` with private modes, one level at a time: Node's recursive mkdir loops forever where
 * the kernel answers ENOENT for a child of an existing folder (/proc, some FUSE mounts).
 */
function mkdirs(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: PRIVATE_DIR });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Makes an existing file private (0600); a file that vanished is no error. */
export function makePrivate(file: string): void {
  try {
    fs.chmodSync(file, PRIVATE_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Writes a file only the user can read (0600), whole: under a temporary name beside it, then
 * renamed over it (an existing file is replaced, so a looser mode goes with it), so a reader
 * (another run, Chrome, launchd) finds the old file or the new one, never a part. A symlink is
 * written through, as a plain write would (a dotfiles manager's link to a LaunchAgent stays a
 * link). Throws what the write threw, leaving no temporary file behind.
 */
export function writePrivateFile(file: string, data: string | NodeJS.ArrayBufferView): void {
  let target = file;
  try {
    target = fs.realpathSync(file);
  } catch {
    // Not there yet: written where it was asked for.
  }
  const partial = `${target}.tmp-${process.pid}`;
  try {
    // Created anew (a leftover of a run with the same pid is removed, a link at that name is not
    // followed), so its mode is ours.
    fs.rmSync(partial, { force: true });
    fs.writeFileSync(partial, data, { mode: PRIVATE_FILE, flag: 'wx' });
    fs.chmodSync(partial, PRIVATE_FILE);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Creates `file` empty and private (0600) if it does not exist; tightens it if it does. */
export function touchPrivate(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  makePrivate(file);
}

/** Well-known places inside the data directory. */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    ledger: path.join(dataDir, 'ledger.sqlite'),
    profile: path.join(dataDir, 'automation-profile'),
    sandboxProfile: path.join(dataDir, 'sandbox-profile'),
    evidence: path.join(dataDir, 'evidence'),
    /** V8's compiled code of Playwright's bundles (browser/code-cache.ts). */
    codeCache: path.join(dataDir, 'code-cache'),
  };
}
