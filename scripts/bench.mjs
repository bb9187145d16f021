#!/usr/bin/env node
/**
 * `npm run bench`: speed targets as ratios against a baseline measured in the same run.
 *  1. `publish --help` wall time against `node -e 0` (target <= 3: Playwright is loaded lazily).
 *  2. A two-platform publish to the sandbox, concurrent against sequential (target <= 0.7), with
 *     150 ms added to every sandbox response, a real site's round trip from a home connection
 *     (the gain from concurrency is overlapping those waits). The same without latency is
 *     printed too, for information: on 2 cores that run is CPU-bound.
 * Each pair is measured alternately and compared by median, so machine noise hits both sides.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
$.verbose = false;
$.quiet = true;

if (!fs.existsSync(cli)) await $({ cwd: root })`npm run --silent build`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const results = [];
function report(name, ms, baseName, baseMs, target) {
  const ratio = ms / baseMs;
  results.push({ name, ms, baseline: baseName, baselineMs: baseMs, ratio, target, ok: ratio <= target });
  console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms   vs ${baseName.padEnd(30)} ${baseMs.toFixed(0).padStart(7)} ms   ratio ${ratio.toFixed(2)} (target <= ${target}) ${ratio <= target ? 'ok' : 'MISSED'}`);
}

// 1. Start-up cost of the CLI.
{
  const help = [];
  const bare = [];
  for (let i = 0; i < 15; i++) {
    bare.push(await time(() => $`node -e 0`));
    help.push(await time(() => $`node ${cli} --help`));
  }
  report('publish --help', median(help), 'node -e 0', median(bare), 3);
}

// 2. Two platforms at once against one after the other, against the sandbox.
const { startSandbox } = await import(path.join(root, 'dist/sandbox/server.js'));
const { signInProfile, writeSandboxConfig, OFFLINE_BROWSER_ARGS } = await import(path.join(root, 'dist/sandbox/login.js'));
const { resolveBrowser } = await import(path.join(root, 'dist/browser/executable.js'));
const { ensureDisplay } = await import(path.join(root, 'dist/browser/display.js'));
const display = await ensureDisplay();
for (const latency of [0, 150]) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-bench-'));
  const sandbox = await startSandbox({ latency });
  try {
    const profile = path.join(home, 'profile');
    await signInProfile({ profileDir: profile, origins: sandbox.origins, browser: resolveBrowser(), args: OFFLINE_BROWSER_ARGS });
    const config = path.join(home, 'config.json');
    writeSandboxConfig(config, sandbox.origins, profile);
    let n = 0;
    const publishOnce = async (concurrency) => {
      // A new draft each time: the ledger would (rightly) skip one already published.
      const draft = path.join(home, `bench-${++n}.md`);
      fs.writeFileSync(draft, `---\ntitle: Bench post ${n}\ntags: [bench]\n---\n# Bench ${n}\n\n${'Some text for the benchmark. '.repeat(40)}\n\n\`\`\`js\nconsole.log(${n})\n\`\`\`\n`);
      return time(() => $`node ${cli} ${draft} --to devto,zenn --config ${config} --home ${home} --concurrency ${concurrency}`);
    };
    const concurrent = [];
    const sequential = [];
    for (let i = 0; i < 3; i++) {
      sequential.push(await publishOnce(1));
      concurrent.push(await publishOnce(2));
    }
    const name = `publish devto+zenn concurrent, ${latency} ms latency`;
    if (latency === 0) {
      const ratio = median(concurrent) / median(sequential);
      console.log(`${name.padEnd(44)} ${median(concurrent).toFixed(0).padStart(7)} ms   vs the same, sequential          ${median(sequential).toFixed(0).padStart(7)} ms   ratio ${ratio.toFixed(2)} (information: CPU-bound on this machine)`);
    } else {
      report(name, median(concurrent), 'the same, sequential', median(sequential), 0.7);
    }
  } finally {
    await sandbox.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
await display.stop();

if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
