/**
 * Which browser the session launches: the ONE place that decides. macOS runs the writer's
 * Google Chrome (`channel: 'chrome'`, so the real "Chrome Safe Storage" keychain key applies);
 * Linux runs the distribution's Chromium or Google Chrome by path, because Playwright cannot
 * download its own browser builds on these machines.
 */
import fs from 'node:fs';
import { PublishError } from '../errors.js';

export interface BrowserTarget {
  executablePath?: string;
  channel?: string;
  /** For messages: what will be launched. */
  label: string;
}

/** The platform seam: tests inject `darwin` and a fake file system. */
export interface ExecutableEnv {
  platform: NodeJS.Platform;
  exists(file: string): boolean;
}

const realEnv: ExecutableEnv = { platform: process.platform, exists: (f) => fs.existsSync(f) };

export const LINUX_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

/** Resolves the browser from `browser.executablePath` in config, else the OS default. */
export function resolveBrowser(configured?: string, env: ExecutableEnv = realEnv): BrowserTarget {
  if (configured) {
    if (!env.exists(configured)) {
      throw new PublishError('CONFIG', `browser.executablePath "${configured}" does not exist.`, {
        hint: 'Fix browser.executablePath in your config, or remove it to use the default browser.',
      });
    }
    return { executablePath: configured, label: configured };
  }
  if (env.platform === 'darwin' || env.platform === 'win32') return { channel: 'chrome', label: 'Google Chrome (channel "chrome")' };
  const found = LINUX_CANDIDATES.find((c) => env.exists(c));
  if (!found) {
    throw new PublishError('ENVIRONMENT', 'No Chromium or Google Chrome was found.', {
      hint: `Looked for ${LINUX_CANDIDATES.join(', ')}. On Debian/Ubuntu: sudo apt-get install chromium (or set browser.executablePath in the config).`,
    });
  }
  return { executablePath: found, label: found };
}
