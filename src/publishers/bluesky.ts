/**
 * Bluesky. Facts: shared/platforms.md, verified from bluesky-social/social-app
 * (src/view/com/composer/text-input/TextInput.web.tsx): a Tiptap composer,
 * `div[role=textbox][aria-label="Rich-Text Editor"]`, publish `button[data-testid=composerPublishBtn]`;
 * 300 graphemes; pasted HTML is reduced to its text, so paste text/plain.
 */
import { BLUESKY_LIMIT, graphemeCount } from '../draft/short.js';
import type { Draft } from '../draft/types.js';
import { pasteAndPost, shortPost } from './flow.js';
import type { PlatformPost, Prepared, PublishContext, PublishOutcome, Publisher } from './types.js';

export const BLUESKY_SELECTORS = {
  textbox: 'div[role="textbox"][aria-label="Rich-Text Editor"]',
  publish: 'button[data-testid="composerPublishBtn"]',
  /** The "Your post was sent" toast's View link. */
  sent: 'a[href*="/post/"]',
} as const;

function prepare(draft: Draft): Prepared {
  const { fields, v, text } = shortPost(draft, 'bluesky', 'a Bluesky post');
  const n = graphemeCount(text);
  v.check(n <= BLUESKY_LIMIT, 'text', `${text.slice(0, 40)}…`, `Bluesky posts are at most ${BLUESKY_LIMIT} characters (graphemes); this has ${n}. Write a shorter one under bluesky: {text: ...}`);
  return { post: { platform: 'bluesky', title: '', body: text, tags: [], fields, settings: {} }, violations: v.items, notes: [] };
}

function publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome> {
  const { page } = ctx;
  const S = BLUESKY_SELECTORS;
  return pasteAndPost(ctx, 'Bluesky', {
    path: '/intent/compose',
    editor: page.locator(S.textbox),
    button: page.locator(S.publish),
    link: page.locator(S.sent),
    isPostUrl: (u) => /^\/profile\/[^/]+\/post\/\w+\/?$/.test(u.pathname),
  }, post.body);
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
