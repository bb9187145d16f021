/**
 * `publish demo`: the main job end to end against the built-in sandbox, in a temporary home:
 * start the sandbox, sign a fresh profile in through its login pages, publish the example draft,
 * print the status table and check the platforms' feeds list the posts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { ensurePrivateDir, dataPaths } from '../home.js';
import { stderrLogger } from '../log.js';
import { resolveBrowser } from '../browser/executable.js';
import { publishDraft } from '../pipeline/publish.js';
import { Ledger } from '../ledger/ledger.js';
import { statusTable } from '../pipeline/status.js';
import { feedFor } from '../feeds/urls.js';
import { packageRoot } from '../sandbox/assets.js';
import { SANDBOX_SITES } from '../sandbox/server.js';
import { signInProfile, writeSandboxConfig, OFFLINE_BROWSER_ARGS, SANDBOX_USER } from '../sandbox/login.js';
import type { Flags, Io } from '../cli.js';
import { splitList } from './context.js';
import { exitCodeFor, printResults } from './publish.js';
import { startSandboxOrExplain } from './sandbox.js';
import { inputError } from '../errors.js';
import { planDraft } from '../pipeline/plan.js';

export async function demoCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const requested = splitList(flags.to);
  const platforms = !requested || requested.includes('all') ? Object.keys(SANDBOX_SITES) : requested;
  const missing = platforms.filter((p) => !SANDBOX_SITES[p]);
  if (missing.length) throw inputError(`The sandbox has no ${missing.join(', ')} (it has ${Object.keys(SANDBOX_SITES).join(', ')}).`);
  const draft = flags.draft ?? path.join(packageRoot(), 'drafts', 'example.md');
  // Check the draft before eleven servers and a browser start.
  planDraft(draft, platforms, { platforms: {}, browser: {} });
  const home = ensurePrivateDir(flags.home ? path.resolve(flags.home) : fs.mkdtempSync(path.join(os.tmpdir(), 'publish-demo-')));
  const log = stderrLogger;
  log.info(`Demo home: ${home}`);

  const sandbox = await startSandboxOrExplain(0);
  try {
    const origins = Object.fromEntries(platforms.map((p) => [p, sandbox.origins[p]!]));
    log.info(`Sandbox: ${Object.entries(origins).map(([id, o]) => `${id} ${o}`).join(', ')}`);
    const profile = dataPaths(home).sandboxProfile;
    log.info('Signing a fresh browser profile in through the sandbox login pages...');
    await signInProfile({ profileDir: profile, origins, browser: resolveBrowser(), args: OFFLINE_BROWSER_ARGS });
    const configFile = path.join(home, 'publish.config.json');
    writeSandboxConfig(configFile, origins, profile);

    log.info(`Publishing ${path.relative(process.cwd(), draft) || draft} to ${platforms.join(', ')}...`);
    const config = loadConfig(configFile).config;
    const results = await publishDraft({ draft, to: platforms, config, dataDir: home, log });
    printResults(results, flags, io);

    if (!flags.json) {
      const ledger = Ledger.open(dataPaths(home).ledger);
      io.stdout(`\nStatus:\n${statusTable(ledger.status())}\n`);
      ledger.close();
      io.stdout('\nFeeds:\n');
      for (const r of results) {
        const target = feedFor(r.platform, SANDBOX_USER, config.platforms[r.platform]);
        if (typeof target === 'string' || !r.url) continue;
        io.stdout(`  ${r.platform.padEnd(8)} ${target.url}  ${r.live ? 'lists the post: live' : 'does not list it yet (`publish track` will confirm it)'}\n`);
      }
    }
    return exitCodeFor(results);
  } finally {
    await sandbox.close();
  }
}
