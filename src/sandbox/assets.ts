/** Bundles a sandbox page's browser code (editor libraries from node_modules) with esbuild, once. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where node_modules lives), from src/ or dist/ alike. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the publish package root');
    dir = up;
  }
  return dir;
}

const cache = new Map<string, Promise<string>>();

/** Returns the bundled IIFE for `source` (an ES module that imports npm packages). */
export function bundle(name: string, source: string): Promise<string> {
  let built = cache.get(name);
  if (!built) {
    built = (async () => {
      const esbuild = await import('esbuild');
      const result = await esbuild.build({
        stdin: { contents: source, resolveDir: packageRoot(), sourcefile: `${name}.js`, loader: 'js' },
        bundle: true,
        format: 'iife',
        minify: true,
        write: false,
        target: 'chrome120',
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    })();
    cache.set(name, built);
    built.catch(() => cache.delete(name));
  }
  return built;
}
