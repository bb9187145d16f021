import { describe, expect, it } from 'vitest';
import { startSandbox, parseFaultSpecs } from '../src/sandbox/server.js';
import { parseFeed } from '../src/feeds/parse.js';

async function withSandbox<T>(fn: (origins: Record<string, string>) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox();
  try {
    return await fn(sandbox.origins);
  } finally {
    await sandbox.close();
  }
}

const login = async (origin: string) => {
  const res = await fetch(`${origin}/enter`, { method: 'POST', body: new URLSearchParams({ username: 'writer', return_to: '/new' }), redirect: 'manual' });
  expect(res.status).toBe(302);
  return res.headers.get('set-cookie')!.split(';')[0]!;
};

describe('sandbox', () => {
  it('gives each platform its own origin', () =>
    withSandbox(async (o) => {
      expect(Object.keys(o)).toEqual(['devto', 'zenn', 'qiita', 'note', 'substack', 'hashnode', 'medium', 'linkedin', 'linkedin-post', 'x', 'bluesky']);
      expect(new Set(Object.values(o).map((u) => new URL(u).port)).size).toBe(11);
    }));

  it("every editor page's inline scripts parse, with every fault that adds a script switched on", async () => {
    const sandbox = await startSandbox();
    try {
      const paths: Record<string, string> = { devto: '/new', zenn: '/articles/new', qiita: '/drafts/new', note: '/new', substack: '/publish/post', hashnode: '/draft/new', medium: '/new-story', linkedin: '/article/new/', 'linkedin-post': '/preload/sharebox/', x: '/compose/post', bluesky: '/intent/compose' };
      for (const [id, origin] of Object.entries(sandbox.origins)) {
        sandbox.setFaults(id, { noise: true, covered: true, captcha: true, pasteDropped: true });
        const cookie = sandbox.sites[id]!.sessionCookie('writer').split(';')[0]!;
        const html = await (await fetch(new URL(paths[id]!, origin), { headers: { cookie } })).text();
        const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
        expect(scripts.length, id).toBeGreaterThanOrEqual(2);
        for (const script of scripts) expect(() => new Function(script), `${id}: ${script.slice(0, 80)}`).not.toThrow();
      }
    } finally {
      await sandbox.close();
    }
  });

  it('dev.to answers a signed-out /new with 200 and no article form, like Forem', () =>
    withSandbox(async (o) => {
      const out = await fetch(`${o.devto}/new`);
      expect(out.status).toBe(200);
      const html = await out.text();
      expect(html).not.toContain('id="article-form"');
      expect(html).toContain('href="/enter');
      // Forem's sign-up page at the same URL: the heading, provider buttons, an email form.
      expect(html).toContain('<h1>Join the DEV Community</h1>');
      expect(html).toContain('Continue with GitHub</button>');
      // Each provider posts its own form; its icon's title leads the button's accessible name.
      expect(html).toContain('<form action="/users/auth/github?state=navbar_basic" method="post"');
      expect(html).toMatch(/<svg[^>]*role="img" aria-labelledby="icon-github"[^>]*><title id="icon-github">github<\/title>/);
      expect(html).toContain('<form action="/users/sign_in" method="post"');
      const cookie = await login(o.devto!);
      const signedIn = await (await fetch(`${o.devto}/new`, { headers: { cookie } })).text();
      expect(signedIn).toContain('id="article-form"'); // the server shell
      expect(signedIn).toContain('editor-v2-');
    }));

  it('Zenn redirects a signed-out editor to /enter', () =>
    withSandbox(async (o) => {
      const res = await fetch(`${o.zenn}/articles/new`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/enter?return_to=%2Farticles%2Fnew');
      const cookie = await login(o.zenn!);
      expect((await fetch(`${o.zenn}/articles/new`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    }));

  it('publishes through the API, serves the article and lists it in the feed with ETag/304', () =>
    withSandbox(async (o) => {
      const cookie = await login(o.devto!);
      const res = await fetch(`${o.devto}/articles`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ article: { title: 'Feed me', body_markdown: '# Hi', tags: ['Go'], published: true } }),
      });
      const { current_state_path } = (await res.json()) as { current_state_path: string };
      expect(current_state_path).toMatch(/^\/writer\/feed-me-\w+$/);
      expect(await (await fetch(o.devto + current_state_path)).text()).toContain('<h1>Feed me</h1>');
      const feed = await fetch(`${o.devto}/feed/writer`);
      const xml = await feed.text();
      expect(xml).toContain(`<link>${o.devto}${current_state_path}</link>`);
      expect(xml).toContain('<category>go</category>');
      expect(xml).toContain('<dc:creator>writer</dc:creator>');
      const again = await fetch(`${o.devto}/feed/writer`, { headers: { 'if-none-match': feed.headers.get('etag')! } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      // Forem refuses the same title within five minutes.
      const dup = await fetch(`${o.devto}/articles`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ article: { title: 'Feed me', body_markdown: 'x', tags: [], published: true } }),
      });
      expect(dup.status).toBe(422);
    }));

  it('injects faults at runtime and from --fault specs', () =>
    withSandbox(async (o) => {
      const cookie = await login(o.zenn!);
      await fetch(`${o.zenn}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ publishError: true }) });
      const res = await fetch(`${o.zenn}/api/articles`, { method: 'POST', headers: { cookie }, body: JSON.stringify({ title: 't', body_markdown: 'b', emoji: '🐱', article_type: 'tech', topic_names: [], published: true }) });
      expect(res.status).toBe(500);
      await fetch(`${o.zenn}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ loggedOut: true }) });
      expect((await fetch(`${o.zenn}/articles/new`, { headers: { cookie }, redirect: 'manual' })).status).toBe(302);
      expect(parseFaultSpecs(['devto=paste-dropped', 'devto=slow-editor', 'zenn=logged-out'])).toEqual({
        devto: { pasteDropped: true, slowEditor: 3000 },
        zenn: { loggedOut: true },
      });
      expect(() => parseFaultSpecs(['devto=explode'])).toThrow(/bad --fault "devto=explode"/);
    }));
});

describe('the newer sandbox platforms', () => {
  it('send a signed-out editor visit to the login page, and serve each feed in its platform\'s format with its posts', async () => {
    const sandbox = await startSandbox();
    try {
      const editors: Record<string, string> = { qiita: '/drafts/new', note: '/new', substack: '/publish/post', hashnode: '/draft/new', medium: '/new-story', linkedin: '/article/new/', 'linkedin-post': '/preload/sharebox/', x: '/compose/post', bluesky: '/intent/compose' };
      for (const [id, editor] of Object.entries(editors)) {
        const res = await fetch(`${sandbox.origins[id]}${editor}`, { redirect: 'manual' });
        expect(res.status, id).toBe(302);
        expect(res.headers.get('location'), id).toBe(`/enter?return_to=${encodeURIComponent(editor)}`);
      }
      const feeds: Record<string, [string, string]> = {
        qiita: ['/writer/feed', 'application/atom+xml'],
        note: ['/writer/rss', 'application/rss+xml'],
        substack: ['/feed', 'application/rss+xml'],
        hashnode: ['/rss.xml', 'application/rss+xml'],
        medium: ['/feed/@writer', 'application/rss+xml'],
        bluesky: ['/profile/writer/rss', 'application/rss+xml'],
      };
      for (const [id, [feedPath, type]] of Object.entries(feeds)) {
        const post = sandbox.sites[id]!.addPost({ slug: 'a-post-1', title: 'A & post', body: '<p>Body</p>', tags: ['one'], description: 'Body', author: 'writer', extra: {}, path: `/writer/a-post-${id}` });
        const res = await fetch(`${sandbox.origins[id]}${feedPath}`);
        expect(res.headers.get('content-type'), id).toContain(type);
        const feed = await parseFeed(await res.text(), id);
        expect(feed.items, id).toHaveLength(1);
        expect(feed.items[0]!.link, id).toBe(post.url); // Medium's ?source=rss is stripped
        expect(Math.abs(Date.parse(feed.items[0]!.published!) - post.publishedAt.getTime()), id).toBeLessThan(1000); // RFC 822 has whole seconds
        if (id !== 'bluesky') expect(feed.items[0]!.title, id).toBe('A & post'); // Bluesky items have no title
      }
    } finally {
      await sandbox.close();
    }
  });
});

describe('the Zenn sandbox preview', () => {
  it('closes each container with its own tag', () =>
    withSandbox(async (o) => {
      const res = await fetch(`${o.zenn}/api/markdown`, { method: 'POST', body: ':::message\nNote\n:::\n\n:::details Title\nHidden\n:::\n' });
      const { html } = (await res.json()) as { html: string };
      expect(html).toMatch(/<aside class="msg">\s*<p>Note<\/p>\s*<\/aside>/);
      expect(html).toMatch(/<details><summary>Title<\/summary>\s*<p>Hidden<\/p>\s*<\/details>/);
    }));
});
