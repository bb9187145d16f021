/** One run at a time: an O_EXCL lock file naming its holder; a holder that died leaves it stale. */
import fs from 'node:fs';
import os from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export type Lock = { ok: true; release(): void } | { ok: false; holder: LockHolder };

function alive(h: LockHolder): boolean {
  if (h.host !== os.hostname()) return true; // another machine's run: assume it is going
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(file: string): Lock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() } satisfies LockHolder));
      fs.closeSync(fd);
      return { ok: true, release: () => fs.rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    } catch {
      holder = undefined; // being written right now, or garbage
    }
    if (holder && alive(holder)) return { ok: false, holder };
    if (!holder && attempt === 0) {
      // A lock file caught half-written belongs to a run that is starting: give it a moment.
      const fresh = Date.now() - fs.statSync(file).mtimeMs < 2000;
      if (fresh) return { ok: false, holder: { pid: 0, host: os.hostname(), startedAt: 'just now' } };
    }
    fs.rmSync(file, { force: true }); // stale: its run died
  }
  throw new Error(`could not take the lock ${file}`);
}
