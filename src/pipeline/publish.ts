/**
 * plan -> session -> publishers -> ledger. Platforms run concurrently, one page each; a failure
 * on one never stops the others. The ledger records every step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { PublishError, describeError, type ErrorCode } from '../errors.js';
import { dataPaths } from '../home.js';
import type { Logger } from '../log.js';
import { DONE_STATES, Ledger, type PublicationState } from '../ledger/ledger.js';
import { ClipboardBroker, type ClipboardIO } from '../browser/clipboard.js';
import { evidenceSink, networkLog, type EvidenceSink } from '../browser/evidence.js';
import { redactTraceFile } from '../browser/trace-redact.js';
import { resolveBrowser } from '../browser/executable.js';
import type { BrowserContext, Page } from 'playwright';
import { openSession } from '../browser/session.js';
import { automationProfile } from '../profile/automation.js';
import { trackUntilLive } from '../feeds/track.js';
import { feedFor } from '../feeds/urls.js';
import { failpoint } from '../failpoints.js';
import { planDraft, type Target } from './plan.js';
import { verifyUnknown } from './verify.js';
import type { Prompter } from './preview.js';
import { Skipped } from '../publishers/editor.js';
import type { PublishContext } from '../publishers/types.js';
import { writeDryRun } from './dry-run.js';
import { formatBytes } from '../draft/images.js';
import { SiteDown, siteDownFrom, watchSiteDown } from '../browser/site-down.js';
import { claim, type Claim } from './claims.js';
import { fingerprint } from './changes.js';
import { contentOf, pageShows, planUpdate, probesFor, storedContent, updateDiff } from './update.js';
import { STOPPING_PLATFORMS, watchInterrupts, type InterruptWatch } from '../interrupt.js';

export interface PublishRequest {
  draft: string;
  to?: string[];
  config: Config;
  dataDir: string;
  /** --browser-profile: a user-data-dir used as it is. */
  browserProfile?: string;
  /** false = --no-refresh: launch on the existing clone without refreshing it. */
  refresh?: boolean;
  dryRun?: boolean;
  /** How many platforms at once (default: defaultConcurrency()). */
  concurrency?: number;
  /** The writer checked by hand: an earlier click with an unknown outcome did not publish. */
  retryUnknown?: boolean;
  /** --dry-run: where the payloads go (default: under the data directory). */
  out?: string;
  /** --preview: asks the writer per platform before publishing. */
  prompter?: Prompter;
  /** A scheduled run (run-due): nobody is watching, so stopped work is saved as a draft. */
  unattended?: boolean;
  log: Logger;
  clipboard?: ClipboardIO;
  /** --update: published posts whose draft changed since are changed in place. */
  update?: boolean;
  /** Tests only. */
  headless?: boolean;
}

export interface PlatformResult {
  platform: string;
  state: PublicationState;
  url: string | null;
  error: string | null;
  /** True when the ledger already had it: nothing was done this run. */
  existing?: boolean;
  /** Published this run and already seen in the platform's feed (the ledger says live). */
  live?: boolean;
  /** --dry-run: the file holding what would be pasted. */
  payload?: string;
  /** --preview: the writer chose not to publish it (it stays a draft). */
  skipped?: boolean;
  /** What kind of failure (for retries and "needs attention"). */
  code?: ErrorCode;
  evidence?: string[];
  notes?: string[];
  /** The run was stopped by this signal before the platform finished. */
  interrupted?: NodeJS.Signals;
  /** Published earlier, and the draft changed since in these fields. */
  changed?: string[];
  /** --update: the post was changed in place this run; its revision now. */
  updated?: boolean;
  revision?: number;
  /** --update --dry-run: the diff of what the platform holds against the draft. */
  diff?: string;
}

/**
 * Platforms in flight at once: twice the CPU cores, at least 2. Publishing is CPU-bound (the
 * browser renders every editor, Node drives them), so more windows than that only share the same
 * cores and each holds a renderer's memory: on 2 cores, eleven platforms at once took as long as
 * four at a time, with about 850 MB at the peak against 590 MB (npm run bench, part "platforms").
 */
export const defaultConcurrency = (cores = os.availableParallelism()) => Math.max(2, cores * 2);

/** Runs tasks with at most `limit` in flight; results in input order, as allSettled gives them. */
async function settleLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await tasks[i]!() };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

export async function publishDraft(req: PublishRequest): Promise<PlatformResult[]> {
  const paths = dataPaths(req.dataDir);
  if (req.dryRun) return dryRun(req);
  // Validate before the ledger exists: a refused draft leaves nothing behind.
  planDraft(req.draft, req.to, req.config);
  const ledger = Ledger.open(paths.ledger);
  try {
    const plan = planDraft(req.draft, req.to, req.config, ledger);
    for (const t of plan.targets) for (const note of t.notes) req.log.warn(note);
    const stale = plan.targets.filter((t) => req.update && t.done && t.changed?.length);
    const existing: PlatformResult[] = plan.targets
      .filter((t) => t.done && !stale.includes(t))
      .map((t) => ({ platform: t.publisher.id, state: t.done!.state, url: t.done!.url, error: null, existing: true, changed: t.changed }));
    for (const r of existing) {
      if (!r.changed?.length) req.log.info(`[${r.platform}] already published${req.update ? ' and up to date' : ''}: ${r.url}`);
      else req.log.warn(`${r.platform}: published; the draft changed since (${r.changed.join(', ')}). Nothing was changed there; run with --update to change it in place: ${r.url}`);
    }
    existing.push(...(await planUpdates(stale, req, ledger)));
    existing.push(...(await settleUnknown(plan.targets, req, ledger)));
    const claimed = claimTargets(plan.targets.filter((t) => (!t.done || t.update) && !existing.some((r) => r.platform === t.publisher.id)), plan.draft.path, req, ledger, existing);
    const todo = claimed.map((c) => c.target);
    const releaseAll = () => claimed.forEach((c) => c.claim.release());
    if (todo.length === 0) return plan.targets.map((t) => existing.find((r) => r.platform === t.publisher.id)!);
    try {
      return await runClaimed(plan, todo, existing, ledger, req);
    } finally {
      releaseAll();
    }
  } finally {
    ledger.close();
  }
}

/**
 * Claims each target for this process (claims.ts); a target another live run holds is reported,
 * and one the ledger shows done by now (a run that just finished) is reported as it is.
 */
function claimTargets(targets: Target[], draft: string, req: PublishRequest, ledger: Ledger, out: PlatformResult[]): { target: Target; claim: Claim }[] {
  const claimed: { target: Target; claim: Claim }[] = [];
  for (const t of targets) {
    const id = t.publisher.id;
    const c = claim({ draft, platform: id, origin: t.origin });
    if ('busyPid' in c) {
      const error = `${t.publisher.name}: being published by another run (pid ${c.busyPid}); nothing was done here.`;
      req.log.warn(error);
      out.push({ platform: id, state: 'failed', url: null, error, code: 'BUSY' });
      continue;
    }
    // Re-read the ledger under the claim: a run that finished a moment ago recorded its post.
    const draftRow = ledger.findDraft(draft);
    const row = draftRow ? ledger.findPublication(draftRow.id, id, t.account) : undefined;
    if (t.update && row && row.revision !== t.done!.revision) {
      c.release();
      req.log.info(`[${id}] already updated (by a run that just finished): ${row.url}`);
      out.push({ platform: id, state: row.state, url: row.url, error: null, existing: true, updated: true, revision: row.revision });
      continue;
    }
    if (!t.update && row && DONE_STATES.includes(row.state)) {
      c.release();
      req.log.info(`[${id}] already published (by a run that just finished): ${row.url}`);
      out.push({ platform: id, state: row.state, url: row.url, error: null, existing: true });
      continue;
    }
    claimed.push({ target: t, claim: c });
  }
  return claimed;
}

async function runClaimed(plan: ReturnType<typeof planDraft>, todo: Target[], existing: PlatformResult[], ledger: Ledger, req: PublishRequest): Promise<PlatformResult[]> {
  const paths = dataPaths(req.dataDir);
  {

    const browser = resolveBrowser(req.config.browser.executablePath);
    const profile = await automationProfile({ config: req.config, dataDir: req.dataDir, browserProfile: req.browserProfile, refresh: req.refresh, log: req.log });
    req.log.info(`Opening ${browser.label} on ${profile.description}`);
    const session = await openSession({
      userDataDir: profile.userDataDir,
      browser,
      args: profile.args,
      ignoreDefaultArgs: profile.ignoreDefaultArgs,
      headless: req.headless,
      isRoot: process.getuid?.() === 0,
      // Signals are ours: record every unfinished platform as interrupted before the browser goes.
      handleSignals: false,
      codeCache: paths.codeCache,
    });
    // Feeds are watched after each platform's window is done with; a signal ends the watches too.
    const feeds = new AbortController();
    let editorsDone = false;
    const interrupt = watchInterrupts(
      () => {
        feeds.abort();
        return session.close();
      },
      () => (editorsDone ? 'every platform has finished; the feed watch ends (`publish track` confirms the posts later)' : STOPPING_PLATFORMS),
    );
    const draftRow = ledger.upsertDraft(plan.draft.path, plan.draft.hash, plan.draft.data.title ? String(plan.draft.data.title) : '');
    const clipboard = new ClipboardBroker(req.clipboard);
    const evidenceDir = path.join(paths.evidence, path.basename(plan.draft.path, path.extname(plan.draft.path)));
    let results: PromiseSettledResult<PlatformResult>[];
    let ran: PlatformResult[];
    const watches: Promise<void>[] = [];
    try {
      // A Playwright trace of the whole run, kept only if something fails: actions and console.
      // Its DOM snapshots (and the network log Playwright records only with them) cost about
      // 0.35 CPU-s per platform (npm run bench, part "profile"); a failure keeps the page's HTML,
      // its last requests and a screenshot instead (browser/evidence.ts).
      const limit = req.concurrency ?? defaultConcurrency();
      // The first windows are opened before any navigates (session.ts), while the trace starts;
      // later platforms get one when their turn comes, and every platform closes its own when
      // done (release).
      const [, ready] = await Promise.all([
        session.context.tracing.start({ snapshots: false, screenshots: false }).catch(() => {}),
        session.newPages(Math.min(todo.length, limit)),
      ]);
      const env = { ledger, draftId: draftRow.id, hash: plan.draft.hash, clipboard, evidenceDir, req, interrupt };
      results = await settleLimited(
        todo.map((t) => async () => {
          const page = ready.shift() ?? (await session.newPage());
          let result: PlatformResult;
          try {
            result = await runTarget(t, page, env);
          } finally {
            await release(page, session.context);
          }
          // Its feed needs no window: it is watched while the next platform takes this one's
          // turn, and while the browser closes (with a real site's feed, up to feedWait seconds).
          if (result.state === 'published' && !t.update) watches.push(watchFeed(result, t, env, feeds.signal));
          return result;
        }),
        limit,
      );
      editorsDone = true;
      ran = results.map((r, i): PlatformResult =>
        r.status === 'fulfilled' ? r.value : { platform: todo[i]!.publisher.id, state: 'failed', url: null, error: describeError(r.reason) },
      );
      if (!interrupt.signal) await keepTraceIfFailed(session.context, ran, evidenceDir, ledger, draftRow.id, req);
    } finally {
      await clipboard.settled(); // the writer's clipboard text is back before the run ends
      await session.close();
      await Promise.all(watches);
      interrupt.dispose();
    }
    return plan.targets.map((t) => [...existing, ...ran].find((r) => r.platform === t.publisher.id)!);
  }
}

/**
 * A platform that is done gives its window back at once (its renderer and its window's surfaces
 * are most of the memory of eleven platforms at once); the last window stays, since closing it
 * would end the browser under the trace and the others.
 */
const closing = new WeakSet<Page>();
async function release(page: Page, context: BrowserContext): Promise<void> {
  // Checked and marked in one synchronous step: two platforms ending together must not both
  // see the other's window open and close the last two.
  if (!context.pages().some((p) => p !== page && !p.isClosed() && !closing.has(p))) return;
  closing.add(page);
  await page.close().catch(() => {});
}

/** Saves the run's trace next to the screenshots when a platform failed; otherwise drops it. */
async function keepTraceIfFailed(context: BrowserContext, ran: PlatformResult[], dir: string, ledger: Ledger, draftId: number, req: PublishRequest): Promise<void> {
  const failed = ran.filter((r) => r.state === 'failed');
  if (failed.length === 0) {
    await context.tracing.stop().catch(() => {});
    return;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `trace-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
  // The cookie jar's values, to find them anywhere in the trace (they never leave this function).
  const cookies = (await context.cookies().catch(() => [])).map((c) => c.value);
  try {
    await context.tracing.stop({ path: file });
    redactTraceFile(file, cookies);
  } catch (error) {
    fs.rmSync(file, { force: true }); // never keep a trace that may still hold a session
    req.log.warn(`no trace could be saved (${(error as Error).message.split('\n')[0]}).`);
    return;
  }
  req.log.info(`Trace of the run (open with \`npx playwright show-trace ${file}\`): ${file}`);
  for (const r of failed) {
    r.evidence = [...(r.evidence ?? []), file];
    const row = ledger.findPublication(draftId, r.platform, req.config.platforms[r.platform]?.username ?? '');
    if (row) ledger.event(row.id, 'trace', { trace: file });
  }
}

/** The dry run: plan (reading the ledger if there is one, writing nothing) and write the payloads. */
function dryRun(req: PublishRequest): PlatformResult[] {
  const file = dataPaths(req.dataDir).ledger;
  const ledger = fs.existsSync(file) ? Ledger.open(file) : undefined;
  try {
    const plan = planDraft(req.draft, req.to, req.config, ledger);
    for (const t of plan.targets) for (const note of t.notes) req.log.warn(note);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dir = path.resolve(req.out ?? path.join(req.dataDir, 'dry-run', `${path.basename(plan.draft.path, path.extname(plan.draft.path))}-${stamp}`));
    const entries = writeDryRun(plan, dir, ledger);
    const diffs = new Map<string, string>();
    for (const t of plan.targets.filter((x) => req.update && x.done && x.changed?.length)) {
      const how = planUpdate(t.publisher, t.done!, t.changed!, t.origin);
      const diff = how.kind === 'edit' ? updateDiff(t.publisher.id, storedContent(t.done!), contentOf(t.post)) : '';
      diffs.set(t.publisher.id, diff);
      req.log.info(`[${t.publisher.id}] would ${how.kind === 'edit' ? `update ${t.done!.url} (changed: ${t.changed!.join(', ')})` : `leave it as it is: ${how.why}`}`);
    }
    for (const e of entries) for (const [name, fate] of Object.entries(e.settings)) req.log.info(`[${e.platform}] ${name}: ${fate}`);
    for (const e of entries) for (const i of e.images) req.log.info(`[${e.platform}] image ${i.src}: ${i.action}${i.url ? ` ${i.url}` : ''}${i.bytes !== undefined ? ` (${formatBytes(i.bytes)})` : ''}`);
    req.log.info(`Dry run: nothing opened or published. What each platform would get is in ${dir} (summary.json).`);
    return plan.targets.map((t, i) => {
      const e = entries[i]!;
      const base = { platform: t.publisher.id, url: t.done?.url ?? null, error: null, notes: t.notes, payload: e.payload, changed: t.changed, diff: diffs.get(t.publisher.id) };
      return t.done ? { ...base, state: t.done.state, existing: true } : { ...base, state: 'planned' as const };
    });
  } finally {
    ledger?.close();
  }
}

/**
 * --update, before any browser opens: each changed post is either left alone (X and Bluesky
 * cannot be edited; said per platform), failed (its edit page is unknown), found already
 * updated (an earlier run died right after its save click and the post shows the new text:
 * recorded, not saved again), or given its edit page for this run.
 */
async function planUpdates(targets: Target[], req: PublishRequest, ledger: Ledger): Promise<PlatformResult[]> {
  const out: PlatformResult[] = [];
  for (const t of targets) {
    const row = t.done!;
    const id = t.publisher.id;
    const base = { platform: id, url: row.url, changed: t.changed };
    const plan = planUpdate(t.publisher, row, t.changed!, t.origin);
    if (plan.kind === 'not-editable') {
      req.log.warn(`${id}: the draft changed since (${t.changed!.join(', ')}), but ${plan.why}; the post was left as it is: ${row.url}`);
      out.push({ ...base, state: row.state, error: null, existing: true, notes: [plan.why] });
      continue;
    }
    if (plan.kind === 'no-edit-page') {
      out.push({ ...base, state: 'failed', error: plan.why });
      continue;
    }
    if (row.update_clicked_at) {
      req.log.info(`[${id}] an earlier update's save click (${row.update_clicked_at}) has an unknown outcome; looking at the post...`);
      const seen = await pageShows(row.url!, probesFor(contentOf(t.post), storedContent(row)));
      if (seen === 'yes') {
        const revision = ledger.recordUpdate(row.id, fingerprint(t.post), contentOf(t.post), { foundOn: 'post page' });
        req.log.info(`[${id}] the earlier save did update it (revision ${revision}): ${row.url}`);
        out.push({ ...base, state: row.state, error: null, updated: true, revision });
        continue;
      }
      ledger.clearUpdateIntent(row.id, seen === 'no' ? 'the post does not show the new text' : 'the post page could not be read');
      req.log.info(`[${id}] it ${seen === 'no' ? 'does not show the new text' : 'could not be read'}; saving the changes again (an edit, never a second post).`);
    }
    t.update = plan.target;
  }
  return out;
}

/**
 * Earlier clicks with an unknown outcome are settled before any browser opens: found in the
 * feed -> recorded as published; known absent -> cleared for a normal publish; else reported,
 * not clicked again. Returns results for the platforms that are settled without publishing.
 */
async function settleUnknown(targets: Target[], req: PublishRequest, ledger: Ledger): Promise<PlatformResult[]> {
  const out: PlatformResult[] = [];
  for (const t of targets.filter((x) => x.unknown)) {
    const row = t.unknown!;
    const id = t.publisher.id;
    if (req.retryUnknown) {
      ledger.clearIntent(row.id, 'the writer checked: not published (--retry-unknown)');
      continue;
    }
    req.log.info(`[${id}] an earlier publish click (${row.publish_clicked_at}) has an unknown outcome; looking for the post in its feed...`);
    const verdict = await verifyUnknown(row, { config: req.config, title: t.post.title });
    if (verdict.kind === 'not-published') {
      ledger.clearIntent(row.id, verdict.why);
      req.log.info(`[${id}] it was not published (${verdict.why}); publishing now.`);
    } else if (verdict.kind === 'published') {
      ledger.transition(row.id, 'published', { url: verdict.url, detail: { foundIn: 'feed' } });
      const live = ledger.markLive(row.id, verdict.url, new Date(), { by: 'verify' });
      req.log.info(`[${id}] the earlier click did publish it: ${verdict.url}`);
      out.push({ platform: id, state: live.state, url: verdict.url, error: null, existing: true });
    } else {
      const error = `${t.publisher.name}: an earlier publish click (${row.publish_clicked_at}) has an unknown outcome and ${verdict.why}. Nothing was clicked again.\n  Look at your posts on ${t.publisher.name}; if it is not there, run again with --retry-unknown.`;
      ledger.event(row.id, 'undecided', { why: verdict.why });
      out.push({ platform: id, state: 'failed', url: null, error });
    }
  }
  return out;
}

/**
 * Unattended runs that stop after the editor was filled keep the work: the platform's own
 * "Save draft", when it has one and the outcome is known not to be a published post.
 */
async function keepAsDraft(t: Target, ctx: PublishContext, publicationId: number, failure: unknown, env: RunEnv): Promise<void> {
  const { ledger, req } = env;
  const row = ledger.getPublication(publicationId);
  const filled = ledger.events(publicationId).some((e) => e.kind === 'filled');
  const unknown = failure instanceof PublishError && failure.outcome === 'unknown';
  if (!req.unattended || !t.publisher.saveDraft || !filled || unknown || row.publish_clicked_at !== null) return;
  if (await t.publisher.saveDraft(ctx).catch(() => false)) {
    ledger.event(publicationId, 'draft-saved');
    req.log.info(`[${t.publisher.id}] saved as a draft on ${t.publisher.name}, to finish by hand or on the next run.`);
  }
}

interface RunEnv {
  interrupt: InterruptWatch;
  ledger: Ledger;
  draftId: number;
  hash: string;
  clipboard: ClipboardBroker;
  evidenceDir: string;
  req: PublishRequest;
}

/**
 * After publishing, watch the platform's feed for a short while (config feedWait, default 10 s):
 * if the post shows, the ledger says live (and so does `result`); if not, `publish track`
 * finishes the job later. A feed problem never turns a published post into a failure.
 */
async function watchFeed(result: PlatformResult, t: Target, env: RunEnv, signal: AbortSignal): Promise<void> {
  const { req, ledger } = env;
  const seconds = req.config.feedWait ?? 10;
  const row = ledger.findPublication(env.draftId, t.publisher.id, t.account);
  if (seconds === 0 || !row) return;
  const log = (m: string) => req.log.info(`[${row.platform}] ${m}`);
  const feed = feedFor(row.platform, row.account, req.config.platforms[row.platform]);
  if (typeof feed === 'string') {
    log(`not confirmed from a feed: ${feed}.`);
    return;
  }
  try {
    const report = await trackUntilLive({ ledger, config: req.config, publicationIds: [row.id], timeoutMs: seconds * 1000, intervalCapMs: 2000, signal });
    const live = report.live[0];
    if (live) {
      log(`live: seen in the feed${live.timeToLiveMs !== null ? ` ${(live.timeToLiveMs / 1000).toFixed(1)} s after publishing` : ''}`);
      result.live = true;
      return;
    }
    const why = report.waiting[0]?.reason ?? 'not in the feed yet';
    const error = report.feeds.findLast((f) => f.error)?.error;
    log(`${why}${error ? ` (${error})` : ''}; \`publish track\` will confirm it later.`);
  } catch (error) {
    req.log.warn(`${row.platform}: the feed could not be checked (${(error as Error).message}); \`publish track\` will try later.`);
  }
}

/**
 * One platform's run of its publisher, shared by publishing and --update: the context (its page,
 * the ledger's upload cache, logging, steps), its evidence and network log, and `run`, which ends
 * as soon as the publisher does, the site stops answering or the run is interrupted. `dispose`
 * stops the watches.
 */
function drive(t: Target, page: Page, env: RunEnv, publicationId: number, step: PublishContext['step']) {
  const id = t.publisher.id;
  const { ledger, req } = env;
  const network = networkLog(page);
  const evidence = evidenceSink(env.evidenceDir, id, { warn: (m) => req.log.warn(m), network: network.lines });
  const log = (m: string) => req.log.info(`[${id}] ${m}`);
  const ctx: PublishContext = {
    page,
    origin: t.origin,
    username: t.account || undefined,
    clipboard: env.clipboard,
    evidence,
    log,
    editorTimeout: (req.config.editorTimeout ?? 30) * 1000,
    platformId: id,
    edit: t.update,
    uploads: {
      find: (sha256) => ledger.upload(id, t.account, sha256),
      save: (sha256, url, bytes) => {
        ledger.saveUpload(id, t.account, sha256, url, bytes);
        ledger.event(publicationId, 'image-uploaded', { sha256, url, bytes });
      },
    },
    decide: req.prompter ? (isPostUrl) => req.prompter!.decide(id, page, isPostUrl, !!t.update) : undefined,
    step: (s, shot) => {
      step(s, shot);
      if (s === 'filled') failpoint('after-paste', id);
    },
  };
  // No step may sit in Playwright's 30-second default: overlays are cleared or named within
  // seconds (publishers/overlays.ts); waits for a slow editor say their own timeout.
  page.setDefaultTimeout(15_000);
  const siteDown = watchSiteDown(page, t.origin);
  return {
    ctx,
    evidence,
    log,
    run: () => Promise.race([t.publisher.publish(t.post, ctx), siteDown.failed, env.interrupt.stopped]),
    dispose: () => {
      siteDown.dispose();
      network.dispose();
    },
  };
}

/**
 * Whatever a publisher threw, as a PublishError that says what happened and where: the signal
 * that stopped the run, a site that stopped answering, or a page that did not behave (with a
 * screenshot and what covered the target).
 */
async function explainFailure(error: unknown, t: Target, page: Page, evidence: EvidenceSink, env: RunEnv, clicked: boolean, what: string, notYet: string): Promise<unknown> {
  const down = error instanceof SiteDown ? error : error instanceof PublishError ? undefined : siteDownFrom(String((error as Error)?.message ?? error));
  const signal = env.interrupt.signal;
  if (signal) {
    // The browser was closed under the publisher: whatever it threw, the truth is the signal.
    return new PublishError('INTERRUPTED', `${t.publisher.name}: interrupted (${signal}) ${clicked ? what : notYet}.`, { outcome: clicked ? 'unknown' : undefined, cause: error });
  }
  if (down) {
    const { shot, files } = await evidence.failure(page);
    return new PublishError('SITE_DOWN', `${t.publisher.name}: ${down.message}; ${what}.${shot ? ` Screenshot: ${shot}.` : ''}`, {
      hint: 'Check your connection or the site\'s status, then run again; the ledger knows where this one stopped.',
      evidence: files,
      outcome: clicked ? 'unknown' : undefined,
      cause: error,
    });
  }
  if (error instanceof PublishError) return error;
  // A Playwright timeout or a page that vanished: still say where, with a screenshot.
  const { shot, files } = await evidence.failure(page);
  const message = error instanceof Error ? error.message : String(error);
  // Playwright names an element that took the click: say what covered the target.
  const cover = /(<[^\n]*?>)(?: from <[^\n]*?> subtree)? intercepts pointer events/.exec(message)?.[1];
  const first = `${message.split('\n')[0]}${cover ? `; covered by ${cover.slice(0, 120)}` : ''}`;
  return new PublishError('EDITOR', `${t.publisher.name}: the page did not behave as expected (${first}); ${what}.${shot ? ` Screenshot: ${shot}.` : ''}`, {
    hint: 'The site may have changed (selector drift) or been slow. Try again; if it persists, check the editor with `publish open`.',
    evidence: files,
    cause: error,
  });
}

/**
 * --update on one platform: the publisher's own flow on the post's edit page, ending with its
 * "save changes" button. The post stays published whatever happens: a failure is an event, not
 * a state. The intent is recorded before the save click; the update counts once the post's page
 * shows the new text.
 */
async function runUpdate(t: Target, page: Page, env: RunEnv): Promise<PlatformResult> {
  const id = t.publisher.id;
  const { ledger } = env;
  const row = t.done!;
  const revision = row.revision + 1;
  ledger.event(row.id, 'update-planned', { revision, changed: t.update!.changed });
  const { evidence, log, run, dispose } = drive(t, page, env, row.id, (step, shot) => {
    if (step === 'publishing') ledger.recordUpdateIntent(row.id, revision);
    else ledger.event(row.id, `update-${step}`, shot ? { screenshot: shot } : undefined);
  });
  const base = { platform: id, url: row.url, changed: t.changed, notes: t.notes };
  try {
    const outcome = await run();
    failpoint('before-ledger-write', id);
    const seen = await pageShows(row.url!, probesFor(contentOf(t.post), storedContent(row)));
    if (seen === 'no') {
      const error = `${t.publisher.name}: saved, but ${row.url} does not show the new text yet; the next --update looks at it again before saving.`;
      ledger.event(row.id, 'update-unconfirmed', { url: row.url });
      log(`failed: ${error}`);
      return { ...base, state: 'failed', error, evidence: outcome.evidence };
    }
    const now = ledger.recordUpdate(row.id, fingerprint(t.post), contentOf(t.post), { evidence: outcome.evidence, checked: seen });
    log(`updated (revision ${now})${seen === 'unknown' ? '; its page could not be read to confirm it' : ''}: ${row.url}`);
    return { ...base, state: ledger.getPublication(row.id).state, error: null, evidence: outcome.evidence, updated: true, revision: now };
  } catch (error) {
    if (error instanceof Skipped) {
      ledger.event(row.id, 'update-skipped', { why: error.message });
      log(`not updated: ${error.message}; the post is as it was.`);
      return { ...base, state: row.state, error: null, existing: true, skipped: true, notes: [...t.notes, `not updated (${error.message})`] };
    }
    const clicked = ledger.getPublication(row.id).update_clicked_at !== null;
    const what = clicked ? 'after the save click; whether it saved is unknown (the next --update looks at the post first)' : 'nothing was changed';
    const failure = await explainFailure(error, t, page, evidence, env, clicked, what, 'before saving; nothing was changed');
    if (clicked && failure instanceof PublishError && failure.outcome === 'not-published') ledger.clearUpdateIntent(row.id, failure.message);
    const message = describeError(failure);
    ledger.event(row.id, 'update-failed', { error: message });
    log(`failed: ${message}`);
    const code = failure instanceof PublishError && failure.outcome !== 'unknown' ? failure.code : undefined;
    return { ...base, state: 'failed', error: message, evidence: failure instanceof PublishError ? failure.evidence : [], code, interrupted: env.interrupt.signal };
  } finally {
    dispose();
  }
}

async function runTarget(t: Target, page: Page, env: RunEnv): Promise<PlatformResult> {
  const id = t.publisher.id;
  const { ledger, req } = env;
  if (t.update) return runUpdate(t, page, env);
  const row = ledger.plan(env.draftId, id, t.account, env.hash);
  if (Object.keys(t.settings).length) ledger.event(row.id, 'settings', t.settings);
  const { ctx, evidence, log, run, dispose } = drive(t, page, env, row.id, (step, shot) => {
    if (step === 'publishing') ledger.recordIntent(row.id);
    else ledger.transition(row.id, step, { detail: shot ? { screenshot: shot } : undefined });
  });
  try {
    const outcome = await run();
    failpoint('before-ledger-write', id);
    ledger.transition(row.id, 'published', { url: outcome.url, detail: { evidence: outcome.evidence } });
    ledger.recordContent(row.id, fingerprint(t.post), contentOf(t.post), outcome.editUrl);
    log(`published: ${outcome.url}`);
    return { platform: id, state: 'published', url: outcome.url, error: null, evidence: outcome.evidence, notes: t.notes, live: false };
  } catch (error) {
    if (error instanceof Skipped) {
      ledger.event(row.id, 'left-as-draft', { why: error.message });
      log(`not published: ${error.message}; left as a draft in the editor.`);
      return { platform: id, state: ledger.getPublication(row.id).state, url: null, error: null, notes: [...t.notes, `left as a draft (${error.message})`], skipped: true };
    }
    const clicked = ledger.getPublication(row.id).publish_clicked_at !== null;
    const what = clicked ? 'after the publish click; the outcome is unknown (the next run looks before publishing again)' : 'nothing was published';
    const failure = await explainFailure(error, t, page, evidence, env, clicked, what, 'before it was published; nothing was published');
    const signal = env.interrupt.signal;
    // A refusal means the post does not exist: the next run may simply try again.
    if (clicked && failure instanceof PublishError && failure.outcome === 'not-published') ledger.clearIntent(row.id, failure.message);
    await keepAsDraft(t, ctx, row.id, failure, env);
    const message = describeError(failure);
    ledger.transition(row.id, 'failed', { error: message, detail: { evidence: failure instanceof PublishError ? failure.evidence : [] } });
    log(`failed: ${message}`);
    // An unknown outcome is never "transient": it must be looked at, not retried.
    const code = failure instanceof PublishError && failure.outcome !== 'unknown' ? failure.code : undefined;
    return { platform: id, state: 'failed', url: null, error: message, evidence: failure instanceof PublishError ? failure.evidence : [], notes: t.notes, code, interrupted: signal };
  } finally {
    dispose();
  }
}
