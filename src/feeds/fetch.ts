/**
 * Fetches a feed politely: conditional GET (ETag / Last-Modified from the previous fetch), so an
 * unchanged feed costs a 304 and no body; Retry-After honoured on 429/503; a timeout and a size
 * limit; gzip/brotli decoded by fetch itself.
 */
import fs from 'node:fs';
import { inputError } from '../errors.js';
import { FeedError } from './errors.js';

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { status: 'not-modified'; url: string }
  | { status: 'ok'; url: string; body: string; etag: string | null; lastModified: string | null; bytes: number };

export interface FetchOptions extends Validators {
  timeoutMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
  /** Ends the request early (the run was interrupted): it fails like one that got no answer. */
  signal?: AbortSignal;
  /** `publish feeds inspect FILE`: the writer named a local file. Feeds from a config never read files. */
  allowFile?: boolean;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

/** Retry-After as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readLimited(response: Response, source: string, maxBytes: number): Promise<{ body: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new FeedError(source, `the feed is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  const reader = response.body?.getReader();
  if (!reader) return { body: '', bytes: 0 };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new FeedError(source, `the feed is more than the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks).toString('utf8'), bytes };
}

/** Fetches `source`: an http(s) URL, or a local file (for `publish feeds inspect FILE`). */
export async function fetchFeed(source: string, options: FetchOptions = {}): Promise<FetchResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!/^https?:\/\//i.test(source)) {
    if (!options.allowFile) throw new FeedError(source, 'is not an http:// or https:// URL', 'Feeds are read over http(s); set platforms.<id>.feed to the feed\'s URL.');
    const file = source.replace(/^file:\/\//, '');
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch {
      /* reported by the read below */
    }
    // A FIFO or a device would block the read forever; a huge file is not a feed.
    // A file the writer named: its problems are input errors (exit 2), not a feed's.
    if (stat && !stat.isFile()) throw inputError(`${source}: is not a regular feed file (a directory, a pipe or a device?).`, 'Give a feed URL (http:// or https://) or a saved feed file.');
    if (stat && stat.size > maxBytes) throw inputError(`${source}: is ${stat.size} bytes, more than the ${maxBytes}-byte limit for a feed.`);
    try {
      const body = fs.readFileSync(file, 'utf8');
      return { status: 'ok', url: source, body, etag: null, lastModified: null, bytes: Buffer.byteLength(body) };
    } catch (error) {
      throw inputError(`${source}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, 'Give a feed URL (http:// or https://) or an existing file.');
    }
  }
  const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'publish (feed tracking; +https://github.com/)' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 20_000);
    response = await (options.fetch ?? fetch)(source, { headers, redirect: 'follow', signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${(options.timeoutMs ?? 20_000) / 1000}s` : (e.cause?.code ?? e.message);
    throw new FeedError(source, `could not be fetched (${why})`, 'Check the URL and your connection; `publish track` will try again later.');
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified', url: source };
  }
  if (response.status === 429 || response.status === 503) {
    await response.body?.cancel();
    const wait = parseRetryAfter(response.headers.get('retry-after'));
    throw new FeedError(source, `the server asked us to slow down (HTTP ${response.status}${wait !== undefined ? `, retry after ${Math.round(wait / 1000)}s` : ''})`, 'Nothing is lost: `publish track` waits and asks again.', wait ?? 60_000);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FeedError(source, `HTTP ${response.status} ${response.statusText}`.trim(), response.status === 404 ? 'Check the username (platforms.<id>.username) or set platforms.<id>.feed in the config.' : undefined);
  }
  const type = response.headers.get('content-type') ?? '';
  let body: string;
  let bytes: number;
  try {
    ({ body, bytes } = await readLimited(response, source, maxBytes));
  } catch (error) {
    if (error instanceof FeedError) throw error;
    // Headers came, then the body stalled past the timeout or the connection dropped.
    const e = error as Error;
    const why = e.name === 'TimeoutError' || /timeout/i.test(e.message) ? `it stopped sending within ${(options.timeoutMs ?? 20_000) / 1000}s` : `the connection broke (${e.message})`;
    throw new FeedError(source, `could not be read to the end: ${why}`, 'Nothing was changed; `publish track` will try again later.');
  }
  if (/text\/html/i.test(type) && !/^\s*<\?xml|^\s*<(rss|feed|rdf:RDF)[\s>]/i.test(body)) {
    throw new FeedError(source, `this is an HTML page (${type.split(';')[0]}), not a feed`, 'Use the feed\'s own URL, or set platforms.<id>.feed in the config.');
  }
  return { status: 'ok', url: source, body, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified'), bytes };
}
