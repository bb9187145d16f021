/**
 * Post settings per platform: canonical URL, cover image, series, subtitle. Each is given to a
 * platform whose editor has a place for it (the publisher sets it through that editor's own UI);
 * the others are reported before any browser opens, never dropped silently. With
 * `canonicalNotice`, a platform without a canonical field gets "Originally published at <url>"
 * as the body's last line, in its dialect.
 */
import type { Config } from '../config.js';
import { resolveImage, type DraftImage } from '../draft/images.js';
import { renderHtml } from '../draft/render.js';
import type { Draft, PostFields, Violation } from '../draft/types.js';
import { Violations } from '../draft/validate.js';
import { httpUrl } from '../http-url.js';
import type { PlatformPost, PostSettings, Publisher, SettingName } from '../publishers/types.js';

export type SettingFate = 'set' | 'not supported' | 'appended' | 'in the text';

const FRONT_MATTER: Record<SettingName, string> = { canonical: 'canonical_url', cover: 'cover_image', series: 'series', subtitle: 'description' };

/** What the draft asks for, before any platform is considered. */
function requested(fields: PostFields, draft: Draft): { values: Partial<Record<SettingName, string>>; cover?: DraftImage } {
  const subtitle = typeof fields.raw.subtitle === 'string' ? fields.raw.subtitle : fields.description;
  const values: Partial<Record<SettingName, string>> = { canonical: fields.canonicalUrl, cover: fields.coverImage, series: fields.series, subtitle };
  for (const k of Object.keys(values) as SettingName[]) if (!values[k]?.trim()) delete values[k];
  const src = values.cover;
  const cover = src === undefined ? undefined : httpUrl(src) ? { src, alt: '', kind: 'remote' as const } : resolveImage({ src, alt: '' }, draft.path);
  return { values, cover };
}

export interface SettingsPlan {
  fates: Partial<Record<SettingName, SettingFate>>;
  notes: string[];
  violations: Violation[];
}

/**
 * Decides each setting for one platform: sets `post.meta` to what it takes, appends the canonical
 * notice where asked, adds violations (a bad cover or URL) and returns what happens to each.
 */
export function planSettings(draft: Draft, fields: PostFields, publisher: Publisher, post: PlatformPost, config: Config, v: Violations): SettingsPlan {
  const { values, cover } = requested(fields, draft);
  const takes = new Set(publisher.limits.settings ?? []);
  const fates: SettingsPlan['fates'] = {};
  const meta: PostSettings = {};
  const missing: SettingName[] = [];
  for (const name of Object.keys(values) as SettingName[]) {
    if (!takes.has(name)) {
      missing.push(name);
      fates[name] = 'not supported';
      continue;
    }
    fates[name] = 'set';
    if (name === 'cover') meta.cover = cover;
    else meta[name] = values[name]!.trim();
  }
  if (meta.cover?.problem) v.add('cover_image', meta.cover.src, `${meta.cover.problem}${meta.cover.file ? ` (${meta.cover.file})` : ''}`);
  const limit = publisher.limits.images?.maxBytes;
  if (meta.cover?.kind === 'local' && !meta.cover.problem && limit !== undefined && meta.cover.bytes! > limit) {
    v.add('cover_image', meta.cover.src, `is over ${publisher.name}'s ${Math.round(limit / 1024 / 1024)} MB limit for an image`);
  }
  post.meta = meta;
  const notes: string[] = [];
  const notice = config.platforms[publisher.id]?.canonicalNotice ?? config.canonicalNotice ?? false;
  if (values.canonical && missing.includes('canonical') && notice && publisher.limits.bodyKind !== 'text') {
    post.body = `${post.body.replace(/\s+$/, '')}\n\nOriginally published at [${values.canonical}](${values.canonical})\n`;
    if (post.html !== undefined) post.html = renderHtml(post.body);
    fates.canonical = 'appended';
  }
  // A short post without its own text is made of the title, description and canonical URL.
  if (publisher.limits.bodyKind === 'text' && !(typeof fields.raw.text === 'string' && fields.raw.text.trim())) {
    for (const name of ['canonical', 'subtitle'] as const) if (fates[name] === 'not supported') fates[name] = 'in the text';
  }
  const dropped = missing.filter((m) => fates[m] === 'not supported');
  if (dropped.length) {
    const names = dropped.map((m) => FRONT_MATTER[m]).join(', ');
    const hint = dropped.includes('canonical') && publisher.limits.bodyKind !== 'text' ? ' (set canonicalNotice: true in the config to end the post with "Originally published at …")' : '';
    notes.push(`${publisher.id}: ${publisher.name} has no place for ${names}; not set there${hint}.`);
  }
  if (fates.canonical === 'appended') notes.push(`${publisher.id}: no canonical field: "Originally published at ${values.canonical}" ends the post.`);
  return { fates, notes, violations: v.items };
}
