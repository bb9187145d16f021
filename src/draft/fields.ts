import type { Draft, PostFields } from './types.js';

/** A list given as YAML list or as "a, b, c". */
export function toList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  return [String(value)];
}

function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** The per-platform block (`zenn: {...}`), if the draft has one. */
export function platformBlock(draft: Draft, platformId: string): Record<string, unknown> {
  const block = draft.data[platformId];
  return block && typeof block === 'object' && !Array.isArray(block) ? (block as Record<string, unknown>) : {};
}

/**
 * What one platform sees: common fields overlaid by the platform's block. `tags` falls back to
 * `topics` (zenn-cli drafts) so one draft serves every platform.
 */
export function fieldsFor(draft: Draft, platformId: string): PostFields {
  const raw = { ...draft.data, ...platformBlock(draft, platformId) };
  const block = platformBlock(draft, platformId);
  const tags = toList(block.tags) ?? toList(block.topics) ?? toList(draft.data.tags) ?? toList(draft.data.topics) ?? [];
  const published = raw.published;
  return {
    title: str(raw.title)?.trim() ?? '',
    description: str(raw.description),
    tags,
    canonicalUrl: str(raw.canonical_url),
    coverImage: str(raw.cover_image),
    series: str(raw.series),
    published: typeof published === 'boolean' ? published : undefined,
    publishAt: str(raw.publish_at),
    raw,
  };
}

/** Default target platforms from front matter (`platforms: [devto, zenn]` or "devto, zenn"). */
export function draftPlatforms(draft: Draft): string[] | undefined {
  return toList(draft.data.platforms);
}
