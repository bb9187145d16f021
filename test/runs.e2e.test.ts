/**
 * Runs that meet the world (issue 12): two runs of one draft at the same time, with the same or
 * different data directories and browser profiles, end with one post; a site that stops
 * answering is named in seconds; SIGINT and SIGTERM leave an honest ledger and exit 130 / 143.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../src/browser/executable.js';
import { dataPaths } from '../src/home.js';
import { Ledger } from '../src/ledger/ledger.js';
import { silentLogger } from '../src/log.js';
import { parseConfig } from '../src/config.js';
import { publishDraft } from '../src/pipeline/publish.js';
import { OFFLINE_BROWSER_ARGS, sandboxConfig, signInProfile } from '../src/sandbox/login.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { cliPath, draftText, runCli, tempDir, writeDraft } from './helpers.js';

let sandbox: Sandbox;
let root: string;
const profiles: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ platforms: ['devto', 'zenn'] });
  root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'publish-runs-'));
  for (const name of ['a', 'b']) {
    const profile = path.join(root, `profile-${name}`);
    await signInProfile({ profileDir: profile, origins: sandbox.origins, browser: resolveBrowser(), args: OFFLINE_BROWSER_ARGS });
    profiles.push(profile);
  }
});
afterAll(async () => {
  await sandbox.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function configFor(profile: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(root, `config-${path.basename(profile)}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...sandboxConfig(sandbox.origins, profile), feedWait: 0, ...extra }));
  return file;
}

const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { platform: string; state: string; error: string | null; existing?: boolean });

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('two runs of one draft at once', () => {
  for (const sameHome of [true, false]) {
    for (const sameProfile of [true, false]) {
      it(`${sameHome ? 'same' : 'different'} data directory, ${sameProfile ? 'same' : 'different'} browser profile: one post`, async () => {
        const title = `Twice at once ${sameHome ? 'H' : 'h'}${sameProfile ? 'P' : 'p'}`;
        const draft = writeDraft(tempDir(), 'twice.md', draftText({ title, tags: ['test'], zenn: { emoji: '👯' } }));
        const homes = sameHome ? [tempDir(), undefined] : [tempDir(), tempDir()];
        const configs = [configFor(profiles[0]!), configFor(profiles[sameProfile ? 0 : 1]!)];
        const runs = await Promise.all([0, 1].map((i) => runCli([draft, '--to', 'zenn', '--config', configs[i]!, '--home', homes[i] ?? homes[0]!, '--json'])));
        expect(sandbox.sites.zenn!.posts.filter((p) => p.title === title), runs.map((r) => r.stderr).join('\n---\n')).toHaveLength(1);
        const results = runs.map((r) => lines(r.stdout)[0]!);
        // One published it; the other saw the claim (or, had it come later, the ledger).
        expect(results.filter((r) => r.state === 'published' && !r.existing)).toHaveLength(1);
        const other = results.find((r) => !(r.state === 'published' && !r.existing))!;
        if (other.state === 'failed') expect(other.error).toMatch(/^Zenn: being published by another run \(pid \d+\); nothing was done here\./);
        else expect(other, `the other run found it in the ledger: ${JSON.stringify(other)}\n${runs.map((r) => r.stderr).join('\n---\n')}`).toMatchObject({ existing: true });
      });
    }
  }
});

describe('a site that stops answering', () => {
  it('is named within seconds, not after the editor timeout', async () => {
    const home = tempDir();
    const site = sandbox.sites.devto!;
    const seen = site.requests.length;
    const config = parseConfig(JSON.parse(fs.readFileSync(configFor(profiles[0]!), 'utf8')), 'test', root);
    const running = publishDraft({ draft: writeDraft(tempDir(), 'down.md', draftText({ title: 'Site goes down', tags: ['test'] })), to: ['devto'], config, dataDir: home, log: silentLogger });
    await waitFor(() => site.requests.slice(seen).includes('GET /new'));
    const origin = site.origin;
    await site.close(); // the site stops answering: connections are refused from now on
    try {
      const [r] = await running;
      expect(r!.state).toBe('failed');
      expect(r!.error).toMatch(/^dev\.to: the site stopped answering \(ERR_CONNECTION_REFUSED at http:\/\/127\.0\.0\.1:\d+\/\S*\); nothing was published\./);
      const ledger = Ledger.open(dataPaths(home).ledger);
      const row = ledger.status()[0]!;
      const events = ledger.events(row.id);
      const took = (Date.parse(events.at(-1)!.at) - Date.parse(events[0]!.at)) / 1000;
      ledger.close();
      expect(took).toBeLessThan(10);
    } finally {
      await site.listen(Number(new URL(origin).port));
    }
  });
});

describe('feeds are watched without holding the browser', () => {
  it('one at a time, the next platform starts while the last one\'s feed is still awaited; both end live', async () => {
    sandbox.sites.devto!.feedLag = 2500;
    try {
      const home = tempDir();
      const draft = writeDraft(tempDir(), 'feed.md', draftText({ title: 'Watched in the background', tags: ['test'], zenn: { emoji: '📡' } }));
      const run = await runCli([draft, '--to', 'devto,zenn', '--concurrency', '1', '--config', configFor(profiles[0]!, { feedWait: 20 }), '--home', home, '--json']);
      expect(run.status, run.stderr).toBe(0);
      const log = run.stderr.split('\n');
      const at = (text: string) => log.findIndex((l) => l.includes(text));
      expect(at('[devto] published:')).toBeGreaterThan(-1);
      // dev.to's post shows in its feed 2.5 s late: Zenn's editor opened meanwhile.
      expect(at('[zenn] opening the editor')).toBeGreaterThan(at('[devto] published:'));
      expect(at('[devto] live: seen in the feed')).toBeGreaterThan(at('[zenn] opening the editor'));
      expect(lines(run.stdout).map((r) => [r.platform, r.state, (r as { live?: boolean }).live])).toEqual([['devto', 'published', true], ['zenn', 'published', true]]);
      const ledger = Ledger.open(dataPaths(home).ledger);
      expect(ledger.status().map((r) => [r.platform, r.state])).toEqual([['devto', 'live'], ['zenn', 'live']]);
      ledger.close();
    } finally {
      sandbox.sites.devto!.feedLag = 0;
    }
  });

  it('Ctrl+C while only feeds are awaited ends the wait at once: published, `publish track` confirms later', async () => {
    sandbox.sites.devto!.feedLag = 120_000;
    try {
      const home = tempDir();
      const title = 'Interrupted while its feed is awaited';
      const draft = writeDraft(tempDir(), 'feed-int.md', draftText({ title, tags: ['test'] }));
      const child = spawn(process.execPath, [cliPath, draft, '--to', 'devto', '--config', configFor(profiles[0]!, { feedWait: 60 }), '--home', home, '--json']);
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      const done = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      await waitFor(() => stderr.includes('[devto] published:'));
      await new Promise((r) => setTimeout(r, 1500)); // the browser is closed, the feed is being polled
      child.kill('SIGINT');
      const started = Date.now();
      expect(await done, stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(stderr).toMatch(/\[devto\] not in the feed yet.*`publish track` will confirm it later/);
      expect(stderr).toContain('interrupted (SIGINT): stopping; every platform has finished; the feed watch ends');
      expect(stderr).not.toContain('recorded as interrupted');
      expect(lines(stdout).map((r) => [r.platform, r.state])).toEqual([['devto', 'published']]);
      const ledger = Ledger.open(dataPaths(home).ledger);
      expect(ledger.status().map((r) => [r.platform, r.state])).toEqual([['devto', 'published']]);
      ledger.close();
      expect(sandbox.sites.devto!.posts.filter((p) => p.title === title)).toHaveLength(1);
    } finally {
      sandbox.sites.devto!.feedLag = 0;
    }
  });
});

describe('SIGINT and SIGTERM during a publish', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, "interrupted", the ledger says so, nothing published`, async () => {
      for (const id of ['devto', 'zenn']) sandbox.setFaults(id, { slowEditor: 8000 });
      const home = tempDir();
      const title = `Interrupted by ${signal}`;
      const draft = writeDraft(tempDir(), 'int.md', draftText({ title, tags: ['test'], zenn: { emoji: '✋' } }));
      const seen = sandbox.sites.zenn!.requests.length;
      try {
        const child = spawn(process.execPath, [cliPath, draft, '--to', 'devto,zenn', '--config', configFor(profiles[0]!), '--home', home, '--json']);
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        const done = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
        await waitFor(() => sandbox.sites.zenn!.requests.slice(seen).includes('GET /articles/new'));
        child.kill(signal);
        const started = Date.now();
        expect(await done, stderr).toBe(code);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(stderr).toContain(`interrupted (${signal})`);
        const ledger = Ledger.open(dataPaths(home).ledger);
        const rows = ledger.status();
        ledger.close();
        expect(rows.map((r) => [r.platform, r.state])).toEqual([['devto', 'failed'], ['zenn', 'failed']]);
        for (const r of rows) expect(r.error).toMatch(new RegExp(`interrupted \\(${signal}\\) before it was published`));
        for (const id of ['devto', 'zenn']) expect(sandbox.sites[id]!.posts.filter((p) => p.title === title)).toHaveLength(0);
      } finally {
        for (const id of ['devto', 'zenn']) sandbox.setFaults(id, {});
      }
    });
  }
});
