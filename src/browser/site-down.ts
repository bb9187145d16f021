/**
 * A site that stops answering mid-run (connection refused or reset, no response) must be said in
 * seconds, not after an editor timeout blamed on selector drift. The watch listens to the page's
 * failed requests to the platform's own origin; a failure not followed by any answer from the
 * site within a short grace ends the platform's run with what failed and where.
 */
import type { Page, Request, Response } from 'playwright';

/** Chromium's network errors that mean "nobody answered", not "the answer was an error". */
export const NOT_ANSWERING = /net::(ERR_CONNECTION_(?:REFUSED|RESET|CLOSED|FAILED|TIMED_OUT)|ERR_EMPTY_RESPONSE|ERR_ADDRESS_UNREACHABLE|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_TIMED_OUT)/;

export class SiteDown extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`the site stopped answering (${reason} at ${url})`);
    this.name = 'SiteDown';
  }
}

/** A SiteDown read from a Playwright error message (`page.goto: net::ERR_CONNECTION_REFUSED at http://...`). */
export function siteDownFrom(message: string): SiteDown | undefined {
  const m = NOT_ANSWERING.exec(message);
  if (!m) return undefined;
  const url = / at (\S+)/.exec(message.slice(m.index))?.[1] ?? '';
  return new SiteDown(url, m[1]!);
}

/** Watches `page` for the site at `origin` going silent; `failed` rejects with a SiteDown. */
export function watchSiteDown(page: Page, origin: string, graceMs = 1500): { failed: Promise<never>; dispose(): void } {
  const own = new URL(origin).origin;
  let timer: NodeJS.Timeout | undefined;
  let reject!: (error: SiteDown) => void;
  const failed = new Promise<never>((_, r) => (reject = r));
  failed.catch(() => {}); // handled by whoever races it
  const onFailed = (request: Request) => {
    const text = request.failure()?.errorText ?? '';
    const m = NOT_ANSWERING.exec(text);
    if (!m || timer || new URL(request.url()).origin !== own) return;
    timer = setTimeout(() => reject(new SiteDown(request.url(), m[1]!)), graceMs);
  };
  const onResponse = (response: Response) => {
    if (timer && new URL(response.url()).origin === own) {
      clearTimeout(timer); // it answered after all: a blip
      timer = undefined;
    }
  };
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  return {
    failed,
    dispose() {
      if (timer) clearTimeout(timer);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
    },
  };
}
