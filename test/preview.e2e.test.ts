/**
 * `--preview` driven through a real pseudo-terminal (tmux): publish on one platform, skip the
 * other; and a polite refusal without a terminal.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/sandbox/login.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { draftText, repoRoot, runCli, signedInSandbox, tempDir, writeDraft } from './helpers.js';

const cli = path.join(repoRoot, 'dist', 'cli.js');

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Runs `command` in a tmux pane (a real terminal) and answers each question `question` finds on
 * the screen (its first group names the platform) from `answers`; the exit code and the screen.
 */
async function answerInTmux(command: string, question: RegExp, answers: Record<string, string>): Promise<{ code: string; screen: string; asked: string[] }> {
  const exitFile = path.join(tempDir(), 'exit');
  const socket = `publish-test-${process.pid}-${Date.now()}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', 'preview', '-x', '220', '-y', '60', `${command}; echo $? > ${JSON.stringify(exitFile)}; sleep 60`);
  try {
    const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-300', '-t', 'preview');
    const asked: string[] = [];
    for (let i = 0; i < Object.keys(answers).length; i++) {
      const platform = await until('a question', () => {
        const questions = [...screen().matchAll(question)].map((m) => m[1]!);
        return questions.length > asked.length ? questions[asked.length] : undefined;
      });
      asked.push(platform);
      tmux('send-keys', '-t', 'preview', answers[platform]!, 'Enter');
    }
    const code = await until('the run to end', () => (fs.existsSync(exitFile) ? fs.readFileSync(exitFile, 'utf8').trim() : undefined));
    return { code, screen: screen(), asked };
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

describe('--preview', () => {
  it('asks per platform in a terminal: publish one, skip the other; the ledger shows one published and one left as a draft', async () => {
    const f = await signedInSandbox();
    const home = tempDir();
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...sandboxConfig({ devto: f.sandbox.origins.devto!, zenn: f.sandbox.origins.zenn! }, f.config.browser.profile!), feedWait: 0 }));
    const draft = writeDraft(tempDir(), 'preview.md', draftText({ title: 'Previewed first', tags: ['preview'], zenn: { emoji: '👀' } }));
    const { code, screen, asked } = await answerInTmux(`${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${JSON.stringify(draft)} --to devto,zenn --preview --config ${JSON.stringify(configFile)} --home ${JSON.stringify(home)}`,
      /(\w+) is filled and shows its preview\. \[p\]ublish/g, { devto: 'p', zenn: 's' });
    expect(asked.sort()).toEqual(['devto', 'zenn']);
    expect(code, screen).toBe('0');
    expect(screen).toMatch(/zenn\s+left as draft/);
    expect(f.sandbox.sites.devto!.posts.filter((p) => p.title === 'Previewed first')).toHaveLength(1);
    expect(f.sandbox.sites.zenn!.posts).toHaveLength(0);
    const ledger = Ledger.open(dataPaths(home).ledger);
    try {
      const rows = Object.fromEntries(ledger.status().map((r) => [r.platform, { state: r.state, events: ledger.events(r.id).map((e) => e.kind) }]));
      expect(rows.devto!.state).toBe('published');
      expect(rows.zenn).toEqual({ state: 'previewed', events: ['planned', 'filled', 'previewed', 'left-as-draft'] });
    } finally {
      ledger.close();
    }
  });

  it('--update --preview fills each edit page and asks: save one, leave the other as it was', async () => {
    const f = await signedInSandbox();
    const home = tempDir();
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...sandboxConfig({ devto: f.sandbox.origins.devto!, zenn: f.sandbox.origins.zenn! }, f.config.browser.profile!), feedWait: 0 }));
    const dir = tempDir();
    const draft = writeDraft(dir, 'living.md', draftText({ title: 'Living post', tags: ['preview'], zenn: { emoji: '👀' } }));
    const base = [cli, draft, '--to', 'devto,zenn', '--config', configFile, '--home', home];
    const first = await runCli(base.slice(1));
    expect(first.status, first.stderr).toBe(0);
    writeDraft(dir, 'living.md', draftText({ title: 'Living post, revised', tags: ['preview'], zenn: { emoji: '👀' } }));
    const { code, screen } = await answerInTmux(`${[process.execPath, ...base, '--update', '--preview'].map((a) => JSON.stringify(a)).join(' ')}`,
      /(\w+): the post's edit page holds the changes\. \[p\]ublish them/g, { devto: 'p', zenn: 's' });
    expect(code, screen).toBe('0');
    expect(f.sandbox.sites.devto!.posts.map((p) => p.title)).toEqual(['Living post, revised']);
    expect(f.sandbox.sites.zenn!.posts.map((p) => p.title)).toEqual(['Living post']);
    expect(screen).toMatch(/devto\s+updated \(revision 2\)/);
  });

  it('refuses politely with exit 2 when there is no terminal', () => {
    const draft = writeDraft(tempDir(), 'p.md', draftText({ title: 'No tty', tags: ['x'] }));
    const r = spawnSync(process.execPath, [cli, draft, '--to', 'devto', '--preview', '--home', tempDir()], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--preview asks in the terminal, and there is no terminal here');
    expect(r.stderr).not.toContain('Opening');
  });
});
