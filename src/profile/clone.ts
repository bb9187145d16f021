/**
 * Clones one profile of the writer's daily Chrome into a private automation user-data-dir.
 * Chrome 136+ ignores remote debugging on its default directory, so automation needs a copy.
 *
 * - Only reads the source (read-only SQLite connections; no lock files).
 * - The live databases (Cookies, Login Data, Web Data) are copied with SQLite's online backup
 *   API, which gives a consistent copy while Chrome writes; everything else file by file.
 * - Caches and per-session state are skipped; they are regenerated (and some are harmful).
 * - Later runs are incremental: files whose size and mtime did not change are not copied again
 *   (for Login Data and Web Data, counting their write-ahead log); files gone at the source go
 *   from the clone; cookies are always refreshed.
 * - Every input is checked before anything is written, and each file lands by rename, so a
 *   failed clone leaves the previous one usable.
 */
import { PRIVATE_FILE, writePrivateFile } from '../home.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PublishError, inputError } from '../errors.js';
import { findProfile, type ProfileInfo } from './discover.js';

/** Names skipped at any depth: regenerable caches and per-session or lock state. */
export const SKIPPED_NAMES = new Set([
  'Cache', 'Code Cache', 'GPUCache', 'ShaderCache', 'GrShaderCache', 'GraphiteDawnCache', 'DawnCache', 'DawnGraphiteCache',
  'DawnWebGPUCache', 'CacheStorage', 'ScriptCache', 'component_crx_cache', 'extensions_crx_cache', 'Sessions', 'Session Storage',
  'File System', 'blob_storage', 'Crashpad', 'BrowserMetrics', 'Safe Browsing', 'optimization_guide_model_store',
  'LOCK', 'lockfile', 'SingletonLock', 'SingletonCookie', 'SingletonSocket', 'RunningChromeVersion',
]);

const isSkipped = (name: string) => SKIPPED_NAMES.has(name) || name.endsWith('-journal') || name.startsWith('.org.chromium.');

/** Live SQLite databases copied with the backup API (relative to the profile directory). */
export const LIVE_DATABASES = ['Cookies', path.join('Network', 'Cookies'), 'Login Data', 'Web Data'];

const MANIFEST = '.publish-clone.json';

export interface Manifest {
  source: string;
  profile: string;
  files: Record<string, { size: number; mtimeMs: number }>;
}

export interface CloneOptions {
  /** The source user-data-dir. */
  from: string;
  /** Profile directory, display name or email (default: Default). */
  profile?: string;
  /** The clone's user-data-dir. */
  to: string;
}

export interface CloneResult {
  from: string;
  profile: ProfileInfo;
  to: string;
  copied: number;
  unchanged: number;
  removed: number;
  bytes: number;
  databases: string[];
  /** Things that did not go as planned but left a usable clone. */
  warnings: string[];
  ms: number;
}

/** True if a Chrome process holds this user-data-dir (its SingletonLock names a live pid here). */
export function profileInUse(dir: string): boolean {
  let target: string;
  try {
    target = fs.readlinkSync(path.join(dir, 'SingletonLock'));
  } catch {
    return false;
  }
  const m = /^(.*)-(\d+)$/.exec(target);
  if (!m) return true;
  if (m[1] !== os.hostname()) return true; // another machine: assume it is alive
  try {
    process.kill(Number(m[2]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the clone in `dir` was cloned from, if it is one of ours. */
export function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (isSkipped(entry.name)) continue;
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...walk(root, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/**
 * Copies a live SQLite database consistently. Chrome keeps Cookies shareable, so the online
 * backup API reads it while Chrome writes. Others (Login Data, Web Data) Chrome opens with an
 * exclusive lock that no reader gets past while it runs: those are copied as bytes and kept only
 * if the copy passes `PRAGMA integrity_check`. Returns false if no consistent copy was had.
 */
// Every file of the clone is the user's alone (PRIVATE_FILE, 0600), whatever the source allowed:
// a backup or a copy would otherwise take the umask's 0644 (Chrome keeps Cookies, Login Data and
// Web Data at 0600).

export async function backupDatabase(source: string, dest: string): Promise<boolean> {
  const tmp = `${dest}.tmp-${process.pid}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    let db: Database.Database | undefined;
    let tables: number;
    try {
      db = new Database(source, { readonly: true, fileMustExist: true, timeout: 250 });
      // Needs a shared lock: fails fast with SQLITE_BUSY if another process holds it exclusively.
      tables = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    } catch (error) {
      db?.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      return copyLockedDatabase(source, dest);
    }
    try {
      // Copy every page in one step: a write by another connection restarts the backup, and
      // small steps on a busy cookie jar could restart forever.
      await db.backup(tmp, { progress: () => 0x7fffffff });
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    } finally {
      db.close();
    }
    // An empty database (0 pages, Chrome not yet using it) backs up to no file at all.
    if (tables === 0 && !fs.existsSync(tmp)) fs.writeFileSync(tmp, '', { mode: PRIVATE_FILE });
    // Keep only a copy that is whole and holds what the source held; a busy moment means retry.
    if (fs.existsSync(tmp) && copyHolds(tmp, tables)) {
      fs.chmodSync(tmp, PRIVATE_FILE);
      fs.renameSync(tmp, dest);
      return true;
    }
    fs.rmSync(tmp, { force: true });
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
  }
  return copyLockedDatabase(source, dest);
}

/**
 * True if `file` passes `PRAGMA integrity_check` and has `tables` schema entries (an empty file:
 * none); with `tables` unknown (the source was locked), at least one.
 */
function copyHolds(file: string, tables?: number): boolean {
  if (fs.statSync(file).size === 0) return tables === 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const n = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
      return (tables === undefined ? n > 0 : n === tables) && db.pragma('integrity_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

async function copyLockedDatabase(source: string, dest: string): Promise<boolean> {
  const tmp = `${dest}.tmp-${process.pid}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    fs.copyFileSync(source, tmp);
    fs.chmodSync(tmp, PRIVATE_FILE);
    if (copyHolds(tmp)) {
      fs.renameSync(tmp, dest);
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.rmSync(tmp, { force: true });
  return false;
}

/**
 * Copies a file by way of a temp name and a rename. COPYFILE_FICLONE makes it a copy-on-write
 * clone where the file system has them (APFS on the Mac, btrfs, XFS) and a plain copy elsewhere.
 * Returns false if the source vanished meanwhile (Chrome deleted it).
 */
async function copyFileAtomic(source: string, dest: string): Promise<boolean> {
  const tmp = `${dest}.tmp-${process.pid}`;
  try {
    await fs.promises.copyFile(source, tmp, fs.constants.COPYFILE_FICLONE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(source)) return false;
    throw error;
  }
  // copyFile keeps the source's mode; a clone is private whatever the source allowed.
  await fs.promises.chmod(tmp, PRIVATE_FILE);
  await fs.promises.rename(tmp, dest);
  return true;
}

/** A live database's change signature: its file and its write-ahead log together. */
function databaseSignature(file: string, stat: fs.Stats): { size: number; mtimeMs: number } {
  let wal: fs.Stats | undefined;
  try {
    wal = fs.statSync(`${file}-wal`);
  } catch {
    wal = undefined;
  }
  return { size: stat.size + (wal?.size ?? 0), mtimeMs: Math.max(stat.mtimeMs, wal?.mtimeMs ?? 0) };
}

/** Runs `work` over `items`, `limit` at a time: many small copies go faster side by side. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Local State for the clone: the one profile, as Default, and the last used. */
function cloneLocalState(text: string, profileDir: string): string {
  const state = JSON.parse(text) as { profile?: { info_cache?: Record<string, unknown>; last_used?: string; last_active_profiles?: string[] } };
  const info = state.profile?.info_cache?.[profileDir];
  state.profile = { ...state.profile, info_cache: info ? { Default: info } : {}, last_used: 'Default', last_active_profiles: ['Default'] };
  return JSON.stringify(state);
}

export async function cloneProfile(options: CloneOptions): Promise<CloneResult> {
  const started = Date.now();
  const from = path.resolve(options.from);
  const to = path.resolve(options.to);
  const profile = findProfile(from, options.profile); // validates the source
  if (to === from || to.startsWith(from + path.sep)) throw inputError(`The clone (${to}) cannot be inside the source ${from}.`);
  if (profileInUse(to)) {
    throw inputError(`The clone ${to} is in use by a running browser.`, 'Close the window that uses it (a `publish open` or another publish run), then try again.');
  }
  const sourceProfile = path.join(from, profile.dir);
  let localState: string;
  try {
    localState = cloneLocalState(fs.readFileSync(path.join(from, 'Local State'), 'utf8'), profile.dir);
  } catch (error) {
    throw inputError(`${from}: "Local State" cannot be read (${(error as Error).message}).`);
  }
  const files = walk(sourceProfile);

  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  fs.chmodSync(to, 0o700);
  let previous = readManifest(to);
  if (previous && (previous.source !== from || previous.profile !== profile.dir)) previous = undefined;

  const next: Manifest = { source: from, profile: profile.dir, files: {} };
  const result: CloneResult = { from, profile, to, copied: 0, unchanged: 0, removed: 0, bytes: 0, databases: [], warnings: [], ms: 0 };
  const liveDbs = new Set(LIVE_DATABASES);
  const copies: { rel: string; src: string; dest: string; size: number }[] = [];
  try {
    writePrivateFile(path.join(to, 'Local State'), localState);
    const firstRun = path.join(to, 'First Run');
    if (!fs.existsSync(firstRun)) fs.writeFileSync(firstRun, '', { mode: PRIVATE_FILE });
    for (const rel of files) {
      const src = path.join(sourceProfile, rel);
      const dest = path.join(to, 'Default', rel);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(src);
      } catch {
        continue; // vanished while we walked: Chrome deleted it
      }
      // A database's own -wal/-shm belong to the backup, not to a file copy.
      if ([...liveDbs].some((db) => rel === `${db}-wal` || rel === `${db}-shm`)) continue;
      if (liveDbs.has(rel)) {
        // Cookies always; Login Data and Web Data when they (or their write-ahead log) changed.
        const sig = databaseSignature(src, stat);
        next.files[rel] = sig;
        const before = previous?.files[rel];
        if (!rel.endsWith('Cookies') && before && before.size === sig.size && before.mtimeMs === sig.mtimeMs && fs.existsSync(dest)) {
          result.unchanged++;
          continue;
        }
        fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
        if (!(await backupDatabase(src, dest))) {
          result.warnings.push(`${rel}: no consistent copy while the browser writes it; ${fs.existsSync(dest) ? 'kept the previous copy' : 'left out'}.`);
          if (fs.existsSync(dest)) next.files[rel] = { size: -1, mtimeMs: -1 }; // try again next time
          else delete next.files[rel];
          continue;
        }
        result.databases.push(rel);
        result.copied++;
        result.bytes += fs.statSync(dest).size;
        continue;
      }
      next.files[rel] = { size: stat.size, mtimeMs: stat.mtimeMs };
      const before = previous?.files[rel];
      if (before && before.size === stat.size && before.mtimeMs === stat.mtimeMs && fs.existsSync(dest)) {
        result.unchanged++;
        continue;
      }
      fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
      copies.push({ rel, src, dest, size: stat.size });
    }
    await eachLimited(copies, 8, async (c) => {
      if (!(await copyFileAtomic(c.src, c.dest))) {
        delete next.files[c.rel];
        return;
      }
      result.copied++;
      result.bytes += c.size;
    });
    for (const rel of Object.keys(previous?.files ?? {})) {
      if (next.files[rel]) continue;
      fs.rmSync(path.join(to, 'Default', rel), { force: true });
      result.removed++;
    }
    writePrivateFile(path.join(to, MANIFEST), JSON.stringify(next));
  } catch (error) {
    if (error instanceof PublishError) throw error;
    throw new PublishError('ENVIRONMENT', `Cloning ${sourceProfile} to ${to} failed: ${(error as Error).message}.`, {
      hint: 'The previous clone is left as it was. Check free disk space and permissions, then try again.',
      cause: error,
    });
  }
  result.ms = Date.now() - started;
  return result;
}
