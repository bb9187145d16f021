/**
 * `publish profile patch-cli` on a copy of the real playwright-core bundle this project installs,
 * through the built binary; and how it finds @playwright/cli's bundle (npx cache, PATH).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { findCliBundles, npmCacheDir } from '../src/profile/patch-cli.js';
import { repoRoot, tempDir } from './helpers.js';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const realBundle = path.join(path.dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'lib', 'coreBundle.js');

function publish(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('publish profile patch-cli', () => {
  it('patches once with a backup, changes nothing the second time, and --restore gives the original bytes back', () => {
    const bundle = path.join(tempDir(), 'coreBundle.js');
    fs.copyFileSync(realBundle, bundle);
    fs.chmodSync(bundle, 0o640);
    const original = fs.readFileSync(bundle);
    expect(original.includes('"--use-mock-keychain"')).toBe(true);

    const first = publish(['profile', 'patch-cli', '--bundle', bundle, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([{ bundle, status: 'patched', backup: `${bundle}.bak` }]);
    const patched = fs.readFileSync(bundle, 'utf8');
    expect(patched).not.toContain('"--use-mock-keychain"');
    expect(patched).not.toContain('"--password-store=basic"');
    expect(patched).toContain('"--use-real-keychain"');
    expect(patched).toContain('"--password-store=keychain"');
    expect(fs.readFileSync(`${bundle}.bak`).equals(original)).toBe(true);
    expect(fs.statSync(bundle).mode & 0o777).toBe(0o640);

    const second = publish(['profile', 'patch-cli', '--bundle', bundle]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^already-patched/);
    expect(fs.readFileSync(bundle, 'utf8')).toBe(patched);
    expect(fs.readFileSync(`${bundle}.bak`).equals(original)).toBe(true);

    const restored = publish(['profile', 'patch-cli', '--bundle', bundle, '--restore']);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^restored/);
    expect(fs.readFileSync(bundle).equals(original)).toBe(true);
    expect(fs.existsSync(`${bundle}.bak`)).toBe(false);
  });

  it('refuses a file that is not a Playwright bundle, and a missing one, with exit 2', () => {
    const other = path.join(tempDir(), 'other.js');
    fs.writeFileSync(other, 'console.log(1)\n');
    const r = publish(['profile', 'patch-cli', '--bundle', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("does not contain Playwright's Chrome switch list");
    expect(fs.readFileSync(other, 'utf8')).toBe('console.log(1)\n');
    expect(fs.existsSync(`${other}.bak`)).toBe(false);
    const missing = publish(['profile', 'patch-cli', '--bundle', path.join(tempDir(), 'nope.js')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.js: ENOENT/);
  });

  it('finds the bundle of an npx-cached @playwright/cli and of one on PATH, not of other npx packages', () => {
    const home = tempDir();
    const cache = path.join(home, 'cache');
    const install = (root: string, withCli: boolean) => {
      fs.mkdirSync(path.join(root, 'node_modules', 'playwright-core', 'lib'), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules', 'playwright-core', 'lib', 'coreBundle.js'), '"--use-mock-keychain"');
      if (withCli) {
        fs.mkdirSync(path.join(root, 'node_modules', '@playwright', 'cli'), { recursive: true });
        fs.writeFileSync(path.join(root, 'node_modules', '@playwright', 'cli', 'playwright-cli.js'), '');
      }
    };
    install(path.join(cache, '_npx', 'aaa'), true);
    install(path.join(cache, '_npx', 'bbb'), false); // e.g. `npx playwright test`: left alone
    const global = path.join(home, 'global');
    install(global, true);
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(global, 'node_modules', '@playwright', 'cli', 'playwright-cli.js'), path.join(bin, 'playwright-cli'));

    const env = { npm_config_cache: cache, PATH: [path.join(home, 'empty'), bin].join(path.delimiter) };
    expect(findCliBundles({ env, homedir: home, platform: 'linux' }).map((f) => path.relative(home, f))).toEqual([
      path.join('cache', '_npx', 'aaa', 'node_modules', 'playwright-core', 'lib', 'coreBundle.js'),
      path.join('global', 'node_modules', 'playwright-core', 'lib', 'coreBundle.js'),
    ]);
    expect(npmCacheDir({ env: {}, homedir: '/Users/w', platform: 'darwin' })).toBe('/Users/w/.npm');
    expect(npmCacheDir({ env: { LOCALAPPDATA: 'C:\\Users\\w\\AppData\\Local' }, homedir: 'C:\\Users\\w', platform: 'win32' })).toBe(path.join('C:\\Users\\w\\AppData\\Local', 'npm-cache'));
  });
});
