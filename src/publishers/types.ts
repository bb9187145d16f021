/** The contract every platform publisher implements, and what it is given to do its work. */
import type { Page } from 'playwright';
import type { BodyKind, Draft, PostFields, Violation } from '../draft/types.js';
import type { ClipboardBroker } from '../browser/clipboard.js';
import type { EvidenceSink } from '../browser/evidence.js';
import type { DraftImage } from '../draft/images.js';

/**
 * Signs of a sign-in page instead of the editor: a password field, or a login form (the
 * sandbox's /enter, most sites' /login). Platforms add their own where they know one.
 */
export const SIGNED_OUT = 'input[type="password"], form[action*="/enter"], form[action*="login"]';

export interface PlatformLimits {
  bodyKind: BodyKind;
  maxTags: number;
  minTags?: number;
  titleMax?: number;
  /** Short-form posts: the most text one post holds. */
  textMax?: number;
  /**
   * Local images: 'upload' = through the editor's own uploader (the publisher does it), with the
   * host's size limit; absent = this version cannot put a local image there (an input error).
   */
  images?: { upload: true; maxBytes: number; /** Short forms: the most images one post carries. */ most?: number };
  /** The post settings its editor has a place for (the others are reported before any browser opens). */
  settings?: readonly SettingName[];
}

/** Post settings: canonical URL, cover image, series, subtitle (the draft's `subtitle`, else `description`). */
export type SettingName = 'canonical' | 'cover' | 'series' | 'subtitle';

/** The post settings the draft asks for, resolved (the cover as an image to upload or a URL). */
export interface PostSettings {
  canonical?: string;
  cover?: DraftImage;
  series?: string;
  subtitle?: string;
}

/** The post as one platform will receive it: dialect transformed, fields resolved. */
export interface PlatformPost {
  platform: string;
  title: string;
  /** The body exactly as it will be pasted (Markdown or plain text; for HTML editors its text). */
  body: string;
  /** For editors that take HTML: what goes on the clipboard as text/html. */
  html?: string;
  /** For X: the posts of the thread, in order. */
  thread?: string[];
  tags: string[];
  fields: PostFields;
  /** Platform-specific settings (Zenn's emoji and type...). */
  settings: Record<string, string>;
  /** The body's images, resolved and checked (local files to upload, remote URLs to keep). */
  images?: DraftImage[];
  /** The settings this platform will be given (only those it has a place for). */
  meta?: PostSettings;
}

export interface Prepared {
  post: PlatformPost;
  violations: Violation[];
  /** Things the writer should know (a default applied, something the platform cannot show). */
  notes: string[];
}

/** Steps a publisher reports as it goes; the pipeline records them in the ledger. 'publishing' = about to click publish. */
export type Step = 'filled' | 'previewed' | 'publishing';

export interface PublishContext {
  page: Page;
  /** The platform's id (devto...). */
  platformId: string;
  /** The origin the publisher drives (https://dev.to, or a sandbox). */
  origin: string;
  /** The account's username on the platform, if configured. */
  username?: string;
  clipboard: ClipboardBroker;
  evidence: EvidenceSink;
  log(message: string): void;
  step(step: Step, evidence?: string): void;
  /** How long to wait for an editor to become usable, ms. */
  editorTimeout: number;
  /** Images already on this platform account's host, by the bytes' SHA-256 (the ledger). */
  uploads?: { find(sha256: string): string | undefined; save(sha256: string, url: string, bytes: number): void };
  /**
   * --update: the published post to change in place. The publisher opens `url` (its edit page)
   * instead of a new editor, replaces what `changed` names, and ends with the platform's own
   * "save changes" button; it never creates a post.
   */
  edit?: EditTarget;
  /**
   * --preview: asked right before the publish click. 'skip' leaves the post as a draft; the
   * writer may also have published it in the browser (its URL is then returned).
   */
  decide?: (isPostUrl: (url: URL) => boolean) => Promise<{ kind: 'publish' } | { kind: 'skip'; aborted: boolean } | { kind: 'published-in-browser'; url: string }>;
}

export interface EditTarget {
  /** The post's edit page (absolute). */
  url: string;
  /** The published post's URL. */
  postUrl: string;
  /** What changed since it was published (changes.ts field names: title, tags, body, settings, images). */
  changed: readonly string[];
}

export interface PublishOutcome {
  url: string;
  evidence: string[];
  /** The post's edit page, where its URL does not say it (recorded for a later --update). */
  editUrl?: string;
}

/** Whether (and how) a published post can be changed in place. */
export type Editing =
  | { editable: true; /** The edit page of a published post, from its URL (and the edit URL recorded at publish time). */ page(post: { url: string; editUrl: string | null }, origin: string): string | undefined }
  | { editable: false; /** Why not, as the run says it ("X posts cannot be edited"). */ why: string };

export interface Publisher {
  readonly id: string;
  readonly name: string;
  /** The real site; config `platforms.<id>.url` overrides it (the sandbox does). */
  readonly defaultOrigin: string;
  readonly limits: PlatformLimits;
  /** Validates the draft for this platform and renders the body in its dialect. */
  prepare(draft: Draft): Prepared;
  /**
   * What `publish doctor --live` checks: the editor's path and the named selectors that must
   * resolve there before anything is typed (dialogs that open later are not included).
   */
  readonly check: { path: string; selectors: Readonly<Record<string, string>>; signedOut?: string };
  /**
   * Saves what the editor holds as the platform's own draft (its "Save draft" button), for an
   * unattended run that has to stop after filling. True if the platform confirmed the save.
   */
  saveDraft?(ctx: PublishContext): Promise<boolean>;
  /** --update: whether its published posts can be changed in place, and where. */
  readonly editing: Editing;
  /**
   * Drives the editor from empty to published, or (ctx.edit) a published post's edit page to
   * saved; throws PublishError on any doubt.
   */
  publish(post: PlatformPost, ctx: PublishContext): Promise<PublishOutcome>;
}
