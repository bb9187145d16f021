/**
 * The only URLs `publish` follows from a config, a feed or a draft are http: and https: ones.
 * `javascript:`, `file:`, `data:` and `ftp:` never reach the browser, the feed reader or the ledger.
 */

/** The URL if `value` is an absolute http(s) URL with a host, else undefined. */
export function httpUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url : undefined;
}

export const isHttpUrl = (value: string): boolean => httpUrl(value) !== undefined;
