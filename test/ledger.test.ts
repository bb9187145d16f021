import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/ledger/ledger.js';
import { MIGRATIONS } from '../src/ledger/migrations.js';
import { PublishError } from '../src/errors.js';
import { tempDir } from './helpers.js';

function openLedger() {
  let t = Date.parse('2026-11-21T10:00:00Z');
  const file = path.join(tempDir(), 'nested', 'ledger.sqlite');
  return { file, ledger: Ledger.open(file, { now: () => new Date((t += 1000)) }) };
}

describe('ledger', () => {
  it('creates the schema at the latest version and reopens without re-migrating', () => {
    const { file, ledger } = openLedger();
    expect(ledger.schemaVersion).toBe(MIGRATIONS.length);
    const d = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    ledger.close();
    const again = Ledger.open(file);
    expect(again.findDraft('/d/a.md')?.id).toBe(d.id);
    again.close();
  });

  it('upgrades an older ledger in place, keeping every row and event (the state table is rebuilt)', () => {
    const file = path.join(tempDir(), 'ledger.sqlite');
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    for (const [i, m] of MIGRATIONS.slice(0, 3).entries()) {
      db.exec(m);
      db.pragma(`user_version = ${i + 1}`);
    }
    db.exec(`INSERT INTO drafts VALUES (1, '/d/a.md', 'h', 'A', 't', 't');
      INSERT INTO publications (id, draft_id, platform, account, state, url, created_at, updated_at, published_at) VALUES (7, 1, 'devto', 'w', 'published', 'https://dev.to/w/a', 't', 't', 't');
      INSERT INTO events (publication_id, at, kind) VALUES (7, 't', 'planned'), (7, 't', 'published');`);
    db.close();
    const ledger = Ledger.open(file);
    expect(ledger.schemaVersion).toBe(MIGRATIONS.length);
    expect(ledger.getPublication(7)).toMatchObject({ platform: 'devto', state: 'published', url: 'https://dev.to/w/a', publish_clicked_at: null });
    expect(ledger.events(7).map((e) => e.kind)).toEqual(['planned', 'published']);
    expect(ledger.transition(7, 'needs-attention', { error: 'logged out' }).state).toBe('needs-attention');
    expect(ledger.db.pragma('foreign_keys', { simple: true })).toBe(1);
    ledger.close();
  });

  it('refuses a ledger from a newer version', () => {
    const { file, ledger } = openLedger();
    ledger.close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Ledger.open(file)).toThrow(/newer publish/);
  });

  it('updates a draft by path, keeping its id', () => {
    const { ledger } = openLedger();
    const a = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    const b = ledger.upsertDraft('/d/a.md', 'h2', 'A2');
    expect(b).toMatchObject({ id: a.id, content_hash: 'h2', title: 'A2' });
    expect(b.updated_at > a.updated_at).toBe(true);
  });

  it('walks a publication through its states with one event per step', () => {
    const { ledger } = openLedger();
    const d = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    const p = ledger.plan(d.id, 'devto', 'writer', 'h1');
    expect(p.state).toBe('planned');
    ledger.transition(p.id, 'filled');
    ledger.transition(p.id, 'previewed');
    const done = ledger.transition(p.id, 'published', { url: 'https://dev.to/writer/a' });
    expect(done).toMatchObject({ state: 'published', url: 'https://dev.to/writer/a', error: null });
    expect(done.published_at).not.toBeNull();
    expect(ledger.events(p.id).map((e) => e.kind)).toEqual(['planned', 'filled', 'previewed', 'published']);
    expect(JSON.parse(ledger.events(p.id)[3]!.detail!)).toEqual({ url: 'https://dev.to/writer/a' });
  });

  it('never plans an already published publication again', () => {
    const { ledger } = openLedger();
    const d = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    const p = ledger.plan(d.id, 'zenn', '', 'h1');
    ledger.transition(p.id, 'published', { url: 'u' });
    expect(() => ledger.plan(d.id, 'zenn', '', 'h1')).toThrow(PublishError);
    expect(ledger.events(p.id)).toHaveLength(2);
  });

  it('re-plans a failed publication, clearing the error but keeping history', () => {
    const { ledger } = openLedger();
    const d = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    const p = ledger.plan(d.id, 'devto', '', 'h1');
    ledger.transition(p.id, 'failed', { error: 'boom' });
    const again = ledger.plan(d.id, 'devto', '', 'h2');
    expect(again).toMatchObject({ id: p.id, state: 'planned', error: null, content_hash: 'h2' });
    expect(ledger.events(p.id).map((e) => e.kind)).toEqual(['planned', 'failed', 'planned']);
  });

  it('writes state and event together or not at all', () => {
    const { ledger } = openLedger();
    const d = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    const p = ledger.plan(d.id, 'devto', '', 'h1');
    // An invalid state violates the CHECK constraint: the event insert must roll back with it.
    expect(() => ledger.transition(p.id, 'bogus' as never)).toThrow();
    expect(ledger.getPublication(p.id).state).toBe('planned');
    expect(ledger.events(p.id)).toHaveLength(1);
  });

  it('lists status rows with their draft', () => {
    const { ledger } = openLedger();
    const d = ledger.upsertDraft('/d/a.md', 'h1', 'A');
    ledger.transition(ledger.plan(d.id, 'devto', '', 'h1').id, 'published', { url: 'u1' });
    ledger.plan(d.id, 'zenn', '', 'h1');
    expect(ledger.status().map((r) => [r.draft_path, r.platform, r.state, r.url])).toEqual([
      ['/d/a.md', 'devto', 'published', 'u1'],
      ['/d/a.md', 'zenn', 'planned', null],
    ]);
  });
});
