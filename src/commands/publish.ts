/** `publish <draft.md> --to ...`: the main command. */
import fs from 'node:fs';
import { inputError } from '../errors.js';
import { exitCodeForSignal } from '../interrupt.js';
import { stderrLogger } from '../log.js';
import { publishDraft, type PlatformResult } from '../pipeline/publish.js';
import { table } from '../pipeline/status.js';
import type { Flags, Io } from '../cli.js';
import { commandContext, splitList } from './context.js';

export function printResults(results: PlatformResult[], flags: Flags, io: Io): void {
  if (flags.json) {
    // `live`: the platform's own feed already shows the post (else `publish track` confirms it).
    for (const r of results) {
      io.stdout(`${JSON.stringify({ platform: r.platform, state: r.state, url: r.url, error: r.error, live: r.live ?? r.state === 'live', existing: r.existing ?? false, changed: r.changed ?? [], ...(r.updated ? { updated: true, revision: r.revision } : {}), ...(r.payload ? { payload: r.payload } : {}), ...(r.diff !== undefined ? { diff: r.diff } : {}) })}\n`);
    }
    return;
  }
  for (const r of results) if (r.diff) io.stdout(r.diff.endsWith('\n') ? r.diff : `${r.diff}\n`);
  io.stdout(
    `${table(
      ['PLATFORM', 'STATE', 'URL / ERROR'],
      results.map((r) => [r.platform, r.updated ? `updated (revision ${r.revision})` : r.existing ? `${r.state} (earlier)${r.changed?.length ? `, changed since: ${r.changed.join(', ')}${r.notes?.length ? ' (not editable)' : ''}` : ''}` : r.skipped ? 'left as draft' : r.live ? 'published, live' : r.state, r.url ?? r.error?.split('\n')[0] ?? r.payload ?? '']),
    )}\n`,
  );
}

export const exitCodeFor = (results: PlatformResult[]) => (results.some((r) => r.state === 'failed') ? 1 : 0);

export async function publishCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  if (args.length > 1) throw inputError(`One draft at a time (got ${args.length}: ${args.join(', ')}).`);
  const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) throw inputError('--concurrency must be a positive integer.');
  if (flags.out !== undefined && !flags['dry-run']) throw inputError('--out only goes with --dry-run (it is where the dry run writes its payloads).', 'Add --dry-run, or leave --out out.');
  if (flags.preview && flags['dry-run']) throw inputError('--preview and --dry-run do not go together: a dry run opens no browser to preview in.');
  if (flags.preview && !(process.stdin.isTTY && process.stderr.isTTY)) {
    throw inputError('--preview asks in the terminal, and there is no terminal here (stdin or stderr is not a TTY).', 'Run it in a terminal (tmux and ssh are fine), or publish without --preview; --dry-run shows what would be pasted.');
  }
  const asIs = flags['browser-profile'];
  if (asIs !== undefined && (asIs === '' || fs.statSync(asIs, { throwIfNoEntry: false })?.isFile())) {
    throw inputError(`--browser-profile ${JSON.stringify(asIs)} is not a browser profile folder.`, 'Pass a Chrome user-data-dir (it is created if it does not exist), or leave it out to use the clone of your daily profile.');
  }
  const { config, dataDir } = commandContext(flags);
  const prompter = flags.preview ? new (await import('../pipeline/preview.js')).Prompter() : undefined;
  const results = await publishDraft({
    draft: args[0]!,
    to: splitList(flags.to),
    config,
    dataDir,
    browserProfile: flags['browser-profile'],
    refresh: !flags['no-refresh'],
    dryRun: flags['dry-run'],
    concurrency,
    retryUnknown: flags['retry-unknown'],
    update: flags.update,
    out: flags.out,
    prompter,
    log: stderrLogger,
  }).finally(() => prompter?.close());
  printResults(results, flags, io);
  const signal = results.find((r) => r.interrupted)?.interrupted;
  if (signal) {
    io.stderr(`interrupted (${signal}): the platforms above that had not finished are recorded as interrupted; run again to finish them.\n`);
    return exitCodeForSignal(signal);
  }
  return exitCodeFor(results);
}
