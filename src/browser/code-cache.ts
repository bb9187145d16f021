/**
 * Loading Playwright costs every run about 0.35 s before the browser can start, most of it V8
 * compiling its two 3.5 MB bundles (playwright-core 1.65 `lib/coreBundle.js` and
 * `lib/utilsBundle.js`; a CPU profile of `require('playwright')` shows 140 of 410 ms in Node's
 * `wrapSafe`). V8 can keep the compiled code (`vm.Script` `cachedData`); Node 22 does this for
 * every module with `module.enableCompileCache`, Node 20 has no such switch. So on Node 20 the
 * two bundles are compiled here, from a cache kept in the data directory (0700, files 0600: code
 * the process runs is kept where only the writer can write). Measured on the 2-core machine:
 * `require('playwright')` 0.33–0.50 s without, 0.23–0.28 s with.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { PRIVATE_DIR, writePrivateFile } from '../home.js';

/** The files worth caching: each is megabytes of code that every run compiles. */
const BUNDLE = /[\\/]playwright-core[\\/]lib[\\/](?:core|utils)Bundle\.js$/;

interface NodeModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}
export interface ModuleInternals {
  prototype: NodeModule;
  wrap(content: string): string;
  enableCompileCache?: (dir: string) => unknown;
}

const installed = new WeakSet<ModuleInternals>();

/**
 * Makes the next `require('playwright')` compile from (and fill) the code cache in `dir`. Safe to
 * call more than once; a cache that cannot be read or written only means compiling as before,
 * and one V8 refuses (another Node, another V8 flag set, a damaged file) is written anew.
 */
export function cacheCompiledCode(dir: string, api: ModuleInternals = Module as unknown as ModuleInternals): void {
  if (installed.has(api)) return;
  installed.add(api);
  if (api.enableCompileCache) {
    // Node writes its cache files itself: private too, under the CLI's 0077 umask (cli.ts).
    api.enableCompileCache(dir);
    return;
  }
  // Without it, an import() inside a cached bundle would have no loader to use (Node < 20.12).
  const mainLoader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!mainLoader) return;
  const compile = api.prototype._compile;
  api.prototype._compile = function (this: NodeModule, content: string, filename: string) {
    if (!BUNDLE.test(filename)) return compile.call(this, content, filename);
    const file = path.join(dir, cacheKey(filename));
    const cachedData = readCache(file);
    const script = new vm.Script(api.wrap(content), { filename, cachedData, importModuleDynamically: mainLoader });
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const result = run.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
    // Written after the module ran: the cache then holds the functions its start-up compiled too.
    if (!cachedData || script.cachedDataRejected) writeCache(dir, file, script.createCachedData());
    return result;
  };
}

/**
 * One cache file per Node version and bundle file: an upgraded Playwright (another size or time)
 * gets a new one. The file's stat, not its content: hashing 3.5 MB costs 10 ms, a third of what
 * the cache saves on it; V8 checks the source's length against the cache itself as well.
 */
function cacheKey(filename: string): string {
  let stamp = '';
  try {
    const stat = fs.statSync(filename);
    stamp = `${stat.size}\0${stat.mtimeMs}\0${stat.ino}`;
  } catch {
    // Read a moment ago by require; without a stamp the key is still the file and Node's.
  }
  return crypto.createHash('sha256').update(`${process.version}\0${process.arch}\0${filename}\0${stamp}`).digest('hex').slice(0, 32);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, file: string, data: Buffer): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
    writePrivateFile(file, data); // a run starting meanwhile reads the old file or the new one
  } catch {
    // A read-only or full disk: the next run compiles again, nothing else changes.
  }
}
