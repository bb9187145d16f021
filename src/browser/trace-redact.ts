/**
 * A kept Playwright trace must not hold the writer's sessions: it records every request's
 * headers (Cookie, Authorization, CSRF tokens), every response's Set-Cookie, form posts and
 * DOM snapshots. Before a trace is kept, credential headers are blanked in its network and action
 * logs, and every secret value seen there or in the browser's cookie jar is replaced wherever it
 * appears in the archive (snapshots and response bodies included).
 */
import fs from 'node:fs';
import { readZip, writeZip, type ZipEntry } from './zip.js';
import { writePrivateFile } from '../home.js';

export const REDACTED = '[redacted]';

/** Headers whose values are credentials. */
const SECRET_HEADER = /^(cookie|set-cookie|authorization|proxy-authorization)$|csrf|xsrf|(^|[-_])token$|session|api[-_]?key/i;
/** Credentials in form posts and query strings (Rails' authenticity_token, csrf fields). */
const SECRET_PARAM = /\b(authenticity_token|csrf[-_]?token|_csrf|xsrf[-_]?token|access_token|id_token)=([^&\s"'\\]+)/gi;
/** Shorter values are too common to replace everywhere ("1", "true"); they are blanked in headers only. */
const MIN_SECRET = 6;

/** The values inside a credential header: each cookie's value, or the whole value. */
function headerSecrets(name: string, value: string): string[] {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return value.split(';').map((p) => p.slice(p.indexOf('=') + 1).trim());
  if (lower === 'set-cookie') return value.split('\n').map((line) => line.split(';')[0]!).map((p) => p.slice(p.indexOf('=') + 1).trim());
  return [value, value.replace(/^(Bearer|Basic|Token)\s+/i, '')];
}

/** Blanks credential headers and cookie values in one parsed trace event; collects what it blanked. */
function blankEvent(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) blankEvent(child, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.name === 'string' && typeof o.value === 'string' && SECRET_HEADER.test(o.name)) {
    for (const s of headerSecrets(o.name, o.value)) found.add(s);
    o.value = REDACTED;
  }
  if (Array.isArray(o.cookies)) {
    for (const c of o.cookies as Record<string, unknown>[]) {
      if (c && typeof c.value === 'string') {
        found.add(c.value);
        c.value = REDACTED;
      }
    }
  }
  for (const [key, value] of Object.entries(o)) {
    if (typeof value === 'string') {
      for (const m of value.matchAll(SECRET_PARAM)) found.add(decodeURIComponentSafe(m[2]!));
    } else if (key !== 'cookies') blankEvent(value, found);
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Replaces every occurrence of each needle in `data`; returns the new buffer and how many it replaced. */
function replaceAll(data: Buffer, needles: Buffer[], by: Buffer): { data: Buffer; count: number } {
  let count = 0;
  for (const needle of needles) {
    let at = data.indexOf(needle);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at >= 0) {
      parts.push(data.subarray(from, at), by);
      from = at + needle.length;
      count++;
      at = data.indexOf(needle, from);
    }
    parts.push(data.subarray(from));
    data = Buffer.concat(parts);
  }
  return { data, count };
}

/** Redacts a trace's entries; `known` are secret values from elsewhere (the browser's cookies). */
export function redactTraceEntries(entries: ZipEntry[], known: string[]): { entries: ZipEntry[]; replaced: number } {
  const found = new Set<string>(known);
  const blanked = entries.map((e) => {
    if (!/\.(trace|network)$/.test(e.name)) return e;
    const lines = e.data.toString('utf8').split('\n').map((line) => {
      if (!line.trim()) return line;
      try {
        const event = JSON.parse(line) as unknown;
        blankEvent(event, found);
        return JSON.stringify(event);
      } catch {
        return line; // not JSON: the value pass below still runs over it
      }
    });
    return { name: e.name, data: Buffer.from(lines.join('\n'), 'utf8') };
  });
  const secrets = [...found].filter((s) => s.length >= MIN_SECRET && s !== REDACTED);
  // Longest first, so a value that contains another is replaced whole; each also URL-encoded and JSON-escaped.
  const needles = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]))]
    .sort((a, b) => b.length - a.length)
    .map((s) => Buffer.from(s, 'utf8'));
  const by = Buffer.from(REDACTED, 'utf8');
  let replaced = 0;
  const out = blanked.map((e) => {
    const r = replaceAll(e.data, needles, by);
    replaced += r.count;
    return { name: e.name, data: r.data };
  });
  return { entries: out, replaced };
}

/** Rewrites the trace at `file` in place, redacted, private (0600). Throws if it cannot: then do not keep it. */
export function redactTraceFile(file: string, knownSecrets: string[]): void {
  const { entries } = redactTraceEntries(readZip(fs.readFileSync(file)), knownSecrets);
  writePrivateFile(file, writeZip(entries));
}
