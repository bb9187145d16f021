/**
 * The security items of the hardening issue: drafts are data (no front matter engine runs code,
 * YAML alias bombs are refused), traces keep no credentials, files are private, and only
 * http(s) URLs leave a config or a feed. The kept trace of a real failed run is checked in
 * publish.e2e.test.ts; here the redaction itself, on a trace built the way Playwright writes one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readZip, writeZip } from '../src/browser/zip.js';
import { REDACTED, redactTraceEntries } from '../src/browser/trace-redact.js';
import { cloneProfile } from '../src/profile/clone.js';
import { writePrivateFile } from '../src/home.js';
import { cliPath, draftText, runCli, tempDir, writeDraft } from './helpers.js';

function publish(args: string[], options: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000, cwd: options.cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('drafts are data, never code', () => {
  // Each would write MARKER if gray-matter's JavaScript engine ran it.
  const engines = ['js', 'javascript', 'coffee'];
  for (const engine of engines) {
    it(`---${engine} front matter is refused by publish, --dry-run, import and run-due, and nothing runs`, () => {
      const dir = tempDir();
      const marker = path.join(dir, 'MARKER');
      const code = `{ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'Pwned'), tags: ['a'] }`;
      const draft = writeDraft(dir, 'evil.md', `---${engine}\n${code}\n---\n# Body\n\ntext\n`);
      const home = tempDir();
      const runs = [
        publish([draft, '--to', 'devto', '--home', home]),
        publish([draft, '--to', 'devto', '--dry-run', '--home', home]),
        publish(['run-due', '--drafts', dir, '--home', home, '--now', '2030-01-01T00:00:00Z']),
      ];
      for (const r of runs.slice(0, 2)) {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`evil.md: front matter "---${engine}" is not allowed: drafts are data`);
      }
      expect(runs[2]!.stderr + runs[2]!.stdout).not.toContain('Pwned');
      expect(fs.existsSync(marker)).toBe(false);
    });
  }

  it('JSON front matter (---json) is read as data', () => {
    const dir = tempDir();
    const draft = writeDraft(dir, 'j.md', '---json\n{"title": "From JSON", "tags": ["a"]}\n---\n# Body\n\ntext\n');
    const r = publish([draft, '--to', 'devto', '--dry-run', '--out', path.join(dir, 'out'), '--home', tempDir(), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8')).platforms[0].title).toBe('From JSON');
  });

  it('a YAML alias bomb is refused at once, with a short message', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const dir = tempDir();
    const draft = writeDraft(dir, 'bomb.md', `---\ntitle: Boom\n${levels.join('\n')}\n---\nbody\n`);
    const r = publish([draft, '--to', 'devto', '--dry-run', '--home', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb\.md: the front matter expands to more than 10,000 values/);
    expect(r.stderr.length).toBeLessThan(1000);
  });
});

describe('traces keep no credentials', () => {
  it('blanks credential headers and cookies, and replaces their values everywhere in the archive', () => {
    const session = 'sess-9f8e7d6c5b4a';
    const csrf = 'csrf+tok/en==';
    const jar = 'only-in-the-cookie-jar-123';
    const network = [
      { type: 'resource-snapshot', snapshot: { request: { url: 'http://127.0.0.1/new', headers: [{ name: 'Cookie', value: `_session=${session}; theme=dark` }, { name: 'X-CSRF-Token', value: csrf }, { name: 'Accept', value: 'text/html' }], cookies: [{ name: '_session', value: session }], postData: { text: `authenticity_token=${encodeURIComponent(csrf)}&title=Hi` } }, response: { headers: [{ name: 'Set-Cookie', value: `_session=${session}; Path=/; HttpOnly` }, { name: 'Authorization', value: 'Bearer abcdef123456' }], cookies: [] } } },
    ];
    const entries = [
      { name: 'trace.network', data: Buffer.from(network.map((e) => JSON.stringify(e)).join('\n')) },
      { name: 'trace.trace', data: Buffer.from(JSON.stringify({ type: 'frame-snapshot', html: `<meta name="csrf-token" content="${csrf}"><p>${jar}</p>` })) },
      { name: 'resources/abc.html', data: Buffer.from(`<script>window.s="${session}"</script>`) },
    ];
    const zip = writeZip(entries);
    const back = readZip(zip);
    expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    expect(back[0]!.data.equals(entries[0]!.data)).toBe(true);

    const { entries: out, replaced } = redactTraceEntries(back, [jar]);
    const all = out.map((e) => e.data.toString('utf8')).join('\n');
    for (const secret of [session, csrf, encodeURIComponent(csrf), jar, 'abcdef123456']) expect(all).not.toContain(secret);
    expect(replaced).toBeGreaterThanOrEqual(4);
    expect(all).toContain(`"name":"Cookie","value":"${REDACTED}"`);
    expect(all).toContain('"name":"Accept","value":"text/html"'); // other headers stay readable
    expect(all).toContain('title=Hi');
  });
});

describe('inputs that could hang', () => {
  it('a FIFO named *.md in the drafts folder is skipped by run-due, which finishes', () => {
    const dir = tempDir();
    spawnSync('mkfifo', [path.join(dir, 'pipe.md')]);
    writeDraft(dir, 'later.md', draftText({ title: 'Later', tags: ['a'], platforms: ['devto'], publish_at: '2099-01-01T09:00:00+09:00' }));
    const r = publish(['run-due', '--drafts', dir, '--home', tempDir(), '--now', '2030-01-01T00:00:00Z']);
    expect(r.code, r.stderr).toBe(0); // spawnSync's 60 s timeout would give null on a hang
    expect(r.stdout).toContain('Nothing was due.');
    expect(r.stderr).toMatch(/pipe\.md.*is not a regular file/);
  });
});

describe('files are private', () => {
  it('an existing --home that others can read is tightened; a file as --home is an input error', () => {
    const home = tempDir();
    fs.chmodSync(home, 0o755);
    expect(publish(['status', '--home', home]).code).toBe(0);
    expect(mode(home)).toBe(0o700);
    const file = writeDraft(tempDir(), 'home-file', 'x');
    const r = publish(['status', '--home', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/home-file cannot be used as the data directory: (it is not a directory|a file is in the way)/);
    expect(r.stderr).not.toContain('unexpected failure');
  });

  it('dry-run payloads are 0600 in a 0700 folder, and --out on a file is an input error', () => {
    const dir = tempDir();
    const draft = writeDraft(dir, 'p.md', draftText({ title: 'Private', tags: ['a'] }));
    const out = path.join(dir, 'out');
    expect(publish([draft, '--to', 'devto,note', '--dry-run', '--out', out, '--home', tempDir()]).code).toBe(0);
    expect(mode(out)).toBe(0o700);
    for (const name of fs.readdirSync(out)) expect([name, mode(path.join(out, name))]).toEqual([name, 0o600]);
    const bad = publish([draft, '--to', 'devto', '--dry-run', '--out', draft, '--home', tempDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/p\.md cannot be used as the dry run's folder \(--out\)/);
  });

  it("the clone's databases and files are 0600 even when the source's are more open", async () => {
    const source = tempDir();
    fs.mkdirSync(path.join(source, 'Default'));
    fs.writeFileSync(path.join(source, 'Local State'), JSON.stringify({ profile: { info_cache: { Default: { name: 'Me' } } } }));
    fs.writeFileSync(path.join(source, 'Default', 'Preferences'), '{}', { mode: 0o644 });
    for (const name of ['Cookies', 'Login Data', 'Web Data']) {
      const db = new Database(path.join(source, 'Default', name));
      db.exec('CREATE TABLE t (v TEXT); INSERT INTO t VALUES (\'x\')');
      db.close();
      fs.chmodSync(path.join(source, 'Default', name), 0o644);
    }
    const to = path.join(tempDir(), 'clone');
    await cloneProfile({ from: source, to });
    expect(mode(to)).toBe(0o700);
    for (const name of ['Cookies', 'Login Data', 'Web Data', 'Preferences']) expect([name, mode(path.join(to, 'Default', name))]).toEqual([name, 0o600]);
    expect(mode(path.join(to, 'Local State'))).toBe(0o600);
  });

  it('a private file is written whole: an open one is replaced by a 0600 one, and a failed write leaves nothing behind', () => {
    const dir = tempDir();
    const file = path.join(dir, 'run-due.plist');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    writePrivateFile(file, 'new');
    expect([fs.readFileSync(file, 'utf8'), mode(file)]).toEqual(['new', 0o600]);
    // A link (a dotfiles manager's) is written through and stays a link.
    const real = path.join(tempDir(), 'kept.plist');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, path.join(dir, 'linked.plist'));
    writePrivateFile(path.join(dir, 'linked.plist'), 'through');
    expect([fs.lstatSync(path.join(dir, 'linked.plist')).isSymbolicLink(), fs.readFileSync(real, 'utf8'), mode(real)]).toEqual([true, 'through', 0o600]);
    // A directory where the file should go: the rename fails, the error is the caller's, no temp file stays.
    fs.mkdirSync(path.join(dir, 'taken'));
    fs.writeFileSync(path.join(dir, 'taken', 'inside'), '');
    expect(() => writePrivateFile(path.join(dir, 'taken'), 'x')).toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['linked.plist', 'run-due.plist', 'taken']);
  });
});

describe('only http(s) URLs leave the config or a feed', () => {
  for (const [key, value] of <[string, string][]>[['url', 'javascript:alert(1)'], ['url', 'file:///etc'], ['url', 'ftp://example.com/'], ['feed', 'file:///etc/passwd'], ['feed', 'data:text/xml,<rss/>']]) {
    it(`platforms.devto.${key} = ${value} is a config error naming the key, for publish and platforms`, () => {
      const dir = tempDir();
      const config = writeDraft(dir, 'c.json', JSON.stringify({ platforms: { devto: { [key]: value, username: 'me' } } }));
      const draft = writeDraft(dir, 'd.md', draftText({ title: 'T', tags: ['a'] }));
      for (const args of [[draft, '--to', 'devto'], ['platforms'], ['track']]) {
        const r = publish([...args, '--config', config, '--home', tempDir()]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`platforms.devto.${key} "${value}" must be an http:// or https:// URL`);
        expect(r.stderr).not.toContain('unexpected failure');
      }
    });
  }

  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('a feed that sends its headers and then stalls ends with a clear feed error (exit 1), not a crash', async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>'); // ...and nothing more
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
    const r = await runCli(['feeds', 'inspect', url]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/could not be read to the end: it stopped sending within 20s/);
    expect(r.stderr).not.toContain('unexpected failure');
    server.closeAllConnections();
  }, 40_000);

  it('import never adopts a feed item whose link is not http(s)', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Evil post</title><link>javascript:alert(document.cookie)</link><pubDate>Mon, 01 Jun 2026 10:00:00 +0000</pubDate></item>
<item><title>Good post</title><link>https://dev.to/me/good-post-1</link><pubDate>Mon, 01 Jun 2026 11:00:00 +0000</pubDate></item>
</channel></rss>`;
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
    const dir = tempDir();
    const drafts = path.join(dir, 'drafts');
    fs.mkdirSync(drafts);
    writeDraft(drafts, 'evil.md', draftText({ title: 'Evil post', tags: ['a'] }));
    writeDraft(drafts, 'good.md', draftText({ title: 'Good post', tags: ['a'] }));
    const config = writeDraft(dir, 'c.json', JSON.stringify({ platforms: { devto: { feed, username: 'me' } } }));
    // Asynchronous: this process serves the feed.
    const r = await runCli(['import', '--platform', 'devto', '--drafts', drafts, '--config', config, '--home', tempDir(), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const adoptions = (JSON.parse(r.stdout) as { adoptions: { url: string }[] }).adoptions;
    expect(adoptions.map((a) => a.url)).toEqual(['https://dev.to/me/good-post-1']);
  });
});

