/**
 * Steps the newer publishers share, each as a person would do it: paste a body of the kind the
 * editor takes and read it back, type tags the way the tag field wants them, derive short-form
 * texts. Platform files keep their selectors and their order of steps.
 */
import type { Locator } from 'playwright';
import { clearEditor, copyAllFrom, pasteHtmlInto, pasteInto } from '../browser/clipboard.js';
import { htmlCounts, htmlText } from '../draft/render.js';
import { fieldsFor } from '../draft/fields.js';
import type { Draft, PostFields } from '../draft/types.js';
import { Violations } from '../draft/validate.js';
import { assertReadBack, clickOn, evidenceTrail, fail, fillField, openEditor, publishAndCapture, reach, removeAll, replaces } from './editor.js';
import { SIGNED_OUT, type PlatformPost, type PublishContext, type PublishOutcome } from './types.js';

/** Markdown pasted into a CodeMirror 6 editor; read back by copying the editor's own text. */
export async function pasteIntoCodeMirror(ctx: PublishContext, platform: string, body: Locator, text: string): Promise<string> {
  const landed = await ctx.clipboard.exclusive(async (io) => {
    await pasteInto(ctx.page, body, text, io, () => clickOn(ctx, platform, body, 'body'));
    return copyAllFrom(ctx.page, body, io);
  });
  await assertReadBack(ctx, platform, text, landed);
  return landed;
}


export const squeeze = (s: string) => s.replace(/\s+/g, '');

/** What a rich editor holds: its text and how many of each element it kept. */
export async function richContents(body: Locator) {
  return body.evaluate((el) => {
    const n = (s: string) => el.querySelectorAll(s).length;
    return {
      text: (el as HTMLElement).innerText,
      counts: { headings: n('h1,h2,h3,h4,h5,h6'), codeBlocks: n('pre'), lists: n('ul,ol'), links: n('a[href]'), images: n('img') },
    };
  });
}

/**
 * A rich-text paste: text/html and text/plain on the clipboard (or, for editors that convert
 * Markdown pasted as text, the Markdown), then a read-back of the text and of the elements that
 * must survive. `expectImages: false` for an editor known to drop images (the writer was told).
 */
export async function pasteRich(
  ctx: PublishContext,
  platform: string,
  body: Locator,
  post: PlatformPost,
  options: { markdownAsText?: boolean; expectImages?: boolean } = {},
): Promise<void> {
  const html = post.html ?? '';
  const text = htmlText(html);
  await reach(ctx, platform, body, 'body');
  await ctx.clipboard.exclusive(async (io) => {
    if (options.markdownAsText) return pasteInto(ctx.page, body, post.body, io);
    await clearEditor(ctx.page, body);
    await pasteHtmlInto(ctx.page, body, html, text);
  });
  // Rich editors render the paste in the next frame or two.
  await ctx.page.waitForFunction((el) => (el as HTMLElement).innerText.trim().length > 0, await body.elementHandle(), { timeout: 2000 }).catch(() => {});
  const got = await richContents(body);
  if (squeeze(got.text) !== squeeze(text)) {
    await assertReadBack(ctx, platform, text, got.text); // reports the sizes and the line
  }
  const want = htmlCounts(html);
  if (options.expectImages === false) want.images = 0;
  const lost = (Object.keys(want) as (keyof typeof want)[]).filter((k) => got.counts[k] < want[k]);
  if (lost.length > 0) {
    await fail(ctx, platform, 'READBACK_MISMATCH', `the editor kept ${lost.map((k) => `${got.counts[k]} of ${want[k]} ${k}`).join(', ')} after paste (it took them as plain text); nothing was published.`,
      'The editor may have taken the paste as plain text. Re-run; if it persists, check the editor with `publish open`.');
  }
}

/** Plain text pasted into a contenteditable (Quill, Tiptap) and read back from what it shows. */
export async function pasteText(ctx: PublishContext, platform: string, body: Locator, text: string, read: (body: Locator) => Promise<string> = (b) => b.innerText()): Promise<void> {
  await ctx.clipboard.exclusive((io) => pasteInto(ctx.page, body, text, io, () => clickOn(ctx, platform, body, 'body')));
  await assertReadBack(ctx, platform, text, await read(body));
}

/**
 * Types text into an editor that only sees real input (Draft.js): in pieces, since one insert
 * holding "://" or a newline can be dropped; newlines as Enter.
 */
export async function insertInPieces(ctx: PublishContext, box: Locator, text: string): Promise<void> {
  await clickOn(ctx, 'X', box, 'post box');
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await ctx.page.keyboard.press('Enter');
    for (const piece of line.split(/(?<=:)(?=\/\/)/)) if (piece) await ctx.page.keyboard.insertText(piece);
  }
}

export type TagEntry = 'enter' | 'space' | 'escape-enter';

/**
 * --update: false when the tags did not change (the post keeps its own); otherwise the post's
 * old tags are removed first, through each chip's remove button ("Remove <tag>", UNVERIFIED on
 * the real sites).
 */
async function clearOldTags(ctx: PublishContext, platform: string, chips: Locator): Promise<boolean> {
  if (!ctx.edit) return true;
  if (!replaces(ctx, 'tags')) return false;
  await removeAll(ctx, platform, chips.locator('button[aria-label^="Remove"]'), 'tag remove button');
  return true;
}

/** Types each tag and commits it the way the field wants; `chips` counts what stuck. */
export async function typeTags(ctx: PublishContext, platform: string, input: Locator, tags: string[], how: TagEntry, chips: Locator): Promise<void> {
  if (!(await clearOldTags(ctx, platform, chips))) return;
  for (const tag of tags) {
    await clickOn(ctx, platform, input, 'tags field');
    await input.pressSequentially(tag);
    if (how === 'space') await input.press('Space');
    else {
      if (how === 'escape-enter') await input.press('Escape'); // the autosuggest would take Enter
      await input.press('Enter');
    }
  }
  const count = await chips.count();
  if (count !== tags.length) await fail(ctx, platform, 'EDITOR', `the tags field shows ${count} tags instead of ${tags.length}; nothing was published.`);
}

/** Hashnode-style tags: type, then click the suggestion that is exactly the tag. */
export async function pickTags(ctx: PublishContext, platform: string, input: Locator, suggestions: Locator, tags: string[], chips: Locator): Promise<void> {
  if (!(await clearOldTags(ctx, platform, chips))) return;
  for (const tag of tags) {
    await fillField(ctx, platform, input, 'tags field', tag);
    const exact = suggestions.getByText(tag, { exact: true });
    await exact.first().click({ timeout: 5000 }).catch(() => fail(ctx, platform, 'EDITOR', `no tag suggestion "${tag}" appeared; nothing was published.`));
  }
  const count = await chips.count();
  if (count !== tags.length) await fail(ctx, platform, 'EDITOR', `the tags field shows ${count} tags instead of ${tags.length}; nothing was published.`);
}

/** A short post's text: the platform block's `text`, else title, description and canonical URL. */
export function shortText(fields: PostFields): string {
  const own = fields.raw.text;
  if (typeof own === 'string' && own.trim()) return own.trim();
  return [fields.title, fields.description, fields.canonicalUrl].filter(Boolean).join('\n\n');
}

/**
 * Where every short-form prepare starts: the platform's fields, its violation list, and the
 * text, already checked not to be empty. `what` names a post in the message ("a Bluesky post").
 */
export function shortPost(draft: Draft, platform: string, what: string): { fields: PostFields; v: Violations; text: string } {
  const fields = fieldsFor(draft, platform);
  const v = new Violations(draft.displayPath, platform);
  const text = shortText(fields);
  v.check(text.length > 0, 'text', text, `${what} needs text (${platform}: {text: ...}, or a title)`);
  return { fields, v, text };
}

/**
 * A composer that takes one pasted text and posts it (Bluesky, LinkedIn posts): open it, paste
 * and read back, post, and take the post's URL from the link the composer shows afterwards.
 */
export async function pasteAndPost(
  ctx: PublishContext,
  name: string,
  c: { path: string; editor: Locator; button: Locator; link?: Locator; view?: Locator; isPostUrl: (url: URL) => boolean; read?: (body: Locator) => Promise<string>; signedOut?: Locator; /** After the text, before posting (attachments). */ beforePost?: () => Promise<void> },
  text: string,
): Promise<PublishOutcome> {
  const evidence = evidenceTrail(ctx);
  await openEditor(ctx, name, c.path, c.editor, c.signedOut ?? ctx.page.locator(SIGNED_OUT));
  ctx.log('pasting the post');
  await pasteText(ctx, name, c.editor, text, c.read);
  await c.beforePost?.();
  await evidence.capture('filled', 'filled');
  ctx.step('previewed'); // the composer is its own preview
  ctx.log('posting');
  const url = await publishAndCapture(ctx, name, c.button, c.isPostUrl, { link: c.link, view: c.view });
  await evidence.capture('published');
  return { url, evidence: evidence.files };
}
