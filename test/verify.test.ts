/** Settling an unknown publish outcome from the feed: found, absent after the feed's lag, or undecided. */
import { describe, expect, it } from 'vitest';
import { verifyUnknown } from '../src/pipeline/verify.js';
import { parseConfig } from '../src/config.js';
import type { PublicationRow } from '../src/ledger/ledger.js';

const clickedAt = Date.parse('2026-11-21T10:00:00Z');
const row = (over: Partial<PublicationRow> = {}): PublicationRow => ({
  id: 1, draft_id: 1, platform: 'devto', account: 'writer', state: 'previewed', url: null, error: null, content_hash: 'h',
  created_at: '2026-11-21T09:59:00Z', updated_at: '2026-11-21T10:00:00Z', published_at: null, live_at: null, publish_clicked_at: new Date(clickedAt).toISOString(), ...over,
});
const feed = (titles: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>f</title><link>https://dev.to/writer</link>${titles
  .map((t, i) => `<item><title>${t}</title><link>https://dev.to/writer/post-${i}</link><pubDate>${new Date(clickedAt + 1000).toUTCString()}</pubDate></item>`)
  .join('')}</channel></rss>`;
const fetchOf = (bodies: string[]) => {
  let n = 0;
  return (async () => new Response(bodies[Math.min(n++, bodies.length - 1)], { headers: { 'content-type': 'application/rss+xml' } })) as unknown as typeof fetch;
};
const config = parseConfig({ platforms: { devto: { username: 'writer' } } }, 'test', '/');

describe('verifyUnknown', () => {
  it('finds the post in the feed: published, with its URL', async () => {
    const v = await verifyUnknown(row(), { config, title: 'My post', fetch: fetchOf([feed(['Other', 'My post'])]), now: () => clickedAt + 5_000 });
    expect(v).toEqual({ kind: 'published', url: 'https://dev.to/writer/post-1' });
  });

  it('waits out the feed\'s lag before calling it absent, then says not published', async () => {
    const cfg = parseConfig({ platforms: { devto: { username: 'writer', feedInterval: 20 } } }, 'test', '/');
    let t = clickedAt + 5_000;
    const slept: number[] = [];
    const v = await verifyUnknown(row(), { config: cfg, title: 'My post', fetch: fetchOf([feed(['Other'])]), now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } });
    expect(slept).toEqual([15_500]); // 20 s lag - 5 s since the click + a margin
    expect(v).toMatchObject({ kind: 'not-published' });
  });

  it('a post that shows up during the wait is found', async () => {
    const cfg = parseConfig({ platforms: { devto: { username: 'writer', feedInterval: 20 } } }, 'test', '/');
    let t = clickedAt + 1_000;
    const v = await verifyUnknown(row(), { config: cfg, title: 'My post', fetch: fetchOf([feed([]), feed(['My post'])]), now: () => t, sleep: async (ms) => { t += ms; } });
    expect(v).toEqual({ kind: 'published', url: 'https://dev.to/writer/post-0' });
  });

  it('does not guess: a long feed cache, no feed, no title or a broken feed leave it to the writer', async () => {
    // dev.to's feed is cached for about 10 minutes: 5 s after the click, absence proves nothing.
    const long = await verifyUnknown(row(), { config, title: 'My post', fetch: fetchOf([feed([])]), now: () => clickedAt + 5_000 });
    expect(long).toMatchObject({ kind: 'undecided', why: expect.stringMatching(/can lag by 10 min; run again after/) });
    expect(await verifyUnknown(row({ platform: 'x' }), { config, title: 'T' })).toMatchObject({ kind: 'undecided', why: expect.stringMatching(/no feed to look in \(x has no public feed/) });
    expect(await verifyUnknown(row({ platform: 'bluesky', account: 'w.bsky.social' }), { config, title: '' })).toMatchObject({ kind: 'undecided', why: expect.stringMatching(/no title to look for/) });
    const broken = (async () => new Response('<html>oops</html>', { headers: { 'content-type': 'text/html' } })) as unknown as typeof fetch;
    expect(await verifyUnknown(row(), { config, title: 'T', fetch: broken, now: () => clickedAt + 700_000 })).toMatchObject({ kind: 'undecided', why: expect.stringMatching(/HTML page/) });
  });
});
