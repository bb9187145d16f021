/**
 * dev.to (Forem). Facts: shared/platforms.md, from forem/forem app/javascript/article-form/.
 * Body is Markdown in a plain textarea; paste text/plain. Tags are typed one by one and each
 * committed with a comma (fill() would make one tag "a, b").
 */
import { assertImagesHosted, hostImages, uploadThrough, withHostedImages } from './images.js';
import { toDevto } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { clearEditor, pasteInto } from '../browser/clipboard.js';
import { askWhilePreviewing, assertFieldKept, assertReadBack, clickOn, evidenceTrail, fail, fillField, openEditor, publishAndCapture, reach, saveDraftWith } from './editor.js';
import type { PlatformPost, Prepared, PublishContext, PublishOutcome, Publisher } from './types.js';

/** Selectors, from forem/forem (file names in comments). Update here when the site changes. */
export const DEVTO_SELECTORS = {
  /** The live form; the server shell has the same id but no aria-label (packs/articleForm.jsx). */
  form: 'form#article-form[aria-label="Edit post"]',
  /** components/Title.jsx: textarea#article-form-title, aria-label "Post Title". */
  title: 'textarea#article-form-title[aria-label="Post Title"]',
  /** components/TagsField.jsx. */
  tagInput: 'input#tag-input',
  /** Chips are role=group, each with a "Remove <tag>" button (crayons MultiSelectAutocomplete). */
  tagChip: 'form#article-form [role="group"]',
  tagRemove: 'form#article-form button[aria-label^="Remove "]',
  /**
   * components/ImageUploader.jsx: "Upload image" over a hidden multiple file input (image/*,
   * data-max-file-size-mb 25) that posts multipart image[] to /image_uploads -> {links: [url]}.
   */
  imageUpload: 'input#image-upload-field',
  /** components/EditorBody.jsx: textarea#article_body_markdown, aria-label "Post Content". */
  body: 'textarea#article_body_markdown',
  /** components/EditorActions / Tabs: nav "View post modes" with Preview / Edit. */
  modes: 'nav[aria-label="View post modes"]',
  /** Signed out, /new shows a sign-up page with links to /enter (no redirect). */
  signedOut: 'a[href*="/enter"]',
} as const;

const MAX_TAGS = 4;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'devto');
  const v = validateCommon(draft, f, new Violations(draft.displayPath, 'devto'));
  // app/models/article.rb: title length <= 128; tag_list <= 4; tags alphanumeric.
  v.check(f.title.length <= 128, 'title', f.title, `dev.to titles are at most 128 characters (this has ${f.title.length})`);
  v.check(f.tags.length <= MAX_TAGS, 'tags', f.tags, `dev.to allows at most ${MAX_TAGS} tags (this has ${f.tags.length})`);
  for (const tag of f.tags) {
    v.check(/^[a-z0-9]+$/.test(tag), 'tags', tag, 'dev.to tags are lowercase letters and digits only (no spaces, dashes or symbols)');
  }
  const notes: string[] = [];
  for (const [key, value] of [['canonical_url', f.canonicalUrl], ['series', f.series], ['cover_image', f.coverImage]] as const) {
    if (value) notes.push(`dev.to: ${key} is not set by the editor flow yet; set it under "Post options" after publishing.`);
  }
  return {
    post: { platform: 'devto', title: f.title, body: toDevto(draft.body), tags: f.tags, fields: f, settings: {} },
    violations: v.items,
    notes,
  };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = DEVTO_SELECTORS;
  const evidence = evidenceTrail(ctx);
  // Forem restores unsaved text (and, a moment later, tags) from localStorage key
  // `editor-<version>-<url>`; clear it so an old attempt's content cannot creep back in.
  await page.addInitScript(() => {
    if (location.pathname !== '/new') return;
    for (const key of Object.keys(localStorage)) if (key.startsWith('editor-')) localStorage.removeItem(key);
  });
  // Wait for the live form, not the server shell: text typed into the shell is lost.
  await openEditor(ctx, 'dev.to', '/new', page.locator(S.title), page.locator(S.signedOut));

  ctx.log('filling title and tags');
  const title = page.locator(S.title);
  await fillField(ctx, 'dev.to', title, 'title', post.title);
  while ((await page.locator(S.tagRemove).count()) > 0) await clickOn(ctx, 'dev.to', page.locator(S.tagRemove).first(), 'tag chip');
  for (const tag of post.tags) {
    const input = page.locator(S.tagInput);
    await clickOn(ctx, 'dev.to', input, 'tags field');
    await input.pressSequentially(tag);
    await input.press(',');
  }
  // The "Top tags" suggestion list stays open under the tag field while it has focus, over the
  // body (crayons MultiSelectAutocomplete): a person presses Escape. Blur commits typed text,
  // so the tags are checked after the way to the body is clear.
  const body = page.locator(S.body);
  await reach(ctx, 'dev.to', body, 'body');
  const chips = await page.locator(S.tagChip).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  if (chips.join(',') !== post.tags.join(',')) {
    await fail(ctx, 'dev.to', 'EDITOR', `the tags field shows [${chips.join(', ')}] instead of [${post.tags.join(', ')}]; nothing was published.`);
  }

  const hosted = await hostImages(ctx, post, (image) => uploadThrough(ctx, 'dev.to', page.locator(S.imageUpload), image, (u) => u.pathname.endsWith('/image_uploads')));
  const markdown = withHostedImages(post, hosted).body;

  ctx.log('pasting the body');
  await reach(ctx, 'dev.to', body, 'body');
  const landed = await ctx.clipboard.exclusive(async (io) => {
    await clearEditor(page, body);
    await pasteInto(page, body, markdown, io);
    return body.inputValue();
  });
  await assertReadBack(ctx, 'dev.to', markdown, landed);
  await assertImagesHosted(ctx, 'dev.to', landed, hosted, post.images?.length ?? 0);
  await assertFieldKept(ctx, 'dev.to', title, 'title', post.title);
  await evidence.capture('filled', 'filled');

  ctx.log('showing the preview');
  const modes = page.locator(S.modes);
  await clickOn(ctx, 'dev.to', modes.getByRole('button', { name: 'Preview', exact: true }), 'Preview button');
  await page.getByRole('heading', { name: post.title }).first().waitFor({ timeout: ctx.editorTimeout });
  await evidence.capture('preview', 'previewed');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && /^\/[^/]+\/[^/]+\/?$/.test(u.pathname) && !u.pathname.startsWith('/new');
  const byHand = await askWhilePreviewing(ctx, isPost);
  if (byHand) return { url: byHand, evidence: evidence.files };
  await clickOn(ctx, 'dev.to', modes.getByRole('button', { name: 'Edit', exact: true }), 'Edit button');
  await assertReadBack(ctx, 'dev.to', markdown, await page.locator(S.body).inputValue());

  ctx.log('publishing');
  // Forem saves with POST /articles or PUT /articles/<id>, then location.replace(current_state_path)
  // (app/javascript/article-form/actions.js, submitArticle; older versions used /api/articles).
  const url = await publishAndCapture(ctx, 'dev.to', page.getByRole('button', { name: 'Publish', exact: true }), isPost, {
    isPublishRequest: (method, u) => method !== 'GET' && /^\/(api\/)?articles(\/\d+)?$/.test(u.pathname),
  });
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const devto: Publisher = {
  id: 'devto',
  name: 'dev.to',
  defaultOrigin: 'https://dev.to',
  limits: { bodyKind: 'markdown', maxTags: MAX_TAGS, titleMax: 128, images: { upload: true, maxBytes: 25 * 1024 * 1024 } },
  check: { path: '/new', selectors: { form: DEVTO_SELECTORS.form, title: DEVTO_SELECTORS.title, tagInput: DEVTO_SELECTORS.tagInput, body: DEVTO_SELECTORS.body, modes: DEVTO_SELECTORS.modes, publish: 'role=button[name="Publish"]', saveDraft: 'role=button[name="Save draft"]' }, signedOut: DEVTO_SELECTORS.signedOut },
  prepare,
  publish,
  saveDraft: (ctx) => saveDraftWith(ctx, ctx.page.getByRole('button', { name: 'Save draft', exact: true })),
};
