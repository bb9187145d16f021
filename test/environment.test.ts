import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../src/home.js';
import { LINUX_CANDIDATES, resolveBrowser } from '../src/browser/executable.js';
import { launchSwitches, OUR_DISABLED_FEATURES, PLAYWRIGHT_DISABLED_FEATURES, PLAYWRIGHT_ENABLED_FEATURES } from '../src/browser/switches.js';
import { loadConfig, parseConfig } from '../src/config.js';
import { ClipboardBroker, clipboardCommands, osClipboard, systemClipboard, type ClipboardIO } from '../src/browser/clipboard.js';
import { PublishError } from '../src/errors.js';
import { cacheCompiledCode, type ModuleInternals } from '../src/browser/code-cache.js';
import { tempDir } from './helpers.js';

describe('data directory', () => {
  const base = { env: {}, homedir: '/Users/w' };
  it('follows each OS convention', () => {
    expect(resolveDataDir(undefined, { ...base, platform: 'darwin' })).toBe('/Users/w/Library/Application Support/publish');
    expect(resolveDataDir(undefined, { ...base, platform: 'linux', homedir: '/home/w' })).toBe('/home/w/.local/share/publish');
    expect(resolveDataDir(undefined, { platform: 'linux', homedir: '/home/w', env: { XDG_DATA_HOME: '/xdg' } })).toBe('/xdg/publish');
    // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
    expect(resolveDataDir(undefined, { platform: 'linux', homedir: '/home/w', env: { XDG_DATA_HOME: 'rel' } })).toBe('/home/w/.local/share/publish');
  });
  it('lets PUBLISH_HOME and --home override, flag first', () => {
    const e = { platform: 'darwin' as const, homedir: '/Users/w', env: { PUBLISH_HOME: '/ph' } };
    expect(resolveDataDir(undefined, e)).toBe('/ph');
    expect(resolveDataDir('/flag', e)).toBe('/flag');
  });
});

describe('browser executable', () => {
  const none = () => false;
  it('uses Google Chrome through channel "chrome" on macOS', () => {
    expect(resolveBrowser(undefined, { platform: 'darwin', exists: none })).toEqual({ channel: 'chrome', label: 'Google Chrome (channel "chrome")' });
  });
  it('finds Chromium by path on Linux, in order', () => {
    const present = new Set(['/usr/bin/google-chrome', '/usr/bin/chromium']);
    expect(resolveBrowser(undefined, { platform: 'linux', exists: (f) => present.has(f) }).executablePath).toBe('/usr/bin/chromium');
    expect(resolveBrowser(undefined, { platform: 'linux', exists: (f) => f === '/usr/bin/google-chrome' }).executablePath).toBe('/usr/bin/google-chrome');
  });
  it('says what to install when Linux has no browser', () => {
    expect(() => resolveBrowser(undefined, { platform: 'linux', exists: none })).toThrow(/No Chromium or Google Chrome was found/);
  });
  it('prefers the configured path, and rejects one that does not exist', () => {
    expect(resolveBrowser('/opt/chrome', { platform: 'darwin', exists: () => true })).toEqual({ executablePath: '/opt/chrome', label: '/opt/chrome' });
    expect(() => resolveBrowser('/opt/none', { platform: 'linux', exists: none })).toThrow(/does not exist/);
  });
  it('finds the real browser on this machine', () => {
    expect(LINUX_CANDIDATES.some((c) => fs.existsSync(c))).toBe(true);
    expect(resolveBrowser().executablePath).toBeDefined();
  });
  it('adds --no-sandbox only as root, without duplicates', () => {
    expect(launchSwitches({ isRoot: false }).args).not.toContain('--no-sandbox');
    expect(launchSwitches({ isRoot: true, args: ['--no-sandbox', '--x'] }).args.filter((a) => a === '--no-sandbox')).toHaveLength(1);
  });
});

describe('browser switches', () => {
  const featureSwitches = (args: string[], kind: 'disable' | 'enable') => args.filter((a) => a.startsWith(`--${kind}-features=`));
  const names = (arg: string | undefined) => (arg ?? '').replace(/^--\w+-features=/, '').split(',').filter(Boolean);

  it("carries Playwright's feature lists and the config's in one switch each, since Chromium keeps only the last", () => {
    const plain = launchSwitches({ ignoreDefaultArgs: ['--use-mock-keychain'] });
    expect(featureSwitches(plain.args, 'disable')).toHaveLength(1);
    expect(names(featureSwitches(plain.args, 'disable')[0])).toEqual([...PLAYWRIGHT_DISABLED_FEATURES, ...OUR_DISABLED_FEATURES]);
    expect(featureSwitches(plain.args, 'enable')).toEqual([]); // Playwright's own stays
    expect(plain.ignoreDefaultArgs).toEqual(['--use-mock-keychain', `--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`]);
    const config = launchSwitches({ args: ['--disable-features=Translate,MediaRouter', '--x', '--enable-features=Foo', '--disable-features=Bar'] });
    expect(featureSwitches(config.args, 'disable')).toHaveLength(1);
    expect(names(featureSwitches(config.args, 'disable')[0])).toEqual([...PLAYWRIGHT_DISABLED_FEATURES, ...OUR_DISABLED_FEATURES, 'Translate', 'Bar']);
    expect(featureSwitches(config.args, 'enable')).toEqual([`--enable-features=${[...PLAYWRIGHT_ENABLED_FEATURES, 'Foo'].join(',')}`]);
    expect(config.ignoreDefaultArgs).toContain(`--enable-features=${PLAYWRIGHT_ENABLED_FEATURES.join(',')}`);
    expect(config.args).toContain('--x');
  });

  /** The command line of the browser process running on `userDataDir`, as the kernel has it. */
  const browserArgv = (userDataDir: string) => {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let argv: string[];
      try {
        argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        continue;
      }
      if (argv.includes(`--user-data-dir=${userDataDir}`) && !argv.some((a) => a.startsWith('--type='))) return argv;
    }
    throw new Error(`no browser runs on ${userDataDir}`);
  };

  it('matches the lists this Playwright launches with (an upgrade that changes them fails here)', async () => {
    const { chromium } = await import('playwright');
    const userDataDir = tempDir();
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: resolveBrowser().executablePath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    try {
      const argv = browserArgv(userDataDir);
      expect(featureSwitches(argv, 'disable').map(names)).toEqual([[...PLAYWRIGHT_DISABLED_FEATURES]]);
      expect(featureSwitches(argv, 'enable').map(names)).toEqual([[...PLAYWRIGHT_ENABLED_FEATURES]]);
    } finally {
      await context.close();
    }
  });

  it('reach the real browser: one feature list with every name, and no address-bar popup page in any window', async () => {
    const { openSession } = await import('../src/browser/session.js');
    const userDataDir = tempDir();
    const session = await openSession({ userDataDir, browser: resolveBrowser(), args: ['--disable-background-networking', '--disable-component-update', '--disable-features=Translate'], isRoot: process.getuid?.() === 0 });
    try {
      const [page] = await session.newPages(2);
      const argv = browserArgv(userDataDir);
      expect(featureSwitches(argv, 'disable')).toHaveLength(1);
      expect(names(featureSwitches(argv, 'disable')[0])).toEqual([...PLAYWRIGHT_DISABLED_FEATURES, ...OUR_DISABLED_FEATURES, 'Translate']);
      // Both windows are up (each would load its popup page with it); the browser lists them all.
      await new Promise((r) => setTimeout(r, 500));
      const cdp = await session.context.newCDPSession(page!);
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
      expect(targetInfos.filter((t) => t.type === 'page')).toHaveLength(2);
      expect(targetInfos.filter((t) => t.url.startsWith('chrome://omnibox-popup'))).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('config', () => {
  it('is optional by default, required when named', () => {
    const dir = tempDir();
    expect(loadConfig(undefined, dir).config).toEqual({ platforms: {}, browser: {} });
    expect(() => loadConfig('missing.json', dir)).toThrow(/config file cannot be read \(ENOENT\)/);
  });
  it('resolves relative paths against the config file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ platforms: { devto: { url: 'http://127.0.0.1:1', username: 'w' } }, browser: { profile: 'prof' } }));
    const { config } = loadConfig('c.json', dir);
    expect(config.browser.profile).toBe(path.join(dir, 'prof'));
    expect(config.platforms.devto).toEqual({ url: 'http://127.0.0.1:1', username: 'w', feed: undefined });
    expect(parseConfig({ browser: { profile: '~/prof' } }, 'c.json', dir).browser.profile).toBe(path.join(os.homedir(), 'prof'));
  });
  it('names the file and the field that is wrong', () => {
    expect(() => parseConfig({ platforms: { devto: { url: 'not a url' } } }, 'c.json', '/')).toThrow('c.json: platforms.devto.url "not a url" must be an http:// or https:// URL.');
    expect(() => parseConfig({ browser: { args: [1] } }, 'c.json', '/')).toThrow(/browser.args must be a list of strings/);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ "platforms": ');
    const e = (() => { try { loadConfig('bad.json', dir); } catch (x) { return x as PublishError; } })();
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toMatch(/bad\.json: is not valid JSON/);
  });
});

describe('clipboard broker', () => {
  /** An in-memory clipboard: a seam, recording every operation in order. */
  function memoryClipboard(initial: string) {
    const log: string[] = [];
    let value = initial;
    const io: ClipboardIO = {
      read: async () => (log.push(`read:${value}`), value),
      write: async (t) => void (log.push(`write:${t}`), (value = t)),
    };
    return { io, log, get value() { return value; } };
  }

  it('serialises users and restores the writer\'s text after each', async () => {
    const clip = memoryClipboard('writer text');
    const broker = new ClipboardBroker(clip.io);
    const order: string[] = [];
    await Promise.all(
      ['a', 'b'].map((name) =>
        broker.exclusive(async (io) => {
          order.push(`${name}:start`);
          await io.write(name);
          await new Promise((r) => setTimeout(r, 20));
          expect(await io.read()).toBe(name); // nobody else wrote in between
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
    await broker.settled();
    expect(clip.value).toBe('writer text');
    // Each user found the writer's text and left it there.
    expect(clip.log).toEqual(['read:writer text', 'write:a', 'read:a', 'write:writer text', 'read:writer text', 'write:b', 'read:b', 'write:writer text']);
  });

  it('restores even when the work fails, and releases the lock', async () => {
    const clip = memoryClipboard('keep me');
    const broker = new ClipboardBroker(clip.io);
    await expect(broker.exclusive(async (io) => { await io.write('x'); throw new Error('boom'); })).rejects.toThrow('boom');
    await broker.settled();
    expect(clip.value).toBe('keep me');
    expect(await broker.exclusive(async () => 'next')).toBe('next');
  });

  it('uses the OS tools: pbcopy/pbpaste on macOS, xsel on X11, wl-copy/wl-paste on Wayland', () => {
    expect(clipboardCommands('darwin', {})).toEqual({ copy: ['pbcopy'], paste: ['pbpaste'], env: { LC_CTYPE: 'UTF-8' } });
    expect(clipboardCommands('linux', { DISPLAY: ':0' }).copy).toEqual(['xsel', '--clipboard', '--input']);
    expect(clipboardCommands('linux', { WAYLAND_DISPLAY: 'wayland-0' }).paste).toEqual(['wl-paste', '--no-newline']);
  });

  it('says which tool is missing', async () => {
    const clip = osClipboard('linux', { WAYLAND_DISPLAY: 'wayland-nope' });
    await expect(clip.read()).rejects.toThrow(/wl-paste could not be run/);
  });

  it('never hangs on a clipboard tool, and a tool that quits before reading its input is a plain failure', async () => {
    // Stand-ins on PATH: a reader that never answers (an X11 selection owner that does not), a
    // writer that closes its input unread and fails (the text is more than the pipe holds: EPIPE).
    const bin = tempDir();
    fs.writeFileSync(path.join(bin, 'wl-paste'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'wl-copy'), '#!/bin/sh\nexec 0<&-\nsleep 0.3\nexit 3\n', { mode: 0o755 });
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}:${oldPath}`;
    try {
      const clip = osClipboard('linux', { WAYLAND_DISPLAY: 'wayland-stand-in' });
      const started = Date.now();
      await expect(clip.read()).rejects.toThrow('wl-paste did not answer within 5 s');
      expect(Date.now() - started).toBeLessThan(8000);
      await expect(clip.write('x'.repeat(1 << 20))).rejects.toThrow('wl-copy failed (exit 3)');
    } finally {
      process.env.PATH = oldPath;
    }
  }, 20_000);

  it('a reader that never hears back from the owner is replaced by a new one, which gets the text (xsel under load)', async () => {
    // A stand-in xsel whose first reader hangs, as `xsel --output` did in 6 of 1,500 reads beside
    // a test run, and whose later readers answer; writes are kept in a file.
    const bin = tempDir();
    const state = path.join(bin, 'clip');
    fs.writeFileSync(
      path.join(bin, 'xsel'),
      `#!/bin/sh
case "$2" in
--input) cat > '${state}' ;;
--output) if [ ! -e '${state}.hung' ]; then touch '${state}.hung'; exec sleep 60; fi; cat '${state}' ;;
esac
`,
      { mode: 0o755 },
    );
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}:${oldPath}`;
    try {
      const clip = osClipboard('linux', { DISPLAY: ':stand-in' });
      const started = Date.now();
      await clip.write('after a hung reader');
      expect(await clip.read()).toBe('after a hung reader');
      expect(fs.existsSync(`${state}.hung`)).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000); // the write's 2 s read-back did not run out
    } finally {
      process.env.PATH = oldPath;
    }
  });

  it('a write is on the clipboard when it returns (xsel hands the text to a child that takes the selection later)', async () => {
    for (let i = 0; i < 20; i++) {
      const text = `write ${i} ${Date.now()}`;
      await systemClipboard.write(text);
      expect(await systemClipboard.read()).toBe(text);
    }
    await systemClipboard.write('');
    expect(await systemClipboard.read()).toBe('');
  });

  it('round-trips text through the real system clipboard', async () => {
    const text = `publish clipboard check ✓ ${Date.now()}\nsecond line`;
    await systemClipboard.write(text);
    expect(await systemClipboard.read()).toBe(text);
  });
});

describe('code cache for Playwright', () => {
  // A stand-in for Node's Module: the hook is installed on it, not on the real one.
  const fakeModules = () => {
    const plain: string[] = [];
    const api: ModuleInternals = {
      prototype: { exports: {}, _compile: (_content: string, filename: string) => plain.push(filename) },
      wrap: (content) => `(function (exports, require, module, __filename, __dirname) { ${content}\n});`,
    };
    const load = (filename: string, content: string) => {
      const mod = { exports: {} as Record<string, unknown>, _compile: api.prototype._compile };
      api.prototype._compile.call(mod, content, filename);
      return mod.exports;
    };
    return { api, plain, load };
  };
  const bundle = (root: string) => {
    const file = path.join(root, 'node_modules', 'playwright-core', 'lib', 'coreBundle.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const content = `module.exports.answer = 6 * 7; module.exports.dir = __dirname; module.exports.path = require('node:path').sep;`;
    fs.writeFileSync(file, content);
    return { file, content };
  };

  it('compiles the bundles from a private cache, fills it once, and leaves other modules alone', () => {
    const root = tempDir();
    const dir = path.join(root, 'code-cache');
    const { api, plain, load } = fakeModules();
    cacheCompiledCode(dir, api);
    cacheCompiledCode(path.join(root, 'elsewhere'), api); // once per Module: the first directory stays
    const { file, content } = bundle(root);
    expect(load(file, content)).toEqual({ answer: 42, dir: path.dirname(file), path: path.sep });
    const [cached, ...more] = fs.readdirSync(dir);
    expect(more).toEqual([]);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, cached!)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(root, 'elsewhere'))).toBe(false);
    // The second load takes the cache as it is: nothing is written again (a write is a rename, a new inode).
    const before = fs.statSync(path.join(dir, cached!)).ino;
    expect(load(file, content)).toMatchObject({ answer: 42 });
    expect(fs.statSync(path.join(dir, cached!)).ino).toBe(before);
    // Any other module goes through Node's own compile.
    load(path.join(root, 'node_modules', 'other', 'index.js'), 'module.exports = 1');
    expect(plain).toEqual([path.join(root, 'node_modules', 'other', 'index.js')]);
  });

  it('runs without a cache it cannot write', () => {
    const root = tempDir();
    const { file, content } = bundle(root);
    // A file where the directory should be: nothing is cached, the module still loads.
    const blocked = path.join(root, 'blocked');
    fs.writeFileSync(blocked, '');
    const { api, load } = fakeModules();
    cacheCompiledCode(blocked, api);
    expect(load(file, content)).toMatchObject({ answer: 42 });
    expect(fs.statSync(blocked).isFile()).toBe(true);
  });

  it("uses Node's own compile cache where there is one (Node 22)", () => {
    const enabled: string[] = [];
    const { api } = fakeModules();
    const compile = api.prototype._compile;
    cacheCompiledCode('/cache', { ...api, enableCompileCache: (dir: string) => enabled.push(dir) });
    expect(enabled).toEqual(['/cache']);
    expect(api.prototype._compile).toBe(compile);
  });

  // In processes of their own: the hook patches Node's Module, and V8 consults a cache only for
  // code this process has not compiled already.
  it('loads the real Playwright through it, then from the cache, and replaces a cache V8 refuses', async () => {
    const dir = path.join(tempDir(), 'code-cache');
    const script = `import { cacheCompiledCode } from ${JSON.stringify(pathToFileURL(path.resolve('dist/browser/code-cache.js')).href)};
      import { createRequire } from 'node:module';
      cacheCompiledCode(process.argv[1]);
      console.log(typeof createRequire(import.meta.url)('playwright').chromium.launchPersistentContext);`;
    const run = () => execFileSync(process.execPath, ['--input-type=module', '-e', script, dir], { encoding: 'utf8' }).trim();
    const inodes = () => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).ino]));
    expect(run()).toBe('function');
    const filled = inodes();
    expect(Object.keys(filled)).toHaveLength(2); // coreBundle.js and utilsBundle.js
    expect(run()).toBe('function');
    expect(inodes()).toEqual(filled);
    const [damaged, kept] = Object.keys(filled) as [string, string];
    fs.writeFileSync(path.join(dir, damaged), 'not V8 code');
    expect(run()).toBe('function');
    expect(fs.statSync(path.join(dir, damaged)).size).toBeGreaterThan(100_000);
    expect(inodes()[kept]).toBe(filled[kept]);
  });
});
