/**
 * What one platform holds, field by field: short hashes of the title, tags, body (as the platform
 * takes it, before image hosting), settings and image bytes, kept in the ledger when a post is
 * published there. A later run compares them with the draft to say what changed since.
 */
import crypto from 'node:crypto';
import type { PlatformPost } from '../publishers/types.js';

export type Fingerprint = Record<'title' | 'tags' | 'body' | 'settings' | 'images', string>;

const h = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

export function fingerprint(post: PlatformPost): Fingerprint {
  const meta = post.meta ?? {};
  return {
    title: h(post.title),
    tags: h(post.tags),
    body: h(post.thread ?? post.body),
    settings: h({ canonical: meta.canonical, series: meta.series, subtitle: meta.subtitle, cover: meta.cover?.sha256 ?? meta.cover?.src }),
    images: h((post.images ?? []).map((i) => i.sha256 ?? i.src)),
  };
}

/** The fields that differ between what was published (a stored fingerprint) and the draft now. */
export function changedFields(stored: string | null, now: Fingerprint): (keyof Fingerprint)[] {
  if (!stored) return [];
  let before: Partial<Fingerprint>;
  try {
    before = JSON.parse(stored) as Partial<Fingerprint>;
  } catch {
    return [];
  }
  return (Object.keys(now) as (keyof Fingerprint)[]).filter((k) => before[k] !== undefined && before[k] !== now[k]);
}
