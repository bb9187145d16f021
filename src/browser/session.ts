/**
 * One headed, persistent Chromium context per run; one page per platform. Playwright is loaded
 * here, lazily, so commands that never open a browser (--help, status, validation) start fast.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright';
import { PublishError } from '../errors.js';
import type { BrowserTarget } from './executable.js';
import { ensureDisplay, type Display } from './display.js';
import { cacheCompiledCode } from './code-cache.js';
import { launchSwitches } from './switches.js';

export interface SessionOptions {
  userDataDir: string;
  browser: BrowserTarget;
  /** Extra command-line switches (config `browser.args`). */
  args?: string[];
  /** Playwright default switches to drop (the profile clone drops the mock keychain ones). */
  ignoreDefaultArgs?: string[];
  /** Tests only: the real tool always runs headed, the OS clipboard needs a window. */
  headless?: boolean;
  /** Whether we run as root (Chromium then needs --no-sandbox). */
  isRoot?: boolean;
  /** Let Playwright close the browser and exit on Ctrl+C (default). `publish open` handles it. */
  handleSignals?: boolean;
  /** Where V8 keeps Playwright's compiled code between runs (code-cache.ts); none: compile each time. */
  codeCache?: string;
}

export interface Session {
  context: BrowserContext;
  /** A page in its own window. Open every page you need before navigating any of them. */
  newPage(): Promise<Page>;
  /** `count` pages, one window each, opened one after the other before any navigates. */
  newPages(count: number): Promise<Page[]>;
  close(): Promise<void>;
}

/** Turns Playwright's launch failures into messages that say what to do. */
function launchError(error: unknown, options: SessionOptions): PublishError {
  const text = error instanceof Error ? error.message : String(error);
  if (/ProcessSingleton|profile.*(in use|already)|SingletonLock/i.test(text)) {
    return new PublishError('BROWSER', `The browser profile ${options.userDataDir} is in use by another browser window.`, {
      hint: 'Close the Chrome/Chromium that uses it (or wait for the other publish run to finish) and try again.',
      cause: error,
    });
  }
  if (/Missing X server|\$DISPLAY|cannot open display/i.test(text)) {
    return new PublishError('ENVIRONMENT', 'The browser could not open a window: no X display.', {
      hint: 'Run inside a desktop session, or install Xvfb (sudo apt-get install xvfb) so publish can start one.',
      cause: error,
    });
  }
  if (/Executable doesn't exist|chromium distribution 'chrome' is not found|ENOENT/i.test(text)) {
    return new PublishError('ENVIRONMENT', `The browser ${options.browser.label} could not be started: it is not installed.`, {
      hint: 'Install Google Chrome (macOS) or chromium (Linux), or set browser.executablePath in the config.',
      cause: error,
    });
  }
  return new PublishError('BROWSER', `The browser ${options.browser.label} failed to start: ${text.split('\n')[0]}`, { cause: error });
}

export async function openSession(options: SessionOptions): Promise<Session> {
  fs.mkdirSync(options.userDataDir, { recursive: true, mode: 0o700 });
  const display: Display = options.headless ? { stop: async () => {} } : await ensureDisplay();
  if (options.codeCache) cacheCompiledCode(options.codeCache);
  // require, not import(): Playwright is CommonJS, and import() would first run Node's
  // CommonJS export scanner over its 3.6 MB bundle (about 90 ms of every run's start-up).
  const { chromium } = createRequire(import.meta.url)('playwright') as typeof import('playwright');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(options.userDataDir, {
      headless: options.headless ?? false,
      executablePath: options.browser.executablePath,
      channel: options.browser.channel,
      ...launchSwitches(options),
      viewport: { width: 1280, height: 860 },
      handleSIGINT: options.handleSignals ?? true,
      handleSIGTERM: options.handleSignals ?? true,
    });
  } catch (error) {
    await display.stop();
    throw launchError(error, options);
  }
  // A persistent context opens with one blank tab: the first platform uses it. Every further
  // platform gets a window of its own, not a tab: Chromium stops rendering background tabs, and
  // there typing is twice as slow and a screenshot waits about a second for a frame.
  // Open all pages before navigating any: a window is opened from the first page. (Opening it
  // over CDP while the first page loads works too, but measured slower: they compete for CPU.)
  const first = context.pages()[0];
  let spare: Page | undefined = first?.url() === 'about:blank' ? first : undefined;
  const open = async (): Promise<Page> => {
    if (spare) {
      const page = spare;
      spare = undefined;
      return page;
    }
    // Any open window can open the next; one that is closing meanwhile (a platform that just
    // finished) fails the evaluate, and the next one is tried.
    for (const opener of context.pages().filter((p) => !p.isClosed())) {
      const opened = await Promise.all([
        context.waitForEvent('page', { timeout: 10_000 }),
        opener.evaluate(() => void window.open('about:blank', '_blank', 'popup,noopener,width=1280,height=900')),
      ]).then(([page]) => page, () => undefined);
      if (opened) return opened;
    }
    return context.newPage();
  };
  // One at a time: two platforms starting together would otherwise both take the first new
  // window the 'page' event reports, and drive the same page.
  let queue: Promise<unknown> = Promise.resolve();
  const newPage = (): Promise<Page> => {
    const next = queue.then(open, open);
    queue = next.catch(() => {});
    return next;
  };
  return {
    context,
    newPage,
    newPages: async (count) => {
      const pages: Page[] = [];
      for (let i = 0; i < count; i++) pages.push(await newPage());
      return pages;
    },
    close: async () => {
      await context.close().catch(() => {});
      await display.stop();
    },
  };
}
