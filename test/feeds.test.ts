/**
 * Feeds: every platform's real shape parsed and normalised; matching; polite fetching (304,
 * Retry-After, limits); bad feeds reported without touching the ledger; and the loop closed
 * end to end against the sandbox with a feed that lags behind the site.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed, cleanLink, stripBodies } from '../src/feeds/parse.js';
import { fetchFeed, parseRetryAfter } from '../src/feeds/fetch.js';
import { matchItems, titleKey, urlKey } from '../src/feeds/match.js';
import { feedFor } from '../src/feeds/urls.js';
import { trackOnce } from '../src/feeds/track.js';
import { FeedError } from '../src/feeds/errors.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { parseConfig } from '../src/config.js';
import { publishDraft } from '../src/pipeline/publish.js';
import { silentLogger } from '../src/log.js';
import * as F from './fixtures/feeds.js';
import { cliPath as cli, draftText, runCli, signedInSandbox, tempDir, writeDraft } from './helpers.js';



describe('parsing each platform\'s feed', () => {
  const first = async (xml: string) => (await parseFeed(xml, 'test')).items[0]!;

  it('dev.to (Forem RSS 2.0: dc:creator, one category per tag, double-encoded entities)', async () => {
    const feed = await parseFeed(F.DEVTO_RSS, 'test');
    expect(feed.feed).toEqual({ title: 'DEV Community: Writer One', link: 'https://dev.to/writer' });
    expect(feed.items).toEqual([
      {
        title: 'Publishing one Markdown draft & everything after',
        link: 'https://dev.to/writer/publishing-one-markdown-draft-everything-after-4a2b',
        guid: 'https://dev.to/writer/publishing-one-markdown-draft-everything-after-4a2b',
        published: '2025-11-17T12:03:40.000Z',
        categories: ['markdown', 'automation', 'playwright'],
        author: 'Writer One',
      },
    ]);
  });

  it('Zenn (RSS 2.0 with enclosure, CDATA titles, GMT dates)', async () => {
    expect(await first(F.ZENN_RSS)).toEqual({
      title: '「型」で考える TypeScript 入門',
      link: 'https://zenn.dev/writer/articles/0a1b2c3d4e5f60',
      guid: 'https://zenn.dev/writer/articles/0a1b2c3d4e5f60',
      published: '2025-11-18T00:30:12.000Z',
      categories: [],
      author: 'writer',
    });
  });

  it('Qiita (Atom: id as guid, published with +09:00, author/name, rel=alternate link)', async () => {
    expect(await first(F.QIITA_ATOM)).toEqual({
      title: 'Playwrightで"貼り付け"を確かめる',
      link: 'https://qiita.com/writer/items/0123456789abcdef0123',
      guid: 'tag:qiita.com,2005:PublicArticle/3412345',
      published: '2025-11-19T01:00:00.000Z',
      categories: [],
      author: 'writer',
    });
  });

  it('note (RSS 2.0 with media:thumbnail and note:creatorName)', async () => {
    expect(await first(F.NOTE_RSS)).toMatchObject({ title: '毎日書くということ', link: 'https://note.com/writer/n/n1234abcd5678', published: '2025-11-20T12:00:00.000Z', author: 'ライター' });
  });

  it('Substack, Hashnode and Medium (RSS 2.0 with content:encoded; Medium\'s ?source=rss stripped)', async () => {
    expect(await first(F.SUBSTACK_RSS)).toMatchObject({ title: 'Why I publish from one draft', link: 'https://writer.substack.com/p/why-i-publish-from-one-draft', published: '2025-11-21T07:59:01.000Z', author: 'Writer' });
    expect(await first(F.HASHNODE_RSS)).toMatchObject({ title: 'Clipboard paste in headed Chrome', categories: ['chrome', 'automation'], published: '2025-11-22T08:45:00.000Z' });
    const medium = await parseFeed(F.MEDIUM_RSS, 'test');
    expect(medium.feed.link).toBe('https://medium.com/@writer');
    expect(medium.items[0]).toEqual({
      title: 'Don’t “just” copy the profile',
      link: 'https://medium.com/@writer/dont-just-copy-the-profile-9f8e7d6c5b4a',
      guid: 'https://medium.com/p/9f8e7d6c5b4a',
      published: '2025-11-23T10:11:12.000Z',
      categories: ['chrome', 'sqlite'],
      author: 'Writer One',
    });
  });

  it('Bluesky (RSS 2.0 without titles, ISO 8601 pubDate, at:// guid) and RSS 1.0 (dc:date, rdf:about)', async () => {
    expect(await first(F.BLUESKY_RSS)).toEqual({
      title: '',
      link: 'https://bsky.app/profile/writer.bsky.social/post/3lbcdefghij2k',
      guid: 'at://did:plc:abcdefghijklmnop/app.bsky.feed.post/3lbcdefghij2k',
      published: '2025-11-24T09:08:07.000Z',
      categories: [],
      author: null,
    });
    expect(await first(F.RSS1)).toEqual({
      title: 'First entry',
      link: 'https://blog.example.com/entry/1?page=2',
      guid: 'https://blog.example.com/entry/1',
      published: '2025-11-01T03:00:00.000Z',
      categories: [],
      author: 'old writer',
    });
  });

  it('drops only text and CDATA bodies before parsing, whatever they contain', async () => {
    const tricky = `<rss version="2.0"><channel><title>T</title><link>https://a.example/</link><item><title>One</title><description><![CDATA[An article about RSS: </description></item> <item><title>Fake</title>]]></description><link>https://a.example/1</link></item><item><title>Two</title><description>text &lt;b&gt;escaped&lt;/b&gt;</description><link>https://a.example/2</link></item></channel></rss>`;
    expect((await parseFeed(tricky, 't')).items.map((i) => [i.title, i.link])).toEqual([['One', 'https://a.example/1'], ['Two', 'https://a.example/2']]);
    expect(stripBodies('<content type="xhtml"><div>kept</div></content>')).toBe('<content type="xhtml"><div>kept</div></content>');
    // An unclosed body cannot make the pattern backtrack without end.
    const started = Date.now();
    expect(stripBodies(`<description>${'a'.repeat(200_000)}<b>`)).toHaveLength(200_016);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('strips tracking parameters and keeps the rest', () => {
    expect(cleanLink('https://a.example/p?utm_source=x&utm_campaign=y&id=3#top')).toBe('https://a.example/p?id=3#top');
    expect(cleanLink('https://medium.com/p/abc?source=rss----4a5b---4')).toBe('https://medium.com/p/abc');
    expect(cleanLink('https://a.example/p?source=newsletter')).toBe('https://a.example/p?source=newsletter');
  });

  it('names the feed and what is wrong with a document that is not a feed', async () => {
    const problem = async (xml: string) => ((await parseFeed(xml, 'https://x.example/feed').catch((e: unknown) => e)) as FeedError).message;
    expect(await problem('')).toBe('Feed https://x.example/feed: the response is empty, not a feed.');
    expect(await problem('<!DOCTYPE html><html><body>Sign in</body></html>')).toBe('Feed https://x.example/feed: this is an HTML page, not a feed.');
    expect(await problem(F.DEVTO_RSS.slice(0, 600))).toMatch(/^Feed https:\/\/x\.example\/feed: the XML is malformed \(.+ at line \d+\); it may have been cut off\.$/);
    expect(await problem('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')).toBe('Feed https://x.example/feed: this XML is not an RSS or Atom feed.');
  });
});

describe('matching feed items to publications', () => {
  const item = (title: string, link: string, published: string | null = '2025-11-17T12:00:00.000Z') => ({ title, link, guid: link, published, categories: [], author: null });

  it('matches by URL when one was captured, else by normalised title within the time window', () => {
    const items = [
      item('Another post', 'https://dev.to/writer/another-9z9z'),
      item('Don’t "just" copy the profile', 'https://dev.to/writer/dont-just-copy-1a1a?utm_source=rss'),
      item('Ｏｌｄ post', 'https://dev.to/writer/old-2b2b', '2024-01-01T00:00:00.000Z'),
      item('Old post', 'https://dev.to/writer/old-3c3c', '2025-11-17T13:00:00.000Z'),
    ];
    const matches = matchItems(items, [
      { id: 1, title: 'ignored when a URL exists', url: 'http://www.dev.to/writer/another-9z9z/', since: '2025-11-17T12:00:00.000Z' },
      { id: 2, title: "  Don't  just copy the profile ", url: null, since: '2025-11-17T11:00:00.000Z' },
      { id: 3, title: 'old post', url: null, since: '2025-11-17T12:30:00.000Z' },
      { id: 4, title: 'Not in the feed', url: null, since: '2025-11-17T12:00:00.000Z' },
      { id: 5, title: 'x', url: 'https://dev.to/writer/gone', since: '2025-11-17T12:00:00.000Z' },
    ]);
    expect(matches.map((m) => [m.publication.id, m.item.link, m.by])).toEqual([
      [1, 'https://dev.to/writer/another-9z9z', 'url'],
      [2, 'https://dev.to/writer/dont-just-copy-1a1a?utm_source=rss', 'title'],
      [3, 'https://dev.to/writer/old-3c3c', 'title'], // the 2024 one is outside the window
    ]);
  });

  it('gives each item to one publication only', () => {
    const matches = matchItems([item('Same', 'https://a.example/1')], [
      { id: 1, title: 'Same', url: null, since: '2025-11-17T12:00:00.000Z' },
      { id: 2, title: 'Same', url: null, since: '2025-11-17T12:00:00.000Z' },
    ]);
    expect(matches).toHaveLength(1);
    expect(urlKey('HTTPS://WWW.Example.com/a/b/?utm_medium=x')).toBe('example.com/a/b');
    expect(titleKey('「Ｔｙｐｅ」 — Script')).toBe('type - script');
  });
});

describe('feed URLs per platform', () => {
  it('knows every platform with a public feed, and says what is missing', () => {
    const url = (id: string, user: string, extra = {}) => (feedFor(id, user, extra) as { url: string }).url;
    expect(url('devto', 'writer')).toBe('https://dev.to/feed/writer');
    expect(url('zenn', 'writer')).toBe('https://zenn.dev/writer/feed');
    expect(url('qiita', 'writer')).toBe('https://qiita.com/writer/feed');
    expect(url('note', 'writer')).toBe('https://note.com/writer/rss');
    expect(url('substack', 'writer')).toBe('https://writer.substack.com/feed');
    expect(url('hashnode', 'writer')).toBe('https://writer.hashnode.dev/rss.xml');
    expect(url('medium', 'writer')).toBe('https://medium.com/feed/@writer');
    expect(url('bluesky', 'writer.bsky.social')).toBe('https://bsky.app/profile/writer.bsky.social/rss');
    expect(url('devto', 'writer', { url: 'http://127.0.0.1:9' })).toBe('http://127.0.0.1:9/feed/writer');
    expect(url('linkedin', '', { feed: 'https://feeds.example/me.xml' })).toBe('https://feeds.example/me.xml');
    expect(feedFor('devto', '', {})).toMatch(/no username for devto: set platforms\.devto\.username/);
    expect(feedFor('x', 'writer', {})).toMatch(/x has no public feed/);
    expect(feedFor('devto', 'w', {})).toMatchObject({ interval: 60, maxInterval: 600 });
  });
});

/** A feed server whose every answer the test decides. */
interface Served {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
let server: http.Server;
let base = '';
const routes = new Map<string, (req: http.IncomingMessage) => Served>();
const hits: { path: string; ifNoneMatch?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ path: req.url!, ifNoneMatch: req.headers['if-none-match'] as string | undefined });
    const r = routes.get(req.url!)?.(req) ?? { status: 404, body: 'not here' };
    res.writeHead(r.status ?? 200, r.headers ?? { 'content-type': 'application/rss+xml' });
    res.end(r.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const etag = '"v1"';
  routes.set('/ok', (req) => (req.headers['if-none-match'] === etag ? { status: 304, headers: { etag } } : { headers: { etag, 'content-type': 'application/rss+xml' }, body: F.DEVTO_RSS }));
  routes.set('/gzip', () => ({ headers: { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }, body: zlib.gzipSync(F.ZENN_RSS) }));
  routes.set('/html', () => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><body>Log in</body></html>' }));
  routes.set('/truncated', () => ({ body: F.DEVTO_RSS.slice(0, F.DEVTO_RSS.length / 2) }));
  routes.set('/busy', () => ({ status: 429, headers: { 'retry-after': '120' }, body: 'slow down' }));
  routes.set('/empty', () => ({ body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing yet</title><link>https://dev.to/writer</link></channel></rss>' }));
  routes.set('/huge', () => ({ body: `<rss version="2.0"><channel>${'<!-- padding -->'.repeat(100_000)}</channel></rss>` }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetching feeds', () => {
  it('sends the validators back and gets a 304 with no body; decodes gzip', async () => {
    const first = await fetchFeed(`${base}/ok`);
    expect(first).toMatchObject({ status: 'ok', etag: '"v1"' });
    const second = await fetchFeed(`${base}/ok`, { etag: '"v1"' });
    expect(second.status).toBe('not-modified');
    expect(hits.at(-1)).toEqual({ path: '/ok', ifNoneMatch: '"v1"' });
    const gz = await fetchFeed(`${base}/gzip`);
    expect(gz.status === 'ok' && (await parseFeed(gz.body, 'gz')).items[0]!.author).toBe('writer');
  });

  it('reports each kind of bad feed clearly', async () => {
    const problem = async (p: string, options = {}) => {
      const e = await fetchFeed(`${base}${p}`, options).then(async (r) => (r.status === 'ok' ? parseFeed(r.body, `${base}${p}`) : r)).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(FeedError);
      return e as FeedError;
    };
    expect((await problem('/html')).message).toBe(`Feed ${base}/html: this is an HTML page (text/html), not a feed.`);
    expect((await problem('/truncated')).message).toMatch(/the XML is malformed .*; it may have been cut off\.$/);
    const missing = await problem('/nope');
    expect(missing.message).toBe(`Feed ${base}/nope: HTTP 404 Not Found.`);
    expect(missing.hint).toMatch(/Check the username/);
    const busy = await problem('/busy');
    expect(busy.message).toBe(`Feed ${base}/busy: the server asked us to slow down (HTTP 429, retry after 120s).`);
    expect(busy.retryAfterMs).toBe(120_000);
    expect((await problem('/huge', { maxBytes: 100_000 })).message).toMatch(/more than the 100000-byte limit/);
    expect((await parseFeed(((await fetchFeed(`${base}/empty`)) as { body: string }).body, 'x')).items).toEqual([]);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
  });

  it('leaves the ledger as it was when a feed is bad, and goes on with the others', async () => {
    const home = tempDir();
    const ledger = Ledger.open(dataPaths(home).ledger);
    try {
      const draft = ledger.upsertDraft('/d/a.md', 'h', 'A post');
      const ids = ['devto', 'zenn', 'qiita', 'note', 'medium'].map((platform) => {
        const row = ledger.plan(draft.id, platform, 'writer', 'h');
        return ledger.transition(row.id, 'published', { url: `https://example.com/${platform}/a-post` }).id;
      });
      const feeds = { devto: '/html', zenn: '/truncated', qiita: '/nope', note: '/busy', medium: '/empty' };
      const config = parseConfig({ platforms: Object.fromEntries(Object.entries(feeds).map(([id, p]) => [id, { username: 'writer', feed: `${base}${p}` }])) }, 'test', home);
      const before = ledger.status().map(({ updated_at: _u, ...r }) => r);
      const report = await trackOnce({ ledger, config });
      expect(report.live).toEqual([]);
      expect(report.feeds.filter((f) => f.status === 'error').map((f) => f.platform).sort()).toEqual(['devto', 'note', 'qiita', 'zenn']);
      expect(report.feeds.find((f) => f.platform === 'medium')).toMatchObject({ status: 'changed', items: 0 });
      expect(report.waiting.map((w) => w.publicationId).sort()).toEqual(ids.sort());
      const reasons = Object.fromEntries(report.waiting.map((w) => [w.platform, w.reason]));
      expect(reasons).toEqual({
        devto: `Feed ${base}/html: this is an HTML page (text/html), not a feed.`,
        zenn: expect.stringMatching(/^Feed .*\/truncated: the XML is malformed/),
        qiita: `Feed ${base}/nope: HTTP 404 Not Found.`,
        note: `Feed ${base}/busy: the server asked us to slow down (HTTP 429, retry after 120s).`,
        medium: 'not in the feed yet: the feed is empty (no posts at all)',
      });
      expect(ledger.status().map(({ updated_at: _u, ...r }) => r)).toEqual(before);
      expect(ledger.feed(`${base}/busy`)!.error).toMatch(/retry after 120s/);
    } finally {
      ledger.close();
    }
  });

  it('publish feeds inspect prints the normalised JSON shape, and a clear error with exit 1', () => {
    const file = path.join(tempDir(), 'feed.xml');
    fs.writeFileSync(file, F.QIITA_ATOM);
    const ok = spawnSync(process.execPath, [cli, 'feeds', 'inspect', file, '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const out = JSON.parse(ok.stdout) as { feed: object; items: object[] };
    expect(Object.keys(out)).toEqual(['feed', 'items']);
    expect(Object.keys(out.feed)).toEqual(['title', 'link']);
    expect(Object.keys(out.items[0]!)).toEqual(['title', 'link', 'guid', 'published', 'categories', 'author']);
    const text = spawnSync(process.execPath, [cli, 'feeds', 'inspect', file], { encoding: 'utf8' });
    expect(text.stdout).toMatch(/2025-11-19 01:00\s+writer\s+-\s+Playwrightで"貼り付け"を確かめる\s+https:\/\/qiita\.com\/writer\/items\//);
    fs.writeFileSync(file, '<!DOCTYPE html><html></html>');
    const bad = spawnSync(process.execPath, [cli, 'feeds', 'inspect', file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`Feed ${file}: this is an HTML page, not a feed.`);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});

describe('the loop closed against the sandbox', () => {
  it('publishes with a 5-second feed lag; track --until-live marks both live with the right URLs; an unchanged feed costs a 304', async () => {
    const f = await signedInSandbox();
    for (const site of Object.values(f.sandbox.sites)) site.feedLag = 5000;
    const config = { ...f.config, feedWait: 0 };
    const draft = writeDraft(tempDir(), 'lag.md', draftText({ title: 'A post the feed shows late', tags: ['feeds'], zenn: { emoji: '📡' } }));
    const results = await publishDraft({ draft, to: ['devto', 'zenn'], config, dataDir: f.home, log: silentLogger });
    expect(results.map((r) => [r.platform, r.state, r.live ?? false])).toEqual([['devto', 'published', false], ['zenn', 'published', false]]);

    const ledger = Ledger.open(dataPaths(f.home).ledger);
    try {
      // Not there yet; asked again at once the feed has not changed: 304, no body.
      const early = await trackOnce({ ledger, config });
      expect(early.live).toEqual([]);
      expect(early.feeds.map((x) => x.status)).toEqual(['changed', 'changed']);
      const again = await trackOnce({ ledger, config });
      expect(again.feeds.map((x) => x.status)).toEqual(['not-modified', 'not-modified']);
      expect(f.sandbox.sites.devto!.feedResponses.slice(-2)).toEqual([expect.objectContaining({ status: 200 }), { status: 304, bytes: 0 }]);
      expect(f.sandbox.sites.zenn!.feedResponses.at(-1)).toEqual({ status: 304, bytes: 0 });
    } finally {
      ledger.close();
    }

    // The CLI, as a writer runs it.
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ platforms: Object.fromEntries(Object.entries(f.sandbox.origins).map(([id, url]) => [id, { url, username: 'writer', feedInterval: 1 }])) }));
    const track = await runCli(['track', draft, '--until-live', '--timeout', '30s', '--config', configFile, '--home', f.home, '--json']);
    expect(track.status, track.stderr).toBe(0);
    const report = JSON.parse(track.stdout) as { live: { platform: string; url: string; timeToLiveMs: number }[]; waiting: unknown[] };
    expect(report.waiting).toEqual([]);
    const byPlatform = Object.fromEntries(report.live.map((l) => [l.platform, l]));
    expect(byPlatform.devto!.url).toBe(results[0]!.url);
    expect(byPlatform.zenn!.url).toBe(results[1]!.url);
    // The feed shows a post 5 s after the server stored it; the ledger's "published" is stamped a
    // moment later (after the browser reached the post), so time to live is a little under 5 s.
    for (const l of report.live) expect(l.timeToLiveMs).toBeGreaterThan(4000);

    const status = JSON.parse((await runCli(['status', '--json', '--home', f.home])).stdout) as { platform: string; state: string }[];
    expect(status.map((s) => [s.platform, s.state])).toEqual([['devto', 'live'], ['zenn', 'live']]);
  });

  it('import adopts a post published by hand, so publish never posts it again', async () => {
    const f = await signedInSandbox();
    const dir = tempDir();
    const draft = writeDraft(dir, 'by-hand.md', draftText({ title: 'Written by hand', tags: ['manual'] }));
    const site = f.sandbox.sites.devto!;
    site.addPost({ slug: 'written-by-hand-1x1x', title: 'Written by hand', body: 'x', tags: ['manual'], description: '', author: 'writer', extra: {}, path: '/writer/written-by-hand-1x1x' });
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ platforms: { devto: { url: f.sandbox.origins.devto, username: 'writer' } }, browser: { profile: f.config.browser.profile } }));
    const run = (args: string[]) => runCli([...args, '--config', configFile, '--home', f.home]);
    const imported = await run(['import', '--platform', 'devto', '--drafts', dir, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).adoptions).toEqual([{ draft, platform: 'devto', url: `${f.sandbox.origins.devto}/writer/written-by-hand-1x1x`, result: 'adopted' }]);
    expect(JSON.parse((await run(['import', '--platform', 'devto', '--drafts', dir, '--json'])).stdout).adoptions[0].result).toBe('already in the ledger');
    const publish = await run([draft, '--to', 'devto', '--json']);
    expect(publish.status).toBe(0);
    expect(JSON.parse(publish.stdout)).toMatchObject({ platform: 'devto', state: 'live', url: `${f.sandbox.origins.devto}/writer/written-by-hand-1x1x` });
    expect(publish.stderr).not.toContain('Opening');
    expect(site.posts).toHaveLength(1);
  });

  it('track --until-live gives up at its timeout with exit 1 and says what is still waiting; the unchanged feed costs only 304s', async () => {
    const home = tempDir();
    const ledger = Ledger.open(dataPaths(home).ledger);
    const draft = ledger.upsertDraft('/d/late.md', 'h', 'Never shows');
    ledger.transition(ledger.plan(draft.id, 'devto', 'writer', 'h').id, 'published', { url: 'https://dev.to/writer/never-shows' });
    ledger.close();
    const configFile = path.join(home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ platforms: { devto: { username: 'writer', feed: `${base}/ok`, feedInterval: 1 } } }));
    const before = hits.length;
    const started = Date.now();
    const r = await runCli(['track', '--until-live', '--timeout', '2.5s', '--config', configFile, '--home', home]);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Not live yet:[\s\S]*\/d\/late\.md\s+devto\s+not in the feed yet/);
    expect(r.stderr).toMatch(/devto: 1 post\(s\) not in the feed yet; next look in 1s\./);
    const polls = hits.slice(before);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.slice(1).every((h) => h.ifNoneMatch === '"v1"')).toBe(true); // conditional after the first
  });
});
