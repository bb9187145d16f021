/**
 * `--update`: what each published copy needs, the diff `--update --dry-run` prints, and the
 * check that a post's page shows the new text (after saving, and before saving again when an
 * earlier run died right after its save click).
 */
import { createRequire } from 'node:module';
import { htmlText } from '../draft/render.js';
import { squeeze } from '../publishers/flow.js';
import type { PublicationRow, PublishedContent } from '../ledger/ledger.js';
import type { EditTarget, PlatformPost, Publisher } from '../publishers/types.js';

/** What a platform is given, as the ledger keeps it (the body before image hosting). */
export const contentOf = (post: PlatformPost): PublishedContent => ({ title: post.title, tags: post.tags, body: post.thread?.join('\n\n') ?? post.body });

export function storedContent(row: PublicationRow): PublishedContent | undefined {
  if (!row.content) return undefined;
  try {
    return JSON.parse(row.content) as PublishedContent;
  } catch {
    return undefined;
  }
}

export type UpdatePlan = { kind: 'edit'; target: EditTarget } | { kind: 'not-editable'; why: string } | { kind: 'no-edit-page'; why: string };

/** Where a published post is edited, or why it cannot be. */
export function planUpdate(publisher: Publisher, row: PublicationRow, changed: readonly string[], origin: string): UpdatePlan {
  if (!publisher.editing.editable) return { kind: 'not-editable', why: publisher.editing.why };
  const url = row.url && publisher.editing.page({ url: row.url, editUrl: row.edit_url }, origin);
  if (!url || !row.url) {
    return { kind: 'no-edit-page', why: `${publisher.name}: the post's edit page is not known (it was published by an earlier version of publish, which did not record it); nothing was changed. Edit it on the site: ${row.url ?? '(no URL recorded)'}` };
  }
  return { kind: 'edit', target: { url, postUrl: row.url, changed } };
}

/** A unified diff of what the platform holds and what it would be given (title and tags as header lines). */
export function updateDiff(platform: string, before: PublishedContent | undefined, after: PublishedContent): string {
  if (!before) return `(${platform}: the published text was not kept by the version that published it; only the changed fields are known)\n`;
  const head = (c: PublishedContent) => `title: ${c.title}\ntags: ${c.tags.join(', ')}\n\n${c.body.replace(/\s*$/, '\n')}`;
  // Loaded here: only --update --dry-run prints a diff (about 20 ms at start-up otherwise).
  const { createTwoFilesPatch } = createRequire(import.meta.url)('diff') as typeof import('diff');
  return createTwoFilesPatch(`${platform}/published`, `${platform}/draft`, head(before), head(after), undefined, undefined, { context: 2 });
}

/** A line a reader sees as it is written: letters, digits, spaces and plain punctuation only (no Markdown). */
const PLAIN = /^[\p{L}\p{N} ,.;:'"!?()\-–—、。「」]+$/u;

/**
 * What must show on the post's page for the update to count as live: the title, and the longest
 * plain line of the new body that the old body did not have (else its longest plain line).
 */
export function probesFor(after: PublishedContent, before?: PublishedContent): string[] {
  const lines = after.body.split('\n').map((l) => l.trim()).filter((l) => l.length >= 12 && PLAIN.test(l));
  const old = new Set((before?.body ?? '').split('\n').map((l) => l.trim()));
  const fresh = lines.filter((l) => !old.has(l));
  const pick = (xs: string[]) => xs.reduce<string | undefined>((a, b) => (!a || b.length > a.length ? b : a), undefined);
  return [after.title, pick(fresh) ?? pick(lines)].filter((x): x is string => !!x);
}

/**
 * Whether the post's public page shows the probes: 'yes', 'no', or 'unknown' when the page
 * could not be read (a challenge page, the network). The page is public: no cookie is sent.
 */
export async function pageShows(url: string, probes: string[], fetchImpl: typeof fetch = fetch): Promise<'yes' | 'no' | 'unknown'> {
  try {
    const response = await fetchImpl(url, { redirect: 'follow', signal: AbortSignal.timeout(10_000), headers: { accept: 'text/html' } });
    if (!response.ok) return 'unknown';
    const text = squeeze(htmlText(await response.text()));
    return probes.every((p) => text.includes(squeeze(p))) ? 'yes' : 'no';
  } catch {
    return 'unknown';
  }
}
