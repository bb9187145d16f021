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

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

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
  if (fields.publishAt !== undefined) {
    out.check(ISO_WITH_OFFSET.test(fields.publishAt) && !Number.isNaN(Date.parse(fields.publishAt)), 'publish_at', fields.publishAt,
      'must be an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00');
  }
  if (fields.canonicalUrl !== undefined) out.check(isHttpUrl(fields.canonicalUrl), 'canonical_url', fields.canonicalUrl, 'must be an http(s) URL');
  if (fields.coverImage !== undefined) out.check(isHttpUrl(fields.coverImage), 'cover_image', fields.coverImage, 'must be an http(s) URL');
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
