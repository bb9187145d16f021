/**
 * LinkedIn, both editors. Facts: shared/platforms.md.
 * Articles (`linkedin`): title `textarea#article-editor-headline__textarea`, ProseMirror body
 * `div.ProseMirror[data-test-article-editor-content-textbox]` (paste HTML); Next
 * (`button.article-editor-nav__publish`), then the share dialog's primary action; the article
 * lands at /pulse/<slug>.
 * Posts (`linkedin-post`): the sharebox's Quill editor `.ql-editor[contenteditable]`, button
 * `share-actions__primary-action`; 3,000 characters. Neither has a public feed.
 */
import { pasteRichWithImages, uploadCover } from './images.js';
import { toPlainMarkdown } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { renderHtml } from '../draft/render.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { assertFieldKept, clickOn, evidenceTrail, fillField, openEditor, publishAndCapture, draftEditUrl, replaces } from './editor.js';
import { pasteAndPost, shortPost } from './flow.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';
import { waitUntilShown } from '../browser/waits.js';

/** UNVERIFIED: no public source gives the article editor's per-image limit (10 MB assumed). */
const LINKEDIN_IMAGE_MAX = 10 * 1024 * 1024;

export const LINKEDIN_SELECTORS = {
  /** The article's cover: "Upload from computer" (shared/platforms.md); its file input is UNVERIFIED. */
  cover: 'label:has-text("Upload from computer") input[type="file"], input[type="file"][aria-label="Upload from computer"]',
  /** The body's image control, by its file input's name: LinkedIn's toolbar image button (#media-editor-file-selector__file-input, shared/platforms.md). The name is UNVERIFIED (the cover has a control of its own). */
  imageUpload: '#media-editor-file-selector__file-input, input[type="file"][accept*="image"][aria-label="Add an image"]',
  title: 'textarea.article-editor-headline__textarea, textarea#article-editor-headline__textarea',
  body: 'div.ProseMirror[data-test-article-editor-content-textbox]',
  next: 'button.article-editor-nav__publish',
  /** The share dialog's button; for an article already published it reads "Republish" (UNVERIFIED), the element is the same. */
  sharePublish: '[role="dialog"] button.share-actions__primary-action',
  postEditor: '.ql-editor[contenteditable="true"]',
  postButton: 'button.share-actions__primary-action',
  /** The "Post successful" toast's link to the post. */
  postLink: 'a[href*="/feed/update/"]',
} as const;

const POST_LIMIT = 3000;

function prepareArticle(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'linkedin');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'linkedin'));
  v.check(f.title.length <= 150, 'title', f.title, `LinkedIn article titles are at most 150 characters (this has ${f.title.length})`);
  const markdown = toPlainMarkdown(draft.body);
  return { post: { platform: 'linkedin', title: f.title, body: markdown, html: renderHtml(markdown), tags: [], fields: f, settings: {} }, violations: v.items, notes: [] };
}

async function publishArticle(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = LINKEDIN_SELECTORS;
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, 'LinkedIn', '/article/new/', page.locator(S.body), page.locator(SIGNED_OUT));
  ctx.log('filling the headline');
  const title = page.locator(S.title).first();
  if (post.meta?.cover && replaces(ctx, 'settings')) await uploadCover(ctx, 'LinkedIn', post.meta.cover, { input: page.locator(S.cover).first(), maxBytes: LINKEDIN_IMAGE_MAX });
  await fillField(ctx, 'LinkedIn', title, 'headline', post.title);
  if (replaces(ctx, 'body', 'images')) {
    ctx.log('pasting the body as rich text');
    await pasteRichWithImages(ctx, 'LinkedIn', page.locator(S.body), post, { input: page.locator(S.imageUpload), isUpload: (u) => /image|upload/i.test(u.pathname), keepsRemote: false, maxBytes: LINKEDIN_IMAGE_MAX });
  }
  await assertFieldKept(ctx, 'LinkedIn', title, 'headline', post.title);
  await evidence.capture('filled', 'filled');
  // The editor's URL names the draft once it is saved: /article/edit/<id>/, where it is edited later.
  const editUrl = await draftEditUrl(ctx, /^\/article\/edit\/\d+\/?$/);
  await clickOn(ctx, 'LinkedIn', page.locator(S.next), 'Next button');
  await waitUntilShown(page.locator(S.sharePublish), { timeout: ctx.editorTimeout });
  await evidence.capture('preview', 'previewed');
  ctx.log(ctx.edit ? 'saving the changes (Republish)' : 'publishing');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && /^\/pulse\/[\w-]+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'LinkedIn', page.locator(S.sharePublish), isPost);
  await evidence.capture('published');
  return { url, evidence: evidence.files, editUrl };
}

function preparePost(draft: Draft): Prepared {
  const { fields, v, text } = shortPost(draft, 'linkedin-post', 'a LinkedIn post');
  v.check(text.length <= POST_LIMIT, 'text', `${text.slice(0, 40)}…`, `LinkedIn posts are at most ${POST_LIMIT} characters (this has ${text.length})`);
  return { post: { platform: 'linkedin-post', title: '', body: text, tags: [], fields, settings: {} }, violations: v.items, notes: [] };
}

function publishPost(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = LINKEDIN_SELECTORS;
  return pasteAndPost(ctx, 'LinkedIn', {
    path: '/preload/sharebox/',
    editor: page.locator(S.postEditor),
    button: page.locator(S.postButton),
    link: page.locator(S.postLink),
    isPostUrl: (u) => /^\/feed\/update\/urn:li:activity:\d+\/?$/.test(u.pathname),
  }, post.body);
}

export const linkedin: Publisher = {
  id: 'linkedin',
  name: 'LinkedIn',
  defaultOrigin: 'https://www.linkedin.com',
  limits: { bodyKind: 'html', maxTags: 0, titleMax: 150, images: { upload: true, maxBytes: LINKEDIN_IMAGE_MAX }, settings: ['cover'] },
  check: { path: '/article/new/', selectors: { title: LINKEDIN_SELECTORS.title, body: LINKEDIN_SELECTORS.body, next: LINKEDIN_SELECTORS.next } },
  prepare: prepareArticle,
  // Recorded at publish time from the editor's URL (/article/edit/<id>/).
  editing: { editable: true, page: ({ editUrl }) => editUrl ?? undefined },
  publish: publishArticle,
};

export const linkedinPost: Publisher = {
  id: 'linkedin-post',
  name: 'LinkedIn (post)',
  defaultOrigin: 'https://www.linkedin.com',
  limits: { bodyKind: 'text', maxTags: 0, textMax: POST_LIMIT },
  check: { path: '/preload/sharebox/', selectors: { postEditor: LINKEDIN_SELECTORS.postEditor, postButton: LINKEDIN_SELECTORS.postButton } },
  prepare: preparePost,
  // LinkedIn lets a writer edit a post on the site ("…" -> Edit post); this version does not drive that yet.
  editing: { editable: false, why: 'this version cannot edit LinkedIn posts yet (edit it on the site: "…" -> Edit post)' },
  publish: publishPost,
};
