/**
 * A Chrome-shaped user-data-dir for the clone benchmark: about 300 MB, of which about 250 MB are
 * caches (Cache, Code Cache, GPUCache, Service Worker CacheStorage, ShaderCache), plus the parts a
 * clone keeps (Cookies with 5,000 rows, History, Login Data, Web Data, Local Storage, IndexedDB,
 * Extensions, Preferences) and Local State. Content is random so nothing compresses or dedupes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const MB = 1024 * 1024;

function files(dir, count, size) {
  fs.mkdirSync(dir, { recursive: true });
  const block = crypto.randomBytes(size);
  for (let i = 0; i < count; i++) {
    block.writeUInt32LE(i, 0); // distinct files
    fs.writeFileSync(path.join(dir, `f_${String(i).padStart(6, '0')}`), block);
  }
}

function sqlite(file, rows, rowBytes, table = 'data') {
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, host_key TEXT, name TEXT, encrypted_value BLOB, expires_utc INTEGER)`);
  const insert = db.prepare(`INSERT INTO ${table} (host_key, name, encrypted_value, expires_utc) VALUES (?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`.site${i % 700}.example`, `cookie_${i}`, crypto.randomBytes(rowBytes), 13_400_000_000_000_000 + i);
  })();
  db.close();
}

/** Writes the profile under `root` (a user-data-dir) and returns its size in bytes. */
export function makeSyntheticProfile(root) {
  const p = path.join(root, 'Default');
  fs.mkdirSync(p, { recursive: true });
  fs.writeFileSync(path.join(root, 'Local State'), JSON.stringify({ profile: { info_cache: { Default: { name: 'Person 1', user_name: 'writer@example.com' } }, last_used: 'Default' } }));
  fs.writeFileSync(path.join(root, 'First Run'), '');
  // Caches: ~250 MB.
  files(path.join(p, 'Cache', 'Cache_Data'), 1500, 100 * 1024);
  files(path.join(p, 'Code Cache', 'js'), 600, 80 * 1024);
  files(path.join(p, 'GPUCache'), 20, 512 * 1024);
  files(path.join(p, 'Service Worker', 'CacheStorage', 'abc123'), 300, 100 * 1024);
  files(path.join(root, 'ShaderCache'), 10, 1 * MB);
  files(path.join(root, 'GrShaderCache'), 6, 1 * MB);
  // What a clone keeps: ~50 MB.
  sqlite(path.join(p, 'Cookies'), 5000, 120, 'cookies');
  sqlite(path.join(p, 'History'), 60000, 150);
  sqlite(path.join(p, 'Login Data'), 300, 200, 'logins');
  sqlite(path.join(p, 'Web Data'), 3000, 300);
  files(path.join(p, 'Local Storage', 'leveldb'), 12, 1 * MB);
  files(path.join(p, 'IndexedDB', 'https_app.example_0.indexeddb.leveldb'), 15, 1 * MB);
  files(path.join(p, 'Extensions', 'abcdefghijklmnop', '1.0.0_0'), 400, 16 * 1024);
  fs.writeFileSync(path.join(p, 'Preferences'), JSON.stringify({ profile: { name: 'Person 1' }, padding: 'x'.repeat(200_000) }));
  fs.writeFileSync(path.join(p, 'Secure Preferences'), '{}');
  let bytes = 0;
  for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) if (e.isFile()) bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
  return bytes;
}
