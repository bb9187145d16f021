/**
 * Bluesky. Facts: shared/platforms.md, from bluesky-social/social-app (read at 63f0d4d3,
 * 2026-08): the web composer is a role=dialog holding Tiptap's `.tiptap.ProseMirror
 * [contenteditable][role=textbox]` with no accessible name (the old `aria-label="Rich-Text
 * Editor"` is gone), placeholder "What's up?"; publish is a `div[role=button]
 * [data-testid=composerPublishBtn]` with aria-disabled while it cannot post; after posting a toast
 * offers a "View" button (not a link) for 3 s that opens `/profile/<did>/post/<rkey>`. 300
 * graphemes; pasted HTML is reduced to its text, one paragraph per line, so paste text/plain.
 */
import type { Locator } from 'playwright';
import { BLUESKY_LIMIT, graphemeCount } from '../draft/short.js';
import type { Draft } from '../draft/types.js';
import { pasteAndPost, shortPost } from './flow.js';
import { clickOn, fillField } from './editor.js';
import { uploadThrough } from './images.js';
import type { PlatformPost, Prepared, PublishContext, PublishOutcome, Publisher } from './types.js';

export const BLUESKY_SELECTORS = {
  /**
   * The composer's editor, by the landmarks that survive redesigns: Tiptap/ProseMirror's own
   * classes with role=textbox, the empty editor's placeholder paragraph, and the old label.
   */
  textbox: [
    '[role="dialog"] .ProseMirror[contenteditable="true"][role="textbox"]',
    '.tiptap[contenteditable="true"]:has(p[data-placeholder])',
    'div[role="textbox"][aria-label="Rich-Text Editor"]',
  ].join(', '),
  publish: '[data-testid="composerPublishBtn"]',
  /** The "Your post was sent" toast's View button (aria-label "View post"). */
  view: 'role=button[name="View post"]',
  /** "Add media to post": adds a hidden file input to <body> and clicks it (a file chooser). */
  media: '[data-testid="openMediaBtn"]',
  /** Each attached image's "Add alt text" button, and the dialog's field and button. */
  altButton: 'role=button[name="Add alt text"]',
  altField: 'role=dialog[name="Add alt text"] >> role=textbox[name="Alt text"]',
  altSave: 'role=dialog[name="Add alt text"] >> role=button[name="Save"]',
  /** Signed out, the home page offers these instead of the composer. */
  signedOut: 'role=button[name=/^(sign in|create account)$/i]',
} as const;

/** The composer's text as posted: one line per paragraph (innerText would double the newlines). */
const composerText = (body: Locator) => body.evaluate((el) => [...el.querySelectorAll('p')].map((p) => (p as HTMLElement).innerText.replace(/\n$/, '')).join('\n'));

function prepare(draft: Draft): Prepared {
  const { fields, v, text } = shortPost(draft, 'bluesky', 'a Bluesky post');
  const n = graphemeCount(text);
  v.check(n <= BLUESKY_LIMIT, 'text', `${text.slice(0, 40)}…`, `Bluesky posts are at most ${BLUESKY_LIMIT} characters (graphemes); this has ${n}. Write a shorter one under bluesky: {text: ...}`);
  return { post: { platform: 'bluesky', title: '', body: text, tags: [], fields, settings: {} }, violations: v.items, notes: [] };
}

/** The images, each picked through the composer's file chooser, then given its alt text. */
async function attach(post: PlatformPost, ctx: PublishContext): Promise<void> {
  const { page } = ctx;
  const S = BLUESKY_SELECTORS;
  for (const [i, image] of (post.images ?? []).entries()) {
    ctx.log(`attaching ${image.src}`);
    const choose = async (file: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), clickOn(ctx, 'Bluesky', page.locator(S.media), 'media button')]);
      await chooser.setFiles(file);
    };
    const url = await uploadThrough(ctx, 'Bluesky', choose, image, (u) => /uploadBlob/i.test(u.pathname));
    ctx.uploads?.save(image.sha256!, url, image.bytes!);
    if (!image.alt) continue;
    await clickOn(ctx, 'Bluesky', page.locator(S.altButton).nth(i), 'alt text button');
    await fillField(ctx, 'Bluesky', page.locator(S.altField), 'alt text field', image.alt);
    await clickOn(ctx, 'Bluesky', page.locator(S.altSave), 'alt text Save button');
  }
}

function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = BLUESKY_SELECTORS;
  return pasteAndPost(ctx, 'Bluesky', {
    path: '/intent/compose',
    editor: page.locator(S.textbox).first(),
    button: page.locator(S.publish),
    view: page.locator(S.view),
    read: composerText,
    signedOut: page.locator(S.signedOut),
    beforePost: () => attach(post, ctx),
    isPostUrl: (u) => /^\/profile\/[^/]+\/post\/\w+\/?$/.test(u.pathname),
  }, post.body);
}

export const bluesky: Publisher = {
  id: 'bluesky',
  name: 'Bluesky',
  defaultOrigin: 'https://bsky.app',
  // Images: up to 4 per post (10 in a gallery); the app re-encodes them as JPEG before upload, so
  // the file's own size matters little: 10 MB assumed (UNVERIFIED).
  limits: { bodyKind: 'text', maxTags: 0, textMax: BLUESKY_LIMIT, images: { upload: true, maxBytes: 10 * 1024 * 1024, most: 4 } },
  check: { path: '/intent/compose', selectors: { textbox: BLUESKY_SELECTORS.textbox, publish: BLUESKY_SELECTORS.publish } },
  prepare,
  // Posts cannot be edited (shared/platforms.md); publish never deletes one.
  editing: { editable: false, why: 'Bluesky posts cannot be edited' },
  publish,
};
