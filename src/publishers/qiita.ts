/**
 * Qiita. Facts: shared/platforms.md. CodeMirror 6 body (paste text/plain, read back by copying
 * the editor's state); title by placeholder; tags space-separated, at most 5, and the
 * autosuggest takes Enter (so: Escape, then space commits). Buttons by text (classes are hashed).
 */
import { toQiita } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { assertFieldKept, evidenceTrail, fillField, openEditor, publishAndCapture, saveDraftWith, endButton, replaces } from './editor.js';
import { pasteIntoCodeMirror, typeTags } from './flow.js';
import { assertImagesHosted, hostImages, uploadThrough, withHostedImages } from './images.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';

export const QIITA_SELECTORS = {
  /** The body's image control, by its file input's name: Qiita's editor image upload. The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: 'input[type="file"][accept*="image"][aria-label="画像をアップロード"]',
  title: 'input[placeholder="記事タイトル"]',
  tagInput: 'input[placeholder="タグを入力してください。スペース区切りで5つまで入力できます。"]',
  /** UNVERIFIED: the chips of entered tags. */
  tagChip: '[role="group"]:has(button[aria-label^="Remove"])',
  body: '.cm-content',
  publish: '公開する',
  /** A published item's save button (UNVERIFIED: no public source shows the label). */
  update: '更新する',
} as const;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'qiita');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'qiita'));
  v.check(f.title.length <= 255, 'title', f.title, `Qiita titles are at most 255 characters (this has ${f.title.length})`);
  v.check(f.tags.length >= 1 && f.tags.length <= 5, 'tags', f.tags, `Qiita needs 1 to 5 tags (this has ${f.tags.length})`);
  for (const tag of f.tags) v.check(!/\s/.test(tag), 'tags', tag, 'Qiita tags cannot contain spaces (the field splits on them)');
  return { post: { platform: 'qiita', title: f.title, body: toQiita(draft.body), tags: f.tags, fields: f, settings: {} }, violations: v.items, notes: [] };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = QIITA_SELECTORS;
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, 'Qiita', '/drafts/new', page.locator(S.body), page.locator(SIGNED_OUT));
  ctx.log('filling title and tags');
  const title = page.locator(S.title);
  await fillField(ctx, 'Qiita', title, 'title', post.title);
  await typeTags(ctx, 'Qiita', page.locator(S.tagInput), post.tags, 'space', page.locator(S.tagChip));
  if (replaces(ctx, 'body', 'images')) {
    ctx.log('pasting the body');
    const hosted = await hostImages(ctx, post, (image) => uploadThrough(ctx, 'Qiita', page.locator(S.imageUpload), image, (u) => /image|upload/i.test(u.pathname)));
    const landed = await pasteIntoCodeMirror(ctx, 'Qiita', page.locator(S.body), withHostedImages(post, hosted).body);
    await assertImagesHosted(ctx, 'Qiita', landed, hosted, post.images?.length ?? 0);
  }
  await assertFieldKept(ctx, 'Qiita', title, 'title', post.title);
  await evidence.capture('filled', 'filled');
  await evidence.capture('preview', 'previewed'); // Qiita previews side by side with the editor
  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && /^\/[^/]+\/items\/[0-9a-f]{20}\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'Qiita', endButton(ctx, S.publish, S.update), isPost);
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const qiita: Publisher = {
  id: 'qiita',
  name: 'Qiita',
  defaultOrigin: 'https://qiita.com',
  // Images: qiita-image-store; the per-image limit is UNVERIFIED (10 MB assumed; ~100 MB a month).
  limits: { bodyKind: 'markdown', maxTags: 5, minTags: 1, titleMax: 255, images: { upload: true, maxBytes: 10 * 1024 * 1024 } },
  check: { path: '/drafts/new', selectors: { title: QIITA_SELECTORS.title, tagInput: QIITA_SELECTORS.tagInput, body: QIITA_SELECTORS.body, publish: `role=button[name="${QIITA_SELECTORS.publish}"]` } },
  prepare,
  // /<user>/items/<id> is edited at /items/<id>/edit (nouer/qic src/qiitaUrl.js; it may redirect to /drafts/<uuid>/edit).
  editing: { editable: true, page: ({ url }, origin) => { const id = /\/items\/([0-9a-f]+)\/?$/.exec(new URL(url).pathname)?.[1]; return id ? new URL(`/items/${id}/edit`, origin).href : undefined; } },
  publish,
  saveDraft: (ctx) => saveDraftWith(ctx, ctx.page.getByRole('button', { name: '下書き保存', exact: true })),
};
