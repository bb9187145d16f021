/**
 * dev.to (Forem). Facts: shared/platforms.md, from forem/forem app/javascript/article-form/.
 * Body is Markdown in a plain textarea; paste text/plain. Tags are typed one by one and each
 * committed with a comma (fill() would make one tag "a, b").
 */
import { assertImagesHosted, downloadImage, hostImages, uploadThrough, withHostedImages } from './images.js';
import { toDevto } from '../draft/dialect.js';
import { fieldsFor } from '../draft/fields.js';
import { Violations, validateCommon } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { pasteInto } from '../browser/clipboard.js';
import { waitUntilShown } from '../browser/waits.js';
import { askWhilePreviewing, assertFieldKept, assertReadBack, clickOn, endButton, evidenceTrail, fail, fillField, openEditor, publishAndCapture, reach, removeAll, replaces, saveDraftWith } from './editor.js';
import type { PlatformPost, PostSettings, Prepared, PublishContext, PublishOutcome, Publisher } from './types.js';

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
  /** components/ArticleCoverImage.jsx: the cover's file input (image/*, 25 MB), and the cover once uploaded. */
  coverInput: 'input#cover-image-input',
  coverImage: 'img.crayons-article-form__cover__image',
  /** components/Options.jsx: the cog "Advanced Post options" and its modal "Advanced Post Options". */
  optionsButton: 'button#post-options-btn',
  optionsDialog: 'role=dialog[name="Advanced Post Options"]',
  canonical: 'input#canonicalUrl',
  /** components/SeriesSelector.jsx: "Create new series" -> input#new-series-name -> "Create series". */
  newSeries: 'input#new-series-name',
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
  return {
    post: { platform: 'devto', title: f.title, body: toDevto(draft.body), tags: f.tags, fields: f, settings: {} },
    violations: v.items,
    notes,
  };
}

/**
 * The cover, canonical URL and series, through the editor's own controls: the cover's file input,
 * then the "Advanced Post Options" modal (canonical URL field; series picked, or created, then
 * "Currently selected: <name>"), each read back before "Done". dev.to has no subtitle: the draft's
 * description is front matter only there (the run said so before the browser opened).
 */
async function settings(ctx: PublishContext, meta: PostSettings): Promise<void> {
  const { page } = ctx;
  const S = DEVTO_SELECTORS;
  if (meta.cover) {
    ctx.log('uploading the cover image');
    const image = meta.cover.kind === 'local' ? meta.cover : await downloadImage(ctx, 'dev.to', meta.cover.src, 25 * 1024 * 1024);
    await uploadThrough(ctx, 'dev.to', page.locator(S.coverInput), image, (u) => u.pathname.endsWith('/image_uploads'));
    await waitUntilShown(page.locator(S.coverImage), { timeout: 10_000 }).catch(() => fail(ctx, 'dev.to', 'EDITOR', 'the cover image was uploaded but the editor does not show it; nothing was published.'));
  }
  if (!meta.canonical && !meta.series) return;
  ctx.log('post options: canonical URL and series');
  await clickOn(ctx, 'dev.to', page.locator(S.optionsButton), 'Advanced Post options button');
  const dialog = page.locator(S.optionsDialog);
  if (meta.canonical) {
    await fillField(ctx, 'dev.to', dialog.locator(S.canonical), 'canonical URL field', meta.canonical);
    if ((await dialog.locator(S.canonical).inputValue()) !== meta.canonical) await fail(ctx, 'dev.to', 'EDITOR', 'the canonical URL field does not hold the URL after typing it; nothing was published.');
  }
  // A published post's options already show its series: keep it if it is the one, else remove it first.
  const current = dialog.getByText(/^Currently selected: /);
  if (meta.series && (await current.count()) && (await current.innerText()).trim() !== `Currently selected: ${meta.series}`) {
    await clickOn(ctx, 'dev.to', dialog.getByRole('button', { name: 'Remove series', exact: true }), 'Remove series button');
  }
  if (meta.series && !(await dialog.getByText(`Currently selected: ${meta.series}`, { exact: true }).count())) {
    const existing = dialog.getByRole('button', { name: meta.series, exact: true });
    if (await existing.count()) await clickOn(ctx, 'dev.to', existing, `series "${meta.series}"`);
    else {
      await clickOn(ctx, 'dev.to', dialog.getByRole('button', { name: 'Create new series', exact: true }), 'Create new series button');
      await fillField(ctx, 'dev.to', dialog.locator(S.newSeries), 'series name field', meta.series);
      await clickOn(ctx, 'dev.to', dialog.getByRole('button', { name: 'Create series', exact: true }), 'Create series button');
    }
    const chosen = dialog.getByText(`Currently selected: ${meta.series}`, { exact: true });
    await chosen.waitFor({ timeout: 5000 }).catch(() => fail(ctx, 'dev.to', 'EDITOR', `the series "${meta.series}" was not selected in Advanced Post Options; nothing was published.`));
  }
  await clickOn(ctx, 'dev.to', dialog.getByRole('button', { name: 'Done', exact: true }), 'Done button');
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = DEVTO_SELECTORS;
  const evidence = evidenceTrail(ctx);
  // Forem restores unsaved text (and, a moment later, tags) from localStorage key
  // `editor-<version>-<url>`; clear it so an old attempt's content cannot creep back in.
  await page.addInitScript(() => {
    if (location.pathname !== '/new' && !location.pathname.endsWith('/edit')) return;
    for (const key of Object.keys(localStorage)) if (key.startsWith('editor-')) localStorage.removeItem(key);
  });
  // Wait for the live form, not the server shell: text typed into the shell is lost.
  await openEditor(ctx, 'dev.to', '/new', page.locator(S.title), page.locator(S.signedOut));

  ctx.log('filling title and tags');
  const title = page.locator(S.title);
  await fillField(ctx, 'dev.to', title, 'title', post.title);
  await removeAll(ctx, 'dev.to', page.locator(S.tagRemove), 'tag chip');
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

  if (post.meta && replaces(ctx, 'settings')) await settings(ctx, post.meta);

  // --update with the body unchanged: the editor keeps what the post holds.
  let markdown = replaces(ctx, 'body', 'images') ? '' : await body.inputValue();
  if (replaces(ctx, 'body', 'images')) {
    const hosted = await hostImages(ctx, post, (image) => uploadThrough(ctx, 'dev.to', page.locator(S.imageUpload), image, (u) => u.pathname.endsWith('/image_uploads')));
    markdown = withHostedImages(post, hosted).body;
    ctx.log('pasting the body');
    const landed = await ctx.clipboard.exclusive(async (io) => {
      await pasteInto(page, body, markdown, io, () => clickOn(ctx, 'dev.to', body, 'body'));
      return body.inputValue();
    });
    await assertReadBack(ctx, 'dev.to', markdown, landed);
    await assertImagesHosted(ctx, 'dev.to', landed, hosted, post.images?.length ?? 0);
  }
  await assertFieldKept(ctx, 'dev.to', title, 'title', post.title);
  await evidence.capture('filled', 'filled');

  ctx.log('showing the preview');
  const modes = page.locator(S.modes);
  await clickOn(ctx, 'dev.to', modes.getByRole('button', { name: 'Preview', exact: true }), 'Preview button');
  // The preview shows the title as an h1 once the preview request answers (forem Preview.jsx:
  // titleArea renders h1.spec-article__title, LoadingPreview until then). A CSS match: a role query
  // computes every element's role on each check; checked when the page changes (browser/waits.ts).
  await waitUntilShown(page.locator('h1', { hasText: post.title }), { timeout: ctx.editorTimeout });
  await evidence.capture('preview', 'previewed');
  const isPost = (u: URL) => u.origin === new URL(ctx.origin).origin && /^\/[^/]+\/[^/]+\/?$/.test(u.pathname) && !u.pathname.startsWith('/new');
  const byHand = await askWhilePreviewing(ctx, isPost);
  if (byHand) return { url: byHand, evidence: evidence.files };
  await clickOn(ctx, 'dev.to', modes.getByRole('button', { name: 'Edit', exact: true }), 'Edit button');
  await assertReadBack(ctx, 'dev.to', markdown, await page.locator(S.body).inputValue());

  ctx.log(ctx.edit ? 'saving the changes' : 'publishing');
  // Forem saves with POST /articles or PUT /articles/<id>, then location.replace(current_state_path)
  // (app/javascript/article-form/actions.js, submitArticle; older versions used /api/articles).
  // A published article's button reads "Save changes" (EditorActions.jsx: published || v1).
  const url = await publishAndCapture(ctx, 'dev.to', endButton(ctx, 'Publish', 'Save changes'), isPost, {
    isPublishRequest: (method, u) => method !== 'GET' && /^\/(api\/)?articles(\/\d+)?$/.test(u.pathname),
  });
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const devto: Publisher = {
  id: 'devto',
  name: 'dev.to',
  defaultOrigin: 'https://dev.to',
  limits: { bodyKind: 'markdown', maxTags: MAX_TAGS, titleMax: 128, images: { upload: true, maxBytes: 25 * 1024 * 1024 }, settings: ['canonical', 'cover', 'series'] },
  check: { path: '/new', selectors: { form: DEVTO_SELECTORS.form, title: DEVTO_SELECTORS.title, tagInput: DEVTO_SELECTORS.tagInput, body: DEVTO_SELECTORS.body, modes: DEVTO_SELECTORS.modes, publish: 'role=button[name="Publish"]', saveDraft: 'role=button[name="Save draft"]' }, signedOut: DEVTO_SELECTORS.signedOut },
  prepare,
  // ArticlesController#edit at /<user>/<slug>/edit (shared/platforms.md).
  editing: { editable: true, page: ({ url }) => `${url.replace(/\/$/, '')}/edit` },
  publish,
  saveDraft: (ctx) => saveDraftWith(ctx, ctx.page.getByRole('button', { name: 'Save draft', exact: true })),
};
