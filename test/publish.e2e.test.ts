/**
 * The pipeline end to end: headed Chromium under this process's private Xvfb, the real X
 * clipboard, a real SQLite ledger, and the sandbox imitating dev.to and Zenn.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishDraft, type PlatformResult } from '../src/pipeline/publish.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { silentLogger } from '../src/log.js';
import { systemClipboard } from '../src/browser/clipboard.js';
import { readZip } from '../src/browser/zip.js';
import { SANDBOX_USER } from '../src/sandbox/login.js';
import { draftText, exampleDraft, repoRoot, signedInSandbox, tempDir, writeDraft, type SandboxFixture } from './helpers.js';

const run = (f: SandboxFixture, draft: string) =>
  publishDraft({ draft, to: ['devto', 'zenn'], config: f.config, dataDir: f.home, log: silentLogger });

const byPlatform = (results: PlatformResult[]) => Object.fromEntries(results.map((r) => [r.platform, r]));

function ledgerRows(home: string) {
  const ledger = Ledger.open(dataPaths(home).ledger);
  try {
    return Object.fromEntries(ledger.status().map((r) => [r.platform, { ...r, events: ledger.events(r.id).map((e) => e.kind) }]));
  } finally {
    ledger.close();
  }
}

function expectScreenshot(error: string | null) {
  const shot = /Screenshot: (\S+\.jpg)\./.exec(error ?? '')?.[1];
  expect(shot, `no screenshot path in: ${error}`).toBeDefined();
  expect(fs.statSync(shot!).size).toBeGreaterThan(1000);
}

describe('publishing to the sandbox', () => {
  it('publishes the example to dev.to and Zenn, then publishes nothing on a re-run', async () => {
    const f = await signedInSandbox();
    // Slow editors must be waited for, not raced (dev.to's server shell even has the same ids).
    f.sandbox.setFaults('zenn', { slowEditor: 2500 });
    f.sandbox.setFaults('devto', { slowEditor: 2000 });
    await systemClipboard.write('the writer was copying this');
    const first = byPlatform(await run(f, exampleDraft));
    // Published, and already seen in each platform's feed (the sandbox's feeds do not lag).
    expect(first.devto).toMatchObject({ state: 'published', error: null, live: true });
    expect(first.zenn).toMatchObject({ state: 'published', error: null, live: true });
    expect(first.devto!.url).toMatch(new RegExp(`^${f.sandbox.origins.devto}/writer/publishing-one-markdown-draft-everywhere-\\w+$`));
    expect(first.zenn!.url).toMatch(new RegExp(`^${f.sandbox.origins.zenn}/writer/articles/[0-9a-f]{14}$`));
    expect(await systemClipboard.read()).toBe('the writer was copying this');

    // What arrived is the draft in each platform's dialect, tags included.
    const [devPost] = f.sandbox.sites.devto!.posts;
    const [zennPost] = f.sandbox.sites.zenn!.posts;
    expect(devPost).toMatchObject({ title: 'Publishing one Markdown draft everywhere', tags: ['markdown', 'automation', 'playwright'] });
    expect(devPost!.body).toContain('{% details What about embeds? %}');
    expect(devPost!.body).toContain('```ts\nimport { publishDraft }');
    expect(zennPost).toMatchObject({ tags: ['markdown', 'automation', 'playwright'], extra: { emoji: '🚀', type: 'tech' } });
    expect(zennPost!.body).toContain(':::message\nOn dev.to this note');

    const rows = ledgerRows(f.home);
    expect(rows.devto).toMatchObject({ state: 'live', url: first.devto!.url, account: 'writer' });
    // What the settings came to (description: no place on Zenn), the example's image (once), then the
    // intent before the click and the outcome after it.
    expect(rows.zenn!.events).toEqual(['planned', 'settings', 'image-uploaded', 'filled', 'previewed', 'publish-intent', 'published', 'live']);
    const shots = fs.readdirSync(path.join(dataPaths(f.home).evidence, 'example'));
    expect(shots.filter((s) => s.startsWith('devto-')).map((s) => s.replace(/.*Z-/, ''))).toEqual(['filled.jpg', 'preview.jpg', 'published.jpg']);

    // `publish show` tells the story per platform: state, URL, timings, evidence.
    const show = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'show', exampleDraft, '--json', '--home', f.home], { encoding: 'utf8' });
    expect(show.status, show.stderr).toBe(0);
    const shown = JSON.parse(show.stdout) as { publications: { platform: string; state: string; url: string; timings: { toPublishMs: number; toLiveMs: number }; evidence: string[] }[] };
    expect(shown.publications.map((p) => [p.platform, p.state, p.url])).toEqual([['devto', 'live', first.devto!.url], ['zenn', 'live', first.zenn!.url]]);
    for (const p of shown.publications) {
      expect(p.timings.toPublishMs).toBeGreaterThan(0);
      expect(p.timings.toLiveMs).toBeGreaterThanOrEqual(0);
      expect(p.evidence.map((e) => e.replace(/.*Z-/, ''))).toEqual(['filled.jpg', 'preview.jpg', 'published.jpg']);
      for (const e of p.evidence) expect(fs.existsSync(e)).toBe(true);
    }

    const again = byPlatform(await run(f, exampleDraft));
    expect(again.devto).toMatchObject({ state: 'live', url: first.devto!.url, existing: true });
    expect(again.zenn).toMatchObject({ state: 'live', url: first.zenn!.url, existing: true });
    expect(f.sandbox.sites.devto!.posts).toHaveLength(1);
    expect(f.sandbox.sites.zenn!.posts).toHaveLength(1);
  });

  it('a draft changed after publishing is reported per platform as changed (which fields); nothing is touched there', async () => {
    const f = await signedInSandbox();
    const dir = tempDir();
    const file = writeDraft(dir, 'living.md', draftText({ title: 'A living post', tags: ['test'], zenn: { emoji: '🌱' } }, 'First version.\n'));
    const first = byPlatform(await run(f, file));
    expect(first.devto!.state).toBe('published');
    // Unchanged: nothing to say.
    expect(byPlatform(await run(f, file)).devto).toMatchObject({ existing: true, changed: [] });
    fs.writeFileSync(file, draftText({ title: 'A living post, revised', tags: ['test'], zenn: { emoji: '🌱' } }, 'Second version, with a fix.\n'));
    const again = byPlatform(await run(f, file));
    for (const id of ['devto', 'zenn']) {
      expect(again[id], id).toMatchObject({ existing: true, changed: ['title', 'body'], url: first[id]!.url });
      expect(f.sandbox.sites[id]!.posts, id).toHaveLength(1);
      expect(f.sandbox.sites[id]!.posts[0]!.title, id).toBe('A living post');
    }
    const status = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'status', '--home', f.home, '--config', writeDraft(dir, 'c.json', JSON.stringify({ platforms: {} }))], { encoding: 'utf8' });
    expect(status.stdout).toMatch(/living\.md\s+devto\s+changed \(title, body\)/);
    expect(status.stdout).toMatch(/living\.md\s+zenn\s+changed \(title, body\)/);
  });

  it('paste dropped on dev.to and logged out on Zenn: both fail clearly, nothing is published', async () => {
    const f = await signedInSandbox();
    f.sandbox.setFaults('devto', { pasteDropped: true });
    f.sandbox.setFaults('zenn', { loggedOut: true });
    const r = byPlatform(await run(f, writeDraft(tempDir(), 'a.md', draftText({ title: 'Fault one', tags: ['test'] }))));
    expect(r.devto!.state).toBe('failed');
    expect(r.devto!.error).toMatch(/^dev\.to: the editor holds 0 of \d+ characters after paste .*nothing was published/);
    expectScreenshot(r.devto!.error);
    expect(r.zenn!.state).toBe('failed');
    expect(r.zenn!.error).toMatch(/^Zenn: not logged in \(.*\/enter\?return_to=.*\)/);
    expectScreenshot(r.zenn!.error);
    expect(f.sandbox.sites.devto!.posts).toHaveLength(0);
    expect(f.sandbox.sites.zenn!.posts).toHaveLength(0);
    const rows = ledgerRows(f.home);
    expect(rows.devto).toMatchObject({ state: 'failed', url: null });
    expect(rows.devto!.events).toEqual(['planned', 'failed', 'trace']);
    // A failed run keeps a Playwright trace next to the screenshots, named in the ledger.
    const ledger = Ledger.open(dataPaths(f.home).ledger);
    const trace = JSON.parse(ledger.events(ledger.status().find((x) => x.platform === 'devto')!.id).at(-1)!.detail!).trace as string;
    ledger.close();
    expect(trace).toMatch(/evidence\/a\/trace-.*\.zip$/);
    expect(fs.statSync(trace).size).toBeGreaterThan(1000);
    expect(r.devto!.evidence).toContain(trace);
    // The trace records the run's actions (the editor it opened); the failure also keeps the page's
    // HTML and its requests (what the trace no longer records: network came with its costly DOM
    // snapshots). None of them holds a session: the sandbox's cookies appear nowhere.
    const inTrace = Buffer.concat(readZip(fs.readFileSync(trace)).map((e) => e.data)).toString('latin1');
    expect(inTrace).toContain(`${f.sandbox.origins.devto}/new`);
    const html = r.devto!.evidence!.find((e) => e.endsWith('-failure.html'))!;
    const network = r.devto!.evidence!.find((e) => e.endsWith('-network.log'))!;
    expect(fs.readFileSync(html, 'utf8')).toContain('id="article_body_markdown"');
    expect(fs.readFileSync(network, 'utf8')).toMatch(new RegExp(`GET 200 ${f.sandbox.origins.devto.replace(/[.]/g, '\\.')}/new \\d+ ms`));
    for (const text of [inTrace, fs.readFileSync(html, 'latin1'), fs.readFileSync(network, 'latin1')]) {
      for (const site of [f.sandbox.sites.devto!, f.sandbox.sites.zenn!]) {
        const cookie = /=([^;]+)/.exec(site.sessionCookie(SANDBOX_USER))![1]!;
        expect(text).not.toContain(cookie);
        expect(text).not.toContain(encodeURIComponent(cookie));
      }
    }
    // Everything written is the user's alone: files 0600, directories 0700.
    const mode = (file: string) => fs.statSync(file).mode & 0o777;
    expect(mode(trace)).toBe(0o600);
    expect(mode(html)).toBe(0o600);
    expect(mode(network)).toBe(0o600);
    expect(mode(path.dirname(trace))).toBe(0o700);
    expect(mode(dataPaths(f.home).ledger)).toBe(0o600);
    expect(mode(/Screenshot: (\S+\.jpg)\./.exec(r.devto!.error!)![1]!)).toBe(0o600);
  });

  it('paste dropped on Zenn and logged out on dev.to (a sign-up page at the same URL)', async () => {
    const f = await signedInSandbox();
    f.sandbox.setFaults('zenn', { pasteDropped: true });
    f.sandbox.setFaults('devto', { loggedOut: true });
    const r = byPlatform(await run(f, writeDraft(tempDir(), 'b.md', draftText({ title: 'Fault two', tags: ['test'] }))));
    expect(r.zenn!.error).toMatch(/^Zenn: the editor holds 0 of \d+ characters after paste/);
    expect(r.devto!.error).toMatch(/^dev\.to: not logged in \(.*\/new shows a sign-in page\)/);
    expect(f.sandbox.sites.devto!.posts).toHaveLength(0);
    expect(f.sandbox.sites.zenn!.posts).toHaveLength(0);
  });

  it('a publish error (HTTP 500) on one platform leaves the other published, and a re-run finishes the job', async () => {
    const f = await signedInSandbox();
    f.sandbox.setFaults('devto', { publishError: true });
    f.sandbox.setFaults('zenn', { slowEditor: 1000 });
    const draft = writeDraft(tempDir(), 'c.md', draftText({ title: 'Fault three', tags: ['test'] }));
    const r = byPlatform(await run(f, draft));
    expect(r.devto!.state).toBe('failed');
    expect(r.devto!.error).toMatch(/^dev\.to: the platform refused the post \(HTTP 500: Something went wrong/);
    expectScreenshot(r.devto!.error);
    expect(r.zenn).toMatchObject({ state: 'published' });
    expect(f.sandbox.sites.devto!.posts).toHaveLength(0);

    f.sandbox.setFaults('devto', {});
    const again = byPlatform(await run(f, draft));
    expect(again.devto).toMatchObject({ state: 'published' });
    expect(again.zenn).toMatchObject({ state: 'live', existing: true, url: r.zenn!.url });
    expect(f.sandbox.sites.devto!.posts).toHaveLength(1);
    expect(f.sandbox.sites.zenn!.posts).toHaveLength(1);
  });

  it('a publish error on Zenn is reported with the platform\'s message', async () => {
    const f = await signedInSandbox();
    f.sandbox.setFaults('zenn', { publishError: true });
    const r = byPlatform(await publishDraft({ draft: writeDraft(tempDir(), 'd.md', draftText({ title: 'Fault four', tags: ['test'] })), to: ['zenn'], config: f.config, dataDir: f.home, log: silentLogger }));
    expect(r.zenn!.error).toMatch(/^Zenn: the platform refused the post \(HTTP 500: サーバーエラー/);
    expect(f.sandbox.sites.zenn!.posts).toHaveLength(0);
  });

  it('clears an unsaved dev.to draft restored from localStorage before filling', async () => {
    const f = await signedInSandbox();
    // A first attempt fails at publish, leaving the editor's localStorage autosave behind with
    // other tags and body: Forem restores them on the next visit to /new.
    f.sandbox.setFaults('devto', { publishError: true });
    const stale = writeDraft(tempDir(), 'stale.md', draftText({ title: 'Stale title', tags: ['stale', 'old', 'gone'] }, 'Stale body.\n'));
    expect((await publishDraft({ draft: stale, to: ['devto'], config: f.config, dataDir: f.home, log: silentLogger }))[0]!.state).toBe('failed');
    f.sandbox.setFaults('devto', {});
    const draft = writeDraft(tempDir(), 'e.md', draftText({ title: 'Restore test', tags: ['one', 'two'] }, 'The real body.\n'));
    const r = byPlatform(await publishDraft({ draft, to: ['devto'], config: f.config, dataDir: f.home, log: silentLogger }));
    expect(r.devto!.state).toBe('published');
    expect(f.sandbox.sites.devto!.posts[0]).toMatchObject({ title: 'Restore test', tags: ['one', 'two'], body: 'The real body.\n' });
  });
});
