/**
 * Waiting for something to show, checked again as soon as the page changes. Playwright's
 * `locator.waitFor` checks from Node at 0, 20, 70, 170 and 270 ms and then every 500 ms when the
 * timeout is over 2.5 s, as an editor's is (playwright-core 1.65, `retryWithProgressAndBackoff`:
 * pauses of 20, 50, 100, 100, 500, the 500 dropped for short timeouts): an editor that mounts
 * 300 ms after the page's HTML (a real one hydrates in about that) is seen at 770 ms, a preview
 * that renders 120 ms after the click at 170 ms. Here the page says when its DOM changed (a
 * MutationObserver) and the same check runs then, at most every `CHECK_GAP_MS` (or three times
 * as long as a check took), and at least every `IDLE_MS` for what changes without a DOM
 * mutation (a stylesheet, a font).
 */
import type { Locator, Page } from 'playwright';

const CHECK_GAP_MS = 30;
const IDLE_MS = 200;
/** How often a costly second target (`options.costly`) is looked at, at most. */
const COSTLY_GAP_MS = 400;

/** What `waitUntilShown` throws when the time is up (named like Playwright's, which callers may test). */
export class WaitTimeout extends Error {
  override name = 'TimeoutError';
}

/**
 * Resolves once the first element `target` matches is visible (or, `state: 'attached'`, in the
 * DOM); throws WaitTimeout after `timeout` ms. Same verdict as `target.first().waitFor()`, since
 * each check is Playwright's own (`isVisible`, `count`); only when it checks differs.
 * `costly` ends the wait too when it shows, but is looked at only every COSTLY_GAP_MS (or three
 * times as long as it took): for role and text queries, which compute every element's role or
 * text. Measured on a page of 2,000 elements, the sign-in markers' role queries took 45 ms a
 * check against 5 ms for the editor's CSS; on 12,000, 350 against 8.
 */
export async function waitUntilShown(target: Locator, options: { timeout: number; state?: 'visible' | 'attached'; costly?: Locator }): Promise<void> {
  const { timeout, state = 'visible' } = options;
  const first = target.first();
  const page = first.page();
  const deadline = Date.now() + timeout;
  const shown = (l: Locator) => (state === 'visible' ? l.isVisible() : l.count().then((n) => n > 0)).catch((error) => stillThere(page, error));
  const costly = options.costly?.first();
  let costlyAt = 0;
  for (let checks = 0; ; checks++) {
    const started = Date.now();
    if (await shown(first)) return;
    const took = Date.now() - started;
    if (costly && Date.now() >= costlyAt) {
      const began = Date.now();
      if (await shown(costly)) return;
      costlyAt = Date.now() + Math.max(COSTLY_GAP_MS, 3 * (Date.now() - began));
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeout(`Timeout ${timeout}ms exceeded waiting for ${String(first)} to be ${state}`);
    // On a heavy page a check itself takes a while (a role or text query walks the whole DOM, on
    // the thread the page needs to start up): at most a quarter of the time goes to checking.
    // Not by the first check, which also sets Playwright's script up in the new page (~100 ms).
    const gap = Math.max(CHECK_GAP_MS, checks === 0 ? 0 : 3 * took);
    // A navigation destroys the page function's context: then look again after a short pause.
    await page.evaluate(domChange, { gap, idle: Math.min(left, Math.max(gap, IDLE_MS)) })
      .catch((error) => stillThere(page, error) || new Promise((r) => setTimeout(r, gap)));
  }
}

/**
 * A check that failed while the page navigated is looked at again; a closed or crashed page
 * (the run interrupted, the window closed, the renderer gone) ends the wait with its error, as
 * Playwright's own waitFor does.
 */
function stillThere(page: Page, error: unknown): false {
  if (page.isClosed() || /closed|crash/i.test(error instanceof Error ? error.message : String(error))) throw error;
  return false;
}

/** In the page: resolves at the first DOM change (no sooner than `gap` ms from now), or after `idle` ms. */
function domChange({ gap, idle }: { gap: number; idle: number }): Promise<void> {
  return new Promise((resolve) => {
    const start = performance.now();
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => {
      observer.disconnect();
      setTimeout(done, Math.max(0, start + gap - performance.now()));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const timer = setTimeout(done, idle);
  });
}
