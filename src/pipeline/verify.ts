/**
 * After a crash or a timeout the ledger can hold a publish click whose outcome is unknown. The
 * click is never repeated blindly: first the platform's own feed is read. Found there: it was
 * published (recorded, with its URL). Not there once the feed's cache lifetime has passed since
 * the click: it was not (safe to publish). Anything else: the writer decides.
 */
import type { Config } from '../config.js';
import { FeedError } from '../feeds/errors.js';
import { fetchFeed } from '../feeds/fetch.js';
import { matchItems } from '../feeds/match.js';
import { parseFeed } from '../feeds/parse.js';
import { feedFor } from '../feeds/urls.js';
import type { PublicationRow } from '../ledger/ledger.js';

export type Verdict = { kind: 'published'; url: string } | { kind: 'not-published'; why: string } | { kind: 'undecided'; why: string };

export interface VerifyOptions {
  config: Config;
  /** The title the post went out with on this platform. */
  title: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The longest this run waits for a lagging feed to catch up (default 60 s). */
  maxWaitMs?: number;
  fetch?: typeof fetch;
}

export async function verifyUnknown(row: PublicationRow, o: VerifyOptions): Promise<Verdict> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const target = feedFor(row.platform, row.account, o.config.platforms[row.platform]);
  if (typeof target === 'string') return { kind: 'undecided', why: `there is no feed to look in (${target})` };
  if (!o.title) return { kind: 'undecided', why: `its posts have no title to look for in ${target.url}` };
  const clickedAt = Date.parse(row.publish_clicked_at ?? '');
  // A feed can lag behind the site by its cache lifetime: only after that does "absent" mean "not published".
  const lag = target.maxInterval * 1000;
  for (;;) {
    let items;
    try {
      const fetched = await fetchFeed(target.url, { fetch: o.fetch });
      items = fetched.status === 'ok' ? (await parseFeed(fetched.body, target.url)).items : [];
    } catch (error) {
      if (error instanceof FeedError) return { kind: 'undecided', why: error.message };
      throw error;
    }
    const [match] = matchItems(items, [{ id: row.id, title: o.title, url: row.url, since: row.publish_clicked_at ?? row.created_at }]);
    if (match) return { kind: 'published', url: match.item.link };
    const waited = now() - clickedAt;
    if (waited >= lag) return { kind: 'not-published', why: `not in ${target.url} ${Math.round(waited / 1000)} s after the click` };
    const wait = lag - waited + 500;
    if (wait > (o.maxWaitMs ?? 60_000)) {
      return { kind: 'undecided', why: `not in ${target.url} yet, but that feed can lag by ${Math.round(lag / 60_000)} min; run again after ${new Date(clickedAt + lag).toLocaleTimeString()}` };
    }
    await sleep(wait);
  }
}
