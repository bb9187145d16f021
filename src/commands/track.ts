/** `publish track [DRAFT] [--until-live] [--timeout 30m]`: confirm publications from the feeds. */
import { parseDuration } from '../duration.js';
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import { Ledger } from '../ledger/ledger.js';
import { table } from '../pipeline/status.js';
import { trackOnce, trackUntilLive, type TrackReport } from '../feeds/track.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

/** "30m", "90s", "1h", "2h30m", "500ms", or a bare number of seconds. */
const seconds = (ms: number | null) => (ms === null ? '-' : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`);

export function formatTrack(report: TrackReport, cwd = process.cwd()): string {
  const rel = (p: string) => path.relative(cwd, p) || p;
  const out: string[] = [];
  if (report.live.length) {
    out.push('Live now:', table(['DRAFT', 'PLATFORM', 'TIME TO LIVE', 'URL'], report.live.map((l) => [rel(l.draft), l.platform, seconds(l.timeToLiveMs), l.url])), '');
  }
  if (report.waiting.length) {
    out.push('Not live yet:', table(['DRAFT', 'PLATFORM', 'WHY'], report.waiting.map((w) => [rel(w.draft), w.platform, w.reason])), '');
  }
  for (const f of report.feeds) if (f.status === 'error') out.push(`feed problem: ${f.error}`);
  if (!report.live.length && !report.waiting.length) out.push('Nothing to track: no publication is waiting for its feed.');
  return `${out.join('\n').trimEnd()}\n`;
}

export async function trackCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  if (args.length > 1) throw inputError(`One draft at a time (got ${args.length}: ${args.join(', ')}).`);
  if (args[0] !== undefined && !fs.statSync(args[0], { throwIfNoEntry: false })?.isFile()) {
    throw inputError(`${args[0]}: no such draft file.`, 'Give the draft\'s path (as you published it), or leave it out to track every publication.');
  }
  const timeoutMs = parseDuration(flags.timeout ?? '30m', '--timeout');
  if (timeoutMs <= 0) throw inputError(`--timeout "${flags.timeout}" must be longer than 0.`);
  const { config, dataDir } = commandContext(flags);
  const file = dataPaths(dataDir).ledger;
  if (!fs.existsSync(file)) {
    io.stdout(flags.json ? `${JSON.stringify({ live: [], waiting: [], feeds: [] })}\n` : 'Nothing to track: nothing was published yet.\n');
    return 0;
  }
  const ledger = Ledger.open(file);
  try {
    let draftId: number | undefined;
    if (args[0]) {
      const row = ledger.findDraft(path.resolve(args[0]));
      if (!row) throw inputError(`${args[0]}: this draft was never published (it is not in the ledger).`, 'See `publish status` for the drafts the ledger knows.');
      draftId = row.id;
    }
    const progress = flags.json ? undefined : (m: string) => io.stderr(`${m}\n`);
    const report = flags['until-live']
      ? await trackUntilLive({ ledger, config, draftId, timeoutMs, progress })
      : await trackOnce({ ledger, config, draftId });
    io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatTrack(report));
    const feedTrouble = report.feeds.some((f) => f.status === 'error');
    return feedTrouble || (flags['until-live'] && report.waiting.length > 0) ? 1 : 0;
  } finally {
    ledger.close();
  }
}
