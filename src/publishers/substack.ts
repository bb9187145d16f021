/**
 * Substack. Facts: shared/platforms.md. Tiptap body: pasted Markdown stays literal, so paste
 * HTML. Title textarea placeholder "Title", subtitle "Add a subtitle…" (the draft's
 * description). Publish: Continue (enabled once title and body are filled) -> "Send to everyone
 * now" -> maybe "Publish without buttons" -> the post at /p/<slug>.
 */
import { pasteRichWithImages, uploadCover } from './images.js';
import { toPlainMarkdown } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { renderHtml } from '../draft/render.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { assertFieldKept, draftEditUrl, endButton, evidenceTrail, fillField, openEditor, publishAndCapture, reach, replaces } from './editor.js';

import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';
import { waitUntilShown } from '../browser/waits.js';

/** UNVERIFIED: no public source gives Substack's per-image limit (10 MB assumed). */
const SUBSTACK_IMAGE_MAX = 10 * 1024 * 1024;

export const SUBSTACK_SELECTORS = {
  /** The body's image control, by its file input's name: Substack's toolbar "Image" (leaperone/MultiPost-Extension). The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: 'input[type="file"][accept*="image"][aria-label="Image"]',
  title: 'textarea[placeholder="Title"]',
  subtitle: '[placeholder="Add a subtitle…"]',
  cover: 'input#cover-file',
  body: '.tiptap.ProseMirror',
  continue: 'Continue',
  send: 'Send to everyone now',
  /** A published post's send button (UNVERIFIED). */
  update: 'Update',
  withoutButtons: 'Publish without buttons',
} as const;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'substack');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'substack'));
  const markdown = toPlainMarkdown(draft.body);
  const notes = f.tags.length ? ['substack: posts have no tags; the draft\'s tags are not used there.'] : [];
  return { post: { platform: 'substack', title: f.title, body: markdown, html: renderHtml(markdown), tags: [], fields: f, settings: {} }, violations: v.items, notes };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = SUBSTACK_SELECTORS;
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, 'Substack', '/publish/post?type=newsletter', page.locator(S.body), page.locator(SIGNED_OUT));
  ctx.log('filling title and subtitle');
  const title = page.locator(S.title);
  await fillField(ctx, 'Substack', title, 'title', post.title);
  // The cover / social image: input#cover-file (leaperone/MultiPost-Extension substack.ts).
  if (post.meta?.cover && replaces(ctx, 'settings')) await uploadCover(ctx, 'Substack', post.meta.cover, { input: page.locator(S.cover), maxBytes: SUBSTACK_IMAGE_MAX });
  const subtitle = post.meta?.subtitle;
  if (subtitle) {
    await fillField(ctx, 'Substack', page.locator(S.subtitle), 'subtitle', subtitle);
    await assertFieldKept(ctx, 'Substack', page.locator(S.subtitle), 'subtitle', subtitle);
  }
  if (replaces(ctx, 'body', 'images')) {
    ctx.log('pasting the body as rich text');
    await pasteRichWithImages(ctx, 'Substack', page.locator(S.body), post, { input: page.locator(S.imageUpload), isUpload: (u) => /image|upload/i.test(u.pathname), keepsRemote: false, maxBytes: SUBSTACK_IMAGE_MAX });
  }
  await assertFieldKept(ctx, 'Substack', title, 'title', post.title);
  await evidence.capture('filled', 'filled');
  ctx.log('publish settings');
  const cont = page.getByRole('button', { name: S.continue, exact: true });
  await reach(ctx, 'Substack', cont, 'Continue button');
  await cont.click({ timeout: ctx.editorTimeout }); // waits until Substack enables it
  const send = endButton(ctx, S.send, S.update);
  await waitUntilShown(send, { timeout: ctx.editorTimeout });
  await evidence.capture('preview', 'previewed');
  // The editor's URL names the draft once it is saved: /publish/post/<id>, where the post is edited later.
  const editUrl = await draftEditUrl(ctx, /^\/publish\/post\/\d+\/?$/);
  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && /^\/p\/[\w-]+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'Substack', send, isPost, {
    confirm: page.getByRole('button', { name: S.withoutButtons, exact: true }),
  });
  await evidence.capture('published');
  return { url, evidence: evidence.files, editUrl };
}

export const substack: Publisher = {
  id: 'substack',
  name: 'Substack',
  defaultOrigin: 'https://substack.com',
  limits: { bodyKind: 'html', maxTags: 0, images: { upload: true, maxBytes: SUBSTACK_IMAGE_MAX }, settings: ['subtitle', 'cover'] },
  check: { path: '/publish/post?type=newsletter', selectors: { title: SUBSTACK_SELECTORS.title, subtitle: SUBSTACK_SELECTORS.subtitle, body: SUBSTACK_SELECTORS.body, continue: `role=button[name="${SUBSTACK_SELECTORS.continue}"]` } },
  prepare,
  // The edit page is the editor's own /publish/post/<id>, recorded at publish time.
  editing: { editable: true, page: ({ editUrl }) => editUrl ?? undefined },
  publish,
};
