#!/usr/bin/env node
/**
 * The baselines of `npm run bench`: the fewest Playwright steps that publish a post on the
 * sandbox, on the same profile, browser and switches as `publish` uses. No read-back, no preview,
 * no ledger, no evidence, no clipboard, no feed: what `publish` is measured against.
 *  - dev.to: open /new, fill the title, one tag, fill the body, Publish, wait for the post's URL.
 *  - Zenn: open /articles/new, fill the title and the emoji, pick the type, one topic, fill the
 *    body, Publish, wait for the article's URL.
 * With concurrency 2 each platform gets a window of its own, opened as `publish` opens its
 * second one; with 1 they take turns in the first window.
 * Usage: node scripts/bench-bare.mjs <profile dir> <title> <concurrency> devto=<origin> [zenn=<origin>]
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [profile, title, concurrency, ...sites] = process.argv.slice(2);
const origins = Object.fromEntries(sites.map((s) => s.split(/=(.*)/s).slice(0, 2)));
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
const body = `# ${title}\n\n${'Some text for the benchmark. '.repeat(40)}\n`;

const flows = {
  async devto(page, origin) {
    await page.goto(`${origin}/new`);
    await page.locator('textarea#article-form-title[aria-label="Post Title"]').fill(title);
    await page.locator('input#tag-input').pressSequentially('bench');
    await page.locator('input#tag-input').press(',');
    await page.locator('input#tag-input').press('Escape');
    await page.locator('textarea#article_body_markdown').fill(body);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL((u) => /^\/[^/]+\/[^/]+\/?$/.test(u.pathname) && u.pathname !== '/new');
  },
  async zenn(page, origin) {
    await page.goto(`${origin}/articles/new`);
    await page.locator('input[placeholder*="タイトル"], textarea[placeholder*="タイトル"]').first().fill(title);
    await page.locator('input[aria-label="アイキャッチ絵文字"]').fill('📝');
    await page.getByRole('radio', { name: /^Tech/ }).check();
    await page.locator('input[placeholder="トピックを入力"]').fill('bench');
    await page.locator('input[placeholder="トピックを入力"]').press('Enter');
    await page.locator('.cm-content').fill(body);
    await page.getByRole('button', { name: '公開する' }).click();
    await page.waitForURL((u) => /^\/[^/]+\/articles\/[\w-]+\/?$/.test(u.pathname));
  },
};

const first = context.pages()[0] ?? (await context.newPage());
const todo = Object.entries(origins);
if (Number(concurrency) > 1) {
  const pages = [first];
  while (pages.length < todo.length) {
    const [opened] = await Promise.all([context.waitForEvent('page'), first.evaluate(() => void window.open('about:blank', '_blank', 'popup,noopener,width=1280,height=900'))]);
    pages.push(opened);
  }
  await Promise.all(todo.map(([id, origin], i) => flows[id](pages[i], origin)));
} else {
  for (const [id, origin] of todo) await flows[id](first, origin);
}
await context.close();
