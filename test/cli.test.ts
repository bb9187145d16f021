/**
 * The built binary, spawned as a user would run it: stdout, stderr and exit codes.
 * `npm test` builds first; dist/cli.js must be current.
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftText, exampleDraft, repoRoot, tempDir, writeDraft } from './helpers.js';

const cli = path.join(repoRoot, 'dist', 'cli.js');

function publish(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does it)');
});

describe('publish CLI basics', () => {
  it('prints help and version', () => {
    const help = publish(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('publish <draft.md> --to devto,zenn');
    expect(publish(['sandbox', '--help']).stdout).toContain('--write-config FILE');
    expect(publish(['--version']).stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('exits 2 on an unknown option, and with usage when given nothing', () => {
    const bad = publish(['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(publish([]).code).toBe(2);
  });
});

describe('input errors exit 2 before any browser starts', () => {
  const cases: [string, (dir: string) => string[], RegExp][] = [
    ['five dev.to tags', (d) => [writeDraft(d, 'five.md', draftText({ title: 'T', tags: ['a', 'b', 'c', 'd', 'e'] })), '--to', 'devto'], /five\.md: devto: tags = \["a","b","c","d","e"\]: dev\.to allows at most 4 tags \(this has 5\)/],
    ['an unknown platform', (d) => [writeDraft(d, 'ok.md', draftText({ title: 'T', tags: ['a'] })), '--to', 'devto,myspace'], /Unknown platform: myspace\.\n  Known platforms: devto, zenn/],
    ['a missing file', (d) => [path.join(d, 'nope.md'), '--to', 'devto'], /nope\.md: no such file\./],
    ['malformed YAML', (d) => [writeDraft(d, 'bad.md', '---\ntitle: "unclosed\n---\nbody'), '--to', 'devto'], /bad\.md: the front matter is not valid YAML/],
    ['an empty body', (d) => [writeDraft(d, 'empty.md', draftText({ title: 'T', tags: ['a'] }, '\n')), '--to', 'zenn'], /empty\.md: zenn: body = "": the body \(below the front matter\) is empty/],
    ['a bad config file', (d) => [exampleDraft, '--config', writeDraft(d, 'c.json', '{"platforms": {"devto": {"url": 5}}}')], /c\.json: platforms\.devto\.url must be a non-empty string/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const home = tempDir();
      const r = publish([...args(tempDir()), '--home', home]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
      expect(r.stderr).not.toContain('Opening');
      expect(fs.existsSync(path.join(home, 'automation-profile'))).toBe(false);
    });
  }

  it('--dry-run writes each platform\'s payload and a summary, starts no browser and writes no ledger', () => {
    const home = tempDir();
    const out = path.join(tempDir(), 'payloads');
    // A "browser" that leaves a mark if anything ever starts it.
    const mark = path.join(tempDir(), 'browser-started');
    const fakeBrowser = writeDraft(tempDir(), 'browser.sh', `#!/bin/sh\ntouch ${mark}\nexit 1\n`);
    fs.chmodSync(fakeBrowser, 0o755);
    const config = writeDraft(tempDir(), 'c.json', JSON.stringify({ browser: { executablePath: fakeBrowser } }));
    const r = publish([exampleDraft, '--to', 'devto,note,x', '--dry-run', '--json', '--home', home, '--config', config, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([
      { platform: 'devto', state: 'planned', url: null, error: null, live: false, existing: false, changed: [], payload: path.join(out, 'devto.md') },
      { platform: 'note', state: 'planned', url: null, error: null, live: false, existing: false, changed: [], payload: path.join(out, 'note.html') },
      { platform: 'x', state: 'planned', url: null, error: null, live: false, existing: false, changed: [], payload: path.join(out, 'x.txt') },
    ]);
    expect(fs.readFileSync(path.join(out, 'devto.md'), 'utf8')).toContain('{% details What about embeds? %}');
    expect(fs.readFileSync(path.join(out, 'note.html'), 'utf8')).toMatch(/<h2>Where it goes<\/h2>\n<ul>/);
    expect(fs.readFileSync(path.join(out, 'x.txt'), 'utf8')).toBe('Publishing one Markdown draft everywhere\n\nA small tour of what publish does with a draft.\n');
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { platforms: { platform: string; action: string; bodyKind: string }[] };
    expect(summary.platforms.map((p) => [p.platform, p.action, p.bodyKind])).toEqual([['devto', 'publish', 'markdown'], ['note', 'publish', 'html'], ['x', 'publish', 'text']]);
    expect(r.stderr).toContain(`Dry run: nothing opened or published. What each platform would get is in ${out}`);
    expect(fs.existsSync(mark)).toBe(false);
    expect(fs.existsSync(path.join(home, 'automation-profile'))).toBe(false);
    expect(fs.existsSync(path.join(home, 'ledger.sqlite'))).toBe(false);
  });

  it('reports the error as JSON with --json', () => {
    const r = publish([path.join(tempDir(), 'missing.md'), '--to', 'devto', '--json', '--home', tempDir()]);
    expect(r.code).toBe(2);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ code: 'INPUT', error: expect.stringMatching(/no such file/) });
  });
});

/** Starts `publish sandbox --write-config` and resolves once it has printed its origins. */
async function startSandboxProcess(home: string, config: string) {
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--write-config', config, '--json', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${stderr}`)));
  });
  const ready = JSON.parse(line) as { origins: Record<string, string>; config: string };
  return { child, origins: ready.origins, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGINT'); }) };
}

describe('publish against a running sandbox', () => {
  it('publishes, reports existing URLs on a re-run, and survives a paste-dropped fault on one platform', async () => {
    const home = tempDir();
    const config = path.join(tempDir(), 'sandbox.json');
    const sandbox = await startSandboxProcess(home, config);
    try {
      const written = JSON.parse(fs.readFileSync(config, 'utf8'));
      expect(written.platforms.devto).toEqual({ url: sandbox.origins.devto, username: 'writer', feedInterval: 1 });
      expect(fs.existsSync(path.join(written.browser.profile, 'Default'))).toBe(true);

      const first = publish([exampleDraft, '--to', 'devto,zenn', '--config', config, '--json', '--home', home]);
      expect(first.code, first.stderr).toBe(0);
      const results = jsonLines(first.stdout);
      expect(results.map((r) => [r.platform, r.state, r.error])).toEqual([['devto', 'published', null], ['zenn', 'published', null]]);
      expect(Object.keys(results[0]!).sort()).toEqual(['changed', 'error', 'existing', 'live', 'platform', 'state', 'url']);
      expect(results.map((r) => r.live)).toEqual([true, true]); // the sandbox's feeds show them at once
      for (const r of results) expect(String(r.url).startsWith(sandbox.origins[String(r.platform)]!)).toBe(true);
      expect(first.stderr).toContain('[devto] publishing');

      // The sandbox's feeds list the posts.
      expect(await (await fetch(`${sandbox.origins.devto}/feed/writer`)).text()).toContain(`<link>${results[0]!.url}</link>`);
      expect(await (await fetch(`${sandbox.origins.zenn}/writer/feed`)).text()).toContain(`<link>${results[1]!.url}</link>`);

      // Again: nothing is published, each platform reports its existing URL.
      const again = publish([exampleDraft, '--to', 'devto,zenn', '--config', config, '--json', '--home', home]);
      expect(again.code).toBe(0);
      expect(jsonLines(again.stdout)).toEqual(results.map((r) => ({ ...r, state: 'live', existing: true }))); // the ledger's word now
      expect(again.stderr).not.toContain('Opening');
      const posts = async (id: string) => (await (await fetch(`${sandbox.origins[id]}/__sandbox/posts`)).json()) as unknown[];
      expect(await posts('devto')).toHaveLength(1);
      expect(await posts('zenn')).toHaveLength(1);

      // Paste dropped on dev.to: dev.to fails with a screenshot, Zenn publishes, exit 1.
      await fetch(`${sandbox.origins.devto}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ pasteDropped: true }) });
      const draft = writeDraft(tempDir(), 'second.md', draftText({ title: 'A second post', tags: ['testing'] }, '## Part one\n\nText.\n'));
      const faulty = publish([draft, '--to', 'devto,zenn', '--config', config, '--home', home]);
      expect(faulty.code).toBe(1);
      expect(faulty.stdout).toMatch(/devto\s+failed\s+dev\.to: the editor holds 0 of \d+ characters after paste/);
      expect(faulty.stdout).toMatch(/zenn\s+published, live\s+http:/);
      const shot = /Screenshot: (\S+\.jpg)/.exec(faulty.stderr)?.[1];
      expect(shot && fs.existsSync(shot)).toBe(true);
      expect(await posts('devto')).toHaveLength(1);
      expect(await posts('zenn')).toHaveLength(2);

      const status = publish(['status', '--json', '--home', home]);
      const rows = JSON.parse(status.stdout) as { draft: string; platform: string; state: string }[];
      expect(rows.map((r) => [path.basename(r.draft), r.platform, r.state]).sort()).toEqual([
        ['example.md', 'devto', 'live'],
        ['example.md', 'zenn', 'live'],
        ['second.md', 'devto', 'failed'],
        ['second.md', 'zenn', 'live'],
      ]);
      expect(publish(['status', '--home', home]).stdout).toMatch(/second\.md\s+devto\s+failed\s+dev\.to: the editor holds/);
    } finally {
      await sandbox.stop();
    }
  });

  it('says "not logged in" for a profile that never signed in', async () => {
    const home = tempDir();
    const config = path.join(tempDir(), 'sandbox.json');
    const sandbox = await startSandboxProcess(home, config);
    try {
      const written = JSON.parse(fs.readFileSync(config, 'utf8'));
      const fresh = path.join(tempDir(), 'fresh-profile');
      const r = publish([exampleDraft, '--to', 'zenn', '--config', config, '--browser-profile', fresh, '--home', home]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/zenn\s+failed\s+Zenn: not logged in/);
      expect(r.stderr).toContain('Opening');
      expect(r.stderr).toContain(fresh);
      expect(written.browser.profile).not.toBe(fresh);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('publish open', () => {
  it('opens a headed window on the profile at the URL and exits 0 on Ctrl+C', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('<title>login here</title>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/enter`;
    const profile = path.join(tempDir(), 'profile');
    const child = spawn(process.execPath, [cli, 'open', url, '--browser-profile', profile, '--home', tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('Browser open')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      expect(seen).toContain('/enter');
      expect(fs.existsSync(path.join(profile, 'Default'))).toBe(true);
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      });
      expect(code, stderr).toBe(0);
    } finally {
      child.kill('SIGKILL');
      server.close();
    }
  });

  it('refuses something that is not a URL', () => {
    const r = publish(['open', 'dev.to', '--home', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"dev.to" is not a URL');
  });
});
