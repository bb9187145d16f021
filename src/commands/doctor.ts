/**
 * `publish doctor --live`: before launch day, not on it. Opens each platform's editor in the
 * automation profile, checks the session is logged in and that every named selector of that
 * publisher resolves; types nothing, clicks nothing, saves nothing.
 */
import type { Page } from 'playwright';
import { resolveBrowser } from '../browser/executable.js';
import { openSession } from '../browser/session.js';
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import { stderrLogger } from '../log.js';
import { automationProfile } from '../profile/automation.js';
import { table } from '../pipeline/status.js';
import { findPublisher, platformIds } from '../publishers/registry.js';
import type { Publisher } from '../publishers/types.js';
import { signedOutMarkers } from '../publishers/editor.js';
import { coverOf, describeCover } from '../publishers/overlays.js';
import type { Flags, Io } from '../cli.js';
import { commandContext, splitList } from './context.js';

export interface LiveCheck {
  platform: string;
  url: string;
  loggedIn: boolean;
  /** Selector names that resolved to nothing, with the selector. */
  broken: { name: string; selector: string }[];
  /** Selectors that resolve but have something on top of them at their click point, and what. */
  covered: { name: string; selector: string; by: string }[];
  ok: boolean;
  error?: string;
}

/** How long the other selectors may take to render once the editor shows. */
const SETTLE_MS = 3000;

async function checkPlatform(page: Page, p: Publisher, origin: string, timeoutMs: number): Promise<LiveCheck> {
  const url = new URL(p.check.path, origin).href;
  const result: LiveCheck = { platform: p.id, url, loggedIn: false, broken: [], covered: [], ok: false };
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  } catch (error) {
    result.error = `the editor page did not load (${(error as Error).message.split('\n')[0]})`;
    return result;
  }
  let deadline = Date.now() + timeoutMs;
  const selectors = Object.entries(p.check.selectors);
  // Logged in = a sign-in page does not show once the page has settled into one of the two.
  const signedOut = signedOutMarkers(page, p.check.signedOut);
  const any = selectors.reduce((loc, [, sel]) => loc.or(page.locator(sel)), signedOut);
  await any.first().waitFor({ state: 'attached', timeout: timeoutMs }).catch(() => {});
  // Signed out = a sign-in marker and no editor (a logged-in editor may still link to a sign-in page).
  const editorShown = (await page.locator(selectors[0]?.[1] ?? 'body').count()) > 0;
  if (!editorShown && (await signedOut.count())) {
    result.error = `not logged in (${page.url()} shows a sign-in page)`;
    return result;
  }
  result.loggedIn = true;
  for (const [i, [name, selector]] of selectors.entries()) {
    // The first selector is the editor itself: it gets the whole timeout (a slow site). Once it
    // shows, the rest get a few more seconds to render; after that, look without waiting.
    const locator = page.locator(selector).first();
    const left = deadline - Date.now();
    const found = left > 50 ? await locator.waitFor({ state: 'attached', timeout: left }).then(() => true, () => false) : (await locator.count()) > 0;
    if (!found) result.broken.push({ name, selector });
    // Resolves but is under something (a banner, a dialog, a list left open): say what.
    const cover = found && (await locator.isVisible()) ? await coverOf(locator).catch(() => null) : null;
    if (cover) result.covered.push({ name, selector, by: describeCover(cover) });
    if (i === 0 && found) deadline = Date.now() + SETTLE_MS;
  }
  result.ok = result.broken.length === 0 && result.covered.length === 0;
  return result;
}

export async function doctorCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  if (!flags.live) throw inputError('`publish doctor` checks the live sites: pass --live.', 'It opens each editor in your automation profile and checks its selectors; it types and saves nothing. `publish profile doctor` checks the profile clone without a browser.');
  const { config, dataDir } = commandContext(flags);
  const ids = splitList(flags.to) ?? (Object.keys(config.platforms).length ? Object.keys(config.platforms) : platformIds());
  const unknown = ids.filter((id) => !findPublisher(id));
  if (unknown.length) throw inputError(`Unknown platform${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, `Known platforms: ${platformIds().join(', ')}.`);
  const publishers = ids.map((id) => findPublisher(id)!);
  const profile = await automationProfile({ config, dataDir, browserProfile: flags['browser-profile'], refresh: !flags['no-refresh'], log: stderrLogger });
  const session = await openSession({ userDataDir: profile.userDataDir, browser: resolveBrowser(config.browser.executablePath), args: profile.args, ignoreDefaultArgs: profile.ignoreDefaultArgs, isRoot: process.getuid?.() === 0, codeCache: dataPaths(dataDir).codeCache });
  let checks: LiveCheck[];
  try {
    const pages = await session.newPages(publishers.length);
    const timeoutMs = (config.editorTimeout ?? 15) * 1000;
    checks = await Promise.all(publishers.map((p, i) => checkPlatform(pages[i]!, p, config.platforms[p.id]?.url ?? p.defaultOrigin, timeoutMs)));
  } finally {
    await session.close();
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
  } else {
    io.stdout(`${table(['PLATFORM', 'RESULT', 'DETAIL'], checks.map((c) => [c.platform, c.ok ? 'ok' : !c.loggedIn ? 'NOT READY' : c.broken.length ? 'SELECTORS BROKEN' : 'COVERED', c.ok ? c.url : c.error ?? [...c.broken.map((b) => `${b.name} (${b.selector})`), ...c.covered.map((v) => `${v.name} covered by ${v.by}`)].join(', ')]))}\n`);
    const broken = checks.filter((c) => c.broken.length);
    if (broken.length) io.stdout(`\nThe site changed under these selectors: update them at the top of src/publishers/<platform>.ts (names as shown).\n`);
  }
  return checks.every((c) => c.ok) ? 0 : 1;
}
