/**
 * Which (draft, platform) pairs are due: drafts in a folder with `publish_at` (common, or in a
 * platform's block) at or before now, for the platforms the draft names, not yet published.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readDraft } from '../draft/parse.js';
import { parseIsoWithOffset } from '../draft/validate.js';
import { draftPlatforms, fieldsFor } from '../draft/fields.js';
import type { Draft } from '../draft/types.js';
import { DONE_STATES, type Ledger } from '../ledger/ledger.js';
import { findPublisher } from '../publishers/registry.js';
import type { Config } from '../config.js';
import { inputError } from '../errors.js';

export interface DueDraft {
  draft: Draft;
  /** Platforms due now. */
  due: string[];
  /** Platforms scheduled later, with their time. */
  later: { platform: string; at: string }[];
}

export interface Skipped {
  file: string;
  why: string;
}

export function findDue(dir: string, now: Date, ledger: Ledger | undefined, config: Config): { due: DueDraft[]; skipped: Skipped[] } {
  const due: DueDraft[] = [];
  const skipped: Skipped[] = [];
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  } catch (error) {
    throw inputError(`${dir}: the drafts folder cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, 'Pass --drafts DIR with your Markdown drafts (the schedule uses the folder given at install).');
  }
  for (const name of files) {
    const file = path.join(dir, name);
    let draft: Draft;
    try {
      draft = readDraft(file);
    } catch (error) {
      skipped.push({ file, why: (error as Error).message });
      continue;
    }
    const scheduled = (draftPlatforms(draft) ?? []).map((id) => ({ id, f: fieldsFor(draft, id) })).filter(({ f }) => f.publishAt !== undefined);
    if (scheduled.length === 0) continue; // not scheduled: run-due leaves it alone
    const row = ledger?.findDraft(draft.path);
    const entry: DueDraft = { draft, due: [], later: [] };
    for (const { id, f } of scheduled) {
      if (!findPublisher(id)) {
        skipped.push({ file, why: `unknown platform "${id}" in platforms` });
        continue;
      }
      if (f.published === false) continue;
      const at = parseIsoWithOffset(f.publishAt!) ?? NaN;
      if (Number.isNaN(at)) {
        skipped.push({ file, why: `${id}: publish_at "${f.publishAt}" is not a date with an offset` });
        continue;
      }
      const account = config.platforms[id]?.username ?? '';
      const done = row && ledger!.findPublication(row.id, id, account);
      if (done && DONE_STATES.includes(done.state)) continue;
      if (at <= now.getTime()) entry.due.push(id);
      else entry.later.push({ platform: id, at: new Date(at).toISOString() });
    }
    if (entry.due.length || entry.later.length) due.push(entry);
  }
  return { due, skipped };
}
