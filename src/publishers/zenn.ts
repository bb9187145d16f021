/**
 * Zenn. Facts: shared/platforms.md. The web editor is CodeMirror 6: paste text/plain into
 * `.cm-content`, read back with select-all + copy (CM6 renders only visible lines, so the DOM
 * is not the document). No verified selector set exists for the settings (emoji, type,
 * topics): the ones below are the best current guess; `publish doctor --live` reports drift.
 * Front matter rules: zenn-dev/zenn-editor packages/zenn-validator.
 */
import { toZenn } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { Violations, graphemes, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { waitUntilShown } from '../browser/waits.js';
import { askWhilePreviewing, assertFieldKept, clickOn, endButton, evidenceTrail, fail, fillField, openEditor, publishAndCapture, reach, removeAll, replaces, saveDraftWith } from './editor.js';
import { pasteIntoCodeMirror } from './flow.js';
import { assertImagesHosted, hostImages, uploadThrough, withHostedImages } from './images.js';
import type { PlatformPost, Prepared, PublishContext, PublishOutcome, Publisher } from './types.js';

export const ZENN_SELECTORS = {
  /** The body's image control, by its file input's name: Zenn's editor image upload. The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: 'input[type="file"][accept*="image"][aria-label="画像をアップロード"]',
  /** Third-party scripts find the title by a placeholder containing タイトル. */
  title: 'input[placeholder*="タイトル"], textarea[placeholder*="タイトル"]',
  /** CodeMirror 6 content element. */
  body: '.cm-content',
  /** UNVERIFIED: the emoji, type and topic controls of the settings panel. */
  emoji: 'input[aria-label="アイキャッチ絵文字"]',
  typeLabel: { tech: /^Tech/, idea: /^Idea/ },
  topicInput: 'input[placeholder="トピックを入力"]',
  topicRemove: 'button[aria-label$="を削除"]',
  previewTab: 'プレビュー',
  editTab: '編集',
  publish: '公開する',
  /** UNVERIFIED: a published article's save button (no public source shows Zenn's edit page). */
  update: '更新する',
  /** Signed out, the editor redirects to /enter (a login page). */
  signedOut: 'form[action*="/enter"], a[href^="/enter"], button:has-text("ログイン")',
} as const;

const DEFAULT_EMOJI = '📝';

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'zenn');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'zenn'));
  const notes: string[] = [];
  v.check(f.title.length <= 70, 'title', f.title, `Zenn titles are at most 70 characters (this has ${f.title.length})`);
  const emoji = f.raw.emoji === undefined ? DEFAULT_EMOJI : String(f.raw.emoji);
  if (f.raw.emoji === undefined) notes.push(`zenn: no emoji in the front matter; using ${DEFAULT_EMOJI}.`);
  // One code point is one grapheme: ICU's segmenter (about 18 ms to load, before the browser
  // opens) only for sequences (ZWJ, skin tones, flags, keycaps).
  const oneGrapheme = [...emoji].length === 1 || graphemes(emoji).length === 1;
  // Flags (two regional indicators) and keycaps (a digit, U+FE0F, U+20E3) are emoji without being
  // pictographs: Zenn's own check takes both (zenn-editor packages/zenn-cli/src/client/lib/
  // validator.ts, validateEmojiFormat: exactly one match of the emoji-regex package, RGI emoji).
  v.check(oneGrapheme && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(emoji), 'emoji', emoji, 'Zenn needs exactly one emoji');
  const type = f.raw.type === undefined ? 'tech' : String(f.raw.type);
  v.check(type === 'tech' || type === 'idea', 'type', type, 'Zenn article type is "tech" or "idea"');
  v.check(f.tags.length >= 1 && f.tags.length <= 5, 'topics', f.tags, `Zenn needs 1 to 5 topics (this has ${f.tags.length})`);
  for (const topic of f.tags) {
    v.check(/^[\p{Ll}\p{Lo}\p{N}]+$/u.test(topic), 'topics', topic, 'Zenn topics are lowercase, without symbols or spaces');
  }
  if (f.raw.slug !== undefined) {
    const slug = String(f.raw.slug);
    v.check(/^[a-z0-9_-]{12,50}$/.test(slug), 'slug', slug, 'Zenn slugs are 12 to 50 characters of a-z, 0-9, _ and -');
  }
  return {
    post: { platform: 'zenn', title: f.title, body: toZenn(draft.body), tags: f.tags, fields: f, settings: { emoji, type } },
    violations: v.items,
    notes,
  };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = ZENN_SELECTORS;
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, 'Zenn', '/articles/new', page.locator(S.body), page.locator(S.signedOut));

  ctx.log('filling title, emoji, type and topics');
  const title = page.locator(S.title).first();
  await fillField(ctx, 'Zenn', title, 'title', post.title);
  await fillField(ctx, 'Zenn', page.locator(S.emoji), 'emoji field', post.settings.emoji!);
  const type = page.getByRole('radio', { name: S.typeLabel[post.settings.type as 'tech' | 'idea'] });
  await reach(ctx, 'Zenn', type, 'article type');
  await type.check();
  await removeAll(ctx, 'Zenn', page.locator(S.topicRemove), 'topic chip');
  const topicInput = page.locator(S.topicInput);
  for (const topic of post.tags) {
    await fillField(ctx, 'Zenn', topicInput, 'topics field', topic);
    await topicInput.press('Enter');
  }
  const topics = await page.locator(S.topicRemove).count();
  if (topics !== post.tags.length) {
    await fail(ctx, 'Zenn', 'EDITOR', `the topics field shows ${topics} topics instead of ${post.tags.length}; nothing was published.`);
  }

  if (replaces(ctx, 'body', 'images')) {
    ctx.log('pasting the body');
    const hosted = await hostImages(ctx, post, (image) => uploadThrough(ctx, 'Zenn', page.locator(S.imageUpload), image, (u) => /image|upload/i.test(u.pathname)));
    const landed = await pasteIntoCodeMirror(ctx, 'Zenn', page.locator(S.body), withHostedImages(post, hosted).body);
    await assertImagesHosted(ctx, 'Zenn', landed, hosted, post.images?.length ?? 0);
  }
  await assertFieldKept(ctx, 'Zenn', title, 'title', post.title);
  await evidence.capture('filled', 'filled');

  ctx.log('showing the preview');
  await clickOn(ctx, 'Zenn', page.getByRole('tab', { name: S.previewTab }), 'preview tab');
  await waitUntilShown(page.locator('.znc'), { timeout: ctx.editorTimeout });
  await evidence.capture('preview', 'previewed');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && /^\/[^/]+\/articles\/[\w-]+\/?$/.test(u.pathname);
  const byHand = await askWhilePreviewing(ctx, isPost);
  if (byHand) return { url: byHand, evidence: evidence.files };
  await clickOn(ctx, 'Zenn', page.getByRole('tab', { name: S.editTab }), 'edit tab');

  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  const url = await publishAndCapture(ctx, 'Zenn', endButton(ctx, S.publish, S.update), isPost);
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const zenn: Publisher = {
  id: 'zenn',
  name: 'Zenn',
  defaultOrigin: 'https://zenn.dev',
  // 3 MB per image (shared/platforms.md); hosted on storage.googleapis.com/zenn-user-upload.
  limits: { bodyKind: 'markdown', maxTags: 5, minTags: 1, titleMax: 70, images: { upload: true, maxBytes: 3 * 1024 * 1024 } },
  check: { path: '/articles/new', selectors: { title: ZENN_SELECTORS.title, body: ZENN_SELECTORS.body, emoji: ZENN_SELECTORS.emoji, topicInput: ZENN_SELECTORS.topicInput, previewTab: `role=tab[name="${ZENN_SELECTORS.previewTab}"]`, publish: `role=button[name="${ZENN_SELECTORS.publish}"]` }, signedOut: ZENN_SELECTORS.signedOut },
  prepare,
  // The writer's own article: /articles/<slug>/edit (platforms.md; UNVERIFIED in Zenn's docs).
  editing: { editable: true, page: ({ url }, origin) => { const slug = /\/articles\/([\w-]+)\/?$/.exec(new URL(url).pathname)?.[1]; return slug ? new URL(`/articles/${slug}/edit`, origin).href : undefined; } },
  publish,
  saveDraft: (ctx) => saveDraftWith(ctx, ctx.page.getByRole('button', { name: '下書き保存', exact: true })),
};
