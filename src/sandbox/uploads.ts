/**
 * The platforms' image hosts, imitated: an upload endpoint in each platform's own request shape
 * (dev.to: multipart `image[]` to `POST /image_uploads` answering `{links: [url]}`, from
 * forem/forem `article-form/actions.js` and `ImageUploader.jsx`; the others: multipart `file`
 * answering `{url}`), a size limit answered with 413, the bytes served back unchanged from a path
 * shaped like the real host's, an upload log for tests, and the `upload-error` (HTTP 500) and
 * `upload-slow` faults.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { sendJson, sleep, type Request } from './site.js';

export interface UploadedImage {
  name: string;
  type: string;
  bytes: number;
  sha256: string;
  /** Absolute URL the image is served from. */
  url: string;
  data: Buffer;
}

export interface HostSpec {
  /** The upload endpoint's path. */
  path: string;
  /** The multipart field holding the file(s). */
  field: string;
  /** Where hosted images live, e.g. `/zenn-user-upload/` (the real host's path, on the sandbox's origin). */
  prefix: string;
  maxBytes: number;
  /** The JSON answer for the uploaded images. */
  answer(images: UploadedImage[]): unknown;
}

async function readRaw(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The file parts of a multipart/form-data body: field name, file name, type, bytes. */
export function multipartFiles(body: Buffer, contentType: string): { field: string; name: string; type: string; data: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: { field: string; name: string; type: string; data: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length + 2; // past CRLF
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next - 2); // without the CRLF before the delimiter
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const field = /content-disposition:[^\r\n]*?;\s*name="([^"]*)"/i.exec(head)?.[1];
    const name = /content-disposition:[^\r\n]*?;\s*filename="([^"]*)"/i.exec(head)?.[1];
    if (field !== undefined && name !== undefined) {
      files.push({ field, name, type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream', data: part.subarray(split + 4) });
    }
    at = next;
  }
  return files;
}

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Serves the upload endpoint and the hosted images for one site; false when the path is neither. */
export async function imageHost(r: Request, spec: HostSpec, store: UploadedImage[]): Promise<boolean> {
  const { req, res, url, user, site } = r;
  if (url.pathname.startsWith(spec.prefix) && req.method === 'GET') {
    const image = store.find((i) => new URL(i.url).pathname === url.pathname);
    if (!image) return false;
    res.writeHead(200, { 'content-type': image.type, 'content-length': image.data.length, 'cache-control': 'max-age=31536000' });
    res.end(image.data);
    return true;
  }
  if (url.pathname !== spec.path || req.method !== 'POST') return false;
  if (!user) return sendJson(res, 401, { error: 'You must be logged in to upload images.' });
  if (site.faults.uploadSlow) await sleep(site.faults.uploadSlow);
  const body = await readRaw(req, spec.maxBytes + 64 * 1024);
  if (!body) return sendJson(res, 413, { error: `File size too large (max ${Math.round(spec.maxBytes / 1024 / 1024)} MB).` });
  if (site.faults.uploadError) return sendJson(res, 500, { error: 'Upload failed (sandbox upload-error fault).' });
  const parts = multipartFiles(body, String(req.headers['content-type'] ?? '')).filter((p) => p.field === spec.field);
  if (parts.length === 0) return sendJson(res, 422, { error: `No file in field "${spec.field}".` });
  const uploaded: UploadedImage[] = [];
  for (const p of parts) {
    if (p.data.length > spec.maxBytes) return sendJson(res, 413, { error: `File size too large (max ${Math.round(spec.maxBytes / 1024 / 1024)} MB).` });
    const ext = EXT[p.type];
    if (!ext) return sendJson(res, 422, { error: `Unsupported image type ${p.type}.` });
    const sha256 = crypto.createHash('sha256').update(p.data).digest('hex');
    const image: UploadedImage = { name: p.name, type: p.type, bytes: p.data.length, sha256, url: `${site.origin}${spec.prefix}${crypto.randomUUID()}.${ext}`, data: p.data };
    store.push(image);
    uploaded.push(image);
  }
  return sendJson(res, 201, spec.answer(uploaded));
}

/** Absolute URLs of the images a stored body shows (Markdown images and `<img src>`). */
export function bodyImages(body: string, origin: string): string[] {
  const urls = [...body.matchAll(/!\[[^\]\n]*\]\(\s*<?([^\s)>]+)/g), ...body.matchAll(/<img\b[^>]*?\bsrc\s*=\s*"([^"]+)"/gi)].map((m) => m[1]!);
  return urls.map((u) => {
    try {
      return new URL(u, origin).href;
    } catch {
      return u;
    }
  });
}

