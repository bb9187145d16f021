/**
 * Post settings (issue 14): canonical URL, cover, series and subtitle set through each editor's
 * own UI where it has a place for them, stored by the platform; what a platform cannot take is
 * said before any browser opens; canonicalNotice ends the post with "Originally published at".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftText, fileSandbox, pngBytes, runCli, tempDir } from './helpers.js';

const f = fileSandbox();
const ALL = ['devto', 'zenn', 'qiita', 'note', 'substack', 'hashnode', 'medium', 'linkedin', 'linkedin-post', 'x', 'bluesky'];

function settingsDraft(dir: string, title: string, canonical = 'https://blog.example/settings-everywhere'): { draft: string; cover: Buffer } {
  fs.mkdirSync(path.join(dir, 'img'), { recursive: true });
  const cover = pngBytes(60, 30, [10, 150, 90]);
  fs.writeFileSync(path.join(dir, 'img', 'cover.png'), cover);
  const draft = path.join(dir, `${title.replace(/\W+/g, '-')}.md`);
  fs.writeFileSync(draft, draftText({ title, tags: ['settings'], description: 'What the post is about, in one line.', canonical_url: canonical, series: 'Publishing everywhere', cover_image: './img/cover.png', zenn: { emoji: '⚙' } }, 'Body text of the post.\n'));
  return { draft, cover };
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as { platform: string; state: string });
const last = (id: string) => f.sandbox.sites[id]!.posts.at(-1)!;
const canonicalOf = async (url: string) => /<link rel="canonical" href="([^"]+)">/.exec(await (await fetch(url)).text())?.[1];

describe('post settings', () => {
  it('each platform with a field stores exactly the draft\'s value; the others were named before the browser opened', async () => {
    const dir = tempDir();
    const { draft, cover } = settingsDraft(dir, 'Settings everywhere');
    const r = await runCli([draft, '--to', ALL.join(','), '--config', f.configFile(), '--home', tempDir(), '--json']);
    expect(r.status, r.stderr).toBe(0);
    // Said up front, before "Opening ...".
    const opening = r.stderr.indexOf('Opening');
    for (const line of [
      'devto: dev.to has no place for description; not set there.',
      'zenn: Zenn has no place for canonical_url, cover_image, series, description; not set there',
      'qiita: Qiita has no place for canonical_url, cover_image, series, description; not set there',
      'note: note has no place for canonical_url, series, description; not set there',
      'substack: Substack has no place for canonical_url, series; not set there',
      'linkedin: LinkedIn has no place for canonical_url, series, description; not set there',
      'medium: Medium has no place for series; not set there',
      'x: X has no place for cover_image, series; not set there.',
      'bluesky: Bluesky has no place for cover_image, series; not set there.',
      'linkedin-post: LinkedIn (post) has no place for cover_image, series; not set there.',
    ]) {
      const at = r.stderr.indexOf(line);
      expect(at, line).toBeGreaterThanOrEqual(0);
      expect(at, `${line} comes before the browser opens`).toBeLessThan(opening);
    }
    const canonical = 'https://blog.example/settings-everywhere';
    // dev.to: cover (the file's bytes, from its host), canonical URL and series.
    const dev = last('devto');
    expect(dev).toMatchObject({ canonicalUrl: canonical, series: 'Publishing everywhere' });
    expect(new URL(dev.coverImage!).origin).toBe(f.sandbox.origins.devto);
    expect(Buffer.from(await (await fetch(dev.coverImage!)).arrayBuffer()).equals(cover)).toBe(true);
    expect(await canonicalOf(dev.url)).toBe(canonical);
    expect(r.stderr).not.toContain('hashnode: Hashnode has no place'); // it takes all four
    expect(lines(r.stdout).map((x) => [x.platform, x.state])).toEqual(ALL.map((id) => [id, 'published']));
    // Short posts without their own text carry the canonical URL in it.
    expect(last('bluesky').extra.fullText).toContain(canonical); // (the stored text shortens the link)
    // Hashnode: cover, subtitle, series and the original article's URL; Substack: subtitle and cover.
    expect(last('hashnode')).toMatchObject({ canonicalUrl: canonical, subtitle: 'What the post is about, in one line.', series: 'Publishing everywhere' });
    expect(await canonicalOf(last('hashnode').url)).toBe(canonical);
    expect(last('substack').subtitle).toBe('What the post is about, in one line.');
    // Medium: the canonical link from its story settings, the subtitle in its story preview.
    expect(last('medium')).toMatchObject({ canonicalUrl: canonical, subtitle: 'What the post is about, in one line.' });
    expect(await canonicalOf(last('medium').url)).toBe(canonical);
    // Medium: the cover is the story's first image.
    const mediumFirst = last('medium').images[0]!;
    expect(new URL(mediumFirst).origin).toBe(f.sandbox.origins.medium);
    expect(Buffer.from(await (await fetch(mediumFirst)).arrayBuffer()).equals(cover)).toBe(true);
    // Covers: note's 見出し画像 (after its crop dialog), Substack, Hashnode, LinkedIn: the file's bytes from each host.
    for (const id of ['note', 'substack', 'hashnode', 'linkedin']) {
      const url = last(id).coverImage;
      expect(url, id).toBeDefined();
      expect(new URL(url!).origin, id).toBe(f.sandbox.origins[id]);
      expect(Buffer.from(await (await fetch(url!)).arrayBuffer()).equals(cover), id).toBe(true);
    }
    // Zenn and Qiita: nothing of it, and no notice without canonicalNotice.
    for (const id of ['zenn', 'qiita']) {
      expect(last(id).body, id).not.toContain('Originally published at');
      expect(await canonicalOf(last(id).url), id).toBeUndefined();
    }
  });

  it('canonicalNotice: true ends the Zenn and Qiita posts with "Originally published at" in their Markdown', async () => {
    const { draft } = settingsDraft(tempDir(), 'With the notice', 'https://blog.example/with-the-notice');
    const r = await runCli([draft, '--to', 'zenn,qiita', '--config', f.configFile({ canonicalNotice: true }), '--home', tempDir(), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('zenn: no canonical field: "Originally published at https://blog.example/with-the-notice" ends the post.');
    for (const id of ['zenn', 'qiita']) expect(last(id).body.trimEnd(), id).toMatch(/\n\nOriginally published at \[https:\/\/blog\.example\/with-the-notice\]\(https:\/\/blog\.example\/with-the-notice\)$/);
  });

  it('a canonical URL dev.to already has on another post: dev.to refuses with its message, exit 1; the others publish', async () => {
    const canonical = 'https://blog.example/only-once';
    const home = tempDir();
    const first = settingsDraft(tempDir(), 'First with this canonical', canonical);
    expect((await runCli([first.draft, '--to', 'devto', '--config', f.configFile(), '--home', home])).status).toBe(0);
    const second = settingsDraft(tempDir(), 'Second with this canonical', canonical);
    const before = f.sandbox.sites.devto!.posts.length;
    const r = await runCli([second.draft, '--to', 'devto,hashnode', '--config', f.configFile(), '--home', home, '--json']);
    expect(r.status).toBe(1);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { platform: string; state: string; error: string | null });
    expect(results.find((x) => x.platform === 'devto')).toMatchObject({ state: 'failed', error: expect.stringMatching(/^dev\.to: the platform refused the post \(HTTP 422: Canonical url has already been taken\); it was not published\./) });
    expect(results.find((x) => x.platform === 'hashnode')).toMatchObject({ state: 'published' });
    expect(f.sandbox.sites.devto!.posts.length).toBe(before);
  });
});
