/**
 * Publish on your own site, syndicate elsewhere: the items of the writer's own feed become drafts
 * (front matter from the item, body converted to Markdown), one file per item never pulled
 * before. The ledger records (feed, guid) -> draft, so an item is never pulled twice; the first
 * pull of a feed takes only its newest item unless told otherwise, so a blog's back catalogue
 * never floods the platforms.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Ledger } from '../ledger/ledger.js';
import { fetchFeed } from './fetch.js';
import { parseFeed, type FeedItem } from './parse.js';
import { htmlToMarkdown } from './to-markdown.js';

/** Which items a pull takes, beyond those never seen: every one, those since a date, or the last N. */
export interface Take {
  all?: boolean;
  since?: Date;
  last?: number;
}

export interface PullOptions {
  /** An http(s) URL, or (from the command line only) a file. */
  source: string;
  draftsDir: string;
  ledger: Ledger;
  take?: Take;
  allowFile?: boolean;
  /** Extra front matter for every draft written (run-due: publish_at, platforms). */
  extra?: (item: FeedItem) => Record<string, unknown>;
}

export interface Pulled {
  guid: string;
  title: string;
  link: string;
  published: string | null;
  file: string;
}

export interface PullReport {
  feed: string;
  /** The feed answered 304: nothing new. */
  notModified: boolean;
  written: Pulled[];
  /** Items seen for the first time and left (a first pull's back catalogue). */
  left: number;
}

/** A feed's own key in the ledger: the URL as given, or a file's absolute path. */
const feedKey = (source: string) => (/^https?:\/\//i.test(source) ? source : path.resolve(source));

/** Tags as the platforms take them: lowercase letters and digits (dev.to's rule, the strictest), at most 4 (dev.to's limit). */
export function normaliseTags(categories: string[]): string[] {
  const tags = categories.map((c) => c.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')).filter(Boolean);
  return [...new Set(tags)].slice(0, 4);
}

/** A file name for the item: its link's last path part (or its title), made safe; never a path. */
export function draftFileName(item: FeedItem): string {
  const last = (() => {
    try {
      return decodeURIComponent(new URL(item.link).pathname.split('/').filter(Boolean).pop() ?? '');
    } catch {
      return '';
    }
  })().replace(/\.(html?|php|aspx?)$/i, '');
  const safe = (s: string) => s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '');
  // A page of many entries (".../log/2006/08.html#d10t1234") or a generic name is no slug: the title is.
  const slug = /[a-z]/i.test(last) && !/^(index|default|entry|post|article|item)$/i.test(last) ? safe(last) : '';
  return slug || safe(item.title) || `post-${crypto.createHash('sha256').update(item.guid || item.link || item.title).digest('hex').slice(0, 8)}`;
}

/** The draft's text: YAML front matter dumped (every value escaped as YAML data), then the Markdown. */
export function draftFor(item: FeedItem, feed: string, extra: Record<string, unknown> = {}): string {
  const front: Record<string, unknown> = {
    title: item.title || '(untitled)',
    ...(item.summary ? { description: item.summary } : {}),
    tags: normaliseTags(item.categories),
    ...(item.link ? { canonical_url: item.link } : {}),
    ...(item.published ? { date: item.published } : {}),
    source: { feed, guid: item.guid || item.link },
    ...extra,
  };
  const body = htmlToMarkdown(item.html ?? '', item.link);
  return `---\n${yaml.dump(front, { schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true })}---\n\n${body}\n`;
}

/** Writes `text` to a new file in `dir` named from `base`; never overwrites (base-2, base-3...). */
function writeNew(dir: string, base: string, text: string): string {
  for (let n = 1; n < 1000; n++) {
    const file = path.join(dir, `${n === 1 ? base : `${base}-${n}`}.md`);
    // The name holds no separator, but check anyway: nothing is ever written outside `dir`.
    if (path.dirname(file) !== dir) throw new Error(`refusing to write outside ${dir}: ${file}`);
    try {
      fs.writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${dir}: too many drafts named ${base}`);
}

/** Which of the unseen (or never-taken) items this pull takes, newest first. */
function choose(items: FeedItem[], seen: Map<string, string | null>, take: Take, first: boolean): { taken: FeedItem[]; left: FeedItem[] } {
  const byDate = [...items].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
  const open = byDate.filter((i) => seen.get(keyOf(i)) === undefined || (seen.get(keyOf(i)) === null && (take.all || take.since || take.last)));
  let taken: FeedItem[];
  if (take.all) taken = open;
  else if (take.since) taken = open.filter((i) => i.published !== null && Date.parse(i.published) >= take.since!.getTime());
  else if (take.last !== undefined) taken = open.filter((i) => byDate.indexOf(i) < take.last!);
  else if (first) taken = open.slice(0, 1);
  else taken = open.filter((i) => seen.get(keyOf(i)) === undefined);
  return { taken, left: open.filter((i) => !taken.includes(i) && seen.get(keyOf(i)) === undefined) };
}

const keyOf = (item: FeedItem) => item.guid || item.link;

export async function pullFeed(o: PullOptions): Promise<PullReport> {
  const dir = path.resolve(o.draftsDir); // checked by the callers (from-feed, run-due) before anything is written
  const key = feedKey(o.source);
  const state = o.ledger.feed(key);
  const fetched = await fetchFeed(o.source, { allowFile: o.allowFile, etag: state?.etag, lastModified: state?.last_modified });
  if (fetched.status === 'not-modified') return { feed: key, notModified: true, written: [], left: 0 };
  const feed = await parseFeed(fetched.body, o.source, { bodies: true });
  const seen = o.ledger.syndicated(key);
  const { taken, left } = choose(feed.items.filter((i) => keyOf(i)), seen, o.take ?? {}, seen.size === 0);
  const written: Pulled[] = [];
  for (const item of taken) {
    const file = writeNew(dir, draftFileName(item), draftFor(item, key, o.extra?.(item)));
    o.ledger.recordSyndicated(key, keyOf(item), file, item.title, item.published);
    written.push({ guid: keyOf(item), title: item.title, link: item.link, published: item.published, file });
  }
  for (const item of left) o.ledger.recordSyndicated(key, keyOf(item), null, item.title, item.published);
  // The validators are kept only once the items are recorded: a crash before that re-reads the feed.
  o.ledger.saveFeed(key, 'syndicate', { etag: fetched.etag, lastModified: fetched.lastModified, items: JSON.stringify(feed.items.map(keyOf)) });
  return { feed: key, notModified: false, written: written.reverse(), left: left.length };
}
