/**
 * Makes a browser profile that is logged in to the sandbox, the way a person would: open each
 * platform's /enter page, type a username, press "Log in". The session cookie lands in the
 * profile's own Cookies database, exactly like a real login.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openSession } from '../browser/session.js';
import type { BrowserTarget } from '../browser/executable.js';

export const SANDBOX_USER = 'writer';

export interface SignInOptions {
  profileDir: string;
  origins: Record<string, string>;
  browser: BrowserTarget;
  args?: string[];
  username?: string;
  headless?: boolean;
}

export async function signInProfile(options: SignInOptions): Promise<void> {
  const session = await openSession({
    userDataDir: options.profileDir,
    browser: options.browser,
    args: options.args,
    headless: options.headless,
    isRoot: process.getuid?.() === 0,
  });
  try {
    const page = await session.newPage();
    for (const origin of Object.values(options.origins)) {
      await page.goto(new URL('/enter', origin).href);
      await page.locator('#username').fill(options.username ?? SANDBOX_USER);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => u.pathname !== '/enter');
    }
  } finally {
    await session.close();
  }
}

/** Flags that keep Chromium from reaching out to Google's servers (the sandbox is offline). */
export const OFFLINE_BROWSER_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The config that points every publisher at the sandbox and names the logged-in profile.
 * Sandbox feeds have no edge cache, so they are polled every second.
 */
export function sandboxConfig(origins: Record<string, string>, profileDir: string, username = SANDBOX_USER) {
  return {
    platforms: Object.fromEntries(Object.entries(origins).map(([id, url]) => [id, { url, username, feedInterval: 1 }])),
    browser: { profile: profileDir, args: OFFLINE_BROWSER_ARGS },
  };
}

export function writeSandboxConfig(file: string, origins: Record<string, string>, profileDir: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(sandboxConfig(origins, profileDir), null, 2)}\n`);
}
