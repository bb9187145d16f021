/**
 * X. Facts: shared/platforms.md. The composer is Draft.js (`div[data-testid=tweetTextarea_0]`,
 * more boxes via `addButton` for a thread); its model only takes input it sees, and one insert
 * holding "://" or a newline can be dropped, so text goes in as pieces with Enter for newlines.
 * 280 weighted characters per post (URLs 23; see draft/short.ts). No public feed.
 */
import { X_LIMIT, splitThread, xLength } from '../draft/short.js';
import type { Draft } from '../draft/types.js';
import { assertReadBack, clickOn, evidenceTrail, openEditor, publishAndCapture } from './editor.js';
import { insertInPieces, shortPost } from './flow.js';
import { uploadThrough } from './images.js';
import { platformBlock } from '../draft/fields.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';

export const X_SELECTORS = {
  box: (i: number) => `[data-testid="tweetTextarea_${i}"]`,
  add: '[data-testid="addButton"]',
  post: '[data-testid="tweetButton"]',
  /** The "Your post was sent" toast's View link. */
  sent: 'a[href*="/status/"]',
  /** The composer's file input (up to 4 images; shared/platforms.md). */
  fileInput: 'input[data-testid="fileInput"]',
} as const;

const MAX_POSTS = 25;

/** True when the platform block's images carry alt text. */
const imageAlts = (draft: Draft, id: string) => {
  const list = platformBlock(draft, id).images;
  return Array.isArray(list) && list.some((i) => i && typeof i === 'object' && (i as { alt?: unknown }).alt);
};

function prepare(draft: Draft): Prepared {
  const { fields: f, v, text } = shortPost(draft, 'x', 'an X post');
  const thread = splitThread(text, X_LIMIT, xLength);
  v.check(thread.length <= MAX_POSTS, 'text', `${text.slice(0, 40)}…`, `this text makes a thread of ${thread.length} posts; X threads here are at most ${MAX_POSTS}`);
  const notes = thread.length > 1 ? [`x: the text is ${xLength(text)} weighted characters; it goes out as a thread of ${thread.length} posts.`] : [];
  if (imageAlts(draft, 'x')) notes.push('x: alt text is not set on X images in this version (the composer\'s "Add description"); the images go without it.');
  return { post: { platform: 'x', title: '', body: text, thread, tags: [], fields: f, settings: {} }, violations: v.items, notes };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = X_SELECTORS;
  const evidence = evidenceTrail(ctx);
  const thread = post.thread ?? [post.body];
  await openEditor(ctx, 'X', '/compose/post', page.locator(S.box(0)), page.locator(SIGNED_OUT));
  ctx.log(`typing ${thread.length} post(s)`);
  for (const [i, text] of thread.entries()) {
    if (i > 0) await clickOn(ctx, 'X', page.locator(S.add), 'add-post button');
    const box = page.locator(S.box(i));
    await insertInPieces(ctx, box, text);
    await assertReadBack(ctx, 'X', text, await box.innerText());
  }
  // The images go with the first post of the thread, one file at a time through the composer's input.
  for (const image of post.images ?? []) {
    ctx.log(`attaching ${image.src}`);
    const url = await uploadThrough(ctx, 'X', page.locator(S.fileInput), image, (u) => /upload/i.test(u.pathname));
    ctx.uploads?.save(image.sha256!, url, image.bytes!);
  }
  await evidence.capture('filled', 'filled');
  ctx.step('previewed'); // the composer is its own preview
  ctx.log('posting');
  const isPost = (u: URL) => /^\/[^/]+\/status\/\d+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'X', page.locator(S.post), isPost, { link: page.locator(S.sent) });
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const x: Publisher = {
  id: 'x',
  name: 'X',
  defaultOrigin: 'https://x.com',
  // Images: up to 4, 5 MB each (X's documented photo limit; UNVERIFIED for the web composer).
  limits: { bodyKind: 'text', maxTags: 0, textMax: X_LIMIT, images: { upload: true, maxBytes: 5 * 1024 * 1024, most: 4 } },
  check: { path: '/compose/post', selectors: { box: X_SELECTORS.box(0), add: X_SELECTORS.add, post: X_SELECTORS.post } },
  prepare,
  // Posts cannot be edited in general (shared/platforms.md); publish never deletes one.
  editing: { editable: false, why: 'X posts cannot be edited' },
  publish,
};
