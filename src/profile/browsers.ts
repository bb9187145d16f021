/**
 * Chromium-family browsers and where each keeps its user-data-dir, per OS.
 * Sources: Playwright packages/utils/chromiumChannels.ts (default user-data-dirs per channel),
 * yt-dlp yt_dlp/cookies.py (Chromium, Brave, Edge paths; keychain service names).
 */
import path from 'node:path';

export interface BrowserKind {
  id: string;
  name: string;
  /** Playwright channel that runs this browser, where there is one. */
  channel?: string;
  /** macOS login keychain item holding the cookie key. */
  keychainService: string;
  /** The user-data-dir, relative to the OS base (see userDataDir). */
  dirs: { darwin: string; linux: string; win32: string };
}

export const BROWSERS: readonly BrowserKind[] = [
  { id: 'chrome', name: 'Google Chrome', channel: 'chrome', keychainService: 'Chrome Safe Storage',
    dirs: { darwin: 'Google/Chrome', linux: 'google-chrome', win32: 'Google/Chrome/User Data' } },
  { id: 'chrome-beta', name: 'Google Chrome Beta', channel: 'chrome-beta', keychainService: 'Chrome Safe Storage',
    dirs: { darwin: 'Google/Chrome Beta', linux: 'google-chrome-beta', win32: 'Google/Chrome Beta/User Data' } },
  { id: 'chrome-dev', name: 'Google Chrome Dev', channel: 'chrome-dev', keychainService: 'Chrome Safe Storage',
    dirs: { darwin: 'Google/Chrome Dev', linux: 'google-chrome-unstable', win32: 'Google/Chrome Dev/User Data' } },
  { id: 'chrome-canary', name: 'Google Chrome Canary', channel: 'chrome-canary', keychainService: 'Chrome Safe Storage',
    dirs: { darwin: 'Google/Chrome Canary', linux: 'google-chrome-canary', win32: 'Google/Chrome SxS/User Data' } },
  { id: 'chromium', name: 'Chromium', keychainService: 'Chromium Safe Storage',
    dirs: { darwin: 'Chromium', linux: 'chromium', win32: 'Chromium/User Data' } },
  { id: 'edge', name: 'Microsoft Edge', channel: 'msedge', keychainService: 'Microsoft Edge Safe Storage',
    dirs: { darwin: 'Microsoft Edge', linux: 'microsoft-edge', win32: 'Microsoft/Edge/User Data' } },
  { id: 'brave', name: 'Brave', keychainService: 'Brave Safe Storage',
    dirs: { darwin: 'BraveSoftware/Brave-Browser', linux: 'BraveSoftware/Brave-Browser', win32: 'BraveSoftware/Brave-Browser/User Data' } },
];

export interface OsEnv {
  platform: NodeJS.Platform;
  homedir: string;
  env: NodeJS.ProcessEnv;
}

/** A browser's user-data-dir on this OS: ~/Library/Application Support, ~/.config, %LOCALAPPDATA%. */
export function userDataDir(browser: BrowserKind, e: OsEnv): string {
  switch (e.platform) {
    case 'darwin':
      return path.join(e.homedir, 'Library', 'Application Support', browser.dirs.darwin);
    case 'win32':
      return path.win32.join(e.env.LOCALAPPDATA ?? path.win32.join(e.homedir, 'AppData', 'Local'), ...browser.dirs.win32.split('/'));
    default:
      return path.join(e.env.XDG_CONFIG_HOME || path.join(e.homedir, '.config'), browser.dirs.linux);
  }
}

/** Where a profile keeps its cookie database: `Network/Cookies` on Windows (and newer builds elsewhere). */
export function cookieDbCandidates(profileDir: string): string[] {
  return [path.join(profileDir, 'Network', 'Cookies'), path.join(profileDir, 'Cookies')];
}
