/**
 * Medium. Facts: shared/platforms.md. Its own editor: title `h3[data-testid=editorTitleParagraph]`,
 * body paragraphs `p[data-testid=editorParagraphText]`. A text/html paste updates the story but
 * images in it are ignored, and autosave only starts after one trusted keystroke. Publish ->
 * topics (max 5) -> "Publish now"; success when the URL leaves new-story/edit.
 */
import { escapeAttr, pasteRichWithImages } from './images.js';
import { toPlainMarkdown } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { htmlCounts, renderHtml } from '../draft/render.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { assertFieldKept, clickOn, evidenceTrail, fail, fillField, openEditor, publishAndCapture, reach, endButton, replaces } from './editor.js';
import { typeTags } from './flow.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';

/** 25 MB per image (shared/platforms.md). */
const MEDIUM_IMAGE_MAX = 25 * 1024 * 1024;

export const MEDIUM_SELECTORS = {
  /** The body's image control, by its file input's name: Medium's "+" -> image. The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: 'input[type="file"][accept*="image"][aria-label="Add an image"]',
  title: 'h3[data-testid="editorTitleParagraph"]',
  /** UNVERIFIED: the story's editable (real Medium holds title and paragraphs in one). */
  body: '[contenteditable="true"][role="textbox"]',
  openPublish: 'Publish',
  /** The canonical link: "..." -> More settings -> Advanced Settings (labels UNVERIFIED, third-party scripts). */
  moreOptions: 'More options',
  /** The publish panel's "Story Preview" subtitle (UNVERIFIED: third-party scripts). */
  subtitle: 'input[placeholder="Write a preview subtitle…"]',
  moreSettings: 'More settings',
  originalElsewhere: 'This story was originally published elsewhere',
  canonical: 'input[placeholder="Link to original story"]',
  topic: 'input[placeholder="Add a topic…"]',
  /** UNVERIFIED: the chips of chosen topics. */
  topicChip: '[role="dialog"] [role="group"]',
  publishNow: 'Publish now',
  /** A published story's final button (UNVERIFIED). */
  saveAndPublish: 'Save and publish',
} as const;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'medium');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'medium'));
  v.check(f.tags.length <= 5, 'tags', f.tags, `Medium allows at most 5 topics (this has ${f.tags.length})`);
  const markdown = toPlainMarkdown(draft.body);
  const html = renderHtml(markdown);
  const notes: string[] = [];
  const counts = htmlCounts(html);
  // UNVERIFIED (shared/platforms.md, from third-party scripts): Medium may turn pasted code
  // blocks into plain paragraphs and only make one when ``` is typed. The read-back fails the run
  // if the editor drops them; the writer is told up front either way.
  if (counts.codeBlocks) notes.push(`medium: ${counts.codeBlocks} code block(s): Medium may only keep code blocks typed with \`\`\`; publish checks they arrived and stops if not.`);
  return { post: { platform: 'medium', title: f.title, body: markdown, html, tags: f.tags, fields: f, settings: {} }, violations: v.items, notes };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = MEDIUM_SELECTORS;
  const evidence = evidenceTrail(ctx);
  const body = page.locator(S.body);
  await openEditor(ctx, 'Medium', '/new-story', body, page.locator(SIGNED_OUT));
  ctx.log('typing the title');
  const title = page.locator(S.title);
  await clickOn(ctx, 'Medium', title, 'title');
  await page.keyboard.press('ControlOrMeta+A'); // a published story's title is replaced, not added to
  await page.keyboard.insertText(post.title);
  // Medium has no cover field: the story's first image is its cover (shared/platforms.md), so a
  // cover_image goes in as the first image, through the same image control as the others.
  const cover = post.meta?.cover;
  if (replaces(ctx, 'body', 'images') || (cover && replaces(ctx, 'settings'))) {
    ctx.log('pasting the body as rich text');
    const story = cover ? { ...post, html: `<p><img src="${escapeAttr(cover.src)}" alt=""></p>\n${post.html ?? ''}`, images: [cover, ...(post.images ?? [])] } : post;
    await pasteRichWithImages(ctx, 'Medium', body, story, { input: page.locator(S.imageUpload), isUpload: (u) => /image|upload/i.test(u.pathname), keepsRemote: true, maxBytes: MEDIUM_IMAGE_MAX });
  }
  // One real keystroke, or Medium never autosaves the pasted story.
  await body.press('End');
  if ((await title.innerText()).trim() !== post.title) await fail(ctx, 'Medium', 'EDITOR', 'the title changed after it was typed; nothing was published.');
  await evidence.capture('filled', 'filled');
  ctx.log('publish settings: topics');
  const settings = replaces(ctx, 'settings');
  if (post.meta?.canonical && settings) {
    ctx.log('story settings: canonical link');
    await clickOn(ctx, 'Medium', page.getByRole('button', { name: S.moreOptions, exact: true }), '"..." button');
    await clickOn(ctx, 'Medium', page.getByRole('menuitem', { name: S.moreSettings, exact: true }), 'More settings');
    const elsewhere = page.getByRole('checkbox', { name: S.originalElsewhere });
    await reach(ctx, 'Medium', elsewhere, 'originally-published checkbox');
    await elsewhere.check();
    await fillField(ctx, 'Medium', page.locator(S.canonical), 'canonical link field', post.meta.canonical);
    await assertFieldKept(ctx, 'Medium', page.locator(S.canonical), 'canonical link', post.meta.canonical);
    await clickOn(ctx, 'Medium', page.getByRole('dialog', { name: 'Story settings' }).getByRole('button', { name: 'Save', exact: true }), 'Save button');
  }
  await clickOn(ctx, 'Medium', page.getByRole('button', { name: S.openPublish, exact: true }), 'Publish button');
  if (post.meta?.subtitle && settings) {
    await fillField(ctx, 'Medium', page.locator(S.subtitle), 'preview subtitle', post.meta.subtitle);
    await assertFieldKept(ctx, 'Medium', page.locator(S.subtitle), 'preview subtitle', post.meta.subtitle);
  }
  await typeTags(ctx, 'Medium', page.locator(S.topic), post.tags, 'enter', page.locator(S.topicChip));
  await evidence.capture('preview', 'previewed');
  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && !/new-story|\/edit\b/.test(u.pathname) && /^\/@[^/]+\/[\w-]+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'Medium', endButton(ctx, S.publishNow, S.saveAndPublish), isPost);
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const medium: Publisher = {
  id: 'medium',
  name: 'Medium',
  defaultOrigin: 'https://medium.com',
  limits: { bodyKind: 'html', maxTags: 5, images: { upload: true, maxBytes: MEDIUM_IMAGE_MAX }, settings: ['canonical', 'subtitle', 'cover'] },
  check: { path: '/new-story', selectors: { title: MEDIUM_SELECTORS.title, body: MEDIUM_SELECTORS.body, openPublish: `role=button[name="${MEDIUM_SELECTORS.openPublish}"]` } },
  prepare,
  // /@<user>/<slug>-<12 hex> is edited at /p/<12 hex>/edit (platforms.md: UNVERIFIED).
  editing: { editable: true, page: ({ url }, origin) => { const id = /-([0-9a-f]{8,12})\/?$/.exec(new URL(url).pathname)?.[1]; return id ? new URL(`/p/${id}/edit`, origin).href : undefined; } },
  publish,
};
