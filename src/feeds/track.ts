/**
 * Closes the loop: publications the editor called published are confirmed from the platform's
 * own public feed and marked live. One round polls each feed once (conditionally); the loop
 * polls until everything is live or time runs out, each feed at its own pace, backing off while
 * nothing changes and waiting as long as a Retry-After asks. A feed that fails is reported and
 * retried later; it never stops the others or touches the ledger beyond its own poll record.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { AwaitingRow, Ledger } from '../ledger/ledger.js';
import { FeedError } from './errors.js';
import { fetchFeed } from './fetch.js';
import { matchItems, type Candidate } from './match.js';
import { parseFeed, type FeedItem } from './parse.js';
import { feedFor, type FeedTarget } from './urls.js';

export interface LiveResult {
  publicationId: number;
  platform: string;
  draft: string;
  url: string;
  seenAt: string;
  /** From the editor's "published" to the feed, when both are known. */
  timeToLiveMs: number | null;
  by: 'url' | 'title';
}

export interface WaitingResult {
  publicationId: number;
  platform: string;
  draft: string;
  url: string | null;
  reason: string;
}

export interface FeedPoll {
  platform: string;
  url: string;
  status: 'changed' | 'not-modified' | 'error';
  items: number;
  error?: string;
  retryAfterMs?: number;
}

export interface TrackReport {
  live: LiveResult[];
  waiting: WaitingResult[];
  feeds: FeedPoll[];
}

export interface TrackOptions {
  ledger: Ledger;
  config: Config;
  /** Only this draft's publications. */
  draftId?: number;
  /** Only these publications (the ones a publish run just made). */
  publicationIds?: number[];
  fetch?: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  progress?: (message: string) => void;
  /** Stops early (Ctrl+C): a feed request in flight is dropped, and what was not seen is reported waiting. */
  signal?: AbortSignal;
}

type Awaiting = AwaitingRow & Candidate;

function awaiting(options: TrackOptions): Awaiting[] {
  const rows = options.ledger.awaitingFeed(options.draftId);
  const only = options.publicationIds && new Set(options.publicationIds);
  return rows
    .filter((r) => !only || only.has(r.id))
    .map((r) => ({ ...r, title: r.draft_title, since: r.published_at ?? r.created_at }));
}

/** The feed items stored for a feed, for a 304 (or a failed poll) to match against. */
function storedItems(options: TrackOptions, url: string): FeedItem[] {
  const row = options.ledger.feed(url);
  try {
    return row?.items ? (JSON.parse(row.items) as FeedItem[]) : [];
  } catch {
    return [];
  }
}

/** Polls one feed once and marks what it shows live. */
async function pollFeed(options: TrackOptions, target: FeedTarget, candidates: Awaiting[], report: TrackReport): Promise<FeedPoll> {
  const { ledger } = options;
  const now = options.now ?? (() => new Date());
  const previous = ledger.feed(target.url);
  let items: FeedItem[];
  let poll: FeedPoll;
  try {
    const fetched = await fetchFeed(target.url, { etag: previous?.etag, lastModified: previous?.last_modified, fetch: options.fetch, signal: options.signal });
    if (fetched.status === 'not-modified') {
      items = storedItems(options, target.url);
      ledger.saveFeed(target.url, target.platform, {});
      poll = { platform: target.platform, url: target.url, status: 'not-modified', items: items.length };
    } else {
      items = (await parseFeed(fetched.body, target.url)).items;
      ledger.saveFeed(target.url, target.platform, { etag: fetched.etag, lastModified: fetched.lastModified, items: JSON.stringify(items) });
      poll = { platform: target.platform, url: target.url, status: 'changed', items: items.length };
    }
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    ledger.saveFeed(target.url, target.platform, { error: error.message });
    report.feeds.push({ platform: target.platform, url: target.url, status: 'error', items: 0, error: error.message, retryAfterMs: error.retryAfterMs });
    return report.feeds.at(-1)!;
  }
  const seenAt = now();
  for (const m of matchItems(items, candidates)) {
    const row = ledger.markLive(m.publication.id, m.item.link || m.publication.url || '', seenAt, { by: m.by, feed: target.url });
    report.live.push({
      publicationId: row.id,
      platform: row.platform,
      draft: m.publication.draft_path,
      url: row.url ?? '',
      seenAt: seenAt.toISOString(),
      timeToLiveMs: row.published_at ? seenAt.getTime() - Date.parse(row.published_at) : null,
      by: m.by,
    });
  }
  report.feeds.push(poll);
  return poll;
}

/** The feeds to watch for these publications; those with no feed are reported as waiting. */
function plan(options: TrackOptions, pubs: Awaiting[], report: TrackReport): Map<string, { target: FeedTarget; pubs: Awaiting[] }> {
  const byFeed = new Map<string, { target: FeedTarget; pubs: Awaiting[] }>();
  for (const p of pubs) {
    const target = feedFor(p.platform, p.account, options.config.platforms[p.platform]);
    if (typeof target === 'string') {
      report.waiting.push(waitingOn(p, target));
      continue;
    }
    (byFeed.get(target.url) ?? byFeed.set(target.url, { target, pubs: [] }).get(target.url)!).pubs.push(p);
  }
  return byFeed;
}

const waitingOn = (p: Awaiting, reason: string): WaitingResult => ({ publicationId: p.id, platform: p.platform, draft: p.draft_path, url: p.url, reason });

/** Reports every publication its feed did not show, with why (from the feed's last poll). */
function addStillWaiting(report: TrackReport, feeds: Map<string, { target: FeedTarget; pubs: Awaiting[] }>): void {
  const live = new Set(report.live.map((l) => l.publicationId));
  for (const { target, pubs } of feeds.values()) {
    for (const p of pubs) if (!live.has(p.id)) report.waiting.push(waitingOn(p, waitingReason(report, target.url)));
  }
}

/** Why a publication is still waiting, from its feed's last poll. */
function waitingReason(report: TrackReport, feedUrl: string): string {
  const last = report.feeds.findLast((f) => f.url === feedUrl);
  if (last?.status === 'error') return last.error ?? 'the feed could not be read';
  if (last && last.items === 0) return 'not in the feed yet: the feed is empty (no posts at all)';
  return 'not in the feed yet';
}

/** Polls every feed with publications waiting on it, once. */
export async function trackOnce(options: TrackOptions): Promise<TrackReport> {
  const report: TrackReport = { live: [], waiting: [], feeds: [] };
  const byFeed = plan(options, awaiting(options), report);
  await Promise.all([...byFeed.values()].map(({ target, pubs }) => pollFeed(options, target, pubs, report)));
  addStillWaiting(report, byFeed);
  return report;
}

export interface UntilLiveOptions extends TrackOptions {
  timeoutMs: number;
  /** Never wait longer than this between two polls of a feed (the post-publish wait uses it). */
  intervalCapMs?: number;
}

/**
 * Polls until every selected publication is live or `timeoutMs` passes. Each feed starts at its
 * platform's interval and doubles it, up to the platform's maximum, while it shows nothing new.
 */
export async function trackUntilLive(options: UntilLiveOptions): Promise<TrackReport> {
  const clock = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal: options.signal }).catch(() => {}));
  const deadline = clock().getTime() + options.timeoutMs;
  const report: TrackReport = { live: [], waiting: [], feeds: [] };
  const feeds = plan(options, awaiting(options), report); // those without a feed are reported waiting now
  const schedule = new Map([...feeds.values()].map(({ target }) => [target.url, { at: clock().getTime(), interval: target.interval * 1000 }]));
  const cap = options.intervalCapMs ?? Infinity;

  for (;;) {
    if (options.signal?.aborted) break;
    const pending = [...feeds.entries()].filter(([, f]) => f.pubs.some((p) => !report.live.some((l) => l.publicationId === p.id)));
    if (pending.length === 0) break;
    const due = Math.min(...pending.map(([url]) => schedule.get(url)!.at));
    if (due > deadline) break;
    if (due > clock().getTime()) await sleep(due - clock().getTime());
    if (options.signal?.aborted) break;
    await Promise.all(
      pending
        .filter(([url]) => schedule.get(url)!.at <= clock().getTime())
        .map(async ([url, f]) => {
          const s = schedule.get(url)!;
          const isLive = (id: number) => report.live.some((l) => l.publicationId === id);
          const poll = await pollFeed(options, f.target, f.pubs.filter((p) => !isLive(p.id)), report);
          // Counted after the poll: other feeds' polls run alongside and add to report.live too.
          const left = f.pubs.filter((p) => !isLive(p.id)).length;
          if (left === 0) return;
          // A server's Retry-After always wins over our own pace (and over the cap).
          const wait = Math.max(poll.retryAfterMs ?? 0, Math.min(cap, s.interval));
          s.at = clock().getTime() + wait;
          s.interval = Math.min(f.target.maxInterval * 1000, s.interval * 2);
          options.progress?.(
            poll.status === 'error'
              ? `${f.target.platform}: ${poll.error} Next look in ${Math.round(wait / 1000)}s.`
              : `${f.target.platform}: ${left} post(s) not in the feed yet; next look in ${Math.round(wait / 1000)}s.`,
          );
        }),
    );
  }
  addStillWaiting(report, feeds);
  return report;
}
