#!/usr/bin/env node
/**
 * The baseline of `npm run bench -- --only bare`: the fewest Playwright steps that publish a post
 * on the sandbox's dev.to, on the same profile, browser and switches as `publish` uses — open
 * /new, fill the title, one tag, fill the body, Publish, wait for the post's URL. No read-back,
 * no ledger, no evidence, no clipboard: what `publish` is measured against.
 * Usage: node scripts/bench-bare-devto.mjs <origin> <profile dir> <title>
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [origin, profile, title] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)('playwright');
const { resolveBrowser } = await import(path.join(root, 'dist/browser/executable.js'));
const { launchSwitches } = await import(path.join(root, 'dist/browser/switches.js'));
const { OFFLINE_BROWSER_ARGS } = await import(path.join(root, 'dist/sandbox/login.js'));
const browser = resolveBrowser();
const context = await chromium.launchPersistentContext(profile, {
  headless: false,
  executablePath: browser.executablePath,
  channel: browser.channel,
  ...launchSwitches({ args: OFFLINE_BROWSER_ARGS, isRoot: process.getuid?.() === 0 }),
  viewport: { width: 1280, height: 860 },
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${origin}/new`);
await page.locator('textarea#article-form-title[aria-label="Post Title"]').fill(title);
await page.locator('input#tag-input').pressSequentially('bench');
await page.locator('input#tag-input').press(',');
await page.locator('input#tag-input').press('Escape');
await page.locator('textarea#article_body_markdown').fill(`# ${title}\n\n${'Some text for the benchmark. '.repeat(40)}\n`);
await page.getByRole('button', { name: 'Publish', exact: true }).click();
await page.waitForURL((u) => /^\/[^/]+\/[^/]+\/?$/.test(u.pathname) && u.pathname !== '/new');
await context.close();
