/**
 * Images (issue 13): found and checked before any browser opens, uploaded through each editor's
 * own uploader into the platform's host, the Markdown rewritten to the hosted URLs with the
 * draft's alt text, never uploaded twice to one account, read back before publishing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageRefs, resolveImage, rewriteImages } from '../src/draft/images.js';
import { draftText, fileSandbox, pngBytes, runCli, tempDir } from './helpers.js';

const MARKDOWN = ['devto', 'zenn', 'qiita', 'hashnode'];

describe('finding images in a draft', () => {
  it('finds inline, titled, Zenn-width, reference-style and raw <img> images, not those in code', () => {
    const body = [
      '![A diagram](./img/a.png)',
      'text ![With title](img/b.png "The title") more',
      '![Zenn width](/images/c.png =250x)',
      '![Ref][logo]',
      '<img src="./img/d.png" alt="Raw">',
      '```md\n![not an image](./img/code.png)\n```',
      'inline `![nor this](x.png)`',
      '![Remote](https://example.com/e.png)',
      '',
      '[logo]: ./img/logo.png "Logo"',
    ].join('\n');
    expect(imageRefs(body)).toEqual([
      { alt: 'A diagram', src: './img/a.png' },
      { alt: 'With title', src: 'img/b.png' },
      { alt: 'Zenn width', src: '/images/c.png' },
      { alt: 'Ref', src: './img/logo.png' },
      { alt: 'Raw', src: './img/d.png' },
      { alt: 'Remote', src: 'https://example.com/e.png' },
    ]);
    const hosted = new Map([['./img/a.png', 'https://h/1.png'], ['img/b.png', 'https://h/2.png'], ['/images/c.png', 'https://h/3.png'], ['./img/logo.png', 'https://h/4.png'], ['./img/d.png', 'https://h/5.png']]);
    const out = rewriteImages(body, hosted);
    expect(out).toContain('![A diagram](https://h/1.png)');
    expect(out).toContain('![With title](https://h/2.png "The title")');
    expect(out).toContain('![Zenn width](https://h/3.png =250x)');
    expect(out).toContain('[logo]: https://h/4.png "Logo"');
    expect(out).toContain('<img src="https://h/5.png" alt="Raw">');
    expect(out).toContain('![not an image](./img/code.png)'); // code is left alone
  });

  it("resolves zenn-cli's /images/ paths from the folder that holds images/, and checks the bytes", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'articles'));
    fs.mkdirSync(path.join(root, 'images'));
    fs.writeFileSync(path.join(root, 'images', 'c.png'), pngBytes(2, 2));
    fs.writeFileSync(path.join(root, 'images', 'fake.png'), 'not a picture');
    const draft = path.join(root, 'articles', 'post.md');
    const c = resolveImage({ alt: '', src: '/images/c.png' }, draft);
    expect(c).toMatchObject({ kind: 'local', file: path.join(root, 'images', 'c.png'), mime: 'image/png', problem: undefined });
    expect(c.sha256).toBe(crypto.createHash('sha256').update(pngBytes(2, 2)).digest('hex'));
    expect(resolveImage({ alt: '', src: '/images/fake.png' }, draft).problem).toBe('is not a PNG, JPEG, GIF or WebP image');
    expect(resolveImage({ alt: '', src: './gone.png' }, draft).problem).toBe('no such file');
    expect(resolveImage({ alt: '', src: 'https://example.com/x.png' }, draft).kind).toBe('remote');
  });
});

describe('images that cannot go are input errors before any browser', () => {
  const run = (draft: string, to: string) => runCli([draft, '--to', to, '--home', tempDir()]);
  it('a missing image, an image over Zenn\'s 3 MB, a local image where this version cannot upload', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'img'));
    fs.writeFileSync(path.join(dir, 'img', 'big.png'), Buffer.concat([pngBytes(1, 1).subarray(0, 8), crypto.randomBytes(3 * 1024 * 1024 + 100)]));
    fs.writeFileSync(path.join(dir, 'img', 'ok.png'), pngBytes(4, 4));
    const missing = path.join(dir, 'missing.md');
    fs.writeFileSync(missing, draftText({ title: 'Missing', tags: ['a'], zenn: { emoji: '🖼' } }, '![Gone](./img/gone.png)\n'));
    const big = path.join(dir, 'big.md');
    fs.writeFileSync(big, draftText({ title: 'Big', tags: ['a'], zenn: { emoji: '🖼' } }, '![Big](./img/big.png)\n'));
    // LinkedIn posts take no attachments in this version (an input error, so no browser, no site).
    const post = path.join(dir, 'post.md');
    fs.writeFileSync(post, draftText({ title: 'Post', 'linkedin-post': { text: 'Hello', images: ['./img/ok.png'] } }, 'Body\n'));

    const r1 = await run(missing, 'devto,zenn');
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/missing\.md: devto: image = "\.\/img\/gone\.png": no such file \(.*gone\.png\)/);
    expect(r1.stderr).toMatch(/missing\.md: zenn: image = "\.\/img\/gone\.png": no such file/);
    const r2 = await run(big, 'devto,zenn');
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/big\.md: zenn: image = "\.\/img\/big\.png": is 3\.0 MB, over Zenn's 3\.0 MB limit for an image/);
    expect(r2.stderr).not.toMatch(/devto: image/); // dev.to takes 25 MB
    const r3 = await run(post, 'linkedin-post');
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/linkedin-post: image = "\.\/img\/ok\.png": LinkedIn \(post\): this version cannot upload local images there yet/);
    for (const r of [r1, r2, r3]) expect(r.stderr).not.toContain('Opening');
  });
});

describe('uploading through the editors', () => {
  const f = fileSandbox(MARKDOWN);
  const run = async (draft: string, to: string[], home: string) => (await f.run(draft, to, home)).r;

  function writeImages(dir: string) {
    fs.mkdirSync(path.join(dir, 'img'), { recursive: true });
    const files = { diagram: pngBytes(40, 30, [20, 120, 200]), photo: pngBytes(24, 24, [240, 200, 10]) };
    fs.writeFileSync(path.join(dir, 'img', 'diagram.png'), files.diagram);
    fs.writeFileSync(path.join(dir, 'img', 'photo.png'), files.photo);
    return files;
  }

  it('every image of every stored post comes from that platform\'s host, byte for byte; the same image again uploads nothing', async () => {
    const dir = tempDir();
    const files = writeImages(dir);
    const body = '# Pictures\n\n![The pipeline diagram](./img/diagram.png)\n\nSome text.\n\n![A photo](img/photo.png "Title")\n\nThe diagram again: ![Diagram again](./img/diagram.png)\n';
    const draft = path.join(dir, 'pictures.md');
    fs.writeFileSync(draft, draftText({ title: 'Pictures everywhere', tags: ['images'], zenn: { emoji: '🖼' } }, body));
    const home = tempDir();
    const r = await run(draft, MARKDOWN, home);
    for (const id of MARKDOWN) {
      expect(r[id], id).toMatchObject({ state: 'published', error: null });
      const site = f.sandbox.sites[id]!;
      const post = site.posts.at(-1)!;
      expect(post.images, id).toHaveLength(3);
      const want = [files.diagram, files.photo, files.diagram];
      for (const [i, url] of post.images.entries()) {
        expect(new URL(url).origin, `${id}: ${url}`).toBe(site.origin);
        const got = Buffer.from(await (await fetch(url)).arrayBuffer());
        expect(got.equals(want[i]!), `${id}: image ${i} bytes`).toBe(true);
      }
      // Two files, two uploads: the diagram used twice went up once.
      expect(site.uploads.length, id).toBe(2);
      if (id !== 'hashnode') {
        expect(post.body, id).toContain('![The pipeline diagram](');
        expect(post.body, id).toContain('"Title")');
      } else expect(post.body).toMatch(/<img [^>]*alt="The pipeline diagram"/);
    }

    // A second draft with the same image, in the same data directory: nothing is uploaded again.
    const again = path.join(dir, 'again.md');
    fs.writeFileSync(again, draftText({ title: 'The diagram once more', tags: ['images'], zenn: { emoji: '🖼' } }, 'Look: ![Same diagram](./img/diagram.png)\n'));
    const r2 = await run(again, MARKDOWN, home);
    for (const id of MARKDOWN) {
      expect(r2[id], id).toMatchObject({ state: 'published' });
      const site = f.sandbox.sites[id]!;
      expect(site.uploads.length, `${id}: no new upload`).toBe(2);
      expect(site.posts.at(-1)!.images, id).toEqual([site.posts.at(-2)!.images[0]]);
    }
  });

  it('upload-error on Zenn: Zenn fails naming the image and publishes nothing; dev.to publishes', async () => {
    const dir = tempDir();
    writeImages(dir);
    fs.writeFileSync(path.join(dir, 'img', 'fresh.png'), pngBytes(10, 10, [1, 2, 3]));
    const draft = path.join(dir, 'fails.md');
    fs.writeFileSync(draft, draftText({ title: 'Upload refused', tags: ['images'], zenn: { emoji: '🖼' } }, '![Fresh](./img/fresh.png)\n'));
    f.sandbox.setFaults('zenn', { uploadError: true });
    const before = f.sandbox.sites.zenn!.posts.length;
    try {
      const r = await run(draft, ['devto', 'zenn'], tempDir());
      expect(r.zenn!.state).toBe('failed');
      expect(r.zenn!.error).toMatch(/^Zenn: the image \.\/img\/fresh\.png could not be uploaded \(HTTP 500: Upload failed/);
      expect(f.sandbox.sites.zenn!.posts.length).toBe(before);
      expect(r.devto).toMatchObject({ state: 'published' });
    } finally {
      f.sandbox.setFaults('zenn', {});
    }
  });
});
