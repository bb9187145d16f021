/**
 * The images of a draft, found and checked before any browser opens: Markdown images
 * (`![alt](src "title")`, Zenn's `![alt](src =250x)`), reference-style images (`![alt][ref]` with
 * `[ref]: src`) and raw `<img src>`. Local paths are relative to the draft's folder; zenn-cli's
 * `/images/...` paths are relative to the folder that holds `images/` (zenn-dev/zenn-editor
 * `packages/zenn-cli/src/server/lib/helper.ts` serves them from the repository root); http(s)
 * URLs are remote. Each local file is read once: its bytes' SHA-256 keys the upload cache.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { httpUrl } from '../http-url.js';

export interface DraftImage {
  /** The source as written in the draft. */
  src: string;
  alt: string;
  kind: 'local' | 'remote';
  /** Local images: the absolute path, size, SHA-256 and type. */
  file?: string;
  bytes?: number;
  sha256?: string;
  mime?: string;
  /** Why a local image cannot be used (missing, unreadable, not an image), if so. */
  problem?: string;
}

/** Types every platform here takes, by the file's first bytes (not its name). */
const MAGIC: [string, (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

export const EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Markdown inline images: alt, then the source and an optional title or Zenn width. */
const INLINE = /!\[([^\]\n]*)\]\(\s*<?([^\s)>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|=\d*x\d*))*\s*\)/g;
const REFERENCE_USE = /!\[([^\]\n]*)\]\[([^\]\n]*)\]/g;
const REFERENCE_DEF = /^ {0,3}\[([^\]\n]+)\]:\s*<?(\S+?)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*$/gm;
const HTML_IMG = /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))[^>]*>/gi;
const HTML_ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/** Fenced code blocks and inline code hold examples, not images: blank them before looking. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^( {0,3})(```+|~~~+)[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm, (m) => m.replace(/[^\n]/g, ' ')).replace(/`[^`\n]+`/g, (m) => ' '.repeat(m.length));
}

/** Every image reference in the body, in order: `{alt, src}` as written. */
export function imageRefs(markdown: string): { alt: string; src: string }[] {
  const text = withoutCode(markdown);
  const defs = new Map<string, string>();
  for (const m of text.matchAll(REFERENCE_DEF)) defs.set(m[1]!.trim().toLowerCase(), m[2]!);
  const found: { at: number; alt: string; src: string }[] = [];
  for (const m of text.matchAll(INLINE)) found.push({ at: m.index!, alt: m[1]!, src: m[2]! });
  for (const m of text.matchAll(REFERENCE_USE)) {
    const src = defs.get((m[2] || m[1])!.trim().toLowerCase());
    if (src) found.push({ at: m.index!, alt: m[1]!, src });
  }
  for (const m of text.matchAll(HTML_IMG)) {
    const alt = HTML_ALT.exec(m[0]);
    found.push({ at: m.index!, alt: alt?.[1] ?? alt?.[2] ?? '', src: (m[1] ?? m[2] ?? m[3])! });
  }
  return found.sort((a, b) => a.at - b.at).map(({ alt, src }) => ({ alt, src }));
}

/** The folder zenn-cli serves `/images/...` from: the nearest ancestor of the draft that holds `images/`. */
function zennRoot(draftDir: string): string | undefined {
  for (let d = draftDir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'images'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Resolves and reads one image source of a draft at `draftPath`. */
export function resolveImage(ref: { alt: string; src: string }, draftPath: string): DraftImage {
  if (httpUrl(ref.src)) return { ...ref, kind: 'remote' };
  const dir = path.dirname(draftPath);
  let decoded = ref.src;
  try {
    decoded = decodeURI(ref.src);
  } catch {
    /* keep it as written */
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded)) return { ...ref, kind: 'local', problem: 'only local files and http(s) URLs are images here' };
  const root = decoded.startsWith('/images/') ? zennRoot(dir) : undefined;
  const file = root ? path.join(root, decoded) : path.resolve(dir, decoded);
  let data: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ...ref, kind: 'local', file, problem: 'is not a regular file' };
    data = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...ref, kind: 'local', file, problem: code === 'ENOENT' ? 'no such file' : `cannot be read (${code})` };
  }
  const mime = MAGIC.find(([, test]) => test(data))?.[0];
  return {
    ...ref,
    kind: 'local',
    file,
    bytes: data.length,
    sha256: crypto.createHash('sha256').update(data).digest('hex'),
    mime,
    problem: mime ? undefined : 'is not a PNG, JPEG, GIF or WebP image',
  };
}

const cache = new Map<string, DraftImage>();

/** Every image of a draft's body, resolved and read (once per file and run). */
export function draftImages(markdown: string, draftPath: string): DraftImage[] {
  return imageRefs(markdown).map((ref) => {
    const key = `${draftPath}\0${ref.src}`;
    const known = cache.get(key);
    if (known) return { ...known, alt: ref.alt };
    const image = resolveImage(ref, draftPath);
    cache.set(key, image);
    return image;
  });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The body with each image source in `hosted` (source as written -> hosted URL) replaced where it
 * stands: inline images, reference definitions and `<img src>`. Alt text, titles and Zenn widths stay.
 */
export function rewriteImages(markdown: string, hosted: ReadonlyMap<string, string>): string {
  let out = markdown;
  for (const [src, url] of hosted) {
    const s = escapeRe(src);
    out = out
      .replace(new RegExp(`(!\\[[^\\]\\n]*\\]\\(\\s*<?)${s}(>?[\\s)])`, 'g'), (_, a: string, b: string) => `${a}${url}${b}`)
      .replace(new RegExp(`^( {0,3}\\[[^\\]\\n]+\\]:\\s*<?)${s}(>?(\\s|$))`, 'gm'), (_, a: string, b: string) => `${a}${url}${b}`)
      .replace(new RegExp(`(<img\\b[^>]*?\\bsrc\\s*=\\s*["']?)${s}(["'\\s>])`, 'gi'), (_, a: string, b: string) => `${a}${url}${b}`);
  }
  return out;
}

/**
 * A short post's attachments: the platform block's `images:` list (paths relative to the draft,
 * or `{src, alt}`), in order. Entries of the wrong shape are returned with a problem.
 */
export function attachedImages(block: Record<string, unknown>, draftPath: string): DraftImage[] {
  const list = block.images;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [{ src: String(list), alt: '', kind: 'local', problem: 'images must be a list of files (or {src, alt})' }];
  return list.map((entry) => {
    const ref = typeof entry === 'string' ? { src: entry, alt: '' } : entry && typeof entry === 'object' && typeof (entry as { src?: unknown }).src === 'string' ? { src: (entry as { src: string }).src, alt: String((entry as { alt?: unknown }).alt ?? '') } : undefined;
    if (!ref) return { src: JSON.stringify(entry), alt: '', kind: 'local', problem: 'an image is a file path or {src, alt}' };
    if (httpUrl(ref.src)) return { ...ref, kind: 'remote', problem: 'attach a local file (the composer uploads files, not links)' };
    return resolveImage(ref, draftPath);
  });
}

/** "1.2 MB" / "640 KB", for messages. */
export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
