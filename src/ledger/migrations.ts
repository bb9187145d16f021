/**
 * Schema migrations, applied in order; `PRAGMA user_version` records the last one applied.
 * Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: drafts, publications, events.
  `
  CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('planned', 'filled', 'previewed', 'published', 'live', 'failed')),
    url TEXT,
    error TEXT,
    content_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    live_at TEXT,
    UNIQUE (draft_id, platform, account)
  );
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX events_by_publication ON events (publication_id, id);
  `,
  // 2: each watched feed's validators and last items (a 304 still needs them to match against).
  `
  CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    items TEXT,
    checked_at TEXT,
    changed_at TEXT,
    error TEXT
  );
  CREATE INDEX publications_by_state ON publications (state);
  `,
  // 3: the intent to publish, written just before the publish click. Set on a row that is not
  // published means the click's outcome is unknown: look before publishing again.
  `
  ALTER TABLE publications ADD COLUMN publish_clicked_at TEXT;
  `,
  // 4: a state for what an unattended run cannot do alone (logged out, a captcha, two-factor):
  // 'needs-attention'. SQLite cannot change a CHECK constraint in place, so the table is rebuilt
  // (the documented 12-step way; Ledger.migrate turns foreign keys off around migrations).
  `
  CREATE TABLE publications_new (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('planned', 'filled', 'previewed', 'published', 'live', 'failed', 'needs-attention')),
    url TEXT,
    error TEXT,
    content_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    live_at TEXT,
    publish_clicked_at TEXT,
    UNIQUE (draft_id, platform, account)
  );
  INSERT INTO publications_new SELECT id, draft_id, platform, account, state, url, error, content_hash, created_at, updated_at, published_at, live_at, publish_clicked_at FROM publications;
  DROP TABLE publications;
  ALTER TABLE publications_new RENAME TO publications;
  CREATE INDEX publications_by_state ON publications (state);
  `,
  // 5: images uploaded to a platform's own host, by the bytes' SHA-256, per account: a re-run or
  // another draft with the same image reuses the hosted URL instead of uploading it again.
  `
  CREATE TABLE uploads (
    platform TEXT NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    url TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, account, sha256)
  );
  `,
  // 6: what each platform holds (per-field hashes of what was published there) and its revision,
  // so a changed draft is noticed (pipeline/changes.ts).
  `
  ALTER TABLE publications ADD COLUMN fingerprint TEXT;
  ALTER TABLE publications ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
  `,
  // 7: updates in place (--update): the page that edits the post (for platforms whose edit URL
  // holds an id the post's URL does not), what was published there (title, tags, body: for the
  // diff --update --dry-run prints), and the intent to save changes, written before the click.
  `
  ALTER TABLE publications ADD COLUMN edit_url TEXT;
  ALTER TABLE publications ADD COLUMN content TEXT;
  ALTER TABLE publications ADD COLUMN update_clicked_at TEXT;
  `,
  // 8: syndication (from-feed): each item of a writer's own feed that was seen, and the draft it
  // became (NULL: seen on a first pull that took only the newest, never written).
  `
  CREATE TABLE syndicated (
    feed TEXT NOT NULL,
    item TEXT NOT NULL,
    draft TEXT,
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (feed, item)
  );
  `,
];
