/**
 * Bad inputs across every command, as a careless user or an attacker would give them: each must
 * end with its exit code and a message naming the problem, never an "unexpected failure" or a
 * stack trace, and write nothing (no ledger, no profile, no payloads) in the data directory.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, draftText, tempDir } from './helpers.js';

interface Ctx {
  dir: string;
  home: string;
  /** Writes a draft into the case's folder and returns its path. */
  draft(name: string, text: string): string;
  /** Writes a config file and returns its path. */
  config(value: unknown): string;
  /** A valid draft. */
  ok(): string;
}

interface Case {
  name: string;
  args: (c: Ctx) => string[];
  code: number;
  message: RegExp;
}

const valid = draftText({ title: 'A fine title', tags: ['a'] });
const withFront = (front: string, body = '# Body\n\ntext\n') => `---\n${front}\n---\n${body}`;
const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');

const CASES: Case[] = [
  // Drafts are data.
  { name: '---js front matter', args: (c) => [c.draft('a.md', "---js\n{ title: 'x' }\n---\nbody\n"), '--to', 'devto'], code: 2, message: /front matter "---js" is not allowed/ },
  { name: '---javascript front matter', args: (c) => [c.draft('a.md', "---javascript\n{ title: 'x' }\n---\nbody\n"), '--to', 'devto'], code: 2, message: /"---javascript" is not allowed/ },
  { name: '---coffee front matter', args: (c) => [c.draft('a.md', '---coffee\ntitle: "x"\n---\nbody\n'), '--to', 'devto'], code: 2, message: /"---coffee" is not allowed/ },
  { name: '---toml front matter', args: (c) => [c.draft('a.md', '---toml\ntitle = "x"\n---\nbody\n'), '--to', 'devto'], code: 2, message: /"---toml" is not allowed/ },
  { name: 'a YAML alias bomb', args: (c) => [c.draft('a.md', withFront(`title: T\n${bomb}`)), '--to', 'devto'], code: 2, message: /expands to more than 10,000 values/ },
  { name: 'malformed YAML', args: (c) => [c.draft('a.md', withFront('title: "unclosed')), '--to', 'devto'], code: 2, message: /front matter is not valid YAML at line/ },
  { name: 'malformed JSON front matter', args: (c) => [c.draft('a.md', '---json\n{"title": }\n---\nbody\n'), '--to', 'devto'], code: 2, message: /front matter is not valid JSON/ },
  { name: 'front matter that is a list', args: (c) => [c.draft('a.md', withFront('- a\n- b')), '--to', 'devto'], code: 2, message: /title = "": a title is required/ },
  // Fields of the wrong shape.
  { name: 'a title given as a list', args: (c) => [c.draft('a.md', withFront('title: [a, b]\ntags: [x]')), '--to', 'devto'], code: 2, message: /title = \["a","b"\]: must be text/ },
  { name: 'a title given as a mapping', args: (c) => [c.draft('a.md', withFront('title: {a: 1}\ntags: [x]')), '--to', 'zenn'], code: 2, message: /title = \{"a":1\}: must be text/ },
  { name: 'tags given as a mapping', args: (c) => [c.draft('a.md', withFront('title: T\ntags: {a: 1}')), '--to', 'devto'], code: 2, message: /tags = \{"a":1\}: must be a list of words/ },
  { name: 'tags holding a list', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a, [b, c]]')), '--to', 'qiita'], code: 2, message: /tags = \["a",\["b","c"\]\]: must be a list of words/ },
  { name: 'duplicate tags', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [js, web, js]')), '--to', 'devto'], code: 2, message: /a tag is listed twice \(js\)/ },
  { name: 'duplicate tags in another case', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [React, react]')), '--to', 'qiita'], code: 2, message: /a tag is listed twice \(react\)/ },
  { name: 'description given as a list', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\ndescription: [a]')), '--to', 'devto'], code: 2, message: /description = \["a"\]: must be text/ },
  { name: 'publish_at on February 30th', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\npublish_at: 2026-02-30T09:00:00+09:00')), '--to', 'devto'], code: 2, message: /publish_at = "2026-02-30T09:00:00\+09:00": must be an existing ISO 8601 date-time/ },
  { name: 'publish_at without an offset', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\npublish_at: 2026-12-01T09:00')), '--to', 'devto'], code: 2, message: /publish_at = "2026-12-01T09:00": must be an existing/ },
  { name: 'publish_at in month 13', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\npublish_at: 2026-13-01T09:00:00Z')), '--to', 'devto'], code: 2, message: /publish_at = "2026-13-01T09:00:00Z"/ },
  { name: 'publish_at at 25 o\'clock', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\npublish_at: 2026-12-01T25:00:00Z')), '--to', 'devto'], code: 2, message: /publish_at = "2026-12-01T25:00:00Z"/ },
  { name: 'a javascript: canonical URL', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\ncanonical_url: "javascript:alert(1)"')), '--to', 'devto'], code: 2, message: /canonical_url = "javascript:alert\(1\)": must be an http\(s\) URL/ },
  { name: 'a file: cover image', args: (c) => [c.draft('a.md', withFront('title: T\ntags: [a]\ncover_image: "file:///etc/passwd"')), '--to', 'devto'], code: 2, message: /cover_image = "file:\/\/\/etc\/passwd": must be an http\(s\) URL/ },
  { name: 'an empty body', args: (c) => [c.draft('a.md', draftText({ title: 'T', tags: ['a'] }, '\n')), '--to', 'zenn'], code: 2, message: /the body \(below the front matter\) is empty/ },
  { name: 'no title', args: (c) => [c.draft('a.md', withFront('tags: [a]')), '--to', 'devto'], code: 2, message: /title = "": a title is required/ },
  // Platform rules.
  { name: 'five dev.to tags', args: (c) => [c.draft('a.md', draftText({ title: 'T', tags: ['a', 'b', 'c', 'd', 'e'] })), '--to', 'devto'], code: 2, message: /dev\.to allows at most 4 tags \(this has 5\)/ },
  { name: 'a dev.to tag with a dash', args: (c) => [c.draft('a.md', draftText({ title: 'T', tags: ['web-dev'] })), '--to', 'devto'], code: 2, message: /tags = "web-dev": dev\.to tags are lowercase letters and digits only/ },
  { name: 'six Zenn topics', args: (c) => [c.draft('a.md', draftText({ title: 'T', topics: ['a', 'b', 'c', 'd', 'e', 'f'], zenn: { emoji: '🚀' } })), '--to', 'zenn'], code: 2, message: /zenn: .*topics/ },
  { name: 'a 129-character dev.to title', args: (c) => [c.draft('a.md', draftText({ title: 'x'.repeat(129), tags: ['a'] })), '--to', 'devto'], code: 2, message: /dev\.to titles are at most 128 characters \(this has 129\)/ },
  { name: 'a Bluesky text over 300 graphemes', args: (c) => [c.draft('a.md', draftText({ title: 'T', bluesky: { text: 'y'.repeat(301) } })), '--to', 'bluesky'], code: 2, message: /Bluesky posts are at most 300 characters \(graphemes\); this has 301/ },
  // The draft file itself.
  { name: 'a missing draft', args: (c) => [path.join(c.dir, 'nope.md'), '--to', 'devto'], code: 2, message: /nope\.md: no such file\./ },
  { name: 'a directory as the draft', args: (c) => [c.dir, '--to', 'devto'], code: 2, message: /is a directory, not a Markdown draft/ },
  { name: 'a FIFO as the draft', args: (c) => [fifo(c, 'pipe.md'), '--to', 'devto'], code: 2, message: /pipe\.md: is not a regular file/ },
  { name: 'a 3 MB draft', args: (c) => [c.draft('big.md', withFront('title: T\ntags: [a]', 'x'.repeat(3 * 1024 * 1024))), '--to', 'devto'], code: 2, message: /big\.md: is 3\.0 MB; a draft is at most 2 MB/ },
  { name: 'two drafts at once', args: (c) => [c.ok(), c.ok(), '--to', 'devto'], code: 2, message: /One draft at a time \(got 2/ },
  { name: 'an unknown platform', args: (c) => [c.ok(), '--to', 'devto,myspace'], code: 2, message: /Unknown platform: myspace/ },
  // Flags of publish.
  { name: '--preview with --dry-run', args: (c) => [c.ok(), '--to', 'devto', '--preview', '--dry-run'], code: 2, message: /--preview and --dry-run do not go together/ },
  { name: '--preview without a terminal', args: (c) => [c.ok(), '--to', 'devto', '--preview'], code: 2, message: /--preview asks in the terminal, and there is no terminal here/ },
  { name: '--out without --dry-run', args: (c) => [c.ok(), '--to', 'devto', '--out', path.join(c.dir, 'out')], code: 2, message: /--out only goes with --dry-run/ },
  { name: '--dry-run --out onto a file', args: (c) => [c.ok(), '--to', 'devto', '--dry-run', '--out', c.ok()], code: 2, message: /cannot be used as the dry run's folder \(--out\): (it is not a directory|a file is in the way)/ },
  { name: '--concurrency 0', args: (c) => [c.ok(), '--to', 'devto', '--concurrency', '0'], code: 2, message: /--concurrency must be a positive integer/ },
  { name: '--concurrency abc', args: (c) => [c.ok(), '--to', 'devto', '--concurrency', 'abc'], code: 2, message: /--concurrency must be a positive integer/ },
  { name: '--browser-profile that is a file', args: (c) => [c.ok(), '--to', 'devto', '--browser-profile', c.ok()], code: 2, message: /--browser-profile ".*" is not a browser profile folder/ },
  { name: 'an unknown option', args: (c) => [c.ok(), '--frobnicate'], code: 2, message: /Unknown option '--frobnicate'/ },
  // The data directory.
  { name: 'an empty --home', args: (c) => [c.ok(), '--to', 'devto', '--home', ''], code: 2, message: /--home is empty/ },
  { name: '--home that is a file', args: (c) => [c.ok(), '--to', 'devto', '--home', c.ok()], code: 2, message: /cannot be used as the data directory: (it is not a directory|a file is in the way)/ },
  { name: '--home under /proc', args: (c) => [c.ok(), '--to', 'devto', '--home', '/proc/publish-x'], code: 2, message: /\/proc\/publish-x cannot be used as the data directory/ },
  { name: '--home under a file', args: (c) => ['status', '--home', path.join(c.ok(), 'sub')], code: 2, message: /cannot be used as the data directory: part of the path is a file/ },
  // The config.
  { name: 'a config that is not JSON', args: (c) => [c.ok(), '--to', 'devto', '--config', c.draft('c.json', '{nope')], code: 2, message: /c\.json: is not valid JSON/ },
  { name: 'a missing --config', args: (c) => [c.ok(), '--to', 'devto', '--config', path.join(c.dir, 'none.json')], code: 2, message: /none\.json: the config file cannot be read \(ENOENT\)/ },
  { name: 'a javascript: platform url', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ platforms: { devto: { url: 'javascript:alert(1)' } } })], code: 2, message: /platforms\.devto\.url "javascript:alert\(1\)" must be an http/ },
  { name: 'a file: platform url', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ platforms: { devto: { url: 'file:///tmp' } } })], code: 2, message: /platforms\.devto\.url "file:\/\/\/tmp" must be an http/ },
  { name: 'an ftp: platform url', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ platforms: { devto: { url: 'ftp://example.com' } } })], code: 2, message: /platforms\.devto\.url "ftp:\/\/example\.com" must be an http/ },
  { name: 'a file: feed', args: (c) => ['track', '--config', c.config({ platforms: { devto: { feed: 'file:///etc/passwd' } } })], code: 2, message: /platforms\.devto\.feed "file:\/\/\/etc\/passwd" must be an http/ },
  { name: 'platforms with a javascript: url', args: (c) => ['platforms', '--config', c.config({ platforms: { zenn: { url: 'javascript:x' } } })], code: 2, message: /platforms\.zenn\.url "javascript:x" must be an http/ },
  { name: 'editorTimeout 1e9', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ editorTimeout: 1e9 })], code: 2, message: /editorTimeout must be a positive number of seconds, at most 600/ },
  { name: 'a negative editorTimeout', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ editorTimeout: -1 })], code: 2, message: /editorTimeout must be a positive number/ },
  { name: 'feedWait as text', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ feedWait: '10' })], code: 2, message: /feedWait must be a non-negative number of seconds/ },
  { name: 'platforms as a list', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ platforms: ['devto'] })], code: 2, message: /"platforms" must be an object/ },
  { name: 'browser.args as text', args: (c) => [c.ok(), '--to', 'devto', '--config', c.config({ browser: { args: '--x' } })], code: 2, message: /browser\.args must be a list of strings/ },
  { name: 'runDue.retries -1', args: (c) => ['run-due', '--drafts', c.dir, '--config', c.config({ runDue: { retries: -1 } })], code: 2, message: /runDue\.retries must be a whole number/ },
  // Other commands.
  { name: 'run-due --dry-run', args: (c) => ['run-due', '--drafts', c.dir, '--dry-run'], code: 2, message: /`publish run-due` does not take --dry-run/ },
  { name: 'run-due --to', args: (c) => ['run-due', '--drafts', c.dir, '--to', 'devto'], code: 2, message: /`publish run-due` does not take --to/ },
  { name: 'run-due --preview', args: (c) => ['run-due', '--drafts', c.dir, '--preview'], code: 2, message: /does not take --preview/ },
  { name: 'run-due --browser-profile', args: (c) => ['run-due', '--drafts', c.dir, '--browser-profile', c.dir], code: 2, message: /does not take --browser-profile/ },
  { name: 'run-due with a missing drafts folder', args: (c) => ['run-due', '--drafts', path.join(c.dir, 'none')], code: 2, message: /none: the drafts folder cannot be read \(ENOENT\)/ },
  { name: 'run-due --now garbage', args: (c) => ['run-due', '--drafts', c.dir, '--now', 'garbage'], code: 2, message: /--now "garbage" is not a date/ },
  { name: 'track of a missing draft', args: (c) => ['track', path.join(c.dir, 'nope.md')], code: 2, message: /nope\.md: no such draft file/ },
  { name: 'track --timeout abc', args: () => ['track', '--timeout', 'abc'], code: 2, message: /--timeout "abc" is not a duration/ },
  { name: 'track --timeout 0', args: () => ['track', '--timeout', '0'], code: 2, message: /--timeout "0" must be longer than 0/ },
  { name: 'demo --draft of a missing file', args: (c) => ['demo', '--draft', path.join(c.dir, 'nope.md')], code: 2, message: /nope\.md: no such file/ },
  { name: 'demo --to an unknown platform', args: () => ['demo', '--to', 'myspace'], code: 2, message: /The sandbox has no myspace/ },
  { name: 'import without --platform', args: () => ['import'], code: 2, message: /`publish import` needs --platform/ },
  { name: 'import of an unknown platform', args: () => ['import', '--platform', 'myspace'], code: 2, message: /Unknown platform: myspace/ },
  { name: 'import from a platform without a feed', args: () => ['import', '--platform', 'linkedin'], code: 2, message: /linkedin has no public feed/ },
  { name: 'feeds inspect without a source', args: () => ['feeds', 'inspect'], code: 2, message: /needs a feed URL or file/ },
  { name: 'feeds with an unknown subcommand', args: () => ['feeds', 'nope'], code: 2, message: /Unknown feeds command "nope"/ },
  { name: 'feeds inspect of a FIFO', args: (c) => ['feeds', 'inspect', fifo(c, 'feed.xml')], code: 2, message: /feed\.xml: is not a regular feed file/ },
  { name: 'feeds inspect of a missing file', args: (c) => ['feeds', 'inspect', path.join(c.dir, 'none.xml')], code: 2, message: /none\.xml: cannot be read \(ENOENT\)/ },
  { name: 'show of a draft the ledger does not know', args: (c) => ['show', c.ok()], code: 2, message: /not in the ledger/ },
  { name: 'schedule install --every abc', args: () => ['schedule', 'install', '--every', 'abc', '--print'], code: 2, message: /--every "abc" is not a duration/ },
  { name: 'schedule install --os windows', args: () => ['schedule', 'install', '--os', 'windows', '--print'], code: 2, message: /--os must be darwin or linux/ },
  { name: 'profile clone from a missing folder', args: (c) => ['profile', 'clone', '--from', path.join(c.dir, 'none'), '--to', path.join(c.dir, 'clone')], code: 2, message: /none: no such directory/ },
  { name: 'status --to', args: () => ['status', '--to', 'devto'], code: 2, message: /`publish status` does not take --to/ },
  { name: 'platforms --dry-run', args: () => ['platforms', '--dry-run'], code: 2, message: /`publish platforms` does not take --dry-run/ },
  { name: 'doctor without --live', args: () => ['doctor'], code: 2, message: /`publish doctor` checks the live sites: pass --live/ },
  { name: 'sandbox --port abc', args: () => ['sandbox', '--port', 'abc'], code: 2, message: /--port must be a number from 0 to 65535/ },
];

function fifo(c: Ctx, name: string): string {
  const file = path.join(c.dir, name);
  spawnSync('mkfifo', [file]);
  return file;
}

/** Every file under `dir`, relative. */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => !fs.statSync(path.join(dir, f)).isDirectory()).sort();
}

describe(`bad inputs (${CASES.length} of them) end clearly, with the right exit code, and write nothing`, () => {
  it('has at least 60 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(60));
  for (const k of CASES) {
    it(k.name, () => {
      const dir = tempDir();
      const home = tempDir();
      let n = 0;
      const ctx: Ctx = {
        dir,
        home,
        draft: (name, text) => {
          const file = path.join(dir, name);
          fs.writeFileSync(file, text);
          return file;
        },
        config: (value) => ctx.draft(`config-${n++}.json`, JSON.stringify(value)),
        ok: () => ctx.draft(`ok-${n++}.md`, valid),
      };
      const args = k.args(ctx);
      const before = filesIn(dir);
      const withHome = args.includes('--home') ? args : [...args, '--home', home];
      const r = spawnSync(process.execPath, [cliPath, ...withHome], { encoding: 'utf8', timeout: 30_000, cwd: dir, input: '' });
      expect(r.status, `${k.name}: ${r.stderr}`).toBe(k.code);
      expect(r.stderr).toMatch(k.message);
      expect(r.stderr).not.toContain('unexpected failure');
      expect(r.stderr).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
      expect(filesIn(home), 'nothing written in the data directory').toEqual([]);
      expect(filesIn(dir), 'nothing written next to the inputs').toEqual(before);
    });
  }
});
