/** `publish doctor --live` against the sandbox: all selectors found, then one renamed by the "site". */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, signedInSandbox } from './helpers.js';
import { sandboxConfig } from '../src/sandbox/login.js';


describe('publish doctor --live', () => {
  it('exits 0 when every selector resolves, and names the platform and selector the site renamed', async () => {
    const f = await signedInSandbox();
    const configFile = path.join(f.home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...sandboxConfig(f.sandbox.origins, f.config.browser.profile!), editorTimeout: 20 }));
    const args = ['doctor', '--live', '--json', '--config', configFile, '--home', f.home];
    const posts = () => Object.values(f.sandbox.sites).reduce((n, s) => n + s.posts.length, 0);

    const healthy = await runCli(args);
    expect(healthy.status, healthy.stderr).toBe(0);
    const all = JSON.parse(healthy.stdout) as { platform: string; ok: boolean; loggedIn: boolean }[];
    expect(all.map((c) => c.platform)).toEqual(Object.keys(f.sandbox.origins));
    expect(all.every((c) => c.ok && c.loggedIn)).toBe(true);

    // dev.to relabels its Preview/Edit navigation; Zenn logs the session out.
    f.sandbox.setFaults('devto', { rename: { from: 'aria-label="View post modes"', to: 'aria-label="Post view modes"' } });
    f.sandbox.setFaults('zenn', { loggedOut: true });
    // Qiita keeps a promotion over its editor body: the selector resolves, but is covered.
    f.sandbox.setFaults('qiita', { covered: true });
    const drifted = await runCli([...args, '--to', 'devto,zenn,qiita']);
    expect(drifted.status).toBe(1);
    const checks = Object.fromEntries((JSON.parse(drifted.stdout) as { platform: string }[]).map((c) => [c.platform, c]));
    expect(checks.devto).toMatchObject({ ok: false, loggedIn: true, broken: [{ name: 'modes', selector: 'nav[aria-label="View post modes"]' }] });
    expect(checks.zenn).toMatchObject({ ok: false, loggedIn: false, error: expect.stringMatching(/not logged in/) });
    expect(checks.qiita).toMatchObject({ ok: false, loggedIn: true, broken: [], covered: [expect.objectContaining({ by: "a complementary 'Upgrade to Pro'" })] });
    const text = await runCli(['doctor', '--live', '--to', 'devto', '--config', configFile, '--home', f.home]);
    const covered = await runCli(['doctor', '--live', '--to', 'qiita', '--config', configFile, '--home', f.home]);
    expect(covered.stdout).toMatch(/qiita\s+COVERED\s+\w+ covered by a complementary 'Upgrade to Pro'/);
    expect(text.stdout).toMatch(/devto\s+SELECTORS BROKEN\s+modes \(nav\[aria-label="View post modes"\]\)/);
    expect(posts()).toBe(0); // nothing was saved anywhere
  });
});
