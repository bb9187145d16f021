/** Fixtures shared by the tests: temp dirs, a signed-in sandbox profile, draft files. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
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
