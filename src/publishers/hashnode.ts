/**
 * Hashnode. Facts: shared/platforms.md (codenameone/CodenameOne
 * scripts/website/syndicate_browser_posts.py, 2026-05). The body is the FIRST contenteditable
 * (a second one is an AI prompt); Markdown pasted as text is converted. Publish opens a dialog:
 * tags in `input#editor-tags` (click the exact suggestion), canonical URL behind
 * `button#republish-canonical`, then the footer's Publish. Success = a redirect to the post.
 */
import { toPlainMarkdown } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { renderHtml } from '../draft/render.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { assertFieldKept, clickOn, evidenceTrail, fillField, openEditor, publishAndCapture, draftEditUrl, replaces } from './editor.js';
import { pasteRich, pickTags } from './flow.js';
import { assertRichImagesLoaded, hostImages, uploadCover, uploadThrough, withHostedImages } from './images.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';
import { waitUntilShown } from '../browser/waits.js';

export const HASHNODE_SELECTORS = {
  /** UNVERIFIED (platforms.md: "exact panel UNVERIFIED"): cover, subtitle and series controls. */
  coverInput: 'input[type="file"][aria-label="Add Cover"]',
  addSubtitle: 'Add Subtitle',
  subtitle: 'input[placeholder="Article Subtitle..."]',
  series: 'input#series-name',
  /** The body's image control, by its file input's name: Hashnode's editor image upload. The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: 'input[type="file"][accept*="image"][aria-label="Upload image"]',
  title: "textarea[placeholder='Article Title...']",
  /** .first(): the body comes first; the AI prompt (also contenteditable) must never get the paste. */
  body: 'div.ProseMirror[contenteditable="true"], div[contenteditable="true"]:not([aria-label*="AI"])',
  openPublish: 'Publish',
  /** A published post's header and sheet buttons (UNVERIFIED). */
  update: 'Update',
  dialog: '[role="dialog"]',
  tags: 'input#editor-tags',
  tagSuggestions: '[role="listbox"]',
  /** UNVERIFIED: the chips of chosen tags. */
  tagChip: '[role="dialog"] [role="group"]',
  canonicalToggle: 'button#republish-canonical',
  canonicalInput: 'input[placeholder="Enter original article URL"]',
} as const;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'hashnode');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'hashnode'));
  v.check(f.tags.length <= 5, 'tags', f.tags, `Hashnode allows at most 5 tags (this has ${f.tags.length})`);
  const markdown = toPlainMarkdown(draft.body);
  return { post: { platform: 'hashnode', title: f.title, body: markdown, html: renderHtml(markdown), tags: f.tags, fields: f, settings: {} }, violations: v.items, notes: [] };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = HASHNODE_SELECTORS;
  const evidence = evidenceTrail(ctx);
  const body = page.locator(S.body).first();
  await openEditor(ctx, 'Hashnode', '/draft/new', body, page.locator(SIGNED_OUT));
  ctx.log('filling the title');
  const title = page.locator(S.title);
  await fillField(ctx, 'Hashnode', title, 'title', post.title);
  const meta = replaces(ctx, 'settings') ? post.meta ?? {} : {};
  if (meta.cover) await uploadCover(ctx, 'Hashnode', meta.cover, { input: page.locator(S.coverInput), maxBytes: 10 * 1024 * 1024 });
  if (meta.subtitle) {
    if (!(await page.locator(S.subtitle).isVisible())) await clickOn(ctx, 'Hashnode', page.getByRole('button', { name: S.addSubtitle, exact: true }), 'Add Subtitle button');
    await fillField(ctx, 'Hashnode', page.locator(S.subtitle), 'subtitle', meta.subtitle);
    await assertFieldKept(ctx, 'Hashnode', page.locator(S.subtitle), 'subtitle', meta.subtitle);
  }
  if (replaces(ctx, 'body', 'images')) {
    ctx.log('pasting the body (Markdown, converted by the editor)');
    const hosted = await hostImages(ctx, post, (image) => uploadThrough(ctx, 'Hashnode', page.locator(S.imageUpload), image, (u) => /image|upload/i.test(u.pathname)));
    await pasteRich(ctx, 'Hashnode', body, withHostedImages(post, hosted), { markdownAsText: true });
    await assertRichImagesLoaded(ctx, 'Hashnode', body, post.images?.length ?? 0);
  }
  await assertFieldKept(ctx, 'Hashnode', title, 'title', post.title);
  await evidence.capture('filled', 'filled');
  ctx.log('publish settings: tags and canonical URL');
  // Drafts live at /draft/<id>; the published post is edited at /edit/<id> (platforms.md; the same id is UNVERIFIED).
  const editUrl = await draftEditUrl(ctx, /^\/draft\/\d+\/?$/, (u) => new URL(u.pathname.replace(/^\/draft\//, '/edit/'), u).href);
  const end = ctx.edit ? S.update : S.openPublish;
  await clickOn(ctx, 'Hashnode', page.getByRole('button', { name: end, exact: true }).first(), `${end} button`);
  const dialog = page.locator(S.dialog).filter({ has: page.locator(S.tags) });
  await waitUntilShown(dialog, { timeout: ctx.editorTimeout });
  await pickTags(ctx, 'Hashnode', dialog.locator(S.tags), page.locator(S.tagSuggestions), post.tags, page.locator(S.tagChip));
  const canonical = meta.canonical;
  if (canonical) {
    if (!(await dialog.locator(S.canonicalInput).isVisible())) await clickOn(ctx, 'Hashnode', dialog.locator(S.canonicalToggle), 'canonical toggle');
    await fillField(ctx, 'Hashnode', dialog.locator(S.canonicalInput), 'canonical URL field', canonical);
    await assertFieldKept(ctx, 'Hashnode', dialog.locator(S.canonicalInput), 'canonical URL', canonical);
  }
  if (meta.series) {
    await fillField(ctx, 'Hashnode', dialog.locator(S.series), 'series field', meta.series);
    await assertFieldKept(ctx, 'Hashnode', dialog.locator(S.series), 'series', meta.series);
  }
  await evidence.capture('preview', 'previewed');
  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  const origin = new URL(ctx.origin).origin;
  const isPost = (u: URL) => u.origin === origin && !/^\/(draft|edit)\b/.test(u.pathname) && /^\/[\w-]+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'Hashnode', dialog.getByRole('button', { name: end, exact: true }), isPost);
  await evidence.capture('published');
  return { url, evidence: evidence.files, editUrl };
}

export const hashnode: Publisher = {
  id: 'hashnode',
  name: 'Hashnode',
  defaultOrigin: 'https://hashnode.com',
  // Images: cdn.hashnode.com; the per-image limit is UNVERIFIED (10 MB assumed).
  limits: { bodyKind: 'markdown', maxTags: 5, images: { upload: true, maxBytes: 10 * 1024 * 1024 }, settings: ['canonical', 'cover', 'subtitle', 'series'] },
  check: { path: '/draft/new', selectors: { title: HASHNODE_SELECTORS.title, body: HASHNODE_SELECTORS.body, openPublish: `role=button[name="${HASHNODE_SELECTORS.openPublish}"]` } },
  prepare,
  // Recorded at publish time from the draft's URL (/draft/<id> -> /edit/<id>).
  editing: { editable: true, page: ({ editUrl }) => editUrl ?? undefined },
  publish,
};
