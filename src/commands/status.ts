/** `publish status`: the ledger as a table or JSON. */
import fs from 'node:fs';
import { dataPaths } from '../home.js';
import { DONE_STATES, Ledger, type StatusRow } from '../ledger/ledger.js';
import type { Config } from '../config.js';
import { changedFields, fingerprint } from '../pipeline/changes.js';
import { planDraft } from '../pipeline/plan.js';
import { statusJson, statusTable } from '../pipeline/status.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

/**
 * For each published row, the draft fields that changed since (its draft read and prepared for
 * that platform again). A draft that is gone or no longer valid gives no verdict.
 */
function changesSincePublished(rows: StatusRow[], config: Config): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const byDraft = new Map<string, StatusRow[]>();
  for (const r of rows.filter((x) => DONE_STATES.includes(x.state) && x.fingerprint)) byDraft.set(r.draft_path, [...(byDraft.get(r.draft_path) ?? []), r]);
  for (const [file, published] of byDraft) {
    let plan: ReturnType<typeof planDraft>;
    try {
      plan = planDraft(file, [...new Set(published.map((r) => r.platform))], config);
    } catch {
      continue;
    }
    for (const r of published) {
      const target = plan.targets.find((t) => t.publisher.id === r.platform);
      const changed = target ? changedFields(r.fingerprint, fingerprint(target.post)) : [];
      if (changed.length) out.set(r.id, changed);
    }
  }
  return out;
}

export async function statusCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const { config, dataDir } = commandContext(flags);
  const file = dataPaths(dataDir).ledger;
  if (!fs.existsSync(file)) {
    io.stdout(flags.json ? '[]\n' : `Nothing published yet (no ledger at ${file}).\n`);
    return 0;
  }
  const ledger = Ledger.open(file);
  try {
    const rows = ledger.status();
    const changes = changesSincePublished(rows, config);
    io.stdout(flags.json ? `${JSON.stringify(statusJson(rows, changes), null, 2)}\n` : `${statusTable(rows, process.cwd(), changes)}\n`);
    return 0;
  } finally {
    ledger.close();
  }
}
