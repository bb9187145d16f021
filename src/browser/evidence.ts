/** Screenshots and other evidence, kept in the data directory per draft and platform. */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { CDPSession, Page } from 'playwright';
import { makePrivate } from '../home.js';

export interface EvidenceSink {
  /** Saves a screenshot; returns its path, or undefined if none could be taken (reported). */
  screenshot(page: Page, name: string): Promise<string | undefined>;
  /**
   * What explains a failure: a screenshot and the page's HTML as it stood (form secrets blanked),
   * which the run's trace (actions, network, console; no DOM snapshots) does not hold.
   */
  failure(page: Page): Promise<{ shot?: string; files: string[] }>;
}

/**
 * The page's last requests, one line each ("12:00:01.234 POST 500 https://dev.to/articles 180 ms"),
 * for a failure's evidence: what the run's trace no longer records (it keeps no network, which
 * came only with its costly DOM snapshots). No headers or bodies; query values are blanked, since
 * signed upload URLs carry tokens in them.
 */
export function networkLog(page: Page, keep = 200): { lines(): string[]; dispose(): void } {
  const lines: string[] = [];
  const where = (raw: string) => {
    try {
      const u = new URL(raw);
      for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, '');
      return `${u.origin}${u.pathname}${u.search}`;
    } catch {
      return raw.slice(0, 200);
    }
  };
  const add = (line: string) => {
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (lines.length > keep) lines.shift();
  };
  // The time to the answer from the request's own timing, not from a 'request' listener: every
  // event kind listened to is one more message per request from Playwright's server to us.
  const onResponse = (r: import('playwright').Response) => {
    const ms = r.request().timing().responseStart;
    add(`${r.request().method()} ${r.status()} ${where(r.url())}${ms >= 0 ? ` ${Math.round(ms)} ms` : ''}`);
  };
  const onFailed = (r: import('playwright').Request) => add(`${r.method()} failed ${where(r.url())} (${r.failure()?.errorText ?? 'no answer'})`);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  return {
    lines: () => [...lines],
    dispose: () => {
      page.off('response', onResponse);
      page.off('requestfailed', onFailed);
    },
  };
}

/**
 * The page's DOM as HTML, without what could let someone act as the writer: password and hidden
 * input values (CSRF and authenticity tokens) and token-like meta contents are blanked. Session
 * cookies are HttpOnly and never in the DOM.
 */
async function pageHtml(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true) as HTMLElement;
    doc.querySelectorAll('input[type=password], input[type=hidden]').forEach((i) => i.setAttribute('value', ''));
    doc.querySelectorAll('meta[name*=csrf i], meta[name*=token i]').forEach((m) => m.setAttribute('content', ''));
    return `<!doctype html>\n<!-- ${location.href} -->\n${doc.outerHTML}`;
  });
}

/** One DevTools session per page, for its screenshots. */
const devtools = new WeakMap<Page, Promise<CDPSession>>();

/**
 * A JPEG of the window, or of the whole page when `whole` and it is longer than the window, in
 * CSS pixels (half the pixels to encode on a Retina Mac), straight from DevTools: what
 * `page.screenshot` sends too (Page.captureScreenshot with a clip; beyond the viewport for a
 * whole page), without its two extra round trips to every frame (web fonts ready, the scroll
 * offset), about 12 of its 45 ms a shot here. JPEG: a third faster to encode than PNG for a full
 * page, and the text stays legible. Throws when DevTools cannot take it (then page.screenshot).
 */
async function capture(page: Page, whole: boolean): Promise<Buffer> {
  let session = devtools.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    devtools.set(page, session);
    session.catch(() => devtools.delete(page));
  }
  const m = await page.evaluate(() => {
    const doc = document.documentElement;
    return { x: scrollX, y: scrollY, width: innerWidth, height: innerHeight, fullWidth: Math.max(doc.scrollWidth, innerWidth), fullHeight: doc.scrollHeight, dpr: devicePixelRatio };
  });
  const beyond = whole && m.fullHeight > m.height + 1;
  const clip = beyond ? { x: 0, y: 0, width: m.fullWidth, height: m.fullHeight } : { x: m.x, y: m.y, width: m.width, height: m.height };
  const shot = (await session).send('Page.captureScreenshot', { format: 'jpeg', quality: 80, clip: { ...clip, scale: 1 / m.dpr }, captureBeyondViewport: beyond });
  // A frame of the whole page can stall on a loaded machine: then Playwright's, with its timeouts.
  const stalled = delay(10_000, undefined, { ref: false }).then((): never => {
    throw new Error('no frame within 10 s');
  });
  return Buffer.from((await Promise.race([shot, stalled])).data, 'base64');
}

export function evidenceSink(
  dir: string,
  platform: string,
  options: { now?: () => Date; warn?: (message: string) => void; /** The page's recent requests (networkLog), kept with a failure. */ network?: () => string[] } = {},
): EvidenceSink {
  const now = options.now ?? (() => new Date());
  return {
    async screenshot(page, name) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${platform}-${now().toISOString().replace(/[:.]/g, '-')}-${name}.jpg`);
      // The published post: what is on screen proves it (a full page costs a re-layout and a
      // bigger encode); the filled editor and the preview are kept whole, as evidence of the
      // text, when they are longer than the window (a full-page shot of a page that fits costs
      // about 25 ms more for the same picture).
      try {
        fs.writeFileSync(file, await capture(page, name !== 'published'), { mode: 0o600 });
        return file;
      } catch {
        // the quick way failed (no DevTools session, a page mid-navigation): Playwright's below
      }
      // A full-page shot needs a fresh frame of the whole page; on a loaded machine that can
      // stall, so fall back to what is on screen rather than keep no evidence at all.
      let reason = '';
      const window = { fullPage: false, timeout: 20_000 };
      for (const attempt of name === 'published' ? [window] : [{ fullPage: true, timeout: 10_000 }, window]) {
        try {
          await page.screenshot({ path: file, type: 'jpeg', quality: 80, scale: 'css', caret: 'initial', ...attempt });
          makePrivate(file);
          return file;
        } catch (error) {
          reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        }
      }
      options.warn?.(`${platform}: no "${name}" screenshot could be taken (${reason}).`);
      return undefined;
    },
    async failure(page) {
      const shot = await this.screenshot(page, 'failure');
      const files = shot ? [shot] : [];
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      try {
        const file = path.join(dir, `${platform}-${stamp}-failure.html`);
        fs.writeFileSync(file, await pageHtml(page), { mode: 0o600 });
        files.push(file);
      } catch {
        // the page is gone (a crash, a closed window): the screenshot and the trace must do
      }
      const requests = options.network?.() ?? [];
      if (requests.length) {
        const file = path.join(dir, `${platform}-${stamp}-network.log`);
        fs.writeFileSync(file, `${requests.join('\n')}\n`, { mode: 0o600 });
        files.push(file);
      }
      return { shot, files };
    },
  };
}
