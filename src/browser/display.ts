/**
 * The session is headed (the OS clipboard only exists for headed Chrome). On a Linux machine
 * without a display (CI, a server, ssh) we start a private Xvfb and point DISPLAY at it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PublishError } from '../errors.js';

export interface Display {
  /** The DISPLAY value in use. */
  display?: string;
  /** Stops the Xvfb we started, if any. */
  stop(): Promise<void>;
}

export interface DisplayEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  spawnXvfb?: () => ChildProcess;
}

const needsX = (e: DisplayEnv) => e.platform === 'linux' && !e.env.DISPLAY && !e.env.WAYLAND_DISPLAY;

/** Ensures a display exists; sets `env.DISPLAY` when it starts Xvfb. */
export async function ensureDisplay(e: DisplayEnv = { platform: process.platform, env: process.env }): Promise<Display> {
  if (!needsX(e)) return { display: e.env.DISPLAY, stop: async () => {} };
  // -displayfd makes Xvfb pick a free display number and write it to fd 3: no races.
  const child = (e.spawnXvfb ?? (() => spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1366x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })))();
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdio[3]?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new PublishError('ENVIRONMENT', 'There is no display to open the browser window on, and Xvfb could not be started.', {
          hint: error.code === 'ENOENT' ? 'Install it (Debian/Ubuntu: sudo apt-get install xvfb) or run inside a desktop session.' : error.message,
        }),
      ),
    );
    child.once('exit', (code) => reject(new PublishError('ENVIRONMENT', `Xvfb exited (${code}) before it was ready: ${err.trim().split('\n').pop() ?? ''}`)));
  });
  child.removeAllListeners('exit');
  child.unref();
  const display = `:${number}`;
  e.env.DISPLAY = display;
  return {
    display,
    stop: async () => {
      if (e.env.DISPLAY === display) delete e.env.DISPLAY;
      if (child.exitCode !== null) return;
      // Hold the event loop open until Xvfb is gone (the child was unref'd while in use).
      child.ref();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
