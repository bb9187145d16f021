/** The status table: drafts x platforms, state and URL, from the ledger. */
import path from 'node:path';
import type { StatusRow } from '../ledger/ledger.js';

export interface StatusJson {
  draft: string;
  title: string;
  platform: string;
  account: string;
  state: string;
  url: string | null;
  error: string | null;
  updatedAt: string;
  publishedAt: string | null;
  /** Published, and the draft changed since in these fields. */
  changed: string[];
}

/** Rows by id -> the draft fields that changed since they were published there. */
export type Changes = ReadonlyMap<number, string[]>;

export function statusJson(rows: StatusRow[], changes: Changes = new Map()): StatusJson[] {
  return rows.map((r) => ({
    draft: r.draft_path,
    title: r.draft_title,
    platform: r.platform,
    account: r.account,
    state: r.state,
    url: r.url,
    error: r.error,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    changed: changes.get(r.id) ?? [],
  }));
}

/** A plain-text table with aligned columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function statusTable(rows: StatusRow[], cwd = process.cwd(), changes: Changes = new Map()): string {
  if (rows.length === 0) return 'Nothing published yet. Try: publish drafts/example.md --to devto,zenn';
  return table(
    ['DRAFT', 'PLATFORM', 'STATE', 'URL / ERROR'],
    rows.map((r) => [path.relative(cwd, r.draft_path) || r.draft_path, r.platform, changes.has(r.id) ? `changed (${changes.get(r.id)!.join(', ')})` : r.state, r.url ?? (r.error ?? '').split('\n')[0] ?? '']),
  );
}
