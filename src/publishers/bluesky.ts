/**
 * Bluesky. Facts: shared/platforms.md, from bluesky-social/social-app (read at 63f0d4d3,
 * 2026-08): the web composer is a role=dialog holding Tiptap's `.tiptap.ProseMirror
 * [contenteditable][role=textbox]` with no accessible name (the old `aria-label="Rich-Text
 * Editor"` is gone), placeholder "What's up?"; publish is a `div[role=button]
 * [data-testid=composerPublishBtn]` with aria-disabled while it cannot post; after posting a toast
 * offers a "View" button (not a link) for 3 s that opens `/profile/<did>/post/<rkey>`. 300
 * graphemes; pasted HTML is reduced to its text, one paragraph per line, so paste text/plain.
 */
import type { Locator } from 'playwright';
import { BLUESKY_LIMIT, graphemeCount } from '../draft/short.js';
import type { Draft } from '../draft/types.js';
import { pasteAndPost, shortPost } from './flow.js';
import type { PlatformPost, Prepared, PublishContext, PublishOutcome, Publisher } from './types.js';

export const BLUESKY_SELECTORS = {
  /**
   * The composer's editor, by the landmarks that survive redesigns: Tiptap/ProseMirror's own
   * classes with role=textbox, the empty editor's placeholder paragraph, and the old label.
   */
  textbox: [
    '[role="dialog"] .ProseMirror[contenteditable="true"][role="textbox"]',
    '.tiptap[contenteditable="true"]:has(p[data-placeholder])',
    'div[role="textbox"][aria-label="Rich-Text Editor"]',
  ].join(', '),
  publish: '[data-testid="composerPublishBtn"]',
  /** The "Your post was sent" toast's View button (aria-label "View post"). */
  view: 'role=button[name="View post"]',
  /** Signed out, the home page offers these instead of the composer. */
  signedOut: 'role=button[name=/^(sign in|create account)$/i]',
} as const;

/** The composer's text as posted: one line per paragraph (innerText would double the newlines). */
const composerText = (body: Locator) => body.evaluate((el) => [...el.querySelectorAll('p')].map((p) => (p as HTMLElement).innerText.replace(/\n$/, '')).join('\n'));

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
    editor: page.locator(S.textbox).first(),
    button: page.locator(S.publish),
    view: page.locator(S.view),
    read: composerText,
    signedOut: page.locator(S.signedOut),
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
