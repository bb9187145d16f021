/**
 * Helpers every browser publisher needs: waiting for an editor or a login page, failing with a
 * screenshot, and comparing what the editor holds with what was meant.
 */
import type { Locator, Page } from 'playwright';
import { clickAt, clickPoint, tryClick, tryFill } from '../browser/actions.js';
import { waitUntilShown } from '../browser/waits.js';
import { PublishError, type ErrorCode } from '../errors.js';
import { failpoint } from '../failpoints.js';
import { clearTheWay, describeCover, type ClearOptions } from './overlays.js';
import { SIGNED_OUT, type PublishContext, type Step } from './types.js';

/** Whitespace-insensitive form used for read-back: line endings, trailing spaces, blank runs. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface Comparison {
  ok: boolean;
  expectedChars: number;
  actualChars: number;
  /** 1-based line of the first difference, if any. */
  line?: number;
}

export function compareText(expected: string, actual: string): Comparison {
  const a = normaliseText(expected);
  const b = normaliseText(actual);
  const result: Comparison = { ok: a === b, expectedChars: a.length, actualChars: b.length };
  if (!result.ok) {
    const la = a.split('\n');
    const lb = b.split('\n');
    const i = la.findIndex((l, n) => l !== lb[n]);
    result.line = (i === -1 ? la.length : i) + 1;
  }
  return result;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The writer chose not to publish this platform (--preview): it stays a draft. */
export class Skipped extends Error {
  constructor(readonly aborted: boolean) {
    super(aborted ? 'aborted by the writer' : 'skipped by the writer');
    this.name = 'Skipped';
  }
}

/**
 * --preview: asks the writer now, while the platform's own preview shows (publishers with a
 * preview mode call this before leaving it). Returns the post's URL if the writer published it
 * in the browser; throws Skipped if they chose not to publish. publishAndCapture then does not
 * ask again.
 */
export async function askWhilePreviewing(ctx: PublishContext, isPostUrl: (url: URL) => boolean): Promise<string | undefined> {
  const decide = ctx.decide;
  if (!decide) return undefined;
  ctx.decide = undefined;
  const d = await decide(isPostUrl);
  if (d.kind === 'skip') throw new Skipped(d.aborted);
  return d.kind === 'published-in-browser' ? d.url : undefined;
}

/**
 * Makes sure `target` is the topmost thing at its click point (overlays.ts: Escape for a popup,
 * an overlay's own dismiss button, patience for a toast), or fails within seconds naming what
 * covers it. `what` names the target in the message ("the body").
 */
export async function reach(ctx: PublishContext, platform: string, target: Locator, what: string, options: ClearOptions = {}): Promise<void> {
  const cover = await clearTheWay(ctx.page, target, options);
  if (!cover) return;
  await fail(ctx, platform, 'EDITOR', `the ${what} is covered by ${describeCover(cover)}; nothing was published.`,
    'Something on the page stays over the field. Look at the screenshot; if the site shows it every time, close it once in `publish open` or report it.', 'not-published');
}

/**
 * Clicks `target` as a person would: at once when it is on top, visible, enabled and still
 * (browser/actions.ts, one round trip); otherwise with Playwright's click, which waits while
 * something else would take the click, and the way is cleared only when that wait runs out: a
 * toast that leaves on its own costs nothing, a banner or a popup is dismissed (or named) and the
 * click tried once more.
 */
export async function clickOn(ctx: PublishContext, platform: string, target: Locator, what: string, options: { timeout?: number } = {}): Promise<void> {
  if (await tryClick(target)) return;
  try {
    await target.click({ timeout: options.timeout ?? 3000 });
  } catch (error) {
    if (!/intercepts pointer events|not stable|timeout/i.test((error as Error).message)) throw error;
    await reach(ctx, platform, target, what);
    await target.click({ timeout: 5000 });
  }
}

/** Clicks the first of `buttons` (chips' "Remove" buttons) until none is left: a field emptied as a person empties it. */
export async function removeAll(ctx: PublishContext, platform: string, buttons: Locator, what: string): Promise<void> {
  while ((await buttons.count()) > 0) await clickOn(ctx, platform, buttons.first(), what);
}

/** Fills a text field: at once when it is on top and editable, else after clearing the way to it. */
export async function fillField(ctx: PublishContext, platform: string, target: Locator, what: string, value: string): Promise<void> {
  if (await tryFill(target, value)) return;
  await reach(ctx, platform, target, what);
  await target.fill(value);
}

/** Screenshots the page and throws a PublishError that names the screenshot. */
export async function fail(ctx: PublishContext, platform: string, code: ErrorCode, message: string, hint?: string, outcome?: 'not-published' | 'unknown'): Promise<never> {
  const { shot, files } = await ctx.evidence.failure(ctx.page);
  const where = shot ? ` Screenshot: ${shot}.` : '';
  throw new PublishError(code, `${platform}: ${message}${where}`, { hint, evidence: files, outcome });
}

/** Fails unless the editor text matches the body that was pasted. */
export async function assertReadBack(ctx: PublishContext, platform: string, expected: string, actual: string): Promise<void> {
  const c = compareText(expected, actual);
  if (c.ok) return;
  await fail(
    ctx,
    platform,
    'READBACK_MISMATCH',
    `the editor holds ${fmt(c.actualChars)} of ${fmt(c.expectedChars)} characters after paste (first difference on line ${c.line}); nothing was published.`,
    'The paste may have been dropped or the page changed. Re-run; if it persists, run `publish open` and check the editor by hand.',
  );
}

/**
 * Signs of a sign-in or sign-up page on any site, beyond a platform's own: password fields,
 * forms posting to a login/sign_in/session/enter/signup path, "Continue with Google/GitHub/Apple/X"
 * buttons, "Log in"/"Sign up"/"Join"/"ログイン"/"会員登録" headings. Only counted while the editor
 * itself is absent (a logged-in editor may link to a sign-in page).
 */
export function signedOutMarkers(page: Page, own?: string): Locator {
  const { quick, costly } = signInSigns(page, own);
  return quick.or(costly);
}

/** The same signs in two parts: CSS ones, quick to look for, and those that read every element's role and name. */
function signInSigns(page: Page, own?: string): { quick: Locator; costly: Locator } {
  const forms = ['login', 'log_in', 'sign_in', 'signin', 'sign-in', 'session', '/enter', 'sign_up', 'signup', 'register'].map((a) => `form[action*="${a}" i]`);
  const css = [SIGNED_OUT, 'input[type="password"]', ...forms, own].filter(Boolean).join(', ');
  const providers = '(google|github|apple|x|twitter|email|facebook|microsoft|forem)';
  // A provider's icon may come first in the name: forem's buttons lead with an SVG titled with the
  // provider (shared/authentication/_providers_registration_form.html.erb), and Chromium names
  // the button "githubContinue with GitHub". One word of up to 20 characters is let through.
  const provider = `/^\\s*([\\w-]{1,20}\\s*)?(continue|sign in|log in|sign up) with ${providers}/i`;
  return {
    quick: page.locator(css),
    costly: page
      .locator(`role=button[name=${provider}]`)
      .or(page.locator(`role=link[name=${provider}]`))
      .or(page.locator('role=heading[name=/^\\s*(log ?in|sign ?in|sign ?up|join|create (an |your )?account|welcome back|ログイン|会員登録|新規登録)/i]')),
  };
}

/** What a page shows, for a message when it is neither the editor nor a sign-in page. */
async function whatPageShows(page: Page): Promise<string> {
  const seen = await page
    .evaluate(() => ({ title: document.title.trim(), heading: (document.querySelector('main h1, h1, [role=heading]')?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80) }))
    .catch(() => ({ title: '', heading: '' }));
  return [`${page.url()}`, seen.title && `title "${seen.title}"`, seen.heading && `heading "${seen.heading}"`].filter(Boolean).join(', ');
}

/** A sign-in marker that shows first gets this long for the editor to turn up after all. */
const SIGNED_OUT_GRACE_MS = 1000;

/**
 * Waits until either the editor is ready or a signed-out marker shows; fails fast on the latter.
 * Signed-out detection must not rely on the URL alone (dev.to answers /new with 200 and a
 * sign-up page when signed out), so both sides are DOM locators.
 */
export async function editorOrLogin(ctx: PublishContext, platform: string, editor: Locator, signedOut: Locator): Promise<void> {
  const { page } = ctx;
  const challenge = page.locator(CHALLENGE);
  const signs = signInSigns(page);
  try {
    // The editor, the platform's own sign-in marker and the CSS signs are looked for at every
    // change of the page; the signs that read every element's role or text, a few times a second.
    await waitUntilShown(editor.or(signedOut).or(signs.quick).or(page.locator(CHALLENGE_FRAMES)), {
      timeout: ctx.editorTimeout,
      costly: signs.costly.or(page.locator(CHALLENGE_TEXT)),
    });
  } catch {
    await fail(ctx, platform, 'EDITOR', `the editor did not appear within ${ctx.editorTimeout / 1000}s; the page shows ${await whatPageShows(ctx.page)}.`,
      'The site may be slow or its page changed (selector drift). Try again, or check the editor with `publish open`.');
  }
  if (await editor.first().isVisible()) return;
  if (await challenge.first().isVisible()) await failChallenge(ctx, platform, 'not-published');
  if (await waitUntilShown(editor, { timeout: SIGNED_OUT_GRACE_MS }).then(() => true, () => false)) return;
  await fail(ctx, platform, 'NOT_LOGGED_IN', `not logged in (${ctx.page.url()} shows a sign-in page).`,
    'Log in to the site in your daily Chrome (publish clones its profile before every run), or in `publish open <url>` and then publish with --no-refresh.');
}

/**
 * A human check: captcha frames (reCAPTCHA, hCaptcha, Cloudflare Turnstile), two-factor code
 * fields, "verify you are human" pages. Only a person can pass them.
 */
const CHALLENGE_FRAMES = 'iframe[src*="recaptcha"], iframe[src*="hcaptcha"], iframe[src*="challenges.cloudflare.com"], iframe[title*="captcha" i], input[autocomplete="one-time-code"]';
const CHALLENGE_TEXT = ':text-matches("verify (that )?you are (a )?human", "i")';
export const CHALLENGE = `${CHALLENGE_FRAMES}, ${CHALLENGE_TEXT}`;

async function failChallenge(ctx: PublishContext, platform: string, outcome: 'not-published'): Promise<never> {
  return fail(ctx, platform, 'CHALLENGE', `a human check (captcha or two-factor) is in the way at ${ctx.page.url()}; nothing was published.`,
    'Pass it once in your daily Chrome (or in `publish open <url>`), then run again.', outcome);
}

/**
 * Clicks the publish button and waits for the post's URL. If the publish request itself
 * (`isPublishRequest`, by default any same-origin non-GET) answers >= 400, the platform refused
 * the post: fail with its status and message, never retry the click (a second click could
 * publish twice). Other failing requests (analytics beacons...) are not the publish.
 */
export async function publishAndCapture(
  ctx: PublishContext,
  platform: string,
  button: Locator,
  isPostUrl: (url: URL) => boolean,
  options: {
    timeout?: number;
    isPublishRequest?: (method: string, url: URL) => boolean;
    /** Platforms that stay on the page and show a link to the new post (a toast, a modal). */
    link?: Locator;
    /** A confirmation that may follow the click (Substack's "Publish without buttons"): clicked once if it shows. */
    confirm?: Locator;
    /** A button that opens the new post (Bluesky's toast "View", shown for 3 s): clicked once if it shows. */
    view?: Locator;
  } = {},
): Promise<string> {
  const { page } = ctx;
  const timeout = options.timeout ?? 30_000;
  const origin = new URL(ctx.origin).origin;
  const isPublishRequest = options.isPublishRequest ?? ((method: string, url: URL) => method !== 'GET' && url.origin === origin);
  let refused: { status: number; detail: string } | undefined;
  const onResponse = async (response: import('playwright').Response) => {
    if (response.status() < 400 || !isPublishRequest(response.request().method(), new URL(response.url()))) return;
    const text = await response.text().catch(() => '');
    let detail = text.slice(0, 200);
    try {
      const json = JSON.parse(text) as { error?: string; message?: string; errors?: unknown };
      detail = json.error ?? json.message ?? JSON.stringify(json.errors ?? json);
    } catch {
      /* not JSON: keep the text */
    }
    refused = { status: response.status(), detail };
  };
  const byHand = await askWhilePreviewing(ctx, isPostUrl);
  if (byHand) return byHand;
  page.on('response', onResponse);
  try {
    // The intent goes to the ledger before the click: if the run dies after it, the next run
    // looks for the post instead of clicking again. Where the button can take the click at once
    // (on top, enabled, still), one round trip finds its point; otherwise the way is cleared and
    // an aria-disabled button waited for first.
    const spot = await clickPoint(button);
    const clearAndCheck = async () => {
      await reach(ctx, platform, button, 'publish button');
      // react-native-web buttons are divs with aria-disabled: a click on one that is still disabled does nothing.
      const enabled = await button.evaluate((el) => el.getAttribute('aria-disabled') !== 'true').catch(() => true);
      if (!enabled && !(await page.waitForFunction((el) => el?.getAttribute('aria-disabled') !== 'true', await button.elementHandle(), { timeout: 5000 }).then(() => true, () => false))) {
        await fail(ctx, platform, 'EDITOR', 'the publish button stays disabled (aria-disabled); nothing was published.', 'The post may be too long or empty as the site counts it. Check it in the screenshot.', 'not-published');
      }
    };
    if (!spot) await clearAndCheck();
    ctx.step('publishing');
    // A toast that came over the button in that moment got no click (clickAt): then as a person would.
    if (!spot || !(await clickAt(page, spot))) {
      if (spot) await clearAndCheck();
      await button.click();
    }
    failpoint('after-click', ctx.platformId);
    const deadline = Date.now() + timeout;
    let confirmed = false;
    while (Date.now() < deadline) {
      if (isPostUrl(new URL(page.url()))) {
        // At the post's address: its page loads before anything looks at it (the screenshot).
        await page.waitForLoadState('load', { timeout: 10_000 }).catch(() => {});
        return page.url();
      }
      // A captcha instead of the post: the click was held back, so nothing was published.
      if (await page.locator(CHALLENGE).first().isVisible()) await failChallenge(ctx, platform, 'not-published');
      if (options.confirm && !confirmed && (await options.confirm.isVisible())) {
        confirmed = true;
        await options.confirm.click();
      }
      if (options.view && (await options.view.isVisible())) {
        // The toast lasts seconds: clear the way to its button (a banner may lie over it) and press it.
        await clearTheWay(page, options.view, { timeoutMs: 1500 });
        await options.view.click({ timeout: 1000 }).catch(() => {});
      }
      if (options.link && (await options.link.isVisible())) {
        const href = new URL((await options.link.getAttribute('href')) ?? '', page.url());
        if (isPostUrl(href)) return href.href;
      }
      if (refused) break;
      // Back as soon as the address changes ('commit'), not when the next page has loaded: a
      // check of the old page while the new one loads stalls until it has.
      await page.waitForURL(isPostUrl, { timeout: 200, waitUntil: 'commit' }).catch(() => {});
    }
  } finally {
    page.off('response', onResponse);
  }
  if (refused) {
    return fail(ctx, platform, 'PUBLISH_FAILED', `the platform refused the ${ctx.edit ? 'changes' : 'post'} (HTTP ${refused.status}: ${refused.detail}); ${ctx.edit ? 'they were not saved' : 'it was not published'}.`,
      'Fix what the message says, or try again later if the platform is having trouble.', 'not-published');
  }
  return fail(ctx, platform, 'PUBLISH_FAILED', `clicked ${ctx.edit ? 'save' : 'publish'} but the page did not reach the post within ${timeout / 1000}s (still at ${page.url()}); the outcome is unknown.`,
    ctx.edit ? 'Running --update again first looks at the post and only saves again if it does not show the new text.' : 'Running again first looks for the post (its feed) and only publishes if it is not there.', 'unknown');
}

/** Clicks a "Save draft" button and waits for the platform to accept the save (a same-origin write answered below 400). */
export async function saveDraftWith(ctx: PublishContext, button: Locator): Promise<boolean> {
  const origin = new URL(ctx.origin).origin;
  try {
    const [response] = await Promise.all([
      ctx.page.waitForResponse((r) => r.request().method() !== 'GET' && new URL(r.url()).origin === origin, { timeout: 10_000 }),
      button.click({ timeout: 5_000 }),
    ]);
    return response.status() < 400;
  } catch {
    return false;
  }
}

/** The screenshots a publication keeps; a screenshot may mark a step, which the ledger records. */
export function evidenceTrail(ctx: PublishContext) {
  const files: string[] = [];
  return {
    files,
    async capture(name: string, step?: Step): Promise<void> {
      const file = await ctx.evidence.screenshot(ctx.page, name);
      if (file) files.push(file);
      if (step) ctx.step(step, file);
    },
  };
}

/** Fails if a field no longer holds what was filled (a late restore or re-render replaced it). */
export async function assertFieldKept(ctx: PublishContext, platform: string, field: Locator, name: string, expected: string): Promise<void> {
  if ((await field.inputValue()) === expected) return;
  await fail(ctx, platform, 'EDITOR', `the ${name} field changed after it was filled; nothing was published.`);
}

/**
 * Opens the editor at `pathname` of the platform's origin (or, for --update, the post's edit
 * page) and waits for it (or a sign-in page). An edit page that is not there means the post is
 * gone: that fails, and nothing ever falls back to a new post.
 */
export async function openEditor(ctx: PublishContext, platform: string, pathname: string, editor: Locator, signedOut: Locator): Promise<void> {
  const edit = ctx.edit;
  ctx.log(edit ? `opening the post's edit page` : 'opening the editor');
  const response = await ctx.page.goto(edit ? edit.url : new URL(pathname, ctx.origin).href, { waitUntil: 'domcontentloaded' });
  const status = response?.status() ?? 200;
  if (edit && (status === 404 || status === 410)) {
    await fail(ctx, platform, 'EDIT_GONE', `the post is gone: its edit page ${edit.url} answers HTTP ${status} (deleted on the site, or not this account's). Nothing was changed and no new post was made.`,
      `Look for it at ${edit.postUrl}. publish never replaces a deleted post by itself; the other platforms were updated.`, 'not-published');
  }
  await editorOrLogin(ctx, platform, editor, signedOut);
  failpoint('before-fill', ctx.platformId);
}

/**
 * Whether this run puts `fields` in: always for a new post; for --update, only what changed
 * (changes.ts names: title, tags, body, settings, images). Unchanged parts of a post are left
 * as the platform holds them.
 */
export const replaces = (ctx: PublishContext, ...fields: string[]): boolean => !ctx.edit || fields.some((f) => ctx.edit!.changed.includes(f));

/**
 * Editors whose URL takes the draft's id once it is saved (Substack /publish/post/<id>, LinkedIn
 * /article/edit/<id>/): the post's future edit page, read off the URL before publishing, for a
 * later --update. `toEdit` maps the draft URL to the edit page where they differ.
 */
export async function draftEditUrl(ctx: PublishContext, pattern: RegExp, toEdit: (url: URL) => string = (u) => u.href): Promise<string | undefined> {
  if (ctx.edit) return ctx.edit.url;
  const ok = await ctx.page.waitForURL((u) => pattern.test(u.pathname), { timeout: 5000 }).then(() => true, () => false);
  if (ok) return toEdit(new URL(ctx.page.url()));
  ctx.log(`the editor's URL (${ctx.page.url()}) does not name the draft; a later --update will not find this post's edit page`);
  return undefined;
}

/** The button that ends the flow: the platform's publish button, or for --update its "save changes" one. */
export const endButton = (ctx: PublishContext, publish: string, save: string): Locator =>
  ctx.page.getByRole('button', { name: ctx.edit ? save : publish, exact: true });
