/**
 * The one error type users see. Every PublishError says what happened (message), what to do
 * (hint) and how the process should end (exitCode). Anything else reaching the CLI is a bug.
 */
export type ErrorCode =
  | 'INPUT' // the user's draft, flags or config are wrong: exit 2, nothing was opened
  | 'CONFIG'
  | 'NOT_LOGGED_IN'
  | 'CHALLENGE' // a captcha, a two-factor prompt or a "verify you are human" page: a person's job
  | 'EDITOR' // the platform editor did not behave (selector drift, slow page)
  | 'READBACK_MISMATCH'
  | 'PUBLISH_FAILED'
  | 'BROWSER'
  | 'FEED' // a platform's feed could not be fetched or read
  | 'BUSY' // another run is publishing the same draft to the same platform
  | 'SITE_DOWN' // the site stopped answering (connection refused, reset, no response)
  | 'INTERRUPTED' // SIGINT / SIGTERM
  | 'EDIT_GONE' // --update: the post's edit page is not there (deleted on the site, or not this account's)
  | 'ENVIRONMENT';

export class PublishError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  /** Files the user should look at (screenshots, logs). */
  readonly evidence: string[];
  /** For a failure after the publish click: whether the post is known not to exist, or unknown. */
  readonly outcome?: 'not-published' | 'unknown';

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; evidence?: string[]; outcome?: 'not-published' | 'unknown' } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PublishError';
    this.code = code;
    this.hint = options.hint;
    this.evidence = options.evidence ?? [];
    this.outcome = options.outcome;
  }

  /** Exit code for a failure that stops the whole run. */
  get exitCode(): number {
    return this.code === 'INPUT' || this.code === 'CONFIG' ? 2 : 1;
  }
}

/** A user-input error (exit 2). */
export function inputError(message: string, hint?: string): PublishError {
  return new PublishError('INPUT', message, { hint });
}

/** Message plus hint, for one-line reporting. */
export function describeError(error: unknown): string {
  if (error instanceof PublishError) {
    return error.hint ? `${error.message}\n  ${error.hint}` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
