/**
 * Real editors are noisy (issue 11): every platform publishes through a cookie banner, a "What's
 * new" dialog and a toast over its publish button; an overlay nobody can close fails fast and
 * names itself; a signed-out page is recognised in seconds; Bluesky's composer as it is today.
 * Plus the "what covers this point" diagnosis on pages made for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator } from 'playwright';
import { resolveBrowser } from '../src/browser/executable.js';
import { SANDBOX_SITES } from '../src/sandbox/server.js';
import { OFFLINE_BROWSER_ARGS } from '../src/sandbox/login.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { coverOf, describeCover } from '../src/publishers/overlays.js';
import { clickAt, clickPoint, tryClick, tryFill } from '../src/browser/actions.js';
import { WaitTimeout, waitUntilShown } from '../src/browser/waits.js';
import { editorOrLogin } from '../src/publishers/editor.js';
import type { PublishContext } from '../src/publishers/types.js';
import type { PublishError } from '../src/errors.js';
import { evidenceSink } from '../src/browser/evidence.js';
import { toShortUrl } from '../src/sandbox/bluesky.js';
import fs from 'node:fs';
import path from 'node:path';
import { draftText, exampleDraft, fileSandbox, runCli, tempDir, writeDraft } from './helpers.js';

const ALL = Object.keys(SANDBOX_SITES);
const f = fileSandbox();
const run = (draft: string, to: string[], home?: string) => f.run(draft, to, home);
const count = () => Object.fromEntries(ALL.map((id) => [id, f.sandbox.sites[id]!.posts.length]));

/** Seconds from a platform's "planned" to its "failed" in the ledger: its own time. */
function ownSeconds(home: string, platform: string): number {
  const ledger = Ledger.open(dataPaths(home).ledger);
  try {
    const row = ledger.status().find((x) => x.platform === platform)!;
    const events = ledger.events(row.id);
    const at = (kind: string) => Date.parse(events.find((e) => e.kind === kind)!.at);
    return (at('failed') - at('planned')) / 1000;
  } finally {
    ledger.close();
  }
}

describe('publishing through the noise real editors make', () => {
  it('noise on all eleven platforms at once: every one publishes, each post as the draft', async () => {
    for (const id of ALL) f.sandbox.setFaults(id, { noise: true });
    for (const id of ALL) f.sandbox.sites[id]!.noise.length = 0;
    const before = count();
    try {
      const { r } = await run(exampleDraft, ALL);
      for (const id of ALL) {
        expect(r[id], id).toMatchObject({ state: 'published', error: null });
        expect(f.sandbox.sites[id]!.posts.length, id).toBe(before[id]! + 1);
        const post = f.sandbox.sites[id]!.posts.at(-1)!;
        expect(r[id]!.url, id).toBe(post.url);
        if (!['x', 'bluesky', 'linkedin-post'].includes(id)) expect(post.title, id).toBe('Publishing one Markdown draft everywhere');
        const text = id === 'x' ? (post.extra.thread as string[]).join('\n') : post.body;
        expect(text, id).toContain(['x', 'bluesky', 'linkedin-post'].includes(id) ? 'A small tour of what publish does with a draft.' : 'Parse the front matter');
      }
      expect(f.sandbox.sites.devto!.posts.at(-1)!.tags).toEqual(['markdown', 'automation', 'playwright']);
      // The example's image arrived on every platform that shows it (articles; X and Bluesky through
      // their blocks' images lists) from that platform's own host, byte for byte.
      const png = fs.readFileSync(path.join(path.dirname(exampleDraft), 'images', 'pipeline.png'));
      for (const id of ALL.filter((x) => x !== 'linkedin-post')) {
        const images = f.sandbox.sites[id]!.posts.at(-1)!.images;
        expect(images, id).toHaveLength(1);
        expect(new URL(images[0]!).origin, id).toBe(f.sandbox.origins[id]);
        expect(Buffer.from(await (await fetch(images[0]!)).arrayBuffer()).equals(png), id).toBe(true);
      }
      // The noise was really there, and went the way a person sends it: the cookie banner and
      // the "What's new" dialog through their own buttons; the toast showed over the publish button.
      for (const id of ALL) {
        const noise = f.sandbox.sites[id]!.noise;
        expect(noise, id).toEqual(expect.arrayContaining(['shown:banner', 'shown:dialog', 'dismissed:dialog', 'shown:toast']));
      }
    } finally {
      for (const id of ALL) f.sandbox.setFaults(id, {});
    }
  });

  it('an overlay with no close control over the dev.to body: dev.to fails in seconds naming it, exit 1; Zenn publishes', async () => {
    f.sandbox.setFaults('devto', { covered: true });
    const before = count();
    try {
      const home = tempDir();
      const draft = writeDraft(tempDir(), 'covered.md', draftText({ title: 'Covered body', tags: ['test'], zenn: { emoji: '🙈' } }));
      const cli = await runCli([draft, '--to', 'devto,zenn', '--config', f.configFile(), '--home', home, '--json']);
      expect(cli.status, cli.stderr).toBe(1);
      const r = Object.fromEntries(cli.stdout.trim().split('\n').map((l) => JSON.parse(l) as { platform: string; state: string; error: string | null }).map((x) => [x.platform, x]));
      expect(r.devto!.state).toBe('failed');
      expect(r.devto!.error).toMatch(/^dev\.to: the body is covered by a complementary 'Upgrade to Pro'; nothing was published\. Screenshot: \S+\.jpg/);
      expect(ownSeconds(home, 'devto')).toBeLessThan(10);
      expect(f.sandbox.sites.devto!.posts.length).toBe(before.devto);
      expect(r.zenn).toMatchObject({ state: 'published' });
    } finally {
      f.sandbox.setFaults('devto', {});
    }
  });

  it('signed out, every platform says "not logged in" within seconds (dev.to: a sign-up page at /new, no redirect)', async () => {
    for (const id of ALL) f.sandbox.setFaults(id, { loggedOut: true });
    const before = count();
    try {
      const { r, home } = await run(exampleDraft, ALL);
      for (const id of ALL) {
        expect(r[id]!.state, id).toBe('failed');
        expect(r[id]!.error, id).toMatch(/: not logged in \(/);
        expect(ownSeconds(home, id), id).toBeLessThan(10);
      }
      expect(r.devto!.error).toMatch(/\/new shows a sign-in page/);
      expect(count()).toEqual(before);
    } finally {
      for (const id of ALL) f.sandbox.setFaults(id, {});
    }
  });

  it("Bluesky's composer as it is today: no accessible name, a disabled div button, the toast's View button, shortened links and a card", async () => {
    const url = 'https://example.com/articles/2026/overlays-and-composers';
    const text = `Editors are noisy.\nRead more: ${url}`;
    const draft = writeDraft(tempDir(), 'bsky.md', draftText({ title: 'Bluesky today', bluesky: { text } }));
    const before = f.sandbox.sites.bluesky!.posts.length;
    const { r, home } = await run(draft, ['bluesky']);
    expect(r.bluesky, r.bluesky?.error ?? '').toMatchObject({ state: 'published', error: null });
    const post = f.sandbox.sites.bluesky!.posts.at(-1)!;
    expect(f.sandbox.sites.bluesky!.posts.length).toBe(before + 1);
    expect(r.bluesky!.url).toBe(post.url);
    expect(new URL(post.url).pathname).toMatch(/^\/profile\/did:plc:\w+\/post\/\w+$/);
    expect(post.extra.fullText).toBe(text);
    expect(post.body).toBe(`Editors are noisy.\nRead more: ${toShortUrl(url)}`);
    expect(toShortUrl(url)).toBe('example.com/articles/202...'); // host + the path's first 13 characters
    expect(post.extra.embed).toEqual({ $type: 'app.bsky.embed.external', uri: url });
    // A re-run posts nothing.
    const again = await run(draft, ['bluesky'], home);
    expect(again.r.bluesky).toMatchObject({ existing: true, url: post.url });
    expect(f.sandbox.sites.bluesky!.posts.length).toBe(before + 1);
  });
});

describe('on pages made for it: what covers a point, quick clicks and fills', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: OFFLINE_BROWSER_ARGS });
  });
  afterAll(() => browser.close());

  it('names the popup, the modal, the banner; says nothing when the target is on top or covers itself', async () => {
    const page = await browser.newPage();
    await page.setContent(`<input id="tags"><div id="list" role="listbox" aria-label="Top tags" style="position:absolute;top:20px;left:0;width:400px;height:200px;background:#fff;z-index:10"><div role="option">webdev</div></div>
<textarea id="body" style="position:absolute;top:60px;left:0;width:400px;height:300px"></textarea>
<label id="l" style="position:absolute;top:400px"><span>Title</span> <input id="title"></label>
<div id="banner" role="region" aria-label="Cookie consent" style="position:fixed;bottom:0;left:0;right:0;height:80px;background:#eee;z-index:10"><button>Accept all</button></div>
<button id="under" style="position:fixed;bottom:20px;left:20px">Publish</button>`);
    const body = await coverOf(page.locator('#body'));
    expect(body).toMatchObject({ role: 'listbox', name: 'Top tags', popup: true });
    expect(describeCover(body!)).toBe("a listbox 'Top tags'");
    expect(await coverOf(page.locator('#title'))).toBeNull();
    expect(await coverOf(page.locator('#tags'))).toBeNull();
    expect(describeCover((await coverOf(page.locator('#under')))!)).toBe("a region 'Cookie consent'");
    await page.evaluate(() => document.getElementById('list')!.remove());
    expect(await coverOf(page.locator('#body'))).toBeNull();
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div style="position:fixed;inset:0;background:#0004"></div><div role="dialog" aria-modal="true" aria-labelledby="h" style="position:fixed;top:0;left:0;width:600px;height:600px;background:#fff"><h2 id="h">What\'s new</h2></div>'));
    expect(describeCover((await coverOf(page.locator('#body')))!)).toBe("a dialog 'What's new'");
    await page.close();
  });

  it('quick clicks and fills (browser/actions.ts) act at once on a target that is on top, visible, enabled and still; leaves every other case to Playwright', async () => {
    const page = await browser.newPage();
    await page.setContent(`<button id="ok">OK</button> <button id="off" disabled>Off</button> <div id="aria" role="button" aria-disabled="true">Aria</div>
<button id="under" style="position:absolute;top:100px;left:0">Under</button><div style="position:absolute;top:90px;left:0;width:300px;height:60px;background:#fff;z-index:5"></div>
<button id="moving" style="position:absolute;top:200px;left:0;transition:left 5s linear">Moving</button>
<button id="far" style="position:absolute;top:3000px">Far</button>
<input id="name" value="old"> <input id="ro" readonly value="keep"> <div id="rich" contenteditable="true">old <b>text</b></div>
<iframe srcdoc="<button id=inner>In</button>" style="position:absolute;top:300px"></iframe>`);
    await page.evaluate(() => {
      document.addEventListener('click', (e) => ((window as unknown as { clicked: string[] }).clicked ??= []).push((e.target as Element).id));
      const moving = document.getElementById('moving')!;
      getComputedStyle(moving).left; // the start of the transition
      moving.style.left = '300px';
    });
    expect(await tryClick(page.locator('#ok'))).toBe(true);
    expect(await tryClick(page.locator('#far'))).toBe(true); // scrolled into view first
    // Disabled, aria-disabled, covered, moving, inside a frame, not there: nothing done here.
    for (const id of ['#off', '#aria', '#under', '#moving', '#missing']) expect(await tryClick(page.locator(id)), id).toBe(false);
    expect(await tryClick(page.frameLocator('iframe').locator('#inner'))).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { clicked: string[] }).clicked)).toEqual(['ok', 'far']);

    // A toast that comes over the button between the check and the click gets no event at all,
    // the button neither; the caller is told, and a later click goes through.
    const spot = (await clickPoint(page.locator('#ok')))!;
    await page.evaluate(({ x, y }) => {
      const toast = document.createElement('div');
      toast.id = 'toast';
      toast.setAttribute('role', 'status');
      Object.assign(toast.style, { position: 'fixed', left: `${x - 30}px`, top: `${y - 15}px`, width: '60px', height: '30px', zIndex: '9', background: '#222' });
      toast.addEventListener('mousedown', () => ((window as unknown as { toastSaw: boolean }).toastSaw = true));
      document.body.append(toast);
    }, spot);
    expect(await clickAt(page, spot)).toBe(false);
    expect(await page.evaluate(() => [(window as unknown as { clicked: string[] }).clicked, (window as unknown as { toastSaw?: boolean }).toastSaw])).toEqual([['ok', 'far'], undefined]);
    await page.evaluate(() => document.getElementById('toast')!.remove());
    expect(await tryClick(page.locator('#ok'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { clicked: string[] }).clicked)).toEqual(['ok', 'far', 'ok']);

    expect(await tryFill(page.locator('#name'), 'new name')).toBe(true);
    expect(await page.locator('#name').inputValue()).toBe('new name');
    expect(await tryFill(page.locator('#rich'), 'plain')).toBe(true);
    expect(await page.locator('#rich').innerText()).toBe('plain');
    expect(await tryFill(page.locator('#ro'), 'x')).toBe(false);
    expect(await page.locator('#ro').inputValue()).toBe('keep');
    await page.close();
  });

  it('evidence screenshots (browser/evidence.ts): the whole page when it is longer than the window, the window for the published post; JPEG, 0600', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.setContent('<div style="height:2400px;background:linear-gradient(#fff,#888)">long</div>');
    const dir = path.join(tempDir(), 'evidence');
    const sink = evidenceSink(dir, 'devto');
    // Straight from DevTools: page.screenshot is only the fallback.
    const screenshot = page.screenshot.bind(page);
    page.screenshot = () => Promise.reject(new Error('page.screenshot was used'));
    const size = (file: string) => {
      const b = fs.readFileSync(file);
      expect([b[0], b[1]]).toEqual([0xff, 0xd8]); // a JPEG
      for (let i = 2; i < b.length - 9; ) {
        const marker = b[i + 1]!;
        if (marker >= 0xc0 && marker <= 0xc2) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
        i += 2 + b.readUInt16BE(i + 2);
      }
      throw new Error(`no frame header in ${file}`);
    };
    const whole = (await sink.screenshot(page, 'filled'))!;
    const fullHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(size(whole)).toEqual({ width: 800, height: fullHeight });
    expect(fs.statSync(whole).mode & 0o777).toBe(0o600);
    expect(size((await sink.screenshot(page, 'published'))!)).toEqual({ width: 800, height: 600 });
    // No DevTools session (a page whose session cannot attach): page.screenshot, same picture.
    page.screenshot = screenshot;
    const other = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await other.setContent('<div style="height:2400px">long</div>');
    other.context().newCDPSession = () => Promise.reject(new Error('no DevTools'));
    expect(size((await sink.screenshot(other, 'preview'))!)).toEqual({ width: 800, height: fullHeight });
    await other.close();
    await page.close();
  });

  it("waits (browser/waits.ts) look again when the page changes: an element shown from 400 to 700 ms is seen (Playwright's waitFor with a 30 s timeout checks at about 300 and 800 ms and misses it)", async () => {
    const page = await browser.newPage();
    await page.setContent('<main id="m"></main><p id="hidden" style="display:none">later</p>');
    // Playwright's own waitFor with an editor's 30 s timeout checks at about 0, 20, 70, 170, 300, 800 ms
    // (measured: it missed this element in 5 of 5 tries).
    await page.evaluate(() => {
      setTimeout(() => document.getElementById('m')!.insertAdjacentHTML('beforeend', '<h1 id="brief">Preview</h1>'), 400);
      setTimeout(() => document.getElementById('brief')!.remove(), 700);
    });
    await waitUntilShown(page.locator('#brief'), { timeout: 30_000 });
    expect(await page.locator('#brief').count()).toBe(1);
    // Shown by a style change alone (an attribute mutation), and 'attached' for what is never visible.
    setTimeout(() => void page.evaluate(() => (document.getElementById('hidden')!.style.display = 'block')), 200);
    await waitUntilShown(page.locator('#hidden'), { timeout: 5000 });
    await page.evaluate(() => document.getElementById('m')!.insertAdjacentHTML('beforeend', '<input type="hidden" id="token">'));
    await waitUntilShown(page.locator('#token'), { timeout: 1000, state: 'attached' });
    // Across a navigation (the page function's context goes away) and to the timeout.
    setTimeout(() => void page.setContent('<h2>After</h2>'), 150);
    await waitUntilShown(page.getByRole('heading', { name: 'After' }), { timeout: 5000 });
    const started = Date.now();
    const error = await waitUntilShown(page.locator('#never'), { timeout: 600 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(WaitTimeout);
    expect((error as Error).message).toMatch(/^Timeout 600ms exceeded waiting for .*#never.* to be visible/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    // A window closed during the wait (an interrupted run) ends it at once with Playwright's error.
    const closing = waitUntilShown(page.locator('#never'), { timeout: 30_000 }).catch((e: Error) => e);
    await page.close();
    const closedError = await closing;
    expect(closedError).not.toBeInstanceOf(WaitTimeout);
    expect((closedError as Error).message).toMatch(/closed/);
  });

  it('a sign-in page known only by its role-named buttons or a "verify you are human" text is still named (those signs are looked for a few times a second)', async () => {
    const page = await browser.newPage();
    const ctx = { page, editorTimeout: 10_000, evidence: evidenceSink(tempDir(), 'x') } as unknown as PublishContext;
    const editor = page.locator('#editor');
    // The editor's own sign-in marker never shows; a page built late by script, like a real app.
    const open = async (html: string) => {
      await page.setContent('<main id="app">loading</main>');
      await page.evaluate((h) => setTimeout(() => (document.getElementById('app')!.innerHTML = h), 300), html);
      const started = Date.now();
      const error = await editorOrLogin(ctx, 'X', editor, page.locator('#own-sign-in')).then(() => undefined, (e: PublishError) => e);
      return { error, ms: Date.now() - started };
    };
    const signIn = await open('<h2>Welcome</h2><div role="button" tabindex="0">Continue with Google</div><a href="/oauth/gh">Sign in with GitHub</a>');
    expect(signIn.error?.code).toBe('NOT_LOGGED_IN');
    expect(signIn.ms).toBeLessThan(300 + 400 + 1000 + 1500); // the costly look (<= 400 ms late), the editor's grace, margin
    // dev.to's provider buttons as forem renders them: a form per provider posting to
    // /users/auth/<provider> (no sign-in path in it), the button led by the provider's icon, an SVG
    // titled with its name (forem shared/authentication/_providers_registration_form.html.erb), so
    // the button's accessible name is "githubContinue with GitHub", not "Continue with GitHub".
    const iconLed = await open(
      '<form action="/users/auth/github?state=navbar_basic" method="post"><button type="submit"><svg role="img" aria-labelledby="i-gh" width="24" height="24"><title id="i-gh">github</title><rect width="24" height="24"/></svg>Continue with GitHub</button></form>',
    );
    expect(iconLed.error?.code).toBe('NOT_LOGGED_IN');
    const human = await open('<p>Please verify you are a human to continue.</p>');
    expect(human.error?.code).toBe('CHALLENGE');
    // And the editor, when it comes, ends the wait quietly.
    expect((await open('<textarea id="editor"></textarea><button>Continue with Google</button>')).error).toBeUndefined();
    await page.close();
  });

  it('a costly second target (role and text queries) is looked at a few times a second, not at every change', async () => {
    // Stand-ins that count the checks: a page that changes every 10 ms, an editor that never
    // shows, and sign-in signs whose check takes 100 ms and that show after 1.5 s.
    const started = Date.now();
    let quick = 0;
    let costly = 0;
    const page = { evaluate: () => new Promise((r) => setTimeout(r, 10)), isClosed: () => false };
    const stub = (check: () => Promise<boolean>) => {
      const l = { first: () => l, page: () => page, isVisible: check };
      return l as unknown as Locator;
    };
    const editor = stub(async () => (quick++, false));
    const signs = stub(async () => {
      costly++;
      await new Promise((r) => setTimeout(r, 100));
      return Date.now() - started >= 1500;
    });
    await waitUntilShown(editor, { timeout: 10_000, costly: signs });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1500);
    expect(took).toBeLessThan(2600);
    expect(quick).toBeGreaterThan(20);
    // At most one look every 400 ms (each also waits 3x its own 100 ms), and the first at once.
    expect(costly).toBeGreaterThanOrEqual(3);
    expect(costly).toBeLessThanOrEqual(Math.ceil(took / 400) + 1);
  });
});
