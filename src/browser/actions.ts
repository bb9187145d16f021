/**
 * Clicks and fills in one round trip when nothing stands in the way. Playwright's own click
 * checks that the element is attached, visible, enabled, stable over two animation frames and
 * the topmost thing at its point, and fill that it is editable, each over several round trips:
 * 50-120 ms a click on 2 cores (measured: a dev.to publish clicks and fills about ten times, and
 * those checks were a sixth of its wall time). Here one page function checks the same things at
 * once (movement as running animations and transitions instead of two frames' rectangles) and
 * the mouse or keyboard then acts as a person's would. Whenever any check does not hold (covered,
 * disabled, moving, off screen, inside a frame), Playwright's own action runs instead, with its
 * waiting and its error messages: the quick path never acts where Playwright would not.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Locator, Page } from 'playwright';

/** Where to click, and the name of the page's guard for that click (see readyAt). */
export interface Spot {
  x: number;
  y: number;
  guard: string;
}

/**
 * Where a person would click `target` now (its centre, or its first line's height on a tall
 * editor: where the overlay checks aim too), or null when it cannot take the click at once.
 * Waits like any locator for the element to be attached (up to `timeout`): that error is thrown.
 * `fill`: also focus it and select its text, when it is a text field. Otherwise a guard waits for
 * the click, as Playwright's own hit-target check does: something that comes over the point in
 * the moment before the click (a toast laid over the button) gets no event of it at all, and
 * `clickAt` reports the miss so the caller can fall back to Playwright's click.
 */
async function readyAt(target: Locator, timeout: number, fill: boolean): Promise<Spot | null> {
  return target.evaluate(
    (el, fill) => {
      // Mouse coordinates are the top page's: an element inside a frame takes the slow path.
      if (window !== window.top || !el.isConnected) return null;
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible' || style.pointerEvents === 'none') return null;
      if (el.matches(':disabled') || el.closest('[aria-disabled="true"]')) return null;
      for (const animation of document.getAnimations()) {
        const moving = animation.effect instanceof KeyframeEffect ? animation.effect.target : null;
        if (animation.playState === 'running' && moving?.contains(el)) return null;
      }
      const field = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && ['', 'text', 'search', 'url', 'tel', 'email', 'password'].includes(el.getAttribute('type') ?? ''));
      if (fill && !(field ? !(el as HTMLInputElement).readOnly : (el as HTMLElement).isContentEditable)) return null;
      const at = () => {
        const r = el.getBoundingClientRect();
        const p = { x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 40) };
        return r.width > 0 && r.height > 0 && p.x >= 0 && p.y >= 0 && p.x < innerWidth && p.y < innerHeight ? p : null;
      };
      let p = at();
      if (!p) {
        el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
        p = at();
      }
      const hit = p && document.elementFromPoint(p.x, p.y);
      if (!p || !hit || !(hit === el || el.contains(hit))) return null;
      if (fill) {
        (el as HTMLElement).focus();
        if (field) (el as HTMLInputElement).select();
        else {
          const range = document.createRange();
          range.selectNodeContents(el);
          getSelection()?.removeAllRanges();
          getSelection()?.addRange(range);
        }
        if (document.activeElement !== el && !el.contains(document.activeElement)) return null;
        return { ...p, guard: '' };
      }
      const guard = `__publishClick${Math.random().toString(36).slice(2)}`;
      const state = { missed: false };
      const types = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'];
      const done = () => types.forEach((t) => window.removeEventListener(t, check, true));
      const check = (e: Event) => {
        if (!(e.target instanceof Node && (e.target === el || el.contains(e.target)))) {
          state.missed = true;
          e.preventDefault();
          e.stopImmediatePropagation();
        }
        if (e.type === 'click') done();
      };
      types.forEach((t) => window.addEventListener(t, check, true));
      setTimeout(done, 5000); // never left behind
      (window as unknown as Record<string, unknown>)[guard] = state;
      return { ...p, guard };
    },
    fill,
    { timeout },
  );
}

/**
 * How long the quick path waits for the element to be attached. An element that comes later (a
 * slow editor, a dialog opening) gets Playwright's own action, which waits as long as asked.
 */
const ATTACH_MS = 1000;

/**
 * Clicks at a spot `clickPoint` found. False when something else had come over it by then: that
 * click was stopped before anything saw it, so nothing happened and the caller can click again.
 */
export async function clickAt(page: Page, spot: Spot): Promise<boolean> {
  await page.mouse.click(spot.x, spot.y);
  const missed = page
    .evaluate((guard) => {
      const state = (window as unknown as Record<string, { missed: boolean } | undefined>)[guard];
      delete (window as unknown as Record<string, unknown>)[guard];
      return !state?.missed;
    }, spot.guard)
    .catch(() => true); // the click navigated away: it reached the target (a missed one is stopped)
  // A page busy with what the click started may answer late: not stopped, as far as anyone knows.
  return Promise.race([missed, delay(2000, true, { ref: false })]);
}

/** Clicks `target` at once if nothing is in the way; false (nothing done) otherwise. */
export async function tryClick(target: Locator): Promise<boolean> {
  const spot = await readyAt(target, ATTACH_MS, false).catch(() => null);
  return spot !== null && clickAt(target.page(), spot);
}

/** Fills a text field at once as Playwright's fill does (select all, type the text in one go) if nothing is in the way; false otherwise. */
export async function tryFill(target: Locator, value: string): Promise<boolean> {
  if (!(await readyAt(target, ATTACH_MS, true).catch(() => null))) return false;
  if (value) await target.page().keyboard.insertText(value);
  else await target.page().keyboard.press('Delete');
  return true;
}

/** Clicks `target`: at once when nothing is in the way, else with Playwright's click and its waiting. */
export async function click(target: Locator, options: { timeout?: number } = {}): Promise<void> {
  if (!(await tryClick(target))) await target.click(options);
}

/** Where a click on `target` would land now, guarded (see readyAt), or null; click with `clickAt` at once. */
export const clickPoint = (target: Locator) => readyAt(target, ATTACH_MS, false).catch(() => null);
