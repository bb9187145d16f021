/** `publish sandbox`: serve the imitation platforms until interrupted. */
import { PublishError, inputError } from '../errors.js';
import { dataPaths, ensurePrivateDir, resolveDataDir } from '../home.js';
import { resolveBrowser } from '../browser/executable.js';
import { parseFaultSpecs, startSandbox, type Sandbox } from '../sandbox/server.js';
import { signInProfile, writeSandboxConfig, OFFLINE_BROWSER_ARGS } from '../sandbox/login.js';
import type { Flags, Io } from '../cli.js';

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw inputError(`--port must be a number from 0 to 65535 (got "${value}").`);
  return port;
}

export async function startSandboxOrExplain(port: number, latency = 0, feedLag = 0): Promise<Sandbox> {
  try {
    return await startSandbox({ port, latency, feedLag });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PublishError('CONFIG', `Port ${port} (or the one after it) is already in use.`, { hint: 'Pass --port with another number, or --port 0 for any free ports.' });
    }
    throw error;
  }
}

function milliseconds(value: string | undefined, flag: string): number {
  const ms = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw inputError(`${flag} must be a whole number of milliseconds (got "${value}").`);
  return ms;
}

export async function sandboxCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const port = parsePort(flags.port, 4300);
  let faults;
  try {
    faults = parseFaultSpecs(flags.fault ?? []);
  } catch (error) {
    throw inputError((error as Error).message);
  }
  const latency = milliseconds(flags.latency, '--latency');
  const feedLag = milliseconds(flags['feed-lag'], '--feed-lag');
  const sandbox = await startSandboxOrExplain(port, latency, feedLag);
  try {
    for (const [platform, f] of Object.entries(faults)) sandbox.setFaults(platform, f);
    let configFile: string | undefined;
    if (flags['write-config']) {
      const profile = dataPaths(ensurePrivateDir(resolveDataDir(flags.home))).sandboxProfile;
      io.stderr(`Signing a browser profile in to the sandbox (${profile})...\n`);
      await signInProfile({ profileDir: profile, origins: sandbox.origins, browser: resolveBrowser(), args: OFFLINE_BROWSER_ARGS });
      configFile = flags['write-config'];
      writeSandboxConfig(configFile, sandbox.origins, profile);
    }
    if (flags.json) {
      io.stdout(`${JSON.stringify({ origins: sandbox.origins, config: configFile ?? null, faults })}\n`);
    } else {
      for (const [id, origin] of Object.entries(sandbox.origins)) io.stdout(`${id.padEnd(8)} ${origin}\n`);
      if (configFile) io.stdout(`\nConfig written to ${configFile}. Try:\n  publish drafts/example.md --to ${Object.keys(sandbox.origins).join(',')} --config ${configFile}\n`);
      io.stdout('\nServing until interrupted (Ctrl+C).\n');
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    return 0;
  } finally {
    await sandbox.close();
  }
}
