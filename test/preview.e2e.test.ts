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
import { draftText, repoRoot, signedInSandbox, tempDir, writeDraft } from './helpers.js';

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

describe('--preview', () => {
  it('asks per platform in a terminal: publish one, skip the other; the ledger shows one published and one left as a draft', async () => {
    const f = await signedInSandbox();
    const home = tempDir();
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...sandboxConfig({ devto: f.sandbox.origins.devto!, zenn: f.sandbox.origins.zenn! }, f.config.browser.profile!), feedWait: 0 }));
    const draft = writeDraft(tempDir(), 'preview.md', draftText({ title: 'Previewed first', tags: ['preview'], zenn: { emoji: '👀' } }));
    const exitFile = path.join(tempDir(), 'exit');
    const socket = `publish-test-${process.pid}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${JSON.stringify(draft)} --to devto,zenn --preview --config ${JSON.stringify(configFile)} --home ${JSON.stringify(home)}; echo $? > ${JSON.stringify(exitFile)}; sleep 60`;
    tmux('new-session', '-d', '-s', 'preview', '-x', '200', '-y', '60', command);
    try {
      const screen = () => tmux('capture-pane', '-p', '-S', '-200', '-t', 'preview');
      const answers: Record<string, string> = { devto: 'p', zenn: 's' };
      const asked: string[] = [];
      for (let i = 0; i < 2; i++) {
        const platform = await until('a question', () => {
          const questions = [...screen().matchAll(/(\w+) is filled and shows its preview\. \[p\]ublish/g)].map((m) => m[1]!);
          return questions.length > asked.length ? questions[asked.length] : undefined;
        });
        asked.push(platform);
        tmux('send-keys', '-t', 'preview', answers[platform]!, 'Enter');
      }
      expect(asked.sort()).toEqual(['devto', 'zenn']);
      const code = await until('the run to end', () => (fs.existsSync(exitFile) ? fs.readFileSync(exitFile, 'utf8').trim() : undefined));
      expect(code, screen()).toBe('0');
      expect(screen()).toMatch(/zenn\s+left as draft/);
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    }
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

  it('refuses politely with exit 2 when there is no terminal', () => {
    const draft = writeDraft(tempDir(), 'p.md', draftText({ title: 'No tty', tags: ['x'] }));
    const r = spawnSync(process.execPath, [cli, draft, '--to', 'devto', '--preview', '--home', tempDir()], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--preview asks in the terminal, and there is no terminal here');
    expect(r.stderr).not.toContain('Opening');
  });
});
