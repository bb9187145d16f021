/**
 * Which feed item is which ledger publication: by URL when the publisher captured one, else by
 * normalised title within a time window around the publication. Each item matches at most one
 * publication and each publication at most one item; items that match nothing are left alone.
 */
import { isTrackingParam, type FeedItem } from './parse.js';

export interface Candidate {
  id: number;
  title: string;
  url: string | null;
  /** When it was published (or planned, for one never confirmed), ISO 8601. */
  since: string;
}

export interface Match<C extends Candidate = Candidate> {
  publication: C;
  item: FeedItem;
  by: 'url' | 'title';
}

/** A URL reduced to what identifies the page: no scheme, no www., no tracking, no trailing slash. */
export function urlKey(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim().toLowerCase();
  }
  let search = '';
  if (u.search) {
    for (const key of [...u.searchParams.keys()]) if (isTrackingParam(key, u.searchParams.get(key) ?? '')) u.searchParams.delete(key);
    search = u.searchParams.size ? `?${u.searchParams.toString()}` : '';
  }
  let pathname = u.pathname;
  if (pathname.includes('%')) {
    try {
      pathname = decodeURI(pathname);
    } catch {
      // malformed escapes: compare as written
    }
  }
  const host = u.host.replace(/^www\./, ''); // URL lower-cases the host already
  return `${host}${pathname.replace(/\/+$/, '')}${search}`;
}

/** A title reduced for comparison: width, case, quotes, dashes and spacing do not count. */
export function titleKey(title: string): string {
  // eslint-disable-next-line no-control-regex
  return (/^[\x00-\x7f]*$/.test(title) ? title : title.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032'`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033"«»「」『』]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface MatchOptions {
  /** A title match counts for items published this long before the publication... */
  before?: number;
  /** ...up to this long after it (ms). */
  after?: number;
}

export const DEFAULT_WINDOW = { before: 24 * 3600_000, after: 30 * 24 * 3600_000 };

export function matchItems<C extends Candidate>(items: FeedItem[], candidates: C[], options: MatchOptions = {}): Match<C>[] {
  const before = options.before ?? DEFAULT_WINDOW.before;
  const after = options.after ?? DEFAULT_WINDOW.after;
  const byUrl = new Map<string, FeedItem>();
  const byTitle = new Map<string, FeedItem[]>();
  for (const item of items) {
    for (const key of [item.link, item.guid]) if (key && !byUrl.has(urlKey(key))) byUrl.set(urlKey(key), item);
    const t = titleKey(item.title);
    if (t) (byTitle.get(t) ?? byTitle.set(t, []).get(t)!).push(item);
  }
  const used = new Set<FeedItem>();
  const matches: Match<C>[] = [];
  // URL matches first: they are certain, and take their items out of the title pool.
  for (const c of candidates) {
    if (!c.url) continue;
    const item = byUrl.get(urlKey(c.url));
    if (item && !used.has(item)) {
      used.add(item);
      matches.push({ publication: c, item, by: 'url' });
    }
  }
  for (const c of candidates) {
    if (c.url) continue;
    const since = Date.parse(c.since);
    const item = (byTitle.get(titleKey(c.title)) ?? []).find((i) => {
      if (used.has(i)) return false;
      if (!i.published || Number.isNaN(since)) return true; // no date to judge by: the title decides
      const t = Date.parse(i.published);
      return t >= since - before && t <= since + after;
    });
    if (item) {
      used.add(item);
      matches.push({ publication: c, item, by: 'title' });
    }
  }
  return matches;
}
