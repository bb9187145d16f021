#!/usr/bin/env node
/**
 * Opens @playwright/cli on a fresh clone of your daily Chrome profile, logged in:
 *   1. `publish profile clone` (incremental; the source is only read),
 *   2. `publish profile patch-cli` (so the CLI keeps the real keychain / password store),
 *   3. `npx --yes @playwright/cli open --headed --profile <clone> [URL]`.
 * Then drive it as usual (`npx @playwright/cli snapshot`, `click`, ...).
 *
 * Usage: node scripts/playwright-cli-open.mjs [URL] [--from USER_DATA_DIR] [--profile NAME]
 *        [--config FILE] [--home DIR]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { $ } from 'zx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, profile: { type: 'string' }, config: { type: 'string' }, home: { type: 'string' } },
});
const pass = Object.entries(values).flatMap(([k, v]) => [`--${k}`, v]);
$.verbose = false;

try {
  const clone = JSON.parse((await $`node ${cli} profile clone --json ${pass}`).stdout);
  console.error(`clone: ${clone.to} (${clone.copied} copied, ${clone.unchanged} unchanged)`);

  // npx fetches @playwright/cli into its cache on first use; patch what it fetched.
  await $`npx --yes @playwright/cli --version`;
  for (const r of JSON.parse((await $`node ${cli} profile patch-cli --json`).stdout)) console.error(`${r.status}: ${r.bundle}`);

  // macOS: the writer's Google Chrome. Linux: the one browser `publish` itself resolves.
  const { resolveBrowser } = await import(path.join(root, 'dist', 'browser', 'executable.js'));
  const browser = resolveBrowser();
  const env = { ...process.env };
  if (browser.executablePath) env.PLAYWRIGHT_MCP_EXECUTABLE_PATH = browser.executablePath;
  if (process.getuid?.() === 0) env.PLAYWRIGHT_MCP_SANDBOX = 'false'; // Chromium refuses its sandbox as root
  const channel = browser.channel ? ['--browser', browser.channel] : [];
  await $({ env, stdio: 'inherit' })`npx --yes @playwright/cli open --headed --profile ${clone.to} ${channel} ${positionals}`;
} catch (error) {
  // zx's ProcessOutput carries the child's stderr: `publish` already phrased the problem there.
  console.error(error.stderr?.trim() || error.message);
  process.exit(error.exitCode ?? 1);
}
