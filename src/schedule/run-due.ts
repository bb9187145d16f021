/**
 * `publish run-due`: the unattended run. Holds a lock (a second run leaves at once), publishes
 * every due (draft, platform) pair, retries transient failures with backoff, never repeats a
 * click whose outcome is unknown (publishDraft looks first), and hands what a person must do
 * (log in, solve a captcha, a page it does not recognise) to the writer: the ledger says
 * "needs-attention", a notification says why, the other platforms go on. Every run appends to
 * `<data dir>/logs/run-due.log`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { ErrorCode } from '../errors.js';
import { describeError } from '../errors.js';
import { Ledger } from '../ledger/ledger.js';
import { dataPaths, touchPrivate } from '../home.js';
import type { Logger } from '../log.js';
import { publishDraft, type PlatformResult } from '../pipeline/publish.js';
import { findDue } from './due.js';
import { pullFeed } from '../feeds/syndicate.js';
import type { FeedItem } from '../feeds/parse.js';
import { acquireLock, type LockHolder } from './lock.js';
import type { Notifier } from './notify.js';

/** Failures worth another try in a moment: a slow page, a dropped paste, a refused request. */
const TRANSIENT: readonly ErrorCode[] = ['EDITOR', 'READBACK_MISMATCH', 'BROWSER', 'PUBLISH_FAILED'];
/** Failures only a person can fix. EDITOR counts once retries are spent: a page it does not recognise. */
const PERSON: readonly ErrorCode[] = ['NOT_LOGGED_IN', 'CHALLENGE', 'EDITOR'];

export interface RunDueOptions {
  draftsDir: string;
  config: Config;
  dataDir: string;
  now: Date;
  log: Logger;
  notify: Notifier;
  /** Extra attempts for transient failures (default 2), after `retryDelayMs` (default 30 s), doubling. */
  retries?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RunDueEntry {
  draft: string;
  platform: string;
  state: string;
  url: string | null;
  error: string | null;
  attempts: number;
  code?: ErrorCode;
}

export interface RunDueReport {
  busy?: LockHolder;
  /** The `syndicate` feeds pulled first: the drafts each wrote, or why it could not be read. */
  pulled: { feed: string; written: string[]; error?: string }[];
  results: RunDueEntry[];
  later: { draft: string; platform: string; at: string }[];
  skipped: { file: string; why: string }[];
}

export function runDueLog(dataDir: string): string {
  return path.join(dataDir, 'logs', 'run-due.log');
}

/** A logger that also appends, time-stamped, to the run log. */
function teeLogger(log: Logger, file: string): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  touchPrivate(file);
  const append = (level: string, m: string) => fs.appendFileSync(file, `${new Date().toISOString()} ${level} ${m.replace(/\n/g, '\n    ')}\n`);
  return {
    info: (m) => {
      append('info', m);
      log.info(m);
    },
    warn: (m) => {
      append('warn', m);
      log.warn(m);
    },
  };
}

export async function runDue(o: RunDueOptions): Promise<RunDueReport> {
  const paths = dataPaths(o.dataDir);
  const log = teeLogger(o.log, runDueLog(o.dataDir));
  const lock = acquireLock(path.join(o.dataDir, 'run-due.lock'));
  if (!lock.ok) {
    log.info(`run-due: another run (pid ${lock.holder.pid}, started ${lock.holder.startedAt}) is still going; leaving it to finish.`);
    return { busy: lock.holder, pulled: [], results: [], later: [], skipped: [] };
  }
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const report: RunDueReport = { pulled: [], results: [], later: [], skipped: [] };
  try {
    if (o.config.syndicate?.length) report.pulled = await pullSyndicated(o, log);
    log.info(`run-due: looking for drafts due at ${o.now.toISOString()} in ${o.draftsDir}`);
    const ledger = fs.existsSync(paths.ledger) ? Ledger.open(paths.ledger) : undefined;
    let found;
    try {
      found = findDue(o.draftsDir, o.now, ledger, o.config);
    } finally {
      ledger?.close();
    }
    report.skipped = found.skipped;
    for (const s of found.skipped) log.warn(`run-due: skipped ${s.file}: ${s.why}`);
    for (const d of found.due) for (const l of d.later) report.later.push({ draft: d.draft.path, platform: l.platform, at: l.at });
    for (const d of found.due.filter((x) => x.due.length > 0)) {
      log.info(`run-due: ${d.draft.displayPath} is due on ${d.due.join(', ')}`);
      report.results.push(...(await publishWithRetries(d.draft.path, d.due, o, log, sleep)));
    }
    if (found.due.every((d) => d.due.length === 0)) log.info('run-due: nothing is due.');
  } finally {
    lock.release();
  }
  return report;
}

/**
 * `syndicate` in the config: each feed is pulled (conditional GET) into the drafts folder, every
 * new item scheduled at its date + delay on the entry's platforms. A feed that cannot be read is
 * reported and the run goes on with what is already there.
 */
async function pullSyndicated(o: RunDueOptions, log: Logger): Promise<RunDueReport['pulled']> {
  const out: RunDueReport['pulled'] = [];
  const ledger = Ledger.open(dataPaths(o.dataDir).ledger);
  try {
    for (const entry of o.config.syndicate ?? []) {
      const extra = (item: FeedItem) => ({
        platforms: entry.to,
        publish_at: new Date((item.published ? Date.parse(item.published) : o.now.getTime()) + entry.delayMs).toISOString(),
      });
      try {
        const take = { all: entry.all, since: entry.since ? new Date(Date.parse(entry.since)) : undefined, last: entry.last };
        const r = await pullFeed({ source: entry.feed, draftsDir: o.draftsDir, ledger, take, extra });
        for (const w of r.written) log.info(`run-due: new from ${entry.feed}: ${path.basename(w.file)} ("${w.title}") for ${entry.to.join(', ')}`);
        if (r.notModified) log.info(`run-due: ${entry.feed} has not changed.`);
        out.push({ feed: entry.feed, written: r.written.map((w) => w.file) });
      } catch (error) {
        const message = describeError(error);
        log.warn(`run-due: ${entry.feed} could not be pulled: ${message}`);
        out.push({ feed: entry.feed, written: [], error: message });
      }
    }
  } finally {
    ledger.close();
  }
  return out;
}

async function publishWithRetries(draft: string, platforms: string[], o: RunDueOptions, log: Logger, sleep: (ms: number) => Promise<void>): Promise<RunDueEntry[]> {
  const final = new Map<string, RunDueEntry>();
  let pending = platforms;
  let delay = o.retryDelayMs ?? 30_000;
  for (let attempt = 1; pending.length > 0; attempt++) {
    let results: PlatformResult[];
    try {
      results = await publishDraft({ draft, to: pending, config: o.config, dataDir: o.dataDir, log, unattended: true });
    } catch (error) {
      // The whole run could not start (no display, no browser, a bad draft): a person's job.
      const message = describeError(error);
      log.warn(`run-due: ${path.basename(draft)} could not be published: ${message}`);
      await o.notify('publish: a scheduled post needs you', `${path.basename(draft)}: ${message.split('\n')[0]}`);
      for (const p of pending) final.set(p, { draft, platform: p, state: 'failed', url: null, error: message, attempts: attempt });
      break;
    }
    for (const r of results) final.set(r.platform, { draft, platform: r.platform, state: r.state, url: r.url, error: r.error, attempts: attempt, code: r.code });
    const retry = results.filter((r) => r.state === 'failed' && r.code && TRANSIENT.includes(r.code));
    if (attempt > (o.retries ?? 2) || retry.length === 0) break;
    pending = retry.map((r) => r.platform);
    log.info(`run-due: ${pending.join(', ')} failed in a way worth retrying; trying again in ${Math.round(delay / 1000)} s.`);
    await sleep(delay);
    delay *= 2;
  }
  await handOver(draft, [...final.values()], o, log);
  return [...final.values()];
}

/** Failures a person must fix become "needs-attention" in the ledger, with one notification each. */
async function handOver(draft: string, entries: RunDueEntry[], o: RunDueOptions, log: Logger): Promise<void> {
  const file = dataPaths(o.dataDir).ledger;
  if (!fs.existsSync(file)) return;
  const ledger = Ledger.open(file);
  try {
    const row = ledger.findDraft(draft);
    for (const e of entries) {
      if (e.state !== 'failed' || !row) continue;
      const pub = ledger.findPublication(row.id, e.platform, o.config.platforms[e.platform]?.username ?? '');
      const code = e.code;
      if (!pub || !code || !PERSON.includes(code)) continue;
      ledger.transition(pub.id, 'needs-attention', { error: e.error ?? undefined });
      e.state = 'needs-attention';
      const why =
        code === 'NOT_LOGGED_IN'
          ? 'the session is logged out: log in in your Chrome, then it goes out on the next run'
          : code === 'CHALLENGE'
            ? 'a captcha or two-factor check is in the way: pass it in your Chrome, then it goes out on the next run'
            : 'the page was not what publish expected (a changed site?): see `publish doctor --live`';
      log.warn(`run-due: ${path.basename(draft)} on ${e.platform} needs you: ${why}.`);
      await o.notify(`publish: ${e.platform} needs you`, `${path.basename(draft)}: ${why}.`);
    }
  } finally {
    ledger.close();
  }
}
