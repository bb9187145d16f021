/** A feed that could not be fetched or read: names the feed, says what was wrong. */
import { PublishError } from '../errors.js';

export class FeedError extends PublishError {
  constructor(
    readonly source: string,
    readonly problem: string,
    hint?: string,
    /** For 429/503: how long the server asked us to wait before asking again. */
    readonly retryAfterMs?: number,
  ) {
    super('FEED', `Feed ${source}: ${problem}.`, { hint });
    this.name = 'FeedError';
  }
}
