/**
 * Rules every platform shares (a title, a body, well-formed dates and URLs) and a small
 * collector the platform files use for their own rules. All violations are gathered and
 * reported together, never one per run.
 */
import type { Draft, PostFields, Violation } from './types.js';

export class Violations {
  readonly items: Violation[] = [];
  constructor(
    private readonly file: string,
    private readonly platform?: string,
  ) {}

  add(field: string, value: unknown, rule: string): this {
    this.items.push({ file: this.file, platform: this.platform, field, value, rule });
    return this;
  }

  check(ok: boolean, field: string, value: unknown, rule: string): this {
    return ok ? this : this.add(field, value, rule);
  }
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 date-time with an offset, as milliseconds, or undefined. The date must exist
 * (Date.parse would take 2026-02-30 as March 2nd) and the time be a real one.
 */
export function parseIsoWithOffset(text: string): number | undefined {
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s = '0', , oh = '0', om = '0'] = m.slice(1);
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const at = Date.parse(text.trim());
  return Number.isNaN(at) ? undefined : at;
}

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number';

/**
 * The shape of what one platform will read from the front matter, for every platform (short
 * forms included): text where text is meant (a YAML list as a title would become "a,b"), tags as
 * a list of words or one comma-separated string, no tag twice, a publish_at that exists.
 */
export function checkShape(fields: PostFields, out: Violations): Violations {
  for (const key of ['title', 'description', 'canonical_url', 'cover_image', 'series', 'text']) {
    const v = fields.raw[key];
    out.check(v === undefined || v === null || isScalar(v), key, v, 'must be text (quote it), not a list or a mapping');
  }
  for (const key of ['tags', 'topics']) {
    const v = fields.raw[key];
    if (v === undefined || v === null) continue;
    const ok = typeof v === 'string' || (Array.isArray(v) && v.every(isScalar));
    out.check(ok, key, v, 'must be a list of words (tags: [a, b]) or one comma-separated text');
  }
  const seen = new Set<string>();
  const twice = fields.tags.filter((t) => (seen.has(t.toLowerCase()) ? true : (seen.add(t.toLowerCase()), false)));
  out.check(twice.length === 0, 'tags', fields.tags, `a tag is listed twice (${[...new Set(twice)].join(', ')})`);
  if (fields.publishAt !== undefined) {
    out.check(parseIsoWithOffset(fields.publishAt) !== undefined, 'publish_at', fields.publishAt, 'must be an existing ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00');
  }
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Checks the fields one platform will receive against the shared rules. */
export function validateCommon(draft: Draft, fields: PostFields, out: Violations): Violations {
  out.check(fields.title.length > 0, 'title', fields.title, 'a title is required');
  out.check(draft.body.trim().length > 0, 'body', '', 'the body (below the front matter) is empty');
  if (fields.canonicalUrl !== undefined) out.check(isHttpUrl(fields.canonicalUrl), 'canonical_url', fields.canonicalUrl, 'must be an http(s) URL');
  if (fields.coverImage !== undefined) {
    out.check(isHttpUrl(fields.coverImage) || !/^[a-z][a-z0-9+.-]*:/i.test(fields.coverImage), 'cover_image', fields.coverImage, 'must be an http(s) URL or a local image file');
  }
  return out;
}

/** One line per violation: `file: platform: field = value: rule`. */
export function formatViolation(v: Violation): string {
  const value = typeof v.value === 'string' ? JSON.stringify(v.value) : JSON.stringify(v.value ?? null);
  return `${v.file}: ${v.platform ? `${v.platform}: ` : ''}${v.field} = ${value}: ${v.rule}`;
}

/** Grapheme count (what a person calls characters, emoji included). */
export function graphemes(text: string): string[] {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
}
