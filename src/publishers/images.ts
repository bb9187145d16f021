/**
 * Images through the editors, as a person puts them there: each local file through the editor's
 * own upload control (a file input), reused from the ledger when this account's host already has
 * those bytes; Markdown rewritten to the hosted URLs; in rich editors that drop pasted images,
 * each image inserted in its place between pasted pieces; then read back (count, host, loaded).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright';
import { decodeHTML } from 'entities';
import { clearEditor, pasteHtmlInto } from '../browser/clipboard.js';
import { imageRefs, resolveImage, rewriteImages, type DraftImage } from '../draft/images.js';
import { htmlText } from '../draft/render.js';
import { isHttpUrl } from '../http-url.js';
import { assertReadBack, fail, reach } from './editor.js';
import { pasteRich, richContents, squeeze } from './flow.js';
import type { PlatformPost, PublishContext } from './types.js';
import { waitUntilShown } from '../browser/waits.js';

/**
 * Read-back of a rich editor's images: every `img` has loaded (naturalWidth > 0) from a hosted
 * URL or a remote one the draft gave, within a few seconds; a broken or missing one fails.
 */
export async function assertRichImagesLoaded(ctx: PublishContext, platform: string, body: Locator, expected: number): Promise<void> {
  const ok = await ctx.page
    .waitForFunction(
      ([el, n]) => {
        const imgs = [...(el as HTMLElement).querySelectorAll('img')];
        return imgs.length >= (n as number) && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      [await body.elementHandle(), expected] as const,
      { timeout: 10_000 },
    )
    .then(() => true, () => false);
  if (ok) return;
  const seen = await body.evaluate((el) => [...el.querySelectorAll('img')].map((i) => ({ src: i.getAttribute('src') ?? '', loaded: i.complete && i.naturalWidth > 0 })));
  const broken = seen.filter((i) => !i.loaded).map((i) => i.src);
  await fail(ctx, platform, 'READBACK_MISMATCH', `the editor shows ${seen.length - broken.length} of ${expected} images loaded${broken.length ? ` (not loading: ${broken.join(', ')})` : ''}; nothing was published.`);
}

/** The post with each local image's source replaced by its hosted URL, in the Markdown and the HTML. */
export function withHostedImages(post: PlatformPost, hosted: ReadonlyMap<string, string>): PlatformPost {
  if (hosted.size === 0) return post;
  return { ...post, body: rewriteImages(post.body, hosted), html: post.html === undefined ? undefined : rewriteImages(post.html, hosted) };
}

/** The first http(s) URL in an upload's JSON answer (`{links: [url]}`, `{url}`, nested...). */
function firstUrl(value: unknown): string | undefined {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(firstUrl).find(Boolean);
  if (value && typeof value === 'object') return Object.values(value).map(firstUrl).find(Boolean);
  return undefined;
}

/**
 * Uploads one local image through the editor's own upload control, a file input (as a person
 * picking the file), and returns the URL the platform's host gave it — read from the upload's
 * answer. A refused or failed upload fails the platform naming the image; nothing is published.
 */
export async function uploadThrough(ctx: PublishContext, platform: string, input: Locator | ((file: string) => Promise<void>), image: DraftImage, isUpload: (url: URL) => boolean): Promise<string> {
  const { page } = ctx;
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && isUpload(new URL(r.url())), { timeout: 60_000 });
  answer.catch(() => {});
  if (typeof input === 'function') await input(image.file!);
  else await input.setInputFiles(image.file!);
  let response: import('playwright').Response;
  try {
    response = await answer;
  } catch {
    return fail(ctx, platform, 'EDITOR', `the image ${image.src} was not uploaded: the editor sent no upload within 60s; nothing was published.`);
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (response.status() >= 400) {
    const why = (body as { error?: string; message?: string } | undefined)?.error ?? (body as { message?: string } | undefined)?.message ?? response.statusText();
    return fail(ctx, platform, 'PUBLISH_FAILED', `the image ${image.src} could not be uploaded (HTTP ${response.status()}: ${why}); nothing was published.`,
      'Try again later; if the platform refuses the file, check its size and type.', 'not-published');
  }
  const url = firstUrl(body);
  if (!url) return fail(ctx, platform, 'EDITOR', `the upload of ${image.src} answered without an image URL; nothing was published.`);
  return url;
}

/**
 * The hosted URL of every local image of the post (source as written -> URL): reused from the
 * ledger when these bytes were uploaded to this account before, else uploaded once with `upload`.
 */
export async function hostImages(ctx: PublishContext, post: PlatformPost, upload: (image: DraftImage) => Promise<string>): Promise<Map<string, string>> {
  const hosted = new Map<string, string>();
  const bySha = new Map<string, string>();
  for (const image of (post.images ?? []).filter((i) => i.kind === 'local')) {
    const sha = image.sha256!;
    let url = bySha.get(sha) ?? ctx.uploads?.find(sha);
    if (url) ctx.log(`image ${image.src}: already on the host (${url})`);
    else {
      ctx.log(`uploading image ${image.src}`);
      url = await upload(image);
      ctx.uploads?.save(sha, url, image.bytes!);
    }
    bySha.set(sha, url);
    hosted.set(image.src, url);
  }
  return hosted;
}

/**
 * Read-back of a Markdown body's images: as many as the draft has, and each local one now the
 * platform's hosted URL (a hole where an image was is never published).
 */
export async function assertImagesHosted(ctx: PublishContext, platform: string, landed: string, hosted: ReadonlyMap<string, string>, expected: number): Promise<void> {
  const refs = imageRefs(landed);
  const urls = new Set(hosted.values());
  const missing = [...hosted.values()].filter((u) => !refs.some((r) => r.src === u));
  if (refs.length === expected && missing.length === 0 && refs.every((r) => urls.has(r.src) || isHttpUrl(r.src))) return;
  await fail(ctx, platform, 'READBACK_MISMATCH', `the editor shows ${refs.length} of ${expected} images${missing.length ? ` (missing ${missing.join(', ')})` : ''}; nothing was published.`);
}

/**
 * The rendered HTML cut at each image: HTML pieces to paste and the images between them, in
 * order. An image inside a paragraph closes it before and reopens it after (the text is the same;
 * the read-back compares text without whitespace).
 */
export function splitAtImages(html: string): ({ html: string } | { src: string; alt: string })[] {
  const parts: ({ html: string } | { src: string; alt: string })[] = [];
  const IMG = /<img\b[^>]*?\bsrc="([^"]*)"[^>]*>/gi;
  let last = 0;
  let reopen = '';
  for (const m of html.matchAll(IMG)) {
    let before = reopen + html.slice(last, m.index);
    const open = before.lastIndexOf('<p');
    reopen = open > before.lastIndexOf('</p>') ? '<p>' : '';
    if (reopen) before += '</p>';
    parts.push({ html: before });
    parts.push({ src: decodeHTML(m[1]!), alt: decodeHTML(/\balt="([^"]*)"/i.exec(m[0])?.[1] ?? '') });
    last = m.index + m[0].length;
  }
  parts.push({ html: reopen + html.slice(last) });
  return parts.filter((p) => !('html' in p) || htmlText(p.html).trim() !== '' || /<(pre|hr|table)/i.test(p.html));
}

/**
 * A rich paste with images in place, as a person does it in editors that drop pasted `<img>`
 * (note, Substack, LinkedIn; Medium for local files): paste the HTML up to an image, insert the
 * image through the editor's own image control (a file input), go on. Then read back the text,
 * the elements and every image (loaded, from the host). Remote images are pasted where the editor
 * keeps them (`keepsRemote`), else fetched and uploaded like local ones.
 */
export async function pasteRichWithImages(
  ctx: PublishContext,
  platform: string,
  body: Locator,
  post: PlatformPost,
  control: { input: Locator; isUpload: (url: URL) => boolean; keepsRemote?: boolean; maxBytes: number; /** Reveals the control first (note: "+" -> 画像). */ open?: () => Promise<void> },
): Promise<void> {
  const images = post.images ?? [];
  if (!images.some((i) => i.kind === 'local' || (i.kind === 'remote' && !control.keepsRemote))) return pasteRich(ctx, platform, body, post);
  const { page } = ctx;
  const html = post.html ?? '';
  await reach(ctx, platform, body, 'body');
  await ctx.clipboard.exclusive(() => clearEditor(page, body));
  let placed = 0;
  for (const part of splitAtImages(html)) {
    if ('html' in part) {
      await ctx.clipboard.exclusive(async () => {
        await body.press('ControlOrMeta+End');
        await pasteHtmlInto(page, body, part.html, htmlText(part.html));
      });
      continue;
    }
    const image = images.find((i) => i.src === part.src);
    if (image?.kind === 'remote' && control.keepsRemote) {
      await ctx.clipboard.exclusive(async () => {
        await body.press('ControlOrMeta+End');
        await pasteHtmlInto(page, body, `<p><img src="${escapeAttr(part.src)}" alt="${escapeAttr(part.alt)}"></p>`, '');
      });
    } else {
      const file = image?.kind === 'local' ? image : await downloadImage(ctx, platform, part.src, control.maxBytes);
      await body.press('ControlOrMeta+End');
      ctx.log(`inserting image ${part.src}`);
      await control.open?.();
      const url = await uploadThrough(ctx, platform, control.input, file, control.isUpload);
      if (file.sha256) ctx.uploads?.save(file.sha256, url, file.bytes!);
      await waitUntilShown(page.locator(`img[src="${url.replace(/"/g, '\\"')}"]`), { state: 'attached', timeout: 10_000 }).catch(() => {});
    }
    placed++;
  }
  const text = htmlText(html);
  const got = await richContents(body);
  if (squeeze(got.text) !== squeeze(text)) await assertReadBack(ctx, platform, text, got.text);
  await assertRichImagesLoaded(ctx, platform, body, placed);
}

/** Text made safe for an HTML attribute value in double quotes. */
export const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A remote image fetched (http(s) only, size-limited, checked to be an image) to upload to a host that cannot show it from elsewhere. */
export async function downloadImage(ctx: PublishContext, platform: string, src: string, maxBytes: number): Promise<DraftImage> {
  const bad = (why: string) => fail(ctx, platform, 'EDITOR', `the remote image ${src} could not be re-hosted: ${why}; nothing was published.`, 'The platform does not show images from other sites: put a local copy next to the draft and point the image at it.');
  if (!isHttpUrl(src)) return bad('not an http(s) URL');
  let data: Buffer;
  try {
    const response = await fetch(src, { signal: AbortSignal.timeout(20_000) });
    if (!response.ok) return bad(`HTTP ${response.status}`);
    data = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    return bad((error as Error).message);
  }
  if (data.length > maxBytes) return bad(`it is ${data.length} bytes, over the platform's limit`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-image-'));
  const file = path.join(dir, path.basename(new URL(src).pathname) || 'image');
  fs.writeFileSync(file, data, { mode: 0o600 });
  const image = resolveImage({ alt: '', src: file }, file);
  if (image.problem) return bad(image.problem);
  return image;
}

/**
 * Sets the post's cover through the editor's own control: `open` reveals it (a menu, a button),
 * the file goes into its file input, `confirm` (a crop dialog's save) if there is one, then the
 * editor must show the hosted image. Remote covers are fetched and uploaded like local ones.
 */
export async function uploadCover(
  ctx: PublishContext,
  platform: string,
  cover: DraftImage,
  c: { input: Locator; open?: () => Promise<void>; confirm?: Locator; maxBytes: number; isUpload?: (url: URL) => boolean },
): Promise<string> {
  ctx.log('uploading the cover image');
  const image = cover.kind === 'local' ? cover : await downloadImage(ctx, platform, cover.src, c.maxBytes);
  await c.open?.();
  const url = await uploadThrough(ctx, platform, c.input, image, c.isUpload ?? ((u) => /image|upload/i.test(u.pathname)));
  if (c.confirm) await c.confirm.click({ timeout: 10_000 }).catch(() => fail(ctx, platform, 'EDITOR', 'the cover image\'s crop dialog did not let it be saved; nothing was published.'));
  await waitUntilShown(ctx.page.locator(`img[src="${url.replace(/"/g, '\\"')}"]`), { state: 'attached', timeout: 10_000 })
    .catch(() => fail(ctx, platform, 'EDITOR', 'the cover image was uploaded but the editor does not show it; nothing was published.'));
  return url;
}
