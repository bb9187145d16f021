/** A Markdown draft as read from disk: front matter (YAML or JSON, draft/parse.ts) plus body. */
export interface Draft {
  /** Absolute path. */
  path: string;
  /** The path as the user gave it, for messages. */
  displayPath: string;
  /** sha256 of the whole file, hex. */
  hash: string;
  /** Front matter as parsed, untouched. */
  data: Record<string, unknown>;
  /** Markdown body without front matter. */
  body: string;
}

/** The fields one platform sees: the common front matter with that platform's block laid over it. */
export interface PostFields {
  title: string;
  description?: string;
  tags: string[];
  canonicalUrl?: string;
  coverImage?: string;
  series?: string;
  published?: boolean;
  publishAt?: string;
  /** Every merged key, for platform-specific ones (Zenn's emoji, type, slug...). */
  raw: Record<string, unknown>;
}

/** One broken rule, reported with everything a writer needs to fix it. */
export interface Violation {
  file: string;
  platform?: string;
  field: string;
  value: unknown;
  rule: string;
}

/** Body dialect or kind the editor expects. */
export type BodyKind = 'markdown' | 'html' | 'text';
