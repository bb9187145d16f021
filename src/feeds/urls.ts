/**
 * Each platform's public feed for an account, and how often it is worth asking (platforms.md).
 * `platforms.<id>.feed` in the config overrides the URL; `platforms.<id>.feedInterval` the pace.
 * Platforms without a public feed (LinkedIn, X) are absent.
 */
import type { PlatformConfig } from '../config.js';

export interface FeedPlatform {
  /** The account's feed; `origin` is the configured `url`, if any (the sandbox sets one). */
  url(origin: string | undefined, username: string): string;
  /** First wait between polls, and the longest (the edge cache's lifetime), in seconds. */
  interval: number;
  maxInterval: number;
}

const at = (path: string, origin: string) => new URL(path, origin).href;
const on = (site: string) => (path: (user: string) => string) => (origin: string | undefined, user: string) => at(path(user), origin ?? site);

export const FEEDS: Readonly<Record<string, FeedPlatform>> = {
  // dev.to: RSS 2.0, cached about 10 minutes at the edge.
  devto: { url: on('https://dev.to')((u) => `/feed/${u}`), interval: 60, maxInterval: 600 },
  zenn: { url: on('https://zenn.dev')((u) => `/${u}/feed`), interval: 30, maxInterval: 300 },
  // Qiita: Atom, weak ETag, 304.
  qiita: { url: on('https://qiita.com')((u) => `/${u}/feed`), interval: 30, maxInterval: 300 },
  // note: the editor lives on editor.note.com, the feed on note.com.
  note: { url: (o, u) => at(`/${u}/rss`, (o ?? 'https://note.com').replace('//editor.note.com', '//note.com')), interval: 60, maxInterval: 600 },
  // Substack and Hashnode: the publication's own site (its `url`, else <name>.substack.com /
  // <name>.hashnode.dev). Substack rate-limits its feeds: ask rarely.
  substack: { url: (o, u) => at('/feed', o ?? `https://${u}.substack.com`), interval: 120, maxInterval: 900 },
  hashnode: { url: (o, u) => at('/rss.xml', o ?? `https://${u}.hashnode.dev`), interval: 60, maxInterval: 600 },
  // Medium: only the latest 10 posts.
  medium: { url: on('https://medium.com')((u) => `/feed/@${u.replace(/^@/, '')}`), interval: 120, maxInterval: 900 },
  bluesky: { url: on('https://bsky.app')((u) => `/profile/${u}/rss`), interval: 30, maxInterval: 300 },
};

export interface FeedTarget {
  platform: string;
  url: string;
  interval: number;
  maxInterval: number;
}

/**
 * The feed to watch for a platform account, or a sentence saying why there is none.
 * Substack and Hashnode take the publication as `username` (or the publication's URL as `url`).
 */
export function feedFor(platform: string, account: string, config: PlatformConfig | undefined): FeedTarget | string {
  const known = FEEDS[platform];
  const interval = config?.feedInterval ?? known?.interval ?? 60;
  const maxInterval = Math.max(interval, config?.feedInterval ?? known?.maxInterval ?? 600);
  if (config?.feed) return { platform, url: config.feed, interval, maxInterval };
  if (!known) return `${platform} has no public feed; set platforms.${platform}.feed in the config if it has one`;
  if (!account) return `no username for ${platform}: set platforms.${platform}.username (or platforms.${platform}.feed) in the config`;
  return { platform, url: known.url(config?.url, account), interval, maxInterval };
}
