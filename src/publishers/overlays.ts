/**
 * Real editors are noisy: suggestion lists open over the next field, cookie banners and "What's
 * new" dialogs cover the page, toasts sit on the action bar. Before typing into or clicking a
 * field, a publisher makes sure the field is the topmost thing at its click point, and clears
 * the way as a careful person would: Escape for a popup it opened itself, the overlay's own
 * "Accept" / "Close" / "Not now" button for a known kind of overlay, a moment's patience for a
 * toast. It never removes DOM nodes. If the field is still covered after a few seconds, it stops
 * and names what is in the way.
 */
import type { ElementHandle, Locator, Page } from 'playwright';

/** What sits on top of a target at its click point. */
export interface Cover {
  tag: string;
  id: string;
  role: string;
  /** Accessible name (aria-label, aria-labelledby, a heading inside) or the first text. */
  name: string;
  /** A popup that belongs to the focused field (listbox, menu, autocomplete): Escape closes it. */
  popup: boolean;
}

/** How long a publisher keeps trying to clear the way before it gives up and names the cover. */
export const CLEAR_WAY_MS = 5000;

/**
 * Buttons that dismiss an overlay without changing the post, by accessible name, in English and
 * Japanese: cookie consent ("Accept all", 同意する), onboarding and "What's new" ("Got it", "Not
 * now", あとで), toasts and dialogs ("Close", "Dismiss", 閉じる).
 */
export const DISMISS_NAMES =
  /^\s*(accept( all( cookies)?)?|allow( all)?( cookies)?|agree|i agree|ok(ay)?|got it|close|dismiss|not now|no,? thanks|maybe later|skip|すべて(を)?(許可|受け入れる|同意)|同意(する|して閉じる)?|許可する|閉じる|あとで|後で|今はしない|スキップ|OK|×|✕)\s*$/i;

/** The ARIA roles of popups a field opens for itself (suggestions, menus, tooltips). */
const POPUP_ROLES = ['listbox', 'option', 'menu', 'menuitem', 'tooltip', 'grid', 'tree'];

/**
 * What covers `target` at the point a click would land (its centre, within the viewport), or
 * null when the target itself (or something inside it) is on top. Scrolls the target to the
 * centre first when a sticky header or footer hides it where it is.
 */
export async function coverOf(target: Locator): Promise<Cover | null> {
  // One round trip (locator.evaluate waits for the element): this runs before every click and
  // fill, so a separate elementHandle + evaluate + dispose cost two more per field.
  return target
    .evaluate((el, popupRoles) => {
      const describe = (node: Element) => {
        // The overlay is the nearest ancestor that is a dialog, a popup or positioned over the page.
        let root: Element = node;
        for (let n: Element | null = node; n && n !== document.body; n = n.parentElement) {
          const role = n.getAttribute('role') ?? '';
          const position = getComputedStyle(n).position;
          if (role || n.tagName === 'DIALOG' || position === 'fixed' || position === 'absolute' || position === 'sticky') {
            root = n;
            if (role || n.tagName === 'DIALOG' || position === 'fixed') break;
          }
        }
        const labelledBy = root.getAttribute('aria-labelledby');
        const heading = root.querySelector('h1,h2,h3,h4,[role=heading]');
        const name =
          root.getAttribute('aria-label') ??
          (labelledBy ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '') ??
          '';
        const text = (name || heading?.textContent || (root as HTMLElement).innerText || root.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
        const role = root.getAttribute('role') ?? (root.tagName === 'DIALOG' ? 'dialog' : '');
        const focused = document.activeElement;
        // A popup the focused field opened: named by its aria-controls/aria-owns, or a sibling of
        // the field's own container (not merely somewhere under <body>, as a sticky header is).
        const container = root.parentElement;
        const owned = !!focused && focused !== document.body && (
          (!!root.id && (focused.getAttribute('aria-controls') === root.id || focused.getAttribute('aria-owns') === root.id)) ||
          (!!container && container !== document.body && container !== document.documentElement && container.contains(focused)));
        return { tag: root.tagName.toLowerCase(), id: root.id, role, name: text, popup: popupRoles.includes(role) || (owned && role !== 'dialog') };
      };
      const hitAt = () => {
        const r = el.getBoundingClientRect();
        const x = Math.min(Math.max(r.left + r.width / 2, 1), innerWidth - 2);
        // A tall editor: aim at its first line's height, where a person would click.
        const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 40), 1), innerHeight - 2);
        const hit = document.elementFromPoint(x, y);
        return !hit || el === hit || el.contains(hit) || hit.contains(el) ? null : hit;
      };
      let hit = hitAt();
      if (hit) {
        el.scrollIntoView({ block: 'center', inline: 'nearest' });
        hit = hitAt();
      }
      return hit ? describe(hit) : null;
    }, POPUP_ROLES, { timeout: 2000 })
    .catch(() => null); // not there (or gone): the caller's own wait reports it
}

/** "a listbox 'Top tags'", "a div#promo 'Try Pro'": for messages. */
export function describeCover(c: Cover): string {
  const what = c.role ? `a ${c.role}` : `a ${c.tag}${c.id ? `#${c.id}` : ''}`;
  return c.name ? `${what} '${c.name}'` : what;
}

/** The overlay element at `target`'s click point (see coverOf), to look for its dismiss button inside it. */
async function coverElement(target: Locator): Promise<ElementHandle<Element> | null> {
  const handle = await target.elementHandle({ timeout: 1000 }).catch(() => null);
  if (!handle) return null;
  try {
    const found = await handle.evaluateHandle((el) => {
      const r = el.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + r.width / 2, 1), innerWidth - 2);
      const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 40), 1), innerHeight - 2);
      let n = document.elementFromPoint(x, y);
      for (let p = n; p && p !== document.body; p = p.parentElement) {
        if (p.getAttribute('role') || p.tagName === 'DIALOG' || getComputedStyle(p).position === 'fixed') {
          n = p;
          if (p.getAttribute('role') || p.tagName === 'DIALOG') break;
        }
      }
      return n;
    });
    return found.asElement();
  } catch {
    return null;
  } finally {
    await handle.dispose();
  }
}

/**
 * Overlays that are never the publisher's own work, looked for anywhere on the page when the
 * cover itself has no dismiss button (a modal's backdrop covers the page; its dialog holds the
 * button): modal dialogs, cookie banners, toasts.
 */
const OVERLAYS = '[aria-modal=true], dialog[open], [role=region][aria-label*="cookie" i], [role=status], [role=alert]';
const BUTTONS = 'button, [role=button], input[type=button]';

/** Clicks the dismiss button (DISMISS_NAMES) of what covers `target`, or of a modal, banner or toast. True if it clicked one. */
async function dismissOverlay(page: Page, target: Locator): Promise<boolean> {
  const cover = await coverElement(target);
  try {
    const buttons = [...(cover ? await cover.$$(BUTTONS) : []), ...(await page.locator(OVERLAYS).locator(BUTTONS).elementHandles())];
    for (const b of buttons) {
      const name = await b.evaluate((el) => ((el as Element).getAttribute('aria-label') || (el as HTMLElement).innerText || (el as HTMLInputElement).value || '').trim()).catch(() => '');
      if (!DISMISS_NAMES.test(name) || !(await b.isVisible().catch(() => false))) continue;
      if (await b.click({ timeout: 2000 }).then(() => true, () => false)) return true;
    }
    return false;
  } finally {
    await cover?.dispose();
  }
}

export interface ClearOptions {
  /** Give up after this long (default CLEAR_WAY_MS). */
  timeoutMs?: number;
  /** Called after a popup was closed with Escape (blur or Escape may commit a tag: re-check). */
  afterEscape?: () => Promise<void>;
}

/**
 * Makes `target` the topmost thing at its click point, or returns what still covers it after
 * `timeoutMs`: Escape for a popup of the focused field, the dismiss button of a known overlay,
 * else waiting (toasts go by themselves). Returns null when the way is clear.
 */
export async function clearTheWay(page: Page, target: Locator, options: ClearOptions = {}): Promise<Cover | null> {
  const deadline = Date.now() + (options.timeoutMs ?? CLEAR_WAY_MS);
  let escapes = 0;
  for (;;) {
    const cover = await coverOf(target);
    if (!cover) return null;
    if (Date.now() > deadline) return cover;
    if (cover.popup && escapes < 2) {
      escapes++;
      await page.keyboard.press('Escape');
      await options.afterEscape?.();
    } else if (!(await dismissOverlay(page, target))) {
      await page.waitForTimeout(250);
    }
  }
}
