/**
 * Never twice, also across processes. Before a platform's editor opens, the run claims the pair
 * (draft file, platform, origin) with a file created exclusively (O_EXCL) in a per-user folder
 * that every data directory shares, so two runs with two homes or two browser profiles still see
 * each other. A second run reports "being published by another run (pid N)". A claim whose process
 * is gone (a crash, kill -9) is taken over; the ledger then settles that run's outcome as usual.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../home.js';

export interface Claim {
  release(): void;
}

/** `$XDG_RUNTIME_DIR/publish-claims`, else `<tmp>/publish-<uid>/claims`: per user, shared by every --home. */
export function claimsDir(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime) && fs.existsSync(runtime)) return path.join(runtime, 'publish-claims');
  return path.join(os.tmpdir(), `publish-${process.getuid?.() ?? 'user'}`, 'claims');
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function holder(file: string): number | undefined {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number }).pid;
  } catch {
    return undefined; // being written, or half-written by a run that died: treat as gone
  }
}

/**
 * Claims (draft, platform, origin) for this process. Returns the claim, or the pid of the live
 * run that holds it.
 */
export function claim(key: { draft: string; platform: string; origin: string }, dir = claimsDir()): Claim | { busyPid: number } {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const id = crypto.createHash('sha256').update(`${key.draft}\0${key.platform}\0${new URL(key.origin).origin}`).digest('hex').slice(0, 32);
  const file = path.join(dir, `${id}.json`);
  const content = JSON.stringify({ pid: process.pid, at: new Date().toISOString(), draft: key.draft, platform: key.platform });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', PRIVATE_FILE);
      fs.writeSync(fd, content);
      fs.closeSync(fd);
      return {
        release: () => {
          if (holder(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = fs.statSync(file, { throwIfNoEntry: false });
    const pid = holder(file);
    if (pid !== undefined && pid !== process.pid && alive(pid)) return { busyPid: pid };
    if (pid === undefined) {
      // Just created by another run that has not written its pid yet: give it a moment.
      const since = Date.now() - (seen?.mtimeMs ?? 0);
      if (since < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
    }
    // Its run is gone: take it over. Remove only the file that was read (same inode), not a claim
    // another taker made in between; then the exclusive create above decides between takers.
    if (seen && fs.statSync(file, { throwIfNoEntry: false })?.ino === seen.ino) fs.rmSync(file, { force: true });
  }
  const pid = holder(file);
  return { busyPid: pid ?? 0 };
}
