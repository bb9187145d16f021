/**
 * Bluesky. Facts: shared/platforms.md, verified from bluesky-social/social-app
 * (src/view/com/composer/text-input/TextInput.web.tsx): a Tiptap composer,
 * `div[role=textbox][aria-label="Rich-Text Editor"]`, publish `button[data-testid=composerPublishBtn]`;
 * 300 graphemes; pasted HTML is reduced to its text, so paste text/plain.
 */
import { fieldsFor } from '../draft/fields.js';
import { BLUESKY_LIMIT, graphemeCount } from '../draft/short.js';
import { Violations } from '../draft/validate.js';
import type { Draft } from '../draft/types.js';
import { evidenceTrail, openEditor, publishAndCapture } from './editor.js';
import { pasteText, shortText } from './flow.js';
import { SIGNED_OUT, type PlatformPost, type Prepared, type PublishContext, type PublishOutcome, type Publisher } from './types.js';

export const BLUESKY_SELECTORS = {
  textbox: 'div[role="textbox"][aria-label="Rich-Text Editor"]',
  publish: 'button[data-testid="composerPublishBtn"]',
  /** The "Your post was sent" toast's View link. */
  sent: 'a[href*="/post/"]',
} as const;

function prepare(draft: Draft): Prepared {
  const f = fieldsFor(draft, 'bluesky');
  const v = new Violations(draft.displayPath, 'bluesky');
  const text = shortText(f);
  v.check(text.length > 0, 'text', text, 'a Bluesky post needs text (bluesky: {text: ...}, or a title)');
  const n = graphemeCount(text);
  v.check(n <= BLUESKY_LIMIT, 'text', `${text.slice(0, 40)}…`, `Bluesky posts are at most ${BLUESKY_LIMIT} characters (graphemes); this has ${n}. Write a shorter one under bluesky: {text: ...}`);
  return { post: { platform: 'bluesky', title: '', body: text, tags: [], fields: f, settings: {} }, violations: v.items, notes: [] };
}

async function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = BLUESKY_SELECTORS;
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, 'Bluesky', '/intent/compose', page.locator(S.textbox), page.locator(SIGNED_OUT));
  ctx.log('pasting the post');
  await pasteText(ctx, 'Bluesky', page.locator(S.textbox), post.body);
  await evidence.capture('filled', 'filled');
  ctx.step('previewed'); // the composer is its own preview
  ctx.log('posting');
  const isPost = (u: URL) => /^\/profile\/[^/]+\/post\/\w+\/?$/.test(u.pathname);
  const url = await publishAndCapture(ctx, 'Bluesky', page.locator(S.publish), isPost, { link: page.locator(S.sent) });
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}

export const bluesky: Publisher = {
  id: 'bluesky',
  name: 'Bluesky',
  defaultOrigin: 'https://bsky.app',
  limits: { bodyKind: 'text', maxTags: 0, textMax: BLUESKY_LIMIT },
  check: { path: '/intent/compose', selectors: { textbox: BLUESKY_SELECTORS.textbox, publish: BLUESKY_SELECTORS.publish } },
  prepare,
  publish,
};
