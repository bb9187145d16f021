/** Fixtures shared by the tests: temp dirs, a signed-in sandbox profile, draft files. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { publishDraft, type PlatformResult } from '../src/pipeline/publish.js';
import { silentLogger } from '../src/log.js';
import { resolveBrowser } from '../src/browser/executable.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { OFFLINE_BROWSER_ARGS, sandboxConfig, signInProfile } from '../src/sandbox/login.js';
import { parseConfig, type Config } from '../src/config.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A temp directory removed after the test. */
export function tempDir(prefix = 'publish-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeDraft(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export const repoRoot = path.resolve(import.meta.dirname, '..');
/** The built CLI (`npm test` builds first). */
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/**
 * Runs the built CLI in a child process without blocking this one (a sandbox serving from this
 * process must keep answering). Resolves with the exit status or the killing signal, and output.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}
export const exampleDraft = path.join(repoRoot, 'drafts', 'example.md');

export interface SandboxFixture {
  sandbox: Sandbox;
  home: string;
  config: Config;
}

/** A running sandbox, a temp home, and a browser profile signed in to it through its login page. */
export async function signedInSandbox(): Promise<SandboxFixture> {
  const sandbox = await startSandbox();
  cleanups.push(() => sandbox.close());
  const home = tempDir();
  const profile = path.join(home, 'sandbox-profile');
  await signInProfile({ profileDir: profile, origins: sandbox.origins, browser: resolveBrowser(), args: OFFLINE_BROWSER_ARGS });
  return { sandbox, home, config: parseConfig(sandboxConfig(sandbox.origins, profile), 'test', home) };
}

export function draftText(front: Record<string, unknown> | string, body = '# Hello\n\nBody text.\n'): string {
  const yaml = typeof front === 'string' ? front : Object.entries(front).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
  return `---\n${yaml}\n---\n${body}`;
}

/** A real PNG of `w` x `h` pixels in one colour (so a browser shows it: naturalWidth > 0). */
export function pngBytes(w: number, h: number, rgb: [number, number, number] = [200, 60, 40], noise = 0): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      // `noise` > 0: pseudo-random pixels, so the file does not compress (for size limits).
      const v = noise ? (x * 7919 + y * 104729 + noise) % 251 : 0;
      row[1 + x * 3] = (rgb[0] + v) & 255;
      row[2 + x * 3] = (rgb[1] + v * 3) & 255;
      row[3 + x * 3] = (rgb[2] + v * 5) & 255;
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * One sandbox (of `platforms`, default all) and one browser profile signed in to it, for a whole
 * test file (started in beforeAll, closed in afterAll); `run` publishes in-process to it.
 */
export function fileSandbox(platforms?: string[]) {
  let sandbox: Sandbox;
  let root = '';
  let profile = '';
  beforeAll(async () => {
    sandbox = await startSandbox({ platforms });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-file-'));
    profile = path.join(root, 'profile');
    await signInProfile({ profileDir: profile, origins: sandbox.origins, browser: resolveBrowser(), args: OFFLINE_BROWSER_ARGS });
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const config = (): Config => ({ ...parseConfig(sandboxConfig(sandbox.origins, profile), 'test', root), feedWait: 0 });
  return {
    get sandbox() {
      return sandbox;
    },
    /** A config file for the CLI pointing at this sandbox and profile (plus `extra`). */
    configFile(extra: Record<string, unknown> = {}): string {
      const file = path.join(tempDir(), 'config.json');
      fs.writeFileSync(file, JSON.stringify({ ...sandboxConfig(sandbox.origins, profile), feedWait: 0, ...extra }));
      return file;
    },
    config,
    /** Publishes `draft` to `to` with a fresh (or the given) data directory; results by platform. */
    async run(draft: string, to: string[], home = tempDir()): Promise<{ home: string; r: Record<string, PlatformResult> }> {
      const results = await publishDraft({ draft, to, config: config(), dataDir: home, log: silentLogger });
      return { home, r: Object.fromEntries(results.map((x) => [x.platform, x])) };
    },
  };
}
