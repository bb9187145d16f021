/**
 * The nine newer platforms end to end: headed Chromium under this process's Xvfb, the real X
 * clipboard (text/html included), the sandbox's real editor libraries. One happy run to all of
 * them at once, then one injected fault each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { X_LIMIT, xLength } from '../src/draft/short.js';
import { draftText, exampleDraft, fileSandbox, tempDir, writeDraft } from './helpers.js';

const NEW_PLATFORMS = ['qiita', 'note', 'substack', 'hashnode', 'medium', 'linkedin', 'linkedin-post', 'x', 'bluesky'];
const RICH = ['note', 'substack', 'hashnode', 'medium', 'linkedin'];

const f = fileSandbox(NEW_PLATFORMS);
const run = async (draft: string, to = NEW_PLATFORMS) => (await f.run(draft, to)).r;
const lastPost = (id: string) => f.sandbox.sites[id]!.posts.at(-1)!;
const visibleText = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe('the newer platforms in the sandbox', () => {
  it('publishes the example to all nine at once, each in what its editor takes', async () => {
    const before = Object.fromEntries(NEW_PLATFORMS.map((id) => [id, f.sandbox.sites[id]!.posts.length]));
    const r = await run(exampleDraft);
    for (const id of NEW_PLATFORMS) {
      expect(r[id], id).toMatchObject({ state: 'published', error: null });
      expect(f.sandbox.sites[id]!.posts.length, id).toBe(before[id]! + 1);
      expect(r[id]!.url).toBe(lastPost(id).url);
    }
    // Markdown editors get the platform's dialect.
    expect(lastPost('qiita')).toMatchObject({ title: 'Publishing one Markdown draft everywhere', tags: ['markdown', 'automation', 'playwright'] });
    expect(lastPost('qiita').body).toContain(':::note info\nOn dev.to this note');
    expect(lastPost('qiita').body).toContain('<details><summary>What about embeds?</summary>');
    // Rich-text editors hold elements, not literal Markdown: a heading, a code block, a bullet list, a link.
    for (const id of RICH) {
      const html = lastPost(id).body;
      expect(html, id).toMatch(/<h[2-4][^>]*>(<[^>]+>)*Where it goes/);
      expect(html, id).toMatch(/<pre[^>]*>(<[^>]+>)*import \{ publishDraft \}/);
      // (Tiptap's link extension may turn "dev.to" into a link by itself: tags are allowed around it.)
      expect(html, id).toMatch(/<ul[^>]*>\s*<li[^>]*>(<[^>]+>)*dev\.to(<[^>]+>)*, Zenn, Qiita and Hashnode take Markdown/);
      expect(html, id).toMatch(/<a [^>]*href="https:\/\/playwright\.dev\/?"/);
      expect(visibleText(html), id).not.toMatch(/```|^#+ |\]\(http/m);
    }
    expect(lastPost('note').body).not.toMatch(/<h1|<h4/); // note's two heading sizes
    expect(lastPost('note').body).toMatch(/<h2[^>]*>Why one draft/);
    // The example's local image arrives on every article platform, from that platform's own host,
    // byte for byte (rich editors drop pasted <img>: it went in through their image control).
    const png = fs.readFileSync(path.join(path.dirname(exampleDraft), 'images', 'pipeline.png'));
    for (const id of ['qiita', ...RICH]) {
      const images = lastPost(id).images;
      expect(images, id).toHaveLength(1);
      expect(new URL(images[0]!).origin, id).toBe(f.sandbox.origins[id]);
      expect(Buffer.from(await (await fetch(images[0]!)).arrayBuffer()).equals(png), id).toBe(true);
    }
    // X and Bluesky carry the block's listed image, from their own hosts; Bluesky with its alt text.
    for (const id of ['x', 'bluesky']) {
      expect(lastPost(id).images, id).toHaveLength(1);
      expect(new URL(lastPost(id).images[0]!).origin, id).toBe(f.sandbox.origins[id]);
      expect(Buffer.from(await (await fetch(lastPost(id).images[0]!)).arrayBuffer()).equals(png), id).toBe(true);
    }
    expect(lastPost('bluesky').extra.media).toEqual([{ url: lastPost('bluesky').images[0], alt: 'The pipeline: a draft, publish, then every platform' }]);
    // Short-form posts: the derived text, as typed or pasted.
    const short = 'Publishing one Markdown draft everywhere\n\nA small tour of what publish does with a draft.';
    expect(lastPost('bluesky').body).toBe(short);
    expect(lastPost('linkedin-post').body).toBe(short);
    expect(lastPost('x').extra.thread).toEqual([short]);
  });

  it('one fault each: dropped pastes, logged out and refused posts fail clearly and publish nothing; a slow editor is waited for', async () => {
    const faults: Record<string, Record<string, unknown>> = {
      qiita: { pasteDropped: true },
      note: { publishError: true },
      substack: { loggedOut: true },
      hashnode: { slowEditor: 2500 },
      medium: { pasteDropped: true },
      linkedin: { publishError: true },
      'linkedin-post': { pasteDropped: true },
      x: { pasteDropped: true },
      bluesky: { loggedOut: true },
    };
    for (const [id, fault] of Object.entries(faults)) f.sandbox.setFaults(id, fault);
    const before = Object.fromEntries(NEW_PLATFORMS.map((id) => [id, f.sandbox.sites[id]!.posts.length]));
    try {
      const r = await run(writeDraft(tempDir(), 'faults.md', draftText({ title: 'Faults everywhere', tags: ['testing'], description: 'Short.' }, '## Part\n\n- one\n- two\n\nText with a [link](https://example.com).\n')));
      const expectations: Record<string, RegExp | null> = {
        qiita: /Qiita: the editor holds 0 of \d+ characters after paste/,
        note: /note: the platform refused the post \(HTTP 500: Something went wrong on note/,
        substack: /Substack: not logged in/,
        hashnode: null,
        medium: /Medium: the editor holds 0 of \d+ characters after paste/,
        linkedin: /LinkedIn: the platform refused the post \(HTTP 500/,
        'linkedin-post': /LinkedIn: the editor holds 0 of \d+ characters after paste/,
        x: /X: the editor holds 0 of \d+ characters after paste/,
        bluesky: /Bluesky: not logged in/,
      };
      for (const [id, pattern] of Object.entries(expectations)) {
        if (pattern === null) {
          expect(r[id], id).toMatchObject({ state: 'published' });
          expect(f.sandbox.sites[id]!.posts.length).toBe(before[id]! + 1);
          continue;
        }
        expect(r[id]!.state, id).toBe('failed');
        expect(r[id]!.error, id).toMatch(pattern);
        expect(r[id]!.error, id).toMatch(/Screenshot: \S+\.jpg/);
        expect(f.sandbox.sites[id]!.posts.length, `${id}: nothing published`).toBe(before[id]!);
      }
    } finally {
      for (const id of Object.keys(faults)) f.sandbox.setFaults(id, {});
    }
  });

  it('X: a 1,000-character text goes out as a thread, every post within the weighted limit', async () => {
    const sentence = 'Publishing from one draft keeps every platform in step, and https://example.com/a-long-link-that-counts-as-23 shows how links count. ';
    const text = sentence.repeat(8).slice(0, 1000);
    const r = await run(writeDraft(tempDir(), 'thread.md', draftText({ title: 'A thread', x: { text } })), ['x']);
    expect(r.x).toMatchObject({ state: 'published' });
    const thread = lastPost('x').extra.thread as string[];
    expect(thread.length).toBeGreaterThanOrEqual(4);
    for (const post of thread) expect(xLength(post)).toBeLessThanOrEqual(X_LIMIT);
    expect(thread.join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' ')); // nothing lost or reordered
  });
});
