/**
 * Crash safety: the process is killed (SIGKILL, as a power cut would) at each step of a
 * two-platform publish in turn; a normal re-run then ends with exactly one post per platform.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/sandbox/login.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { draftText, runCli, signedInSandbox, tempDir, writeDraft } from './helpers.js';



describe('crash safety', () => {
  it('after a SIGKILL at any step, a re-run ends with exactly one post per platform', async () => {
    const f = await signedInSandbox();
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...sandboxConfig({ devto: f.sandbox.origins.devto!, zenn: f.sandbox.origins.zenn! }, f.config.browser.profile!), feedWait: 0 }));
    for (const point of ['before-fill', 'after-paste', 'after-click', 'before-ledger-write']) {
      const home = tempDir();
      const title = `Killed at ${point}`;
      const draft = writeDraft(tempDir(), `${point}.md`, draftText({ title, tags: ['crash'], zenn: { emoji: '💥' } }));
      const args = [draft, '--to', 'devto,zenn', '--config', configFile, '--home', home, '--json'];
      const killed = await runCli(args, { PUBLISH_FAILPOINT: point });
      expect(killed.signal, `${point}: ${killed.stderr}`).toBe('SIGKILL');
      expect(killed.stderr).toContain(`failpoint ${point}: killing the process`);

      const again = await runCli(args);
      expect(again.status, `${point}: ${again.stderr}`).toBe(0);
      const results = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as { platform: string; state: string; url: string });
      for (const id of ['devto', 'zenn']) {
        const posts = f.sandbox.sites[id]!.posts.filter((p) => p.title === title);
        expect(posts, `${point}: ${id} posts`).toHaveLength(1);
        expect(results.find((r) => r.platform === id)!.url, `${point}: ${id}`).toBe(posts[0]!.url);
      }
      // The ledger agrees, and a third run publishes nothing.
      const ledger = Ledger.open(dataPaths(home).ledger);
      expect(ledger.status().map((r) => [r.platform, r.state === 'live' || r.state === 'published', r.publish_clicked_at !== null])).toEqual([['devto', true, true], ['zenn', true, true]]);
      ledger.close();
      const third = await runCli(args);
      expect(third.stderr).not.toContain('Opening');
      for (const id of ['devto', 'zenn']) expect(f.sandbox.sites[id]!.posts.filter((p) => p.title === title)).toHaveLength(1);
    }
  });
});
