/**
 * Configuration: `publish.config.json` in the working directory, or `--config FILE`.
 * Options merge as defaults <- config file <- flags; relative paths in the file are relative to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PublishError } from './errors.js';
import { isHttpUrl } from './http-url.js';
import { parseDuration } from './duration.js';

export interface PlatformConfig {
  /** The origin the publisher drives (default: the real site). */
  url?: string;
  /** The account's username there (used for feeds and the ledger's account column). */
  username?: string;
  /** Override of the account's feed URL. */
  feed?: string;
  /** Seconds between feed polls (default: per platform, e.g. 60 for dev.to). */
  feedInterval?: number;
  /** Without a canonical URL field there, end the post with "Originally published at <url>". */
  canonicalNotice?: boolean;
}

export interface Config {
  platforms: Record<string, PlatformConfig>;
  browser: {
    executablePath?: string;
    /** A user-data-dir used as it is (like --browser-profile). */
    profile?: string;
    /** Extra Chromium switches. */
    args?: string[];
    /** The daily browser's user-data-dir to clone (default: the first installed Chrome-family browser). */
    cloneFrom?: string;
    /** Which of its profiles: directory, display name or email (default: Default). */
    cloneProfile?: string;
  };
  /** How long to wait for an editor to become usable, in seconds (default 30). */
  editorTimeout?: number;
  /** Notifications from unattended runs: a command called with (title, message) instead of osascript/notify-send. */
  notify?: { command?: string };
  /** run-due: extra attempts for transient failures, and the first wait between them in seconds (it doubles). */
  runDue?: { retries?: number; retryDelay?: number };
  /** Every platform without a canonical URL field: end the post with "Originally published at <url>". */
  canonicalNotice?: boolean;
  /** After publishing, how long to watch the feeds for the post before leaving it to `publish track`, in seconds (default 10). */
  feedWait?: number;
  /** Your own blog's feeds: run-due pulls each first and schedules every new item to these platforms. */
  syndicate?: SyndicateEntry[];
}

export interface SyndicateEntry {
  /** The blog's RSS/Atom feed (http(s) only). */
  feed: string;
  /** Platform ids every new item goes to. */
  to: string[];
  /** How long after the item's date it is published, ms (default 0). */
  delayMs: number;
  /** What the first pull takes besides the newest item (as from-feed's --all / --since / --last). */
  all?: boolean;
  since?: string;
  last?: number;
}

export const DEFAULT_CONFIG_FILE = 'publish.config.json';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, if any. */
  file?: string;
}

const configError = (file: string, message: string) =>
  new PublishError('CONFIG', `${file}: ${message}`, { hint: 'See "Configuration" in the README for the format.' });

function expectObject(value: unknown, file: string, where: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw configError(file, `${where} must be an object.`);
  return value as Record<string, unknown>;
}

function expectString(value: unknown, file: string, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw configError(file, `${where} must be a non-empty string.`);
  return value;
}

/** An http(s) URL (loopback included, for the sandbox); any other scheme is refused, naming the key. */
function expectHttpUrl(value: unknown, file: string, where: string): string | undefined {
  const text = expectString(value, file, where);
  if (text === undefined) return undefined;
  if (!isHttpUrl(text)) throw configError(file, `${where} "${text.slice(0, 200)}" must be an http:// or https:// URL.`);
  return text.trim();
}

function expectBoolean(value: unknown, file: string, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw configError(file, `${where} must be true or false.`);
  return value;
}

function expectSeconds(value: unknown, file: string, where: string, options: { zero?: boolean; max: number }): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !options.zero) || value > options.max) {
    throw configError(file, `${where} must be a ${options.zero ? 'non-negative' : 'positive'} number of seconds, at most ${options.max} (got ${JSON.stringify(value)?.slice(0, 40)}).`);
  }
  return value;
}

function runDueConfig(o: Record<string, unknown>, file: string): Config['runDue'] {
  const retries = o.retries;
  if (retries !== undefined && !(Number.isInteger(retries) && (retries as number) >= 0)) throw configError(file, 'runDue.retries must be a whole number (0 or more).');
  return { retries: retries as number | undefined, retryDelay: expectSeconds(o.retryDelay, file, 'runDue.retryDelay', { zero: true, max: 3600 }) };
}

/** Validates parsed JSON into a Config, resolving relative paths against `baseDir`. */
export function parseConfig(raw: unknown, file: string, baseDir: string): Config {
  const root = expectObject(raw, file, 'the file');
  const platforms: Record<string, PlatformConfig> = {};
  for (const [id, value] of Object.entries(expectObject(root.platforms, file, '"platforms"'))) {
    const p = expectObject(value, file, `platforms.${id}`);
    platforms[id] = {
      url: expectHttpUrl(p.url, file, `platforms.${id}.url`),
      username: expectString(p.username, file, `platforms.${id}.username`),
      feed: expectHttpUrl(p.feed, file, `platforms.${id}.feed`),
      feedInterval: expectSeconds(p.feedInterval, file, `platforms.${id}.feedInterval`, { max: 86_400 }),
      canonicalNotice: expectBoolean(p.canonicalNotice, file, `platforms.${id}.canonicalNotice`),
    };
  }
  const b = expectObject(root.browser, file, '"browser"');
  const args = b.args;
  if (args !== undefined && (!Array.isArray(args) || args.some((a) => typeof a !== 'string'))) throw configError(file, 'browser.args must be a list of strings.');
  const resolvePath = (p: string | undefined) =>
    p === undefined ? undefined : p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : path.resolve(baseDir, p);
  return {
    platforms,
    browser: {
      executablePath: resolvePath(expectString(b.executablePath, file, 'browser.executablePath')),
      profile: resolvePath(expectString(b.profile, file, 'browser.profile')),
      args: args as string[] | undefined,
      cloneFrom: resolvePath(expectString(b.cloneFrom, file, 'browser.cloneFrom')),
      cloneProfile: expectString(b.cloneProfile, file, 'browser.cloneProfile'),
    },
    editorTimeout: expectSeconds(root.editorTimeout, file, 'editorTimeout', { max: 600 }),
    canonicalNotice: expectBoolean(root.canonicalNotice, file, 'canonicalNotice'),
    feedWait: expectSeconds(root.feedWait, file, 'feedWait', { zero: true, max: 3600 }),
    notify: root.notify === undefined ? undefined : { command: resolvePath(expectString(expectObject(root.notify, file, '"notify"').command, file, 'notify.command')) },
    runDue: root.runDue === undefined ? undefined : runDueConfig(expectObject(root.runDue, file, '"runDue"'), file),
    syndicate: root.syndicate === undefined ? undefined : syndicateConfig(root.syndicate, file),
  };
}

/** `syndicate: [{"feed": URL, "to": ["devto", "zenn"], "delay": "1h"}]`. */
function syndicateConfig(value: unknown, file: string): SyndicateEntry[] {
  if (!Array.isArray(value)) throw configError(file, 'syndicate must be a list of {"feed": URL, "to": [platforms], "delay": "1h"}.');
  return value.map((v, i) => {
    const where = `syndicate[${i}]`;
    const o = expectObject(v, file, where);
    const feed = expectHttpUrl(o.feed, file, `${where}.feed`);
    if (!feed) throw configError(file, `${where}.feed is missing (your blog's feed URL).`);
    const to = o.to;
    if (!Array.isArray(to) || to.length === 0 || to.some((t) => typeof t !== 'string' || !t)) throw configError(file, `${where}.to must be a list of platform ids, e.g. ["devto", "zenn"].`);
    const delay = o.delay === undefined ? 0 : typeof o.delay === 'number' ? o.delay * 1000 : typeof o.delay === 'string' ? durationOf(o.delay, file, `${where}.delay`) : NaN;
    if (!(delay >= 0)) throw configError(file, `${where}.delay must be a duration like "1h" or "30m" (or seconds).`);
    const last = o.last;
    if (last !== undefined && !(Number.isInteger(last) && (last as number) > 0)) throw configError(file, `${where}.last must be a whole number above 0.`);
    const since = expectString(o.since, file, `${where}.since`);
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw configError(file, `${where}.since must be a date (2026-11-01 or ISO 8601).`);
    return { feed, to: to as string[], delayMs: delay, all: expectBoolean(o.all, file, `${where}.all`), since, last: last as number | undefined };
  });
}

function durationOf(text: string, file: string, where: string): number {
  try {
    return parseDuration(text, where);
  } catch {
    throw configError(file, `${where} "${text}" is not a duration (write it like 1h, 30m, 2d).`);
  }
}

/** Loads `--config FILE` (which must exist) or `./publish.config.json` (which may not). */
export function loadConfig(explicit?: string, cwd = process.cwd()): LoadedConfig {
  const file = path.resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return { config: { platforms: {}, browser: {} } };
    throw new PublishError('CONFIG', `${explicit ?? file}: the config file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {
      hint: 'Check the --config path.',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw configError(file, `is not valid JSON: ${(error as Error).message}.`);
  }
  return { config: parseConfig(raw, file, path.dirname(file)), file };
}
