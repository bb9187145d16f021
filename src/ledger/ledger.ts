/**
 * The ledger: one SQLite file that is the only source of truth for what was published where.
 * Every state change writes the publication row and an event row in one transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PublishError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { touchPrivate } from '../home.js';

export const STATES = ['planned', 'filled', 'previewed', 'published', 'live', 'failed', 'needs-attention'] as const;
export type PublicationState = (typeof STATES)[number];

/** States after which a publication must never be attempted again. */
export const DONE_STATES: readonly PublicationState[] = ['published', 'live'];

export interface DraftRow {
  id: number;
  path: string;
  content_hash: string;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface PublicationRow {
  id: number;
  draft_id: number;
  platform: string;
  account: string;
  state: PublicationState;
  url: string | null;
  error: string | null;
  content_hash: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  live_at: string | null;
  /** When the publish button was last clicked; with a state short of published: outcome unknown. */
  publish_clicked_at: string | null;
  /** JSON: per-field hashes of what the platform holds (pipeline/changes.ts); null before migration 6 or for adopted posts. */
  fingerprint: string | null;
  revision: number;
  /** The post's edit page, where its URL does not say it (Substack, Hashnode, LinkedIn); null otherwise. */
  edit_url: string | null;
  /** JSON {title, tags, body}: what the platform was last given (for the --update diff); null before migration 7. */
  content: string | null;
  /** When "save changes" was clicked for an update not yet recorded: the next --update looks at the post first. */
  update_clicked_at: string | null;
}

/** True when a publish click happened and nothing says whether it published. */
export const outcomeUnknown = (row: PublicationRow) => row.publish_clicked_at !== null && !DONE_STATES.includes(row.state);

/** What a platform was given: the text a later --update compares with the draft. */
export interface PublishedContent {
  title: string;
  tags: string[];
  body: string;
}

export interface EventRow {
  id: number;
  publication_id: number;
  at: string;
  kind: string;
  detail: string | null;
}

export interface StatusRow extends PublicationRow {
  draft_path: string;
  draft_title: string;
}

export type AwaitingRow = Pick<StatusRow, 'id' | 'platform' | 'account' | 'url' | 'published_at' | 'created_at' | 'draft_path' | 'draft_title'>;

export interface FeedRow {
  url: string;
  platform: string;
  etag: string | null;
  last_modified: string | null;
  /** JSON: the items of the last 200 response. */
  items: string | null;
  checked_at: string | null;
  changed_at: string | null;
  error: string | null;
}

export interface LedgerOptions {
  now?: () => Date;
}

/** Runs `fn`, again after a short pause while SQLite answers BUSY (up to about 5 s). */
function whileBusy<T>(fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 50) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

export class Ledger {
  private readonly now: () => Date;

  private constructor(
    readonly db: Database.Database,
    options: LedgerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Opens (creating if needed) the ledger file and brings its schema up to date. */
  static open(file: string, options: LedgerOptions = {}): Ledger {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let db: Database.Database;
    try {
      // Created private (0600) before SQLite opens it: its -wal and -shm files take the same mode.
      touchPrivate(file);
      db = new Database(file, { timeout: 5000 });
      // Switching a new file to WAL takes a lock that another run opening it at the same moment
      // may hold; SQLite answers BUSY at once there (no busy wait): try again shortly.
      whileBusy(() => db.pragma('journal_mode = WAL'));
      db.pragma('foreign_keys = ON');
    } catch (error) {
      throw new PublishError('ENVIRONMENT', `The ledger ${file} cannot be opened: ${(error as Error).message}.`, {
        hint: 'Check the file permissions, or point --home at another data directory.',
        cause: error,
      });
    }
    const ledger = new Ledger(db, options);
    whileBusy(() => ledger.migrate());
    return ledger;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > MIGRATIONS.length) {
      throw new PublishError('ENVIRONMENT', `The ledger was written by a newer publish (schema ${current}, this one knows ${MIGRATIONS.length}).`, {
        hint: 'Upgrade publish.',
      });
    }
    if (current === MIGRATIONS.length) return;
    // Table rebuilds must not cascade deletes into events: foreign keys off while migrating
    // (the pragma cannot change inside a transaction), checked and back on after.
    this.db.pragma('foreign_keys = OFF');
    try {
      for (let version = current; version < MIGRATIONS.length; version++) {
        // IMMEDIATE: take the write lock first; another run may have applied this one meanwhile.
        this.db.transaction(() => {
          if (this.schemaVersion > version) return;
          this.db.exec(MIGRATIONS[version]!);
          this.db.pragma(`user_version = ${version + 1}`);
        }).immediate();
      }
      const broken = this.db.pragma('foreign_key_check') as unknown[];
      if (broken.length) throw new Error(`foreign key check failed after migrating: ${JSON.stringify(broken.slice(0, 3))}`);
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }

  close(): void {
    this.db.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Records a draft by path (insert or update its hash and title); returns its row. */
  upsertDraft(draftPath: string, contentHash: string, title: string): DraftRow {
    const at = this.stamp();
    return this.db
      .prepare(
        `INSERT INTO drafts (path, content_hash, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET content_hash = excluded.content_hash, title = excluded.title, updated_at = excluded.updated_at
         RETURNING *`,
      )
      .get(draftPath, contentHash, title, at, at) as DraftRow;
  }

  findDraft(draftPath: string): DraftRow | undefined {
    return this.db.prepare('SELECT * FROM drafts WHERE path = ?').get(draftPath) as DraftRow | undefined;
  }

  findPublication(draftId: number, platform: string, account: string): PublicationRow | undefined {
    return this.db
      .prepare('SELECT * FROM publications WHERE draft_id = ? AND platform = ? AND account = ?')
      .get(draftId, platform, account) as PublicationRow | undefined;
  }

  /** A draft's publications, by platform. */
  publicationsOf(draftId: number): PublicationRow[] {
    return this.db.prepare('SELECT * FROM publications WHERE draft_id = ? ORDER BY platform, account').all(draftId) as PublicationRow[];
  }

  getPublication(id: number): PublicationRow {
    return this.db.prepare('SELECT * FROM publications WHERE id = ?').get(id) as PublicationRow;
  }

  /**
   * Marks a (draft, platform, account) as planned, creating the row if needed. Refuses to
   * re-plan one that is already published: that is how a post is never published twice.
   */
  plan(draftId: number, platform: string, account: string, contentHash: string): PublicationRow {
    return this.db.transaction(() => {
      const existing = this.findPublication(draftId, platform, account);
      if (existing && DONE_STATES.includes(existing.state)) {
        throw new PublishError('PUBLISH_FAILED', `${platform}: already published at ${existing.url ?? '(unknown URL)'}; refusing to publish again.`);
      }
      if (existing && outcomeUnknown(existing)) {
        throw new PublishError('PUBLISH_FAILED', `${platform}: an earlier publish click (${existing.publish_clicked_at}) has an unknown outcome; refusing to click again before it is checked.`);
      }
      const at = this.stamp();
      const row = existing
        ? (this.db
            .prepare(`UPDATE publications SET state = 'planned', error = NULL, content_hash = ?, updated_at = ? WHERE id = ? RETURNING *`)
            .get(contentHash, at, existing.id) as PublicationRow)
        : (this.db
            .prepare(
              `INSERT INTO publications (draft_id, platform, account, state, content_hash, created_at, updated_at)
               VALUES (?, ?, ?, 'planned', ?, ?, ?) RETURNING *`,
            )
            .get(draftId, platform, account, contentHash, at, at) as PublicationRow);
      this.insertEvent(row.id, 'planned', { contentHash });
      return row;
    })();
  }

  /** Moves a publication to a new state, with its event, in one transaction. */
  transition(id: number, state: PublicationState, changes: { url?: string; error?: string; detail?: Record<string, unknown> } = {}): PublicationRow {
    return this.db.transaction(() => {
      const at = this.stamp();
      const row = this.db
        .prepare(
          `UPDATE publications SET state = ?, updated_at = ?,
             url = COALESCE(?, url),
             error = ?,
             published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END,
             live_at = CASE WHEN ? = 'live' THEN ? ELSE live_at END
           WHERE id = ? RETURNING *`,
        )
        .get(state, at, changes.url ?? null, changes.error ?? null, state, at, state, at, id) as PublicationRow | undefined;
      if (!row) throw new Error(`no publication ${id}`);
      this.insertEvent(id, state, { ...(changes.url ? { url: changes.url } : {}), ...(changes.error ? { error: changes.error } : {}), ...changes.detail });
      return row;
    })();
  }

  /** Remembers what the platform now holds (pipeline/changes.ts). */
  /** What the platform holds now, after a publish: per-field hashes, the text, where to edit it. */
  recordContent(id: number, fingerprint: Record<string, string>, content: PublishedContent, editUrl?: string): void {
    this.db.prepare('UPDATE publications SET fingerprint = ?, content = ?, edit_url = COALESCE(?, edit_url) WHERE id = ?').run(JSON.stringify(fingerprint), JSON.stringify(content), editUrl ?? null, id);
  }

  /** The intent to save changes to a published post, written before the click. */
  recordUpdateIntent(id: number, revision: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE publications SET update_clicked_at = ?, updated_at = ? WHERE id = ?').run(this.stamp(), this.stamp(), id);
      this.insertEvent(id, 'update-intent', { revision });
    })();
  }

  /** The update is done (seen on the article page): the new revision, what it holds, the intent cleared. */
  recordUpdate(id: number, fingerprint: Record<string, string>, content: PublishedContent, detail: Record<string, unknown> = {}): number {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE publications SET fingerprint = ?, content = ?, revision = revision + 1, update_clicked_at = NULL, updated_at = ? WHERE id = ?').run(JSON.stringify(fingerprint), JSON.stringify(content), this.stamp(), id);
      const revision = this.getPublication(id).revision;
      this.insertEvent(id, 'updated', { revision, ...detail });
      return revision;
    })();
  }

  /** The update's save click is known not to have changed the post (or the writer will retry): clear the intent. */
  clearUpdateIntent(id: number, why: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE publications SET update_clicked_at = NULL, updated_at = ? WHERE id = ?').run(this.stamp(), id);
      this.insertEvent(id, 'update-not-saved', { why });
    })();
  }

  /** The items of a feed seen before (from-feed), with the draft each became (null: seen, not taken). */
  syndicated(feed: string): Map<string, string | null> {
    const rows = this.db.prepare('SELECT item, draft FROM syndicated WHERE feed = ?').all(feed) as { item: string; draft: string | null }[];
    return new Map(rows.map((r) => [r.item, r.draft]));
  }

  /** Records a feed item as taken (its draft) or seen and left (null); a taken item stays taken. */
  recordSyndicated(feed: string, item: string, draft: string | null, title: string, published: string | null): void {
    this.db
      .prepare(
        `INSERT INTO syndicated (feed, item, draft, title, published, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (feed, item) DO UPDATE SET draft = COALESCE(syndicated.draft, excluded.draft)`,
      )
      .run(feed, item, draft, title, published, this.stamp());
  }

  /** Records the intent to publish: written before the click, so a crash after it is never mistaken for "not published". */
  recordIntent(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE publications SET publish_clicked_at = ?, updated_at = ? WHERE id = ?').run(this.stamp(), this.stamp(), id);
      this.insertEvent(id, 'publish-intent');
    })();
  }

  /** The click is known not to have published (the platform refused, or a check found nothing): a retry is safe. */
  clearIntent(id: number, why: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE publications SET publish_clicked_at = NULL, updated_at = ? WHERE id = ?').run(this.stamp(), id);
      this.insertEvent(id, 'not-published', { why });
    })();
  }

  /** Appends an event without changing state (progress, evidence, notes). */
  event(publicationId: number, kind: string, detail?: Record<string, unknown>): void {
    this.insertEvent(publicationId, kind, detail);
  }

  private insertEvent(publicationId: number, kind: string, detail?: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO events (publication_id, at, kind, detail) VALUES (?, ?, ?, ?)')
      .run(publicationId, this.stamp(), kind, detail && Object.keys(detail).length > 0 ? JSON.stringify(detail) : null);
  }

  events(publicationId: number): EventRow[] {
    return this.db.prepare('SELECT * FROM events WHERE publication_id = ? ORDER BY id').all(publicationId) as EventRow[];
  }

  /** Publications the editor reported published that no feed has confirmed yet. */
  awaitingFeed(draftId?: number): AwaitingRow[] {
    return this.db
      .prepare(
        `SELECT p.id, p.platform, p.account, p.url, p.published_at, p.created_at, d.path AS draft_path, d.title AS draft_title
         FROM publications p JOIN drafts d ON d.id = p.draft_id
         WHERE p.state = 'published' AND (? IS NULL OR p.draft_id = ?) ORDER BY p.published_at, p.id`,
      )
      .all(draftId ?? null, draftId ?? null) as AwaitingRow[];
  }

  /** Marks a publication live: seen in the platform's feed at `seenAt`, under `url`. */
  markLive(id: number, url: string, seenAt: Date, detail: Record<string, unknown> = {}): PublicationRow {
    return this.db.transaction(() => {
      const row = this.db
        .prepare(`UPDATE publications SET state = 'live', url = ?, live_at = ?, updated_at = ?, error = NULL WHERE id = ? AND state = 'published' RETURNING *`)
        .get(url, seenAt.toISOString(), this.stamp(), id) as PublicationRow | undefined;
      if (!row) return this.getPublication(id); // already live (another run saw it first)
      const ttl = row.published_at ? seenAt.getTime() - Date.parse(row.published_at) : undefined;
      this.insertEvent(id, 'live', { url, ...(ttl !== undefined ? { timeToLiveMs: ttl } : {}), ...detail });
      return row;
    })();
  }

  /**
   * Records a post found in a feed as this draft's publication on that platform, so it is never
   * published again. Returns undefined if the ledger already has it published or live.
   */
  adopt(draftId: number, platform: string, account: string, url: string, publishedAt: string | null): PublicationRow | undefined {
    return this.db.transaction(() => {
      const existing = this.findPublication(draftId, platform, account);
      if (existing && DONE_STATES.includes(existing.state)) return undefined;
      const at = this.stamp();
      const row = existing
        ? (this.db
            .prepare(`UPDATE publications SET state = 'live', url = ?, error = NULL, published_at = ?, live_at = ?, updated_at = ? WHERE id = ? RETURNING *`)
            .get(url, publishedAt ?? at, at, at, existing.id) as PublicationRow)
        : (this.db
            .prepare(
              `INSERT INTO publications (draft_id, platform, account, state, url, created_at, updated_at, published_at, live_at)
               VALUES (?, ?, ?, 'live', ?, ?, ?, ?, ?) RETURNING *`,
            )
            .get(draftId, platform, account, url, at, at, publishedAt ?? at, at) as PublicationRow);
      this.insertEvent(row.id, 'imported', { url, publishedAt });
      return row;
    })();
  }

  /** The hosted URL of an image already uploaded to this platform account, by its bytes' SHA-256. */
  upload(platform: string, account: string, sha256: string): string | undefined {
    return (this.db.prepare('SELECT url FROM uploads WHERE platform = ? AND account = ? AND sha256 = ?').get(platform, account, sha256) as { url: string } | undefined)?.url;
  }

  /** Remembers an upload (the platform's hosted URL for these bytes). */
  saveUpload(platform: string, account: string, sha256: string, url: string, bytes: number): void {
    this.db
      .prepare('INSERT INTO uploads (platform, account, sha256, url, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, account, sha256) DO UPDATE SET url = excluded.url')
      .run(platform, account, sha256, url, bytes, this.now().toISOString());
  }

  feed(url: string): FeedRow | undefined {
    return this.db.prepare('SELECT * FROM feeds WHERE url = ?').get(url) as FeedRow | undefined;
  }

  /** Records a poll of a feed: validators and items on a 200, the time always, the error if any. */
  saveFeed(url: string, platform: string, poll: { etag?: string | null; lastModified?: string | null; items?: string; error?: string | null }): void {
    const at = this.stamp();
    this.db
      .prepare(
        `INSERT INTO feeds (url, platform, etag, last_modified, items, checked_at, changed_at, error) VALUES (@url, @platform, @etag, @lastModified, @items, @at, CASE WHEN @items IS NULL THEN NULL ELSE @at END, @error)
         ON CONFLICT (url) DO UPDATE SET
           etag = CASE WHEN @items IS NULL THEN etag ELSE @etag END,
           last_modified = CASE WHEN @items IS NULL THEN last_modified ELSE @lastModified END,
           items = COALESCE(@items, items),
           changed_at = CASE WHEN @items IS NULL THEN changed_at ELSE @at END,
           checked_at = @at, error = @error`,
      )
      .run({ url, platform, etag: poll.etag ?? null, lastModified: poll.lastModified ?? null, items: poll.items ?? null, at, error: poll.error ?? null });
  }

  /** Every publication with its draft, newest draft first. */
  status(): StatusRow[] {
    return this.db
      .prepare(
        `SELECT p.*, d.path AS draft_path, d.title AS draft_title FROM publications p JOIN drafts d ON d.id = p.draft_id
         ORDER BY d.updated_at DESC, d.path, p.platform`,
      )
      .all() as StatusRow[];
  }
}
