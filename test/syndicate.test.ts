/**
 * Syndication (issue 16): a blog's own feed becomes drafts. Feeds written here: RSS 2.0 with
 * content:encoded, Atom with content, RSS with only description HTML. Every element kind
 * converts as the README says; the first pull takes one item, a second pull writes nothing; feed
 * content stays data (front matter escaped, nothing written outside the drafts folder).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readDraft } from '../src/draft/parse.js';
import { htmlToMarkdown } from '../src/feeds/to-markdown.js';
import { pullFeed } from '../src/feeds/syndicate.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { fileSandbox, runCli, tempDir } from './helpers.js';

const ARTICLE = `<h2>Setting up</h2>
<p>Some <em>emphasis</em>, <strong>bold</strong> and <code>inline code</code>; a <a href="/docs/intro">relative link</a>, a <a href="javascript:alert(1)">script link</a>.</p>
<pre class="astro-code" data-language="ts"><code><span class="line"><span>const a = 1;</span></span>
<span class="line"><span>console.log(a);</span></span></code></pre>
<pre><code class="language-python">print("hi")</code></pre>
<div class="highlight"><pre class="chroma"><code class="language-go" data-lang="go">fmt.Println("go")</code></pre></div>
<table><thead><tr><th>Tool</th><th>Stars</th></tr></thead><tbody><tr><td>publish</td><td>1</td></tr></tbody></table>
<ul><li>one</li><li>two<ol><li>nested</li></ol></li></ul>
<blockquote><p>A quote.</p></blockquote>
<h3>Pictures</h3>
<picture><source srcset="/img/diagram.avif" type="image/avif"><img src="img/diagram.png" alt="The diagram"></picture>
<img src="https://pixel.wp.com/g.gif?blog=1" width="1" height="1" alt="">
<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315"></iframe>
<iframe src="https://codepen.io/alice/embed/preview/abcXYZ"></iframe>
<script src="https://gist.github.com/alice/0123abcd.js"></script>
<blockquote class="twitter-tweet"><p>a tweet</p>&mdash; Jack <a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>
<iframe src="https://ads.example/banner"></iframe>
<script>document.cookie</script><style>p { color: red }</style>
<nav><a href="/">Home</a></nav><div class="sharedaddy"><a href="https://facebook.com/sharer">Share on Facebook</a></div>`;

describe('HTML to Markdown', () => {
  const md = htmlToMarkdown(ARTICLE, 'https://blog.example/posts/hello/');
  it.each([
    ['headings', '## Setting up'],
    ['emphasis', '_emphasis_'],
    ['bold', '**bold**'],
    ['inline code', '`inline code`'],
    ['relative links made absolute', '[relative link](https://blog.example/docs/intro)'],
    ['Shiki/Astro code keeps its language', '```ts\nconst a = 1;\nconsole.log(a);\n```'],
    ['language-x code', '```python\nprint("hi")\n```'],
    ['Hugo (Chroma) code', '```go\nfmt.Println("go")\n```'],
    ['tables', '| Tool | Stars |'],
    ['lists, nested', '- one\n- two\n  1. nested'],
    ['block quotes', '> A quote.'],
    ['<picture> as one absolute image with its alt', '![The diagram](https://blog.example/posts/hello/img/diagram.png)'],
    ['YouTube', '@[youtube](dQw4w9WgXcQ)'],
    ['CodePen', '@[codepen](https://codepen.io/alice/pen/abcXYZ)'],
    ['gist', '@[gist](https://gist.github.com/alice/0123abcd)'],
    ['tweet', '@[tweet](https://twitter.com/i/status/20)'],
  ])('%s', (_what, expected) => {
    expect(md).toContain(expected);
  });
  it.each([
    ['scripts', 'document.cookie'],
    ['styles', 'color: red'],
    ['a javascript: link (its text stays)', 'javascript:'],
    ['tracking pixels', 'pixel.wp.com'],
    ['other iframes', 'ads.example'],
    ['site navigation', '[Home]'],
    ['share blocks', 'Share on Facebook'],
    ['the <source> of a <picture>', 'diagram.avif'],
  ])('drops %s', (_what, absent) => {
    expect(md).not.toContain(absent);
  });
  it('keeps the text of a link it cannot keep', () => expect(md).toContain('a script link.'));
  it('the table has its separator row', () => expect(md).toMatch(/\| -+ \| -+ \|/));
});

/**
 * Shapes found in real blogs' feeds (the bench's real-world feeds: the Google Testing Blog, a
 * Blogger blog served through FeedBurner; Sam Ruby's and Tantek Çelik's Atom feeds).
 */
describe('HTML to Markdown: what real blogs write', () => {
  it('Blogger: code written with <br> keeps its lines; <br><br> paragraphs leave no hard breaks', () => {
    const md = htmlToMarkdown('Intro line.<br /><br />By A. Writer <br /><br /><pre style="color: black;">if x:<br />  y()<br /><br />z()</pre>Text after.<br /><ul><li>a</li></ul>', 'https://b.example/');
    expect(md).toContain('```\nif x:\n  y()\n\nz()\n```');
    expect(md).toContain('Intro line.\n\nBy A. Writer\n\n');
    expect(md).not.toMatch(/ {2}\n\n|^ +$/m);
  });
  it('a layout table of code side by side becomes each caption followed by its code', () => {
    const md = htmlToMarkdown('<table class="my-bordered-table"><tbody><tr><td><em>Before</em></td><td><em>After</em></td></tr><tr><td><pre>old()</pre></td><td><pre>new()</pre></td></tr></tbody></table>', 'https://b.example/');
    expect(md).toBe('_Before_\n\n```\nold()\n```\n\n_After_\n\n```\nnew()\n```');
  });
  it("a line-number gutter (Hugo's lntable) is dropped, the code kept with its language", () => {
    const md = htmlToMarkdown('<div class="highlight"><div class="chroma"><table class="lntable"><tr><td class="lntd"><pre tabindex="0" class="chroma"><code><span class="lnt">1\n</span><span class="lnt">2\n</span></code></pre></td><td class="lntd"><pre tabindex="0" class="chroma"><code class="language-go" data-lang="go"><span class="line"><span class="cl">a := 1\n</span></span><span class="line"><span class="cl">b := 2\n</span></span></code></pre></td></tr></table></div></div>', 'https://b.example/');
    expect(md).toBe('```go\na := 1\nb := 2\n```');
  });
  it('a table of data stays a table', () => {
    expect(htmlToMarkdown('<table><tr><th>k</th><th>v</th></tr><tr><td><em>1</em></td><td>2</td></tr></table>', 'https://b.example/')).toMatch(/^\| k +\| v +\|\n\| -+ \| -+ \|\n\| _1_ \| 2 +\|$/);
  });
  it('blank lines inside code are kept, however many', () => {
    expect(htmlToMarkdown('<pre><code>a\n\n\n\nb</code></pre>', 'https://b.example/')).toBe('```\na\n\n\n\nb\n```');
  });
});

const rss = (items: { title: string; link: string; guid: string; date: string; html: string; categories?: string[]; description?: string }[]) => `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>My blog</title><link>https://blog.example/</link>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.guid}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate>${(i.categories ?? []).map((c) => `<category>${c}</category>`).join('')}<description><![CDATA[${i.description ?? 'An excerpt.'}]]></description><content:encoded><![CDATA[${i.html}]]></content:encoded></item>`).join('\n')}
</channel></rss>`;

function writeFeed(text: string): string {
  const file = path.join(tempDir(), 'feed.xml');
  fs.writeFileSync(file, text);
  return file;
}

const ITEMS = [
  { title: 'Oldest post', link: 'https://blog.example/posts/oldest/', guid: 'g-1', date: '2026-11-01T09:00:00Z', html: '<p>Old.</p>', categories: ['Node.js', 'Web Development'] },
  { title: 'Middle post', link: 'https://blog.example/posts/middle/', guid: 'g-2', date: '2026-11-10T09:00:00Z', html: '<p>Middle.</p>' },
  { title: 'Newest post', link: 'https://blog.example/posts/newest/', guid: 'g-3', date: '2026-11-20T09:00:00Z', html: ARTICLE, categories: ['TypeScript', 'Astro', 'typescript', 'Blogging', 'Tools'] },
];

describe('pulling a feed', () => {
  it('RSS with content:encoded: the first pull writes the newest only, a second pull nothing, --all the rest', async () => {
    const drafts = tempDir();
    const ledger = Ledger.open(dataPaths(tempDir()).ledger);
    const file = writeFeed(rss(ITEMS));
    const first = await pullFeed({ source: file, draftsDir: drafts, ledger, allowFile: true });
    expect(first.written.map((w) => path.basename(w.file))).toEqual(['newest.md']);
    expect(first.left).toBe(2);
    const draft = readDraft(first.written[0]!.file);
    expect(draft.data).toMatchObject({
      title: 'Newest post',
      description: 'An excerpt.',
      tags: ['typescript', 'astro', 'blogging', 'tools'],
      canonical_url: 'https://blog.example/posts/newest/',
      date: '2026-11-20T09:00:00.000Z',
      source: { feed: path.resolve(file), guid: 'g-3' },
    });
    expect(draft.body).toContain('```ts\nconst a = 1;');
    expect((await pullFeed({ source: file, draftsDir: drafts, ledger, allowFile: true })).written).toEqual([]);
    const all = await pullFeed({ source: file, draftsDir: drafts, ledger, allowFile: true, take: { all: true } });
    expect(all.written.map((w) => path.basename(w.file)).sort()).toEqual(['middle.md', 'oldest.md']);
    expect(readDraft(all.written.find((w) => w.file.endsWith('oldest.md'))!.file).data.tags).toEqual(['nodejs', 'webdevelopment']);
    expect((await pullFeed({ source: file, draftsDir: drafts, ledger, allowFile: true, take: { all: true } })).written).toEqual([]);
    expect(fs.readdirSync(drafts).sort()).toEqual(['middle.md', 'newest.md', 'oldest.md']);
    ledger.close();
  });

  it('--since and --last take what they say on a first pull', async () => {
    const file = writeFeed(rss(ITEMS));
    const since = await pullFeed({ source: file, draftsDir: tempDir(), ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true, take: { since: new Date('2026-11-05T00:00:00Z') } });
    expect(since.written.map((w) => w.title)).toEqual(['Middle post', 'Newest post']);
    const last = await pullFeed({ source: file, draftsDir: tempDir(), ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true, take: { last: 2 } });
    expect(last.written.map((w) => w.title)).toEqual(['Middle post', 'Newest post']);
  });

  it('Atom with content, and RSS with only description HTML', async () => {
    const atom = writeFeed(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom blog</title><link href="https://atom.example/"/><id>urn:atom</id><updated>2026-11-20T00:00:00Z</updated>
<entry><title>Atom entry</title><link href="https://atom.example/2026/atom-entry.html"/><id>urn:entry:1</id><updated>2026-11-20T00:00:00Z</updated><category term="Rust"/><summary>Short summary.</summary>
<content type="html">&lt;h2&gt;Heading&lt;/h2&gt;&lt;p&gt;See &lt;a href="../other.html"&gt;the other&lt;/a&gt;.&lt;/p&gt;&lt;pre&gt;&lt;code class="language-rust"&gt;fn main() {}&lt;/code&gt;&lt;/pre&gt;</content></entry></feed>`);
    const a = await pullFeed({ source: atom, draftsDir: tempDir(), ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true });
    const ad = readDraft(a.written[0]!.file);
    expect(path.basename(a.written[0]!.file)).toBe('atom-entry.md');
    expect(ad.data).toMatchObject({ title: 'Atom entry', description: 'Short summary.', tags: ['rust'], canonical_url: 'https://atom.example/2026/atom-entry.html' });
    expect(ad.body).toContain('## Heading');
    expect(ad.body).toContain('[the other](https://atom.example/other.html)');
    expect(ad.body).toContain('```rust\nfn main() {}\n```');

    const plain = writeFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://d.example/</link>
<item><title>Description only</title><link>https://d.example/p/1</link><pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate><description>&lt;p&gt;Only &lt;strong&gt;description&lt;/strong&gt; here, with an &lt;img src="/i.png" alt="pic"&gt;.&lt;/p&gt;</description></item></channel></rss>`);
    const d = await pullFeed({ source: plain, draftsDir: tempDir(), ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true });
    const dd = readDraft(d.written[0]!.file);
    expect(dd.body).toContain('Only **description** here, with an ![pic](https://d.example/i.png).');
    expect(dd.data.source).toEqual({ feed: path.resolve(plain), guid: 'https://d.example/p/1' });
  });

  it('FeedBurner: the canonical URL is the original link, not the redirect; a page of many entries is named by title', async () => {
    const file = writeFeed(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>Testing</title><id>tag:b</id><updated>2017-09-11T00:00:00Z</updated>
<entry><id>tag:b.post-1</id><published>2017-09-11T10:00:00Z</published><updated>2017-09-11T10:00:00Z</updated><title type="text">Code Health</title><content type="html">&lt;img src="pic.png"&gt;&lt;a href="/2017/other.html"&gt;other&lt;/a&gt;</content><link rel="alternate" type="text/html" href="http://feedproxy.google.com/~r/blogspot/RLXA/~3/abc/code-health.html"/><feedburner:origLink>https://testing.example/2017/09/code-health.html</feedburner:origLink></entry>
<entry><id>tag:b.post-0</id><published>2017-09-01T10:00:00Z</published><updated>2017-09-01T10:00:00Z</updated><title>Busy, and soon on vacation</title><content type="html">x</content><link rel="alternate" href="https://testing.example/log/2017/08.html#d10t1234"/></entry></feed>`);
    const pulled = await pullFeed({ source: file, draftsDir: tempDir(), ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true, take: { all: true } });
    const [older, newer] = pulled.written.map((w) => readDraft(w.file));
    expect(newer!.data.canonical_url).toBe('https://testing.example/2017/09/code-health.html');
    expect(newer!.body.trimEnd()).toBe('![](https://testing.example/2017/09/pic.png)[other](https://testing.example/2017/other.html)');
    expect(pulled.written.map((w) => path.basename(w.file))).toEqual(['busy-and-soon-on-vacation.md', 'code-health.md']);
    expect(older!.data.canonical_url).toBe('https://testing.example/log/2017/08.html#d10t1234');
  });

  it('Atom XHTML content keeps its text and elements in order (the XML parser alone reorders them); an XHTML title is text', async () => {
    const file = writeFeed(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Sam's <em>blog</em></div></title><id>urn:s</id><updated>2012-03-05T00:00:00Z</updated>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Hacked</div></title><link href="https://s.example/2012/03/05/Hacked"/><id>urn:s:1</id><updated>2012-03-05T00:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The culprit was a line added to a number of <code>.htaccess</code> files:</p><!-- </entry> in a comment --><pre>RewriteEngine On</pre><p>I removed the <a href="/common.php">common.php</a> file.</p></div></content></entry>
<entry><title>Plain</title><link href="https://s.example/2012/03/01/Plain"/><id>urn:s:0</id><updated>2012-03-01T00:00:00Z</updated><content type="html">&lt;p&gt;&lt;![CDATA[ &lt;/entry&gt; ]]&gt;plain&lt;/p&gt;</content></entry></feed>`);
    const pulled = await pullFeed({ source: file, draftsDir: tempDir(), ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true, take: { all: true } });
    const hacked = readDraft(pulled.written.find((w) => w.title === 'Hacked')!.file);
    expect(hacked.body.trimEnd()).toBe('The culprit was a line added to a number of `.htaccess` files:\n\n```\nRewriteEngine On\n```\n\nI removed the [common.php](https://s.example/common.php) file.');
    expect(pulled.written.map((w) => w.title).sort()).toEqual(['Hacked', 'Plain']);
  });

  it('feed content is data: YAML and front-matter tricks stay text, names stay in the folder, files are never overwritten', async () => {
    const drafts = tempDir();
    fs.writeFileSync(path.join(drafts, 'mine.md'), 'my own draft\n');
    const evil = writeFeed(rss([
      { title: 'Tricky\n---\nplatforms: [x]\npublish_at: 2020-01-01T00:00:00Z', link: 'https://blog.example/../../../etc/passwd', guid: 'e-1', date: '2026-11-21T00:00:00Z', html: '<p>---js\nrequire("child_process")</p>', description: 'title: injected\n---' },
      { title: 'Mine', link: 'https://blog.example/mine', guid: 'e-2', date: '2026-11-20T00:00:00Z', html: '<p>Mine.</p>' },
    ]));
    const r = await pullFeed({ source: evil, draftsDir: drafts, ledger: Ledger.open(dataPaths(tempDir()).ledger), allowFile: true, take: { all: true } });
    for (const w of r.written) expect(path.dirname(w.file)).toBe(drafts);
    expect(fs.readFileSync(path.join(drafts, 'mine.md'), 'utf8')).toBe('my own draft\n');
    expect(r.written.map((w) => path.basename(w.file)).sort()).toEqual(['mine-2.md', 'passwd.md']);
    const tricky = readDraft(path.join(drafts, 'passwd.md'));
    expect(tricky.data.platforms).toBeUndefined();
    expect(tricky.data.publish_at).toBeUndefined();
    expect(String(tricky.data.title)).toContain('platforms: [x]');
    expect(tricky.data.description).toBe('title: injected ---');
    expect(fs.readFileSync(path.join(drafts, 'passwd.md'), 'utf8').startsWith('---\n')).toBe(true);
  });

  it('publish from-feed on the command line: a table, then nothing new; bad flags are input errors', async () => {
    const drafts = tempDir();
    const home = tempDir();
    const file = writeFeed(rss(ITEMS));
    const first = await runCli(['from-feed', file, '--drafts', drafts, '--home', home]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('newest.md');
    expect(first.stdout).toContain('2 older item(s) left alone');
    const again = await runCli(['from-feed', file, '--drafts', drafts, '--home', home, '--json']);
    expect(JSON.parse(again.stdout).written).toEqual([]);
    for (const [args, message] of [
      [['from-feed', file, '--all', '--last', '2'], '--all and --last do not go together'],
      [['from-feed', file, '--since', 'yesterday'], '--since "yesterday" is not a date'],
      [['from-feed', file, '--last', '0'], '--last "0" must be a whole number above 0'],
      [['from-feed', file, '--drafts', path.join(drafts, 'nope')], 'the drafts folder does not exist'],
      [['from-feed'], 'needs your blog\'s feed URL'],
    ] as const) {
      const r = await runCli([...args, '--home', home]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  });
});

describe('syndicate in run-due (against the sandbox)', () => {
  const f = fileSandbox(['devto', 'zenn']);
  it('pulls both items of a blog feed, publishes the due one to dev.to and Zenn with the item link as canonical, and nothing on a second run', async () => {
    const now = new Date();
    const items = [
      { title: 'Syndicated and due', link: 'https://blog.example/posts/due/', guid: 's-1', date: new Date(now.getTime() - 3 * 3_600_000).toISOString(), html: '<p>First published on my blog.</p><pre><code class="language-js">console.log(1)</code></pre>', categories: ['JavaScript'] },
      { title: 'Syndicated later', link: 'https://blog.example/posts/later/', guid: 's-2', date: new Date(now.getTime() - 10 * 60_000).toISOString(), html: '<p>Not yet.</p>', categories: ['JavaScript'] },
    ];
    const xml = rss(items);
    let requests = 0;
    const blog = http.createServer((req, res) => {
      requests++;
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(xml);
    });
    await new Promise<void>((r) => blog.listen(0, '127.0.0.1', () => r()));
    try {
      const feed = `http://127.0.0.1:${(blog.address() as AddressInfo).port}/rss.xml`;
      const drafts = tempDir();
      const home = tempDir();
      const config = f.configFile({ syndicate: [{ feed, to: ['devto', 'zenn'], delay: '1h', all: true }] });
      const first = await runCli(['run-due', '--drafts', drafts, '--config', config, '--home', home, '--now', now.toISOString(), '--json']);
      expect(first.status, first.stderr).toBe(0);
      const report = JSON.parse(first.stdout) as { pulled: { written: string[] }[]; results: { platform: string; state: string; draft: string }[]; later: { draft: string }[] };
      expect(report.pulled[0]!.written.map((w) => path.basename(w)).sort()).toEqual(['due.md', 'later.md']);
      expect(report.results.map((r) => [path.basename(r.draft), r.platform, r.state]).sort()).toEqual([['due.md', 'devto', 'published'], ['due.md', 'zenn', 'published']]);
      expect(report.later.map((l) => path.basename(l.draft))).toEqual(['later.md', 'later.md']);
      const devto = f.sandbox.sites.devto!.posts.filter((p) => p.title === 'Syndicated and due');
      expect(devto).toHaveLength(1);
      expect(devto[0]!.canonicalUrl).toBe('https://blog.example/posts/due/');
      expect(devto[0]!.body).toContain('```js\nconsole.log(1)\n```');
      expect(f.sandbox.sites.zenn!.posts.filter((p) => p.title === 'Syndicated and due')).toHaveLength(1);

      const second = await runCli(['run-due', '--drafts', drafts, '--config', config, '--home', home, '--now', now.toISOString(), '--json']);
      expect(second.status, second.stderr).toBe(0);
      const again = JSON.parse(second.stdout) as { pulled: { written: string[] }[]; results: unknown[] };
      expect(again.pulled[0]!.written).toEqual([]);
      expect(again.results).toEqual([]);
      expect(requests).toBe(2); // the second pull was a conditional GET answered 304
      expect(f.sandbox.sites.devto!.posts.filter((p) => p.title === 'Syndicated and due')).toHaveLength(1);
      expect(fs.readdirSync(drafts).sort()).toEqual(['due.md', 'later.md']);
    } finally {
      await new Promise<void>((r) => blog.close(() => r()));
    }
  });
});
