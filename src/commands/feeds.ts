/** `publish feeds inspect <URL|FILE>`: a feed, normalised, without touching the ledger. */
import { inputError } from '../errors.js';
import { fetchFeed } from '../feeds/fetch.js';
import { parseFeed, type Feed } from '../feeds/parse.js';
import { table } from '../pipeline/status.js';
import type { Flags, Io } from '../cli.js';

/** Fetches (or reads) and parses a feed in one step. */
export async function loadFeed(source: string, options: { allowFile?: boolean } = {}): Promise<Feed> {
  const fetched = await fetchFeed(source, options);
  if (fetched.status !== 'ok') throw new Error('unreachable: no validators were sent');
  return parseFeed(fetched.body, source);
}

export async function feedsCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  const [sub, source] = args;
  if (sub !== 'inspect') throw inputError(sub ? `Unknown feeds command "${sub}".` : 'Missing feeds command.', 'Use `publish feeds inspect <URL|FILE>`.');
  if (!source) throw inputError('`publish feeds inspect` needs a feed URL or file.', 'For example: publish feeds inspect https://dev.to/feed/yourname');
  const feed = await loadFeed(source, { allowFile: true });
  if (flags.json) {
    io.stdout(`${JSON.stringify(feed, null, 2)}\n`);
    return 0;
  }
  io.stdout(`${feed.feed.title || '(untitled feed)'}  ${feed.feed.link}\n`);
  if (feed.items.length === 0) {
    io.stdout('The feed has no items.\n');
    return 0;
  }
  io.stdout(`${feed.items.length} item(s):\n${table(['PUBLISHED', 'AUTHOR', 'TAGS', 'TITLE', 'LINK'], feed.items.map((i) => [i.published?.slice(0, 16).replace('T', ' ') ?? '-', i.author ?? '-', i.categories.join(',') || '-', i.title.length > 50 ? `${i.title.slice(0, 49)}…` : i.title, i.link]))}\n`);
  return 0;
}
