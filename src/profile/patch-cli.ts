/**
 * For people who drive editors from `@playwright/cli` (`playwright-cli open --profile DIR`):
 * that CLI launches Chrome with Playwright's default switches, which make a cloned profile's
 * cookies undecryptable (see launch-flags.ts), and it has no option to drop them. This patches
 * its bundled playwright-core in place, reversibly:
 *   "--use-mock-keychain"      -> "--use-real-keychain"      (an unknown switch: Chrome ignores it)
 *   "--password-store=basic"   -> "--password-store=keychain" (not a Linux store name: Chrome
 *                                                               falls back to detecting the desktop's)
 * Both are the switch list's own string literals in lib/coreBundle.js (checked on
 * playwright-core 1.64 and 1.65), so the bundle keeps its shape.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputError } from '../errors.js';

const SWAPS: [from: string, to: string][] = [
  ['"--use-mock-keychain"', '"--use-real-keychain"'],
  ['"--password-store=basic"', '"--password-store=keychain"'],
];

const BUNDLE = path.join('node_modules', 'playwright-core', 'lib', 'coreBundle.js');

export type PatchStatus = 'patched' | 'already-patched' | 'restored' | 'not-patched';

export interface PatchResult {
  bundle: string;
  status: PatchStatus;
  backup: string;
}

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  homedir: string;
  platform: NodeJS.Platform;
}

const defaultEnvironment = (): CliEnvironment => ({ env: process.env, homedir: os.homedir(), platform: process.platform });

/** npm's cache folder, where `npx` installs packages it runs (`<cache>/_npx/<hash>/`). */
export function npmCacheDir(e: CliEnvironment = defaultEnvironment()): string {
  if (e.env.npm_config_cache) return e.env.npm_config_cache;
  if (e.platform === 'win32') return path.join(e.env.LOCALAPPDATA ?? path.join(e.homedir, 'AppData', 'Local'), 'npm-cache');
  return path.join(e.homedir, '.npm');
}

/** The playwright-core bundles that belong to an @playwright/cli: in the npx cache, then on PATH. */
export function findCliBundles(e: CliEnvironment = defaultEnvironment()): string[] {
  const found = new Set<string>();
  const npx = path.join(npmCacheDir(e), '_npx');
  for (const hash of safeReaddir(npx)) {
    const root = path.join(npx, hash);
    if (fs.existsSync(path.join(root, 'node_modules', '@playwright', 'cli')) && fs.existsSync(path.join(root, BUNDLE))) found.add(path.join(root, BUNDLE));
  }
  const bin = e.platform === 'win32' ? ['playwright-cli.cmd', 'playwright-cli'] : ['playwright-cli'];
  for (const dir of (e.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of bin) {
      let real: string;
      try {
        real = fs.realpathSync(path.join(dir, name));
      } catch {
        continue;
      }
      // .../node_modules/@playwright/cli/playwright-cli.js: its playwright-core is nested or hoisted.
      for (let d = path.dirname(real); d !== path.dirname(d); d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, BUNDLE))) {
          found.add(path.join(d, BUNDLE));
          break;
        }
      }
    }
  }
  return [...found];
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function writeKeepingMode(file: string, text: string): void {
  const tmp = `${file}.publish-tmp`;
  const mode = fs.statSync(file).mode & 0o777;
  fs.writeFileSync(tmp, text, { mode });
  // Another program's file keeps its own mode, whatever publish's private umask says.
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

/** Swaps the switches; writes `<bundle>.bak` the first time. Running it again changes nothing. */
export function patchBundle(bundle: string): PatchResult {
  const backup = `${bundle}.bak`;
  const text = readBundle(bundle);
  const unpatched = SWAPS.filter(([from]) => text.includes(from));
  if (unpatched.length === 0) {
    if (SWAPS.every(([, to]) => text.includes(to))) return { bundle, status: 'already-patched', backup };
    throw inputError(`${bundle} does not contain Playwright's Chrome switch list ("--use-mock-keychain", "--password-store=basic").`, 'Is this a playwright-core lib/coreBundle.js? Newer versions may have moved it; pass the right file with --bundle.');
  }
  if (!fs.existsSync(backup)) fs.copyFileSync(bundle, backup);
  let patched = text;
  for (const [from, to] of SWAPS) patched = patched.split(from).join(to);
  writeKeepingMode(bundle, patched);
  return { bundle, status: 'patched', backup };
}

/** Puts the original bytes back from `<bundle>.bak` and removes the backup. */
export function restoreBundle(bundle: string): PatchResult {
  const backup = `${bundle}.bak`;
  if (!fs.existsSync(backup)) {
    const text = readBundle(bundle);
    if (SWAPS.some(([, to]) => text.includes(to))) {
      throw inputError(`${bundle} is patched but its backup ${backup} is gone.`, 'Reinstall the package (e.g. clear the npx cache entry) to get the original back.');
    }
    return { bundle, status: 'not-patched', backup };
  }
  const tmp = `${bundle}.publish-tmp`;
  fs.copyFileSync(backup, tmp);
  fs.renameSync(tmp, bundle);
  fs.rmSync(backup);
  return { bundle, status: 'restored', backup };
}

function readBundle(bundle: string): string {
  try {
    return fs.readFileSync(bundle, 'utf8');
  } catch (error) {
    throw inputError(`Cannot read ${bundle}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'Pass the path of playwright-core/lib/coreBundle.js with --bundle.');
  }
}
