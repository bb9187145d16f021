/** `publish run-due` and `publish schedule install|uninstall|status`. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputError } from '../errors.js';
import { stderrLogger, silentLogger } from '../log.js';
import { table } from '../pipeline/status.js';
import { runDue, runDueLog } from '../schedule/run-due.js';
import { systemNotifier } from '../schedule/notify.js';
import { CRON_ON_MACOS, install, planInstall, scheduleSpec, status, systemdUserSession, uninstall } from '../schedule/install.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';
import { parseDuration } from '../duration.js';

/** The clock: real, or `--now` / PUBLISH_NOW (catching up, and tests). */
function clock(flags: Flags): Date {
  const text = flags.now ?? process.env.PUBLISH_NOW;
  if (!text) return new Date();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw inputError(`--now "${text}" is not a date (ISO 8601, e.g. 2026-12-01T09:00:00+09:00).`);
  return new Date(t);
}

export async function runDueCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const draftsDir = path.resolve(flags.drafts ?? 'drafts');
  const now = clock(flags);
  // Checked before anything is written (the run log, the lock).
  const folder = fs.statSync(draftsDir, { throwIfNoEntry: false });
  if (!folder?.isDirectory()) {
    throw inputError(`${draftsDir}: the drafts folder cannot be read (${folder ? 'not a folder' : 'ENOENT'}).`, 'Pass --drafts DIR with your Markdown drafts (the schedule uses the folder given at install).');
  }
  const { config, dataDir } = commandContext(flags);
  const report = await runDue({
    draftsDir,
    config,
    dataDir,
    now,
    log: flags.json ? silentLogger : stderrLogger,
    notify: systemNotifier(process.platform, config.notify?.command),
    retries: config.runDue?.retries,
    retryDelayMs: config.runDue?.retryDelay === undefined ? undefined : config.runDue.retryDelay * 1000,
  });
  if (flags.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.busy) io.stdout(`Another run-due (pid ${report.busy.pid}, started ${report.busy.startedAt}) is still going; this one did nothing.\n`);
  else {
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    for (const p of report.pulled) io.stdout(p.error ? `could not pull ${p.feed}: ${p.error.split('\n')[0]}\n` : `pulled ${p.written.length} new draft(s) from ${p.feed}${p.written.length ? `: ${p.written.map(rel).join(', ')}` : ''}\n`);
    if (report.results.length) io.stdout(`${table(['DRAFT', 'PLATFORM', 'STATE', 'URL / ERROR'], report.results.map((r) => [rel(r.draft), r.platform, r.state, r.url ?? r.error?.split('\n')[0] ?? '']))}\n`);
    else io.stdout('Nothing was due.\n');
    for (const l of report.later) io.stdout(`later: ${rel(l.draft)} on ${l.platform} at ${l.at}\n`);
    io.stdout(`Log: ${runDueLog(dataDir)}\n`);
  }
  return report.results.some((r) => r.state === 'failed' || r.state === 'needs-attention') ? 1 : 0;
}

export async function scheduleCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  const sub = args[0];
  if (!sub || !['install', 'uninstall', 'status'].includes(sub)) {
    throw inputError(sub ? `Unknown schedule command "${sub}".` : 'Missing schedule command.', 'Use `publish schedule install`, `uninstall` or `status` (see --help).');
  }
  const { dataDir } = commandContext(flags);
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli.js');
  const spec = scheduleSpec({ os: flags.os, every: flags.every === undefined ? undefined : parseDuration(flags.every, '--every') / 1000, at: flags.at, draftsDir: flags.drafts ?? 'drafts', dataDir, cli });
  // Linux: a systemd user timer where a user session answers (always, for --print), else cron.
  const useSystemd = !flags.cron && (flags.print || spec.os !== 'linux' || systemdUserSession());
  if (sub === 'install') {
    const plan = planInstall(spec, useSystemd, flags.cron);
    if (flags.cron && spec.os === 'darwin') io.stderr(`note: ${CRON_ON_MACOS}\n`);
    if (spec.os === 'linux' && !useSystemd && !flags.cron && !flags.print) io.stderr('No systemd user session here: installing a crontab line instead.\n');
    if (flags.print) {
      if (flags.json) io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
      else if (plan.files.length === 1) {
        io.stderr(`# would write ${plan.files[0]!.path}${plan.commands.length ? `, then run: ${plan.commands.map((c) => c.join(' ')).join('; ')}` : ''}\n`);
        io.stdout(plan.files[0]!.content);
      } else {
        for (const f of plan.files) io.stdout(`# ${f.path}\n${f.content}\n`);
        io.stderr(`# then run: ${plan.commands.map((c) => c.join(' ')).join('; ')}\n`);
      }
      return 0;
    }
    if (spec.os !== (process.platform === 'darwin' ? 'darwin' : 'linux')) throw inputError(`--os ${spec.os} is for --print on this machine (it runs ${process.platform}).`);
    install(plan, spec.logDir);
    io.stdout(`Installed (${plan.kind}): publish run-due --drafts ${spec.draftsDir} ${spec.at ? `daily at ${flags.at}` : `every ${Math.round(spec.every! / 60)} min`}.\nLogs: ${runDueLog(dataDir)}\n`);
    return 0;
  }
  if (sub === 'uninstall') {
    const done = uninstall(spec, useSystemd, flags.cron);
    io.stdout(done.length ? `${done.join('\n')}\n` : 'Nothing was installed.\n');
    return 0;
  }
  const s = status(spec, runDueLog(dataDir), useSystemd);
  if (flags.json) io.stdout(`${JSON.stringify(s, null, 2)}\n`);
  else io.stdout(`${s.kind}: ${s.installed ? 'installed' : 'not installed'}${s.loaded === null ? '' : s.loaded ? ', loaded' : ', not loaded'}\nLast run: ${s.lastRun ?? 'never'}\nLog: ${s.log}\n${s.files.map((f) => `File: ${f}\n`).join('')}`);
  return 0;
}
