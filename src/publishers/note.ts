/**
 * note.com. Facts: shared/platforms.md (kwansai724/note-auto-publisher and others). ProseMirror
 * body: paste text/html + text/plain (a plain paste may be dropped when the draft saves);
 * headings collapse to h2/h3. Publish: 公開に進む -> hashtags (Enter each) -> 投稿する -> a
 * completion modal that links the post.
 */
import { pasteRichWithImages, uploadCover } from './images.js';
import { toPlainMarkdown } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { renderHtml } from '../draft/render.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { assertFieldKept, clickOn, endButton, evidenceTrail, fillField, openEditor, publishAndCapture, replaces, saveDraftWith } from './editor.js';
import { typeTags } from './flow.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';

/** UNVERIFIED: no public source gives note's per-image limit (10 MB assumed). */
const NOTE_IMAGE_MAX = 10 * 1024 * 1024;

export const NOTE_SELECTORS = {
  /** 見出し画像: 画像を追加 -> 画像をアップロード -> file input -> the crop dialog's 保存 (drillan/note-mcp insert_image.py). */
  coverButton: 'button[aria-label="画像を追加"]',
  coverMenu: 'role=menuitem[name=/画像をアップロード/]',
  coverInput: '[role="menu"] input[type="file"], input[type="file"][data-cover-input]',
  coverSave: 'role=dialog >> role=button[name="保存"]',
  /** The body's image control, by its file input's name: note's "+" メニューを開く -> 画像 (drillan/note-mcp). The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: 'input[type="file"][accept*="image"][aria-label="画像を追加"]',
  /** The body's "+" menu and its image item (drillan/note-mcp insert_image.py). */
  imageMenu: 'button[aria-label="メニューを開く"]',
  imageMenuItem: '画像',
  title: 'textarea[placeholder="記事タイトル"]',
  body: '[contenteditable="true"][role="textbox"]',
  toPublish: '公開に進む',
  hashtag: 'input[placeholder="ハッシュタグを追加する"]',
  /** UNVERIFIED: the chips of added hashtags. */
  hashtagChip: '[role="group"]:has(button[aria-label^="Remove"])',
  post: '投稿する',
  /** A published note's last button (UNVERIFIED). */
  update: '更新する',
  /** The completion modal: its link to the post, next to the リンクをコピー button. */
  doneLink: '[role="dialog"] a[href*="/n/"]',
} as const;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'note');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'note'));
  const markdown = toPlainMarkdown(draft.body);
  const html = renderHtml(markdown);
  const notes: string[] = [];
  const resized = (html.match(/<h[1456][\s>]/g) ?? []).length;
  if (resized) notes.push(`note: ${resized} heading(s) will show as note's h2/h3 (note has only two heading sizes).`);
  return { post: { platform: 'note', title: f.title, body: markdown, html, tags: f.tags, fields: f, settings: {} }, violations: v.items, notes };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = NOTE_SELECTORS;
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, 'note', '/new', page.locator(S.body), page.locator(SIGNED_OUT));
  ctx.log('filling the title');
  const title = page.locator(S.title);
  if (post.meta?.cover && replaces(ctx, 'settings')) {
    await uploadCover(ctx, 'note', post.meta.cover, {
      open: () => clickOn(ctx, 'note', page.locator(S.coverButton), '画像を追加 button'),
      input: page.locator(S.coverInput).first(),
      confirm: page.locator(S.coverSave),
      maxBytes: NOTE_IMAGE_MAX,
    });
  }
  await fillField(ctx, 'note', title, 'title', post.title);
  if (replaces(ctx, 'body', 'images')) await pasteBody(ctx, post);
  await assertFieldKept(ctx, 'note', title, 'title', post.title);
  await evidence.capture('filled', 'filled');
  ctx.log('publish settings: hashtags');
  await clickOn(ctx, 'note', page.getByRole('button', { name: S.toPublish, exact: true }), '公開に進む button');
  await typeTags(ctx, 'note', page.locator(S.hashtag), post.tags, 'enter', page.locator(S.hashtagChip));
  await evidence.capture('preview', 'previewed');
  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  const isPost = (u: URL) => /^\/[^/]+\/n\/n[0-9a-z]+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'note', endButton(ctx, S.post, S.update), isPost, { link: page.locator(S.doneLink) });
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

async function pasteBody(ctx: PublishContext, post: PlatformPost): Promise<void> {
  const { page } = ctx;
  const S = NOTE_SELECTORS;
  ctx.log('pasting the body as rich text');
  await pasteRichWithImages(ctx, 'note', page.locator(S.body), post, {
    input: page.locator(S.imageUpload),
    // On the empty line at the caret: "+" (メニューを開く) -> 画像, then the file input it adds.
    open: async () => {
      await clickOn(ctx, 'note', page.locator(S.imageMenu), 'メニューを開く button');
      await clickOn(ctx, 'note', page.getByRole('menuitem', { name: S.imageMenuItem, exact: true }), '画像 menu item');
    },
    isUpload: (u) => /image|upload/i.test(u.pathname),
    keepsRemote: false,
    maxBytes: NOTE_IMAGE_MAX,
  });
}

export const note: Publisher = {
  id: 'note',
  name: 'note',
  defaultOrigin: 'https://editor.note.com',
  limits: { bodyKind: 'html', maxTags: 10, images: { upload: true, maxBytes: NOTE_IMAGE_MAX }, settings: ['cover'] },
  check: { path: '/new', selectors: { title: NOTE_SELECTORS.title, body: NOTE_SELECTORS.body, toPublish: `role=button[name="${NOTE_SELECTORS.toPublish}"]` } },
  prepare,
  // note.com/<user>/n/<key> is edited at editor.note.com/notes/<key>/edit/ (platforms.md).
  editing: { editable: true, page: ({ url }, origin) => { const key = /\/n\/(n[0-9a-z]+)\/?$/.exec(new URL(url).pathname)?.[1]; return key ? new URL(`/notes/${key}/edit/`, origin).href : undefined; } },
  publish,
  saveDraft: (ctx) => saveDraftWith(ctx, ctx.page.getByRole('button', { name: '下書き保存', exact: true })),
};
