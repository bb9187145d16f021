/**
 * What every sandbox platform shares: an HTTP listener, cookie sessions made by a login page,
 * the posts it has published, fault injection, and the `/__sandbox/*` control routes tests use.
 * Platform files (devto.ts, zenn.ts) only describe their own pages.
 *
 * The sandbox is an independent reading of the real sites (see shared/platforms.md): it never
 * imports a publisher, so a test compares two readings rather than one reading with itself.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { bodyImages, type UploadedImage } from './uploads.js';

/** Faults a test or the `--fault` flag can switch on for one platform. */
export interface Faults {
  /** Extra milliseconds before the editor becomes usable. */
  slowEditor?: number;
  /** The editor swallows paste events. */
  pasteDropped?: boolean;
  /** Every session cookie is treated as absent. */
  loggedOut?: boolean;
  /** The publish endpoint answers HTTP 500. */
  publishError?: boolean;
  /** Publishing asks for a human check (a captcha) instead of publishing; drafts still save. */
  captcha?: boolean;
  /** Selector drift: every HTML page has `from` replaced by `to` (e.g. an id the site renamed). */
  rename?: { from: string; to: string };
  /**
   * What real sites show on top of their editors: a cookie-consent banner fixed over the lower
   * part of the page, a "What's new" dialog shortly after load, and a "Draft saved" toast that
   * sits over the publish button for a few seconds once typing starts. Each has the buttons and
   * accessible names a real site gives it.
   */
  noise?: boolean;
  /** A promotion laid over the editor body, with no close control (nothing a person could dismiss). */
  covered?: boolean;
  /** Image uploads answer HTTP 500. */
  uploadError?: boolean;
  /** Extra milliseconds before an image upload answers. */
  uploadSlow?: number;
  /** Every post's edit page answers 404, as for a post deleted on the site. */
  editGone?: boolean;
}

export const FAULT_NAMES = {
  'slow-editor': (f: Faults) => (f.slowEditor = 3000),
  'paste-dropped': (f: Faults) => (f.pasteDropped = true),
  'logged-out': (f: Faults) => (f.loggedOut = true),
  'publish-error': (f: Faults) => (f.publishError = true),
  captcha: (f: Faults) => (f.captcha = true),
  noise: (f: Faults) => (f.noise = true),
  covered: (f: Faults) => (f.covered = true),
  'upload-error': (f: Faults) => (f.uploadError = true),
  'upload-slow': (f: Faults) => (f.uploadSlow = 2000),
  'edit-gone': (f: Faults) => (f.editGone = true),
} as const;
export type FaultName = keyof typeof FAULT_NAMES;

export interface SandboxPost {
  id: number;
  slug: string;
  title: string;
  body: string;
  tags: string[];
  description: string;
  author: string;
  url: string;
  publishedAt: Date;
  /** When its author last saved changes to it (an edit of the published post), if ever. */
  updatedAt?: Date;
  /** How many times it was saved after publishing. */
  edits?: number;
  /** Where its author edits it, when that is not derived from its URL (set by platforms that need it). */
  editPath?: string;
  extra: Record<string, unknown>;
  /** The images the post shows, as absolute URLs (attached media included). */
  images: string[];
  /** Post settings, where the platform has them. */
  canonicalUrl?: string;
  coverImage?: string;
  series?: string;
  subtitle?: string;
}

export interface Request {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** The logged-in username, or undefined (also under the logged-out fault). */
  user?: string;
  site: Site;
}

/** A platform's own routes; returns false when it does not handle the path. */
export type Routes = (r: Request) => Promise<boolean> | boolean;

export interface SiteOptions {
  id: string;
  name: string;
  cookieName: string;
  routes: Routes;
}

// Stateless sessions: the cookie carries the username and an HMAC, so a browser profile logged in
// once stays logged in across sandbox restarts, like a real long-lived session cookie.
const SECRET = 'publish-sandbox-not-a-secret';
const sign = (user: string) => `${encodeURIComponent(user)}.${crypto.createHmac('sha256', SECRET).update(user).digest('hex').slice(0, 24)}`;
function verify(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const user = decodeURIComponent(value.split('.')[0] ?? '');
  return user && sign(user) === value ? user : undefined;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

export async function readBody(req: http.IncomingMessage, limit = 5_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

export function send(res: http.ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
  return true;
}

export const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

export function redirect(res: http.ServerResponse, location: string, headers: Record<string, string> = {}): true {
  res.writeHead(302, { location, ...headers });
  res.end();
  return true;
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${head}
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:960px;padding:16px}
textarea,input{font:inherit}button{font:inherit;cursor:pointer}</style></head><body>${body}</body></html>`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The `noise` fault's page script. A cookie banner (role=region "Cookie consent", like OneTrust's
 * and Didomi's) fixed over the bottom third; a modal "What's new" dialog once the editor has
 * mounted (focus moved into it, as modal dialogs do) with "Got it" and "Close"; a "Draft saved" toast
 * (role=status) laid over the page's publish button for 3 s after the first input, with "Dismiss".
 */
const NOISE = `(() => {
  const tell = (what) => navigator.sendBeacon('/__sandbox/noise', what);
  const add = (html) => { const d = document.createElement('div'); d.innerHTML = html; const el = d.firstElementChild; document.body.appendChild(el); return el; };
  const banner = add('<div role="region" aria-label="Cookie consent" style="position:fixed;left:0;right:0;bottom:0;height:33vh;z-index:2147483000;background:#fff;border-top:2px solid #333;padding:16px;box-shadow:0 -4px 12px #0003"><p>We use cookies to improve your experience. <a href="#">Privacy policy</a></p><button type="button">Manage preferences</button> <button type="button">Accept all</button></div>');
  tell('shown:banner');
  banner.querySelectorAll('button')[1].onclick = () => { banner.remove(); tell('dismissed:banner'); };
  // Shown once the editor app has mounted, as onboarding dialogs are.
  const editorShown = () => document.querySelector('#article-form[aria-label], #editor > *, [contenteditable=true], .cm-editor');
  const showDialog = () => {
    const back = add('<div class="modal-backdrop" style="position:fixed;inset:0;z-index:2147483001;background:#0006"></div>');
    const dialog = add('<div role="dialog" aria-modal="true" aria-labelledby="whats-new-title" tabindex="-1" style="position:fixed;top:20%;left:50%;transform:translateX(-50%);z-index:2147483002;background:#fff;padding:24px;border-radius:8px;width:420px"><h2 id="whats-new-title">What&#39;s new</h2><p>Our editor has a fresh look.</p><button type="button" aria-label="Close">×</button> <button type="button">Got it</button></div>');
    const close = () => { back.remove(); dialog.remove(); tell('dismissed:dialog'); };
    tell('shown:dialog');
    dialog.querySelectorAll('button').forEach((b) => b.onclick = close);
    dialog.focus();
  };
  if (editorShown()) showDialog();
  else { const watch = new MutationObserver(() => { if (editorShown()) { watch.disconnect(); showDialog(); } }); watch.observe(document.body, { childList: true, subtree: true }); }
  let toasted = false;
  const toastSoon = () => {
    if (toasted) return;
    toasted = true;
    setTimeout(() => {
      const target = [...document.querySelectorAll('button, [role=button]')].find((b) => /^(Publish|Publish now|Post|Post all|Next|Continue|Send to everyone now|公開する|公開に進む|投稿する)$/.test((b.innerText || '').trim()) && b.offsetParent);
      const r = target ? target.getBoundingClientRect() : { left: innerWidth - 260, top: 16, width: 240, height: 40 };
      const toast = add('<div role="status" style="position:fixed;z-index:2147483003;background:#222;color:#fff;padding:8px 12px;border-radius:6px"><span>Draft saved</span> <button type="button" style="color:#fff;background:none;border:0">Dismiss</button></div>');
      Object.assign(toast.style, { left: (r.left - 10) + 'px', top: (r.top - 6) + 'px', minWidth: (r.width + 20) + 'px', minHeight: (r.height + 12) + 'px' });
      tell('shown:toast');
      toast.querySelector('button').onclick = () => { toast.remove(); tell('dismissed:toast'); };
      setTimeout(() => toast.remove(), 3000);
    }, 200);
  };
  // Autosave notices follow the first change, however it came (typing, a paste an editor handles itself).
  for (const type of ['input', 'keydown', 'paste']) document.addEventListener(type, toastSoon, true);
})();`;

/**
 * The `covered` fault's page script: an upsell panel (role=complementary "Upgrade to Pro") kept
 * over the editor body, with no close control.
 */
const COVERED = `(() => {
  const panel = document.createElement('div');
  panel.setAttribute('role', 'complementary');
  panel.setAttribute('aria-label', 'Upgrade to Pro');
  panel.innerHTML = '<strong>Upgrade to Pro</strong><p>Write faster with AI suggestions.</p>';
  Object.assign(panel.style, { position: 'absolute', zIndex: 2147483000, background: '#ffd', border: '1px solid #cc9', padding: '12px' });
  const place = () => {
    const body = document.querySelector('#article_body_markdown, #editor, [contenteditable=true]');
    if (!body) return;
    if (!panel.isConnected) document.body.appendChild(panel);
    const r = body.getBoundingClientRect();
    Object.assign(panel.style, { left: (r.left + scrollX) + 'px', top: (r.top + scrollY) + 'px', width: r.width + 'px', height: Math.max(r.height, 120) + 'px' });
  };
  setInterval(place, 100);
})();`;

/** One imitated platform listening on its own loopback port (its own origin, its own cookies). */
export class Site {
  readonly id: string;
  readonly name: string;
  readonly cookieName: string;
  faults: Faults = {};
  /** Milliseconds added to every page and API response: a real site's round trip. */
  latency = 0;
  /** Milliseconds before a new post appears in the feed. */
  feedLag = 0;
  /** Every feed response: its status and body size (tests check that a 304 sends nothing). */
  readonly feedResponses: { status: number; bytes: number }[] = [];
  /** Every request as "METHOD /path" (the last 1,000), for tests that act at a given moment. */
  readonly requests: string[] = [];
  /** What the `noise` fault's overlays reported: "shown:banner", "dismissed:dialog"... */
  readonly noise: string[] = [];
  /** Every image uploaded to this platform's host (its upload log). */
  readonly uploads: UploadedImage[] = [];
  readonly posts: SandboxPost[] = [];
  /** The last id given to a draft an editor started (editors whose URL carries it). */
  draftIds = 0;
  /** Drafts saved without publishing (dev.to's "Save draft"). */
  readonly drafts: { title: string; body: string; tags: string[]; author: string }[] = [];
  origin = '';
  private server?: http.Server;
  private readonly routes: Routes;

  constructor(options: SiteOptions) {
    this.id = options.id;
    this.name = options.name;
    this.cookieName = options.cookieName;
    this.routes = options.routes;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, `sandbox error: ${(error as Error).message}`, 'text/plain');
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.origin = `http://${host}:${address.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * A user's posts as the feed shows them, newest first: only those published at least
   * `feedLag` ms ago (real feeds lag behind the site: caches, moderation, build queues).
   */
  feedPosts(author: string | undefined, limit: number): SandboxPost[] {
    const visibleBefore = Date.now() - this.feedLag;
    return this.posts.filter((p) => (author === undefined || p.author === author) && p.publishedAt.getTime() <= visibleBefore).slice(-limit).reverse();
  }

  /** Session cookie header value for a user, as the login page sets it. */
  sessionCookie(user: string): string {
    return `${this.cookieName}=${sign(user)}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax`;
  }

  addPost(post: Omit<SandboxPost, 'id' | 'publishedAt' | 'url' | 'images'> & { path: string; media?: string[] }): SandboxPost {
    const { path, media, ...rest } = post;
    const images = [...bodyImages(rest.body, this.origin), ...(media ?? [])];
    const saved: SandboxPost = { ...rest, id: this.posts.length + 1, publishedAt: new Date(), url: this.origin + path, images };
    this.posts.push(saved);
    return saved;
  }

  /** Saves changes to a published post (its edit page's save): same post, same URL, new content. */
  updatePost(post: SandboxPost, changes: Partial<Pick<SandboxPost, 'title' | 'body' | 'tags' | 'description' | 'canonicalUrl' | 'coverImage' | 'series' | 'subtitle' | 'extra'>> & { media?: string[] }): SandboxPost {
    const { media, ...rest } = changes;
    Object.assign(post, rest, { updatedAt: new Date(), edits: (post.edits ?? 0) + 1 });
    post.images = [...bodyImages(post.body, this.origin), ...(media ?? [])];
    return post;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    this.requests.push(`${req.method} ${url.pathname}`);
    if (this.requests.length > 1000) this.requests.shift();
    const cookie = parseCookies(req.headers.cookie)[this.cookieName];
    const user = this.faults.loggedOut ? undefined : verify(cookie);
    const rename = this.faults.rename;
    if (rename) {
      // Rewrite HTML bodies on their way out, as if the site had shipped a new page.
      const end = res.end.bind(res);
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string' && /^<!doctype html/i.test(chunk)) chunk = chunk.split(rename.from).join(rename.to);
        return (end as (...a: unknown[]) => http.ServerResponse)(chunk, ...rest);
      }) as typeof res.end;
    }
    if (this.faults.noise || this.faults.covered) {
      const script = `<script>${this.faults.noise ? NOISE : ''}${this.faults.covered ? COVERED : ''}</script>`;
      const end = res.end.bind(res);
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string' && /^<!doctype html/i.test(chunk)) chunk = chunk.replace(/<\/body>/i, `${script}</body>`);
        return (end as (...a: unknown[]) => http.ServerResponse)(chunk, ...rest);
      }) as typeof res.end;
    }
    const r: Request = { req, res, url, user, site: this };
    if (await this.control(r)) return;
    if (this.latency > 0) await sleep(this.latency);
    if (await this.login(r)) return;
    if (await this.routes(r)) return;
    send(res, 404, page('Not found', `<h1>404</h1><p>${escapeHtml(url.pathname)} is not part of the ${escapeHtml(this.name)} sandbox.</p>`));
  }

  /** `/__sandbox/posts` and `/__sandbox/faults`: for tests and `publish sandbox --fault`. */
  private async control({ req, res, url }: Request): Promise<boolean> {
    if (url.pathname === '/__sandbox/posts') return sendJson(res, 200, this.posts);
    if (url.pathname === '/__sandbox/uploads') return sendJson(res, 200, this.uploads.map(({ data: _data, ...rest }) => rest));
    if (url.pathname === '/__sandbox/noise') {
      if (req.method === 'POST') this.noise.push((await readBody(req)).slice(0, 40));
      return sendJson(res, 200, this.noise);
    }
    if (url.pathname === '/__sandbox/faults') {
      if (req.method === 'POST' || req.method === 'PUT') this.faults = JSON.parse((await readBody(req)) || '{}') as Faults;
      return sendJson(res, 200, this.faults);
    }
    return false;
  }

  /** `/enter`: the sign-in page (dev.to and Zenn both sign in at /enter). */
  private async login({ req, res, url }: Request): Promise<boolean> {
    if (url.pathname !== '/enter') return false;
    const returnTo = url.searchParams.get('return_to') ?? '/';
    if (req.method === 'POST') {
      const form = await readForm(req);
      const user = (form.get('username') ?? '').trim();
      if (!/^[a-z0-9_]{1,30}$/i.test(user)) return send(res, 400, page('Sign in', '<p>Enter a username of letters, digits or _.</p>'));
      const target = form.get('return_to') || '/';
      return redirect(res, target.startsWith('/') ? target : '/', { 'set-cookie': this.sessionCookie(user) });
    }
    return send(
      res,
      200,
      page(
        `Sign in - ${this.name}`,
        `<h1>Sign in to ${escapeHtml(this.name)} (sandbox)</h1>
<form method="post" action="/enter" id="login-form">
  <input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
  <label>Username <input name="username" id="username" autocomplete="username" required></label>
  <button type="submit">Log in</button>
</form>`,
      ),
    );
  }
}

/** RFC 822 date as RSS 2.0 wants it. */
export const rfc822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Sends a feed with a strong ETag and honours If-None-Match (304, no body). */
export function sendFeed(r: Request, xml: string, type = 'application/rss+xml; charset=utf-8'): true {
  const etag = `"${crypto.createHash('sha1').update(xml).digest('hex')}"`;
  if (r.req.headers['if-none-match'] === etag) {
    r.site.feedResponses.push({ status: 304, bytes: 0 });
    r.res.writeHead(304, { etag });
    r.res.end();
    return true;
  }
  r.site.feedResponses.push({ status: 200, bytes: Buffer.byteLength(xml) });
  return send(r.res, 200, xml, type, { etag, 'cache-control': 'max-age=0' });
}

export const slugify = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'post';
