#!/usr/bin/env node
/**
 * `npm run demo` on a fresh machine: install whatever is missing (npm packages, a build, and on
 * Debian as root the system packages), then run `publish demo` against the built-in sandbox.
 * Plain Node on purpose: this runs before any npm package (zx included) is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stderr.write(`demo: ${m}\n`);
const run = (cmd, args, opts = {}) => {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    say(`"${[cmd, ...args].join(' ')}" failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

// 1. Node itself.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  say(`Node ${process.versions.node} is too old: publish needs Node 20.19 or newer.`);
  process.exit(1);
}

// 2. npm packages (better-sqlite3 compiles from source where no prebuilt binary fits: ~2 minutes).
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const missing = deps.filter((d) => !fs.existsSync(path.join(root, 'node_modules', d, 'package.json')));
const sqliteLoads = () => spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:')"], { cwd: root, stdio: 'ignore' }).status === 0;
if (missing.length > 0) {
  say(`installing npm packages (missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})`);
  // npm 11 may refuse its own lock file in `npm ci` (other platforms' optional packages left
  // out); `npm install` still honours the locked versions.
  const ci = fs.existsSync(path.join(root, 'package-lock.json')) && spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['inherit', 'inherit', 'ignore'] }).status === 0;
  if (!ci) {
    say('npm ci refused the lock file; using npm install (it keeps the locked versions)');
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
} else if (!sqliteLoads()) {
  say('better-sqlite3 does not load for this Node; rebuilding it');
  run('npm', ['rebuild', 'better-sqlite3']);
}

// 3. System packages on Linux: a Chromium, a display for the headed window, an X clipboard tool.
if (process.platform === 'linux') {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'].some((p) => fs.existsSync(p));
  const needs = [];
  if (!chromium) needs.push('chromium');
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !has('Xvfb')) needs.push('xvfb');
  if (!has('xsel') && !has('wl-copy')) needs.push('xsel');
  if (needs.length > 0) {
    const isRoot = process.getuid?.() === 0;
    if (isRoot && has('apt-get')) {
      say(`installing system packages: ${needs.join(' ')}`);
      run('apt-get', ['update', '-qq']);
      run('apt-get', ['install', '-y', '-qq', ...needs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } else {
      say(`missing system packages: ${needs.join(', ')}. Install them, then run "npm run demo" again:`);
      say(`  sudo apt-get install -y ${needs.join(' ')}`);
      process.exit(1);
    }
  }
}

// 4. A build that is current with the sources.
const newest = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((t, e) => (e.isFile() ? Math.max(t, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs) : t), 0);
const cli = path.join(root, 'dist', 'cli.js');
if (!fs.existsSync(cli) || newest(path.join(root, 'src')) > fs.statSync(cli).mtimeMs) {
  say('building');
  run('npm', ['run', '--silent', 'build']);
}

// 5. The demo itself.
const result = spawnSync(process.execPath, [cli, 'demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
