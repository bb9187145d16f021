import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

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

/** Creates the directory (private to the user) if needed and returns it. */
export function ensurePrivateDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Well-known places inside the data directory. */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    ledger: path.join(dataDir, 'ledger.sqlite'),
    profile: path.join(dataDir, 'automation-profile'),
    sandboxProfile: path.join(dataDir, 'sandbox-profile'),
    evidence: path.join(dataDir, 'evidence'),
  };
}
