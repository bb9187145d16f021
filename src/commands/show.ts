/** `publish show DRAFT`: each platform's state, URL, timings and evidence (screenshots, traces). */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import { Ledger, type EventRow, type PublicationRow } from '../ledger/ledger.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

export interface ShownPublication {
  platform: string;
  account: string;
  state: string;
  url: string | null;
  error: string | null;
  timings: { planned: string | null; published: string | null; live: string | null; toPublishMs: number | null; toLiveMs: number | null };
  evidence: string[];
  /** Each post setting the draft asked for: set, not supported, or appended. */
  settings: Record<string, string>;
  /** Images uploaded to the platform's host for this post, with their hosted URLs. */
  images: { sha256: string; url: string }[];
  /** 1 when published; one more for each update saved in place (--update). */
  revision: number;
  /** When the last update was recorded, if ever. */
  updatedAt: string | null;
  events: { at: string; kind: string }[];
}

function evidenceOf(events: EventRow[]): string[] {
  const files = new Set<string>();
  for (const e of events) {
    if (!e.detail) continue;
    const d = JSON.parse(e.detail) as { screenshot?: string; evidence?: string[]; trace?: string };
    for (const f of [d.screenshot, ...(d.evidence ?? []), d.trace]) if (f) files.add(f);
  }
  return [...files];
}

function show(row: PublicationRow, events: EventRow[]): ShownPublication {
  const lastPlanned = events.filter((e) => e.kind === 'planned').at(-1)?.at ?? null;
  const ms = (a: string | null, b: string | null) => (a && b ? Date.parse(b) - Date.parse(a) : null);
  return {
    platform: row.platform,
    account: row.account,
    state: row.state,
    url: row.url,
    error: row.error,
    timings: { planned: lastPlanned, published: row.published_at, live: row.live_at, toPublishMs: ms(lastPlanned, row.published_at), toLiveMs: ms(row.published_at, row.live_at) },
    evidence: evidenceOf(events),
    settings: (JSON.parse(events.filter((e) => e.kind === 'settings').at(-1)?.detail ?? '{}') as Record<string, string>),
    images: events.filter((e) => e.kind === 'image-uploaded' && e.detail).map((e) => JSON.parse(e.detail!) as { sha256: string; url: string }).map(({ sha256, url }) => ({ sha256, url })),
    revision: row.revision,
    updatedAt: events.filter((e) => e.kind === 'updated').at(-1)?.at ?? null,
    events: events.map((e) => ({ at: e.at, kind: e.kind })),
  };
}

export async function showCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  if (!args[0]) throw inputError('`publish show` needs a draft.', 'For example: publish show drafts/post.md');
  const { dataDir } = commandContext(flags);
  const file = dataPaths(dataDir).ledger;
  const draftPath = path.resolve(args[0]);
  const ledger = fs.existsSync(file) ? Ledger.open(file) : undefined;
  try {
    const draft = ledger?.findDraft(draftPath);
    if (!ledger || !draft) throw inputError(`${args[0]}: not in the ledger (it was never published or planned).`, 'See `publish status` for the drafts the ledger knows.');
    const shown = ledger.publicationsOf(draft.id).map((row) => show(row, ledger.events(row.id)));
    if (flags.json) {
      io.stdout(`${JSON.stringify({ draft: draft.path, title: draft.title, publications: shown }, null, 2)}\n`);
      return 0;
    }
    const secs = (v: number | null) => (v === null ? '-' : `${(v / 1000).toFixed(1)} s`);
    const lines = [`${draft.title || path.basename(draft.path)}  (${draft.path})`, ''];
    for (const p of shown) {
      lines.push(`${p.platform}: ${p.state}${p.url ? `  ${p.url}` : ''}`);
      if (p.error) lines.push(`  error: ${p.error.split('\n')[0]}`);
      lines.push(`  planned ${p.timings.planned ?? '-'}; published after ${secs(p.timings.toPublishMs)}; live after ${secs(p.timings.toLiveMs)}`);
      if (p.updatedAt) lines.push(`  revision ${p.revision}, last updated ${p.updatedAt}`);
      const settings = Object.entries(p.settings);
      if (settings.length) lines.push(`  settings: ${settings.map(([k, v]) => `${k} ${v}`).join(', ')}`);
      for (const i of p.images) lines.push(`  image: ${i.url}`);
      for (const f of p.evidence) lines.push(`  evidence: ${f}`);
      lines.push('');
    }
    io.stdout(`${lines.join('\n').trimEnd()}\n`);
    return 0;
  } finally {
    ledger?.close();
  }
}
