/** `publish from-feed <URL|FILE>`: the writer's own feed -> one draft per item not pulled before. */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import { Ledger } from '../ledger/ledger.js';
import { pullFeed, type Take } from '../feeds/syndicate.js';
import { table } from '../pipeline/status.js';
import { parseIsoWithOffset } from '../draft/validate.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

/** --all, --since DATE or --last N (at most one). */
export function takeFrom(flags: Pick<Flags, 'all' | 'since' | 'last'>): Take {
  const given = [flags.all && '--all', flags.since !== undefined && '--since', flags.last !== undefined && '--last'].filter(Boolean);
  if (given.length > 1) throw inputError(`${given.join(' and ')} do not go together: pick one.`);
  if (flags.since !== undefined) {
    const at = /^\d{4}-\d{2}-\d{2}$/.test(flags.since) ? Date.parse(`${flags.since}T00:00:00Z`) : parseIsoWithOffset(flags.since);
    if (at === undefined || Number.isNaN(at)) throw inputError(`--since "${flags.since}" is not a date (2026-11-01, or ISO 8601 with an offset).`);
    return { since: new Date(at) };
  }
  if (flags.last !== undefined) {
    const n = Number(flags.last);
    if (!(Number.isInteger(n) && n > 0)) throw inputError(`--last "${flags.last}" must be a whole number above 0.`);
    return { last: n };
  }
  return { all: flags.all || undefined };
}

export async function fromFeedCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  const source = args[0];
  if (!source) throw inputError('`publish from-feed` needs your blog\'s feed URL or a feed file.', 'For example: publish from-feed https://yourblog.example/rss.xml --drafts drafts');
  if (args.length > 1) throw inputError(`One feed at a time (got ${args.length}).`);
  const take = takeFrom(flags);
  const draftsDir = path.resolve(flags.drafts ?? 'drafts');
  if (!fs.statSync(draftsDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw inputError(`${draftsDir}: the drafts folder does not exist.`, 'Create it, or pass --drafts DIR.');
  }
  const { dataDir } = commandContext(flags);
  const ledger = Ledger.open(dataPaths(dataDir).ledger);
  try {
    const report = await pullFeed({ source, draftsDir, ledger, take, allowFile: true });
    if (flags.json) {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    if (report.notModified) io.stdout('The feed has not changed since the last pull: no new drafts.\n');
    else if (report.written.length === 0) io.stdout('No new items: no drafts written.\n');
    else io.stdout(`${table(['DRAFT', 'PUBLISHED', 'TITLE'], report.written.map((w) => [rel(w.file), w.published?.slice(0, 10) ?? '-', w.title]))}\n`);
    if (report.left) io.stdout(`${report.left} older item(s) left alone (a first pull takes only the newest; --all, --since or --last take more).\n`);
    return 0;
  } finally {
    ledger.close();
  }
}
