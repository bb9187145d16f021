/**
 * The shape every newer sandbox platform shares: an editor page (title, an editor library, tags)
 * behind a login redirect, a publish flow of buttons and dialogs, an API that stores the post,
 * the article page and the feed. Each platform file only states its landmarks (the real site's
 * ids, placeholders, labels, button texts from shared/platforms.md) and its flow.
 */
import crypto from 'node:crypto';
import { bundle } from './assets.js';
import { EDITOR_SOURCES, type EditorKind } from './editors.js';
import { imageHost, type HostSpec } from './uploads.js';
import { Site, escapeHtml, page, readBody, redirect, send, sendFeed, sendJson, sleep, slugify, type Request, type SandboxPost } from './site.js';

export interface FlowStep {
  /** The button's HTML id in the page. */
  id: string;
  /** Section revealed by the click (a dialog or a settings page). */
  show?: string;
  /** The click submits the post. */
  submit?: boolean;
  /** Disabled until the title (if any) and the body hold text (Substack's Continue). */
  needsContent?: boolean;
}

export interface TagRules {
  /** The input's HTML id. */
  input: string;
  /** Keys that commit the typed text as a tag. */
  commit: string[];
  max: number;
  /**
   * 'steals-enter': an autosuggest list opens while typing and Enter picks from it (Qiita; press
   * Escape first). 'click': only clicking the exact suggestion adds the tag (Hashnode).
   */
  suggest?: 'steals-enter' | 'click';
}

export interface EditorSiteSpec {
  id: string;
  name: string;
  cookieName: string;
  editorPath: string;
  editor: EditorKind;
  /** Options for the editor bundle (attributes on the editable element, paste behaviour...). */
  editorOptions?: Record<string, unknown>;
  /** What the API stores as the body: the editor's text (Markdown or plain) or its HTML. */
  store: 'text' | 'html';
  /** The page: a title field with id `title-field` (if any), `<div id="editor">`, the tag input, flow buttons and sections. */
  html: string;
  tags?: TagRules;
  steps: FlowStep[];
  /** After the post is stored: go to its page, or show a completion modal with its link. */
  after: 'navigate' | 'link';
  /** The post's path on the site. */
  postPath(user: string, slug: string): string;
  slug?(title: string): string;
  /** The feed's path; its first group, if any, is the author (Substack and Hashnode feeds are per publication). */
  feed?: { path: RegExp; type?: string; render(site: Site, author: string | undefined, posts: SandboxPost[]): string; authorOf?(captured: string, site: Site): string };
  /** How many posts the feed lists (dev.to 12, Medium 10, Bluesky 30...). */
  feedSize?: number;
  /**
   * The page's look, so a writer opening the sandbox recognises the site and so Playwright's
   * actionability checks meet what they meet there: about the real editor's column width (read
   * off the sites' layouts by eye: approximate), its
   * accent colour, and where its actions sit (a sticky header, as note, Qiita, Medium, Substack
   * and Hashnode have; a bar fixed at the bottom, as dev.to has).
   */
  look?: { width: number; accent: string };
  /**
   * The platform's image host and how its editor takes an uploaded image: the upload control is
   * `input#image-upload-input[type=file]` in the page (under a label with the platform's name
   * for it); 'markdown' editors insert `![](url)` at the cursor, 'image' editors an image node.
   */
  host?: HostSpec & {
    insert: 'markdown' | 'image' | 'attach';
    label: string;
    /** The file input, if the page has its own (X's data-testid=fileInput). */
    control?: string;
    /** The input only exists once a menu has been opened and an item chosen (note: "+" メニューを開く -> 画像). */
    menu?: { open: string; item: string };
  };
  /**
   * A published post's edit page: its path (from the post; `draftId` is the id a draft got when
   * the editor first saved it, for editors whose URL carries it), the labels of buttons that read
   * otherwise there (by id: the final "save changes"), and, for editors that put the draft's id
   * in the URL as soon as it exists (Substack /publish/post/<id>, LinkedIn /article/edit/<id>/),
   * that URL with ":id". Other posts' edit pages, deleted ones and the edit-gone fault answer 404.
   */
  edit?: { path(post: SandboxPost, draftId: number | undefined): string; pattern: RegExp; labels: Record<string, string>; draftPath?: string };
  /** A page script of the platform's own instead of the shared one (a composer unlike the others: Bluesky). */
  script?: string;
  /** What the platform does to a post on its way into storage (Bluesky shortens links, adds a link card). */
  beforeStore?(post: { title: string; body: string; tags: string[]; extra: Record<string, unknown> }): { title: string; body: string; tags: string[]; extra: Record<string, unknown> };
  /** Routes of the platform's own, tried before the shared ones. */
  routes?(r: Request): boolean | Promise<boolean>;
  /** Server-side rules a real platform enforces, as messages (or undefined when fine). */
  validate?(post: { title: string; body: string; tags: string[]; extra: Record<string, unknown> }): string | undefined;
}

/** The page script: tags, flow buttons, submit. Plain JS: it runs as the page is. */
const PAGE_APP = `
const cfg = window.__SITE__;
const $ = (s) => document.querySelector(s);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const tags = [];
const error = (m) => { $('#editor-error').textContent = m; };
function renderTags() {
  $('#tag-chips').innerHTML = tags.map((t) => '<span role="group" class="tag-chip">' + esc(t) + ' <button type="button" aria-label="Remove ' + esc(t) + '">×</button></span>').join('');
  document.querySelectorAll('#tag-chips button').forEach((b, i) => b.onclick = () => { tags.splice(i, 1); renderTags(); });
}
function addTag(text) {
  const t = text.trim().replace(/^#/, '');
  if (!t) return;
  if (tags.length >= cfg.tags.max) { error('Only ' + cfg.tags.max + ' tags allowed'); return; }
  if (!tags.includes(t)) tags.push(t);
  renderTags();
}
if (cfg.tags) {
  const input = document.getElementById(cfg.tags.input);
  const list = $('#tag-suggestions');
  // Like the real tag fields (Zenn's topics, Qiita's tags, Hashnode's, Medium's topics), the
  // suggestion list opens on focus, under the field and over what follows it, and stays open
  // while the field has focus: popular tags first, then matches for what is typed.
  const POPULAR = ['javascript', 'python', 'webdev', 'ai', 'react'];
  const place = () => {
    const r = input.getBoundingClientRect();
    Object.assign(list.style, { position: 'absolute', left: (r.left + scrollX) + 'px', top: (r.bottom + scrollY) + 'px', width: '320px', maxHeight: '260px', overflow: 'auto', zIndex: 70, background: '#fff', border: '1px solid #ccc', margin: 0, padding: '4px 0', listStyle: 'none', boxShadow: '0 4px 8px #0002' });
  };
  const suggest = () => {
    const v = input.value.trim();
    const items = v ? [v, v + 'js'] : POPULAR;
    list.setAttribute('aria-label', v ? 'Suggestions' : 'Popular tags');
    list.innerHTML = items.map((t) => '<li role="option" style="padding:8px 12px">' + esc(t) + '</li>').join('');
    list.querySelectorAll('li').forEach((li) => li.onmousedown = (e) => { e.preventDefault(); addTag(li.textContent); input.value = ''; list.hidden = true; });
    place();
    list.hidden = document.activeElement !== input;
  };
  input.addEventListener('focus', suggest);
  input.addEventListener('blur', () => { list.hidden = true; });
  input.addEventListener('input', suggest);
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    if (e.key === 'Escape') { list.hidden = true; return; }
    if (cfg.tags.suggest === 'steals-enter' && e.key === 'Enter' && !list.hidden && input.value.trim()) {
      // The open autosuggest takes Enter and picks its highlighted entry (the second one here).
      e.preventDefault(); const li = list.querySelectorAll('li')[1]; if (li) { addTag(li.textContent); input.value = ''; } list.hidden = true; return;
    }
    if (cfg.tags.suggest === 'click') return;
    if (cfg.tags.commit.includes(e.key)) { e.preventDefault(); addTag(input.value); input.value = ''; list.hidden = true; }
  });
}
window.__media = [];
/**
 * Sends one file to the platform's image host; returns the hosted URL, or undefined after showing
 * the host's error. Each host answers in its own shape ({url}, {data: {url}}, {value: {url}}).
 */
async function hostFile(file) {
  const data = new FormData();
  data.append(cfg.upload.field, file);
  const res = await fetch(cfg.upload.path, { method: 'POST', body: data });
  const out = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
  if (!res.ok) { error(out.error || ('HTTP ' + res.status)); return undefined; }
  const urlOf = (v) => typeof v === 'string' ? (/^https?:/.test(v) ? v : undefined) : v && typeof v === 'object' ? Object.values(v).map(urlOf).find(Boolean) : undefined;
  return urlOf(out);
}
// A cover control (input[data-cover-input]): the image goes to the platform's host and shows as
// the cover preview; where the page has a confirm step (note's trimming dialog), only its 保存 sets it.
window.__cover = '';
document.querySelectorAll('[data-cover-input]').forEach((input) => input.addEventListener('change', async () => {
  const file = input.files[0];
  if (!file || !cfg.upload) return;
  const url = await hostFile(file);
  input.value = '';
  if (!url) return;
  const set = () => { window.__cover = url; const p = $('[data-cover-preview]'); if (p) { p.src = url; p.hidden = false; } };
  const confirm = $('[data-cover-confirm]');
  if (!confirm) return set();
  confirm.hidden = false;
  confirm.querySelector('button').onclick = () => { confirm.hidden = true; set(); };
}));
const bindPicker = (picker) => picker.addEventListener('change', async () => {
  for (const file of [...picker.files]) await uploadOne(file);
  picker.value = '';
});
if (cfg.upload && cfg.upload.menu) {
  // The input appears only once the menu's image item is chosen (then it stays, hidden).
  const wrap = $('.image-menu');
  const menu = wrap.querySelector('[role=menu]');
  wrap.querySelector('button').onclick = () => { menu.hidden = false; };
  menu.querySelector('[role=menuitem]').onclick = () => {
    menu.hidden = true;
    if (wrap.querySelector('input[type=file]')) return;
    const input = document.createElement('input');
    input.type = 'file'; input.accept = 'image/png,image/jpeg,image/gif,image/webp'; input.setAttribute('aria-label', cfg.upload.label); input.style.display = 'none';
    wrap.appendChild(input);
    bindPicker(input);
  };
} else if (cfg.upload) bindPicker(document.querySelector(cfg.upload.control));
/** A body image: hosted, then placed the way this editor takes it (Markdown, an image node, an attachment). */
async function uploadOne(file) {
  const state = document.getElementById('image-upload-state') || {};
  state.textContent = 'Uploading…';
  const url = await hostFile(file);
  state.textContent = '';
  if (!url) return;
  if (cfg.upload.insert === 'markdown') window.__editor.insert('![](' + url + ')');
  else if (cfg.upload.insert === 'image') window.__editor.image(url, '');
  else {
    // A composer's attachment: a thumbnail under the text, sent with the post.
    window.__media.push({ url, alt: '' });
    const thumb = document.createElement('img');
    thumb.src = url; thumb.alt = ''; thumb.width = 80;
    document.querySelector('[data-testid="attachments"]').appendChild(thumb);
  }
}
const titleOf = () => { const t = $('#title-field'); return t ? (t.value !== undefined ? t.value : t.textContent) : ''; };
// A published post's edit page starts from the post (the editor bundle takes its body); some
// buttons read otherwise there (the final one saves changes).
const editing = cfg.editing;
if (editing) {
  if ($('#title-field')) $('#title-field').value = editing.title;
  if (cfg.tags) { tags.push(...editing.tags); renderTags(); }
  const set = (sel, v) => { const el = $(sel); if (el && v) { el.value = v; el.hidden = false; } };
  set('#subtitle', editing.subtitle); set('#series-name', editing.series); set('#canonical-url', editing.canonical);
  if (editing.canonical && $('#canonical-enabled')) { $('#canonical-enabled').checked = true; $('#canonical-url').disabled = false; }
  if (editing.cover) { window.__cover = editing.cover; const p = $('[data-cover-preview]'); if (p) { p.src = editing.cover; p.hidden = false; } }
  for (const [id, label] of Object.entries(cfg.labels || {})) { const b = document.getElementById(id); if (b) b.textContent = label; }
} else if (cfg.draftPath) {
  // The editor saves a draft as soon as there is something in it, and the URL takes its id.
  let asked = false;
  const start = async () => {
    if (asked) return;
    asked = true;
    const res = await fetch('/__api/drafts', { method: 'POST' });
    const out = await res.json();
    window.__draftId = out.id;
    history.replaceState(null, '', cfg.draftPath.replace(':id', out.id));
  };
  for (const type of ['input', 'paste']) document.addEventListener(type, start, true);
}
for (const step of cfg.steps) {
  const b = document.getElementById(step.id);
  if (step.needsContent) setInterval(() => { b.disabled = !(window.__editor && window.__editor.text().trim() && (!$('#title-field') || titleOf().trim())); }, 100);
  b.onclick = async () => {
    error('');
    if (step.show) document.getElementById(step.show).hidden = false;
    if (step.submit) await submit();
  };
}
async function submit() {
  const ed = window.__editor;
  if (!ed) return error('The editor is still loading.');
  if (ed.saved && !ed.saved()) return error('Your story has unsaved changes. Keep typing to save it.');
  const body = cfg.store === 'html' ? ed.html() : ed.text();
  const extra = { media: window.__media.length ? window.__media : undefined, thread: ed.texts ? ed.texts() : undefined, canonical: (!$('#canonical-enabled') || $('#canonical-enabled').checked) ? (($('#canonical-url') || {}).value || undefined) : undefined, subtitle: ($('#subtitle') || {}).value || undefined, series: ($('#series-name') || {}).value || undefined, cover: window.__cover || undefined };
  if (window.__draftId) extra.draftId = window.__draftId;
  const res = await fetch(editing ? '/__api/posts/' + editing.id : '/__api/posts', { method: editing ? 'PUT' : 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: ed.title ? ed.title() : titleOf(), body, tags, extra }) });
  const out = await res.json().catch(() => ({ message: 'HTTP ' + res.status }));
  if (!res.ok) return error(out.message || ('HTTP ' + res.status));
  if (cfg.after === 'navigate') { location.href = out.path; return; }
  $('#done-link').href = out.path;
  $('#done-link').textContent = location.origin + out.path;
  $('#done').hidden = false;
}
`;

/**
 * The editor page's frame, shared by every platform: a sticky header (the site's name first,
 * then the platform's own header buttons) that the text scrolls under, a centred column of the
 * platform's width, dialogs as fixed sheets over the page. The text is long enough to scroll.
 */
function layout(spec: EditorSiteSpec): string {
  const { width, accent } = spec.look ?? { width: 720, accent: '#333' };
  return `<style>
body{max-width:none;margin:0;padding:0;background:#fafafa}
header{position:sticky;top:0;z-index:50;display:flex;gap:12px;align-items:center;justify-content:flex-end;height:56px;padding:0 24px;background:#fff;border-bottom:3px solid ${accent};box-shadow:0 1px 4px #0001}
header::before{content:${JSON.stringify(spec.name)};margin-right:auto;font-weight:700;font-size:1.2em;color:${accent}}
header button{background:${accent};color:#fff;border:0;border-radius:6px;padding:8px 14px}
.editor-column{max-width:${width}px;margin:24px auto 160px;padding:24px;background:#fff;border-radius:8px}
.editor-column section[role=dialog],.editor-column section[aria-label]{position:fixed;right:24px;top:72px;width:360px;max-height:80vh;overflow:auto;z-index:60;background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px;box-shadow:0 8px 24px #0003}
#editor .ProseMirror,#editor .cm-editor,#editor>[contenteditable]{min-height:300px;outline:none}
</style>`;
}

/** Moves the platform's own `<header>` (if any) to the top of the page, before the column. */
function framed(spec: EditorSiteSpec): string {
  const header = /<header\b[\s\S]*?<\/header>/.exec(spec.html)?.[0] ?? '<header></header>';
  return `${layout(spec)}${header}<div class="editor-column">${spec.html.replace(header, '')}`;
}

function editorPage(spec: EditorSiteSpec, site: Site, post?: SandboxPost): string {
  const editorCfg = { ...spec.editorOptions, delay: 150 + (site.faults.slowEditor ?? 0), pasteDropped: !!site.faults.pasteDropped, initial: post?.body, initialTitle: post?.title };
  const editing = post && { id: post.id, title: post.title, tags: post.tags, subtitle: post.subtitle, series: post.series, canonical: post.canonicalUrl, cover: post.coverImage };
  const siteCfg = { tags: spec.tags, steps: spec.steps, store: spec.store, after: spec.after, editing, labels: spec.edit?.labels, draftPath: spec.edit?.draftPath, upload: spec.host ? { path: spec.host.path, field: spec.host.field, insert: spec.host.insert, control: spec.host.control ?? '#image-upload-input', menu: spec.host.menu, label: spec.host.label } : undefined };
  return page(`${spec.name} (sandbox editor)`, `${framed(spec)}
${spec.host?.menu ? `<div class="image-menu" style="position:fixed;left:24px;top:72px;z-index:40"><button type="button" aria-label="${escapeHtml(spec.host.menu.open)}">＋</button><div role="menu" hidden style="background:#fff;border:1px solid #ccc"><button type="button" role="menuitem">${escapeHtml(spec.host.menu.item)}</button></div></div><span id="image-upload-state" role="status"></span>` : ''}
${spec.host && !spec.host.control && !spec.host.menu ? `<label class="image-upload" style="position:fixed;left:24px;top:72px;z-index:40;background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 10px">${escapeHtml(spec.host.label)} <input type="file" id="image-upload-input" accept="image/png,image/jpeg,image/gif,image/webp" aria-label="${escapeHtml(spec.host.label)}" style="width:0;height:0;opacity:0"></label><span id="image-upload-state" role="status"></span>` : ''}
<ul id="tag-suggestions" role="listbox" hidden></ul>
<p id="editor-error" role="alert"></p>
<div id="done" role="dialog" aria-label="Published" hidden><p>Published: <a id="done-link" href="#"></a></p><button type="button" aria-label="リンクをコピー">Copy link</button></div></div>
<script>window.__EDITOR__ = ${JSON.stringify(editorCfg)}; window.__SITE__ = ${JSON.stringify(siteCfg)};</script>
<script src="/assets/${spec.editor}.js"></script>
<script>${spec.script ?? PAGE_APP}</script>`);
}

function articlePage(spec: EditorSiteSpec, post: SandboxPost): string {
  const body = spec.store === 'html' ? post.body : `<pre class="post-text">${escapeHtml(post.body)}</pre>`;
  const head = post.canonicalUrl ? `<link rel="canonical" href="${escapeHtml(post.canonicalUrl)}">` : '';
  return page(`${post.title || post.body.slice(0, 40)} | ${spec.name}`, `<article><h1>${escapeHtml(post.title)}</h1>${post.subtitle ? `<h3 class="subtitle">${escapeHtml(post.subtitle)}</h3>` : ''}
<div class="tags">${post.tags.map((t) => `<a href="/tags/${encodeURIComponent(t)}">#${escapeHtml(t)}</a>`).join(' ')}</div>
<div class="body">${body}</div></article>`, head);
}

type Sent = { title: string; body: string; tags: string[]; extra: Record<string, unknown> };

/** What the platform keeps of a post its editor sent (on publish and on each saved change). */
function stored(spec: EditorSiteSpec, p: Sent) {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    title: p.title,
    body: p.body,
    tags: p.tags,
    description: (spec.store === 'html' ? p.body.replace(/<[^>]+>/g, ' ') : p.body).replace(/\s+/g, ' ').trim().slice(0, 140),
    canonicalUrl: text(p.extra.canonical),
    subtitle: text(p.extra.subtitle),
    series: text(p.extra.series),
    coverImage: text(p.extra.cover),
    media: Array.isArray(p.extra.media) ? (p.extra.media as { url: string }[]).map((m) => m.url) : undefined,
  };
}

export function createEditorSite(spec: EditorSiteSpec): Site {
  // Build the editor bundle now, not on the first editor visit (esbuild takes about a second).
  bundle(spec.editor, EDITOR_SOURCES[spec.editor]).catch(() => {});
  const routes = async (r: Request): Promise<boolean> => {
    const { req, res, url, user, site } = r;
    const path = url.pathname;
    if (spec.routes && (await spec.routes(r))) return true;
    if (spec.host && (await imageHost(r, spec.host, site.uploads))) return true;
    if (path === '/') {
      return send(res, 200, page(`${spec.name} (sandbox)`, `<h1>${escapeHtml(spec.name)} sandbox</h1><p>${user ? `Signed in as ${escapeHtml(user)}. <a href="${spec.editorPath}">Write</a>` : '<a href="/enter">Sign in</a>'}</p>`));
    }
    if (path === `/assets/${spec.editor}.js`) {
      return send(res, 200, await bundle(spec.editor, EDITOR_SOURCES[spec.editor]), 'text/javascript; charset=utf-8', { 'cache-control': 'max-age=3600' });
    }
    if (path === spec.editorPath) {
      if (!user) return redirect(res, `/enter?return_to=${encodeURIComponent(spec.editorPath + url.search)}`);
      return send(res, 200, editorPage(spec, site));
    }
    const edit = spec.edit;
    if (edit && req.method === 'GET' && edit.pattern.test(path)) {
      if (!user) return redirect(res, `/enter?return_to=${encodeURIComponent(path)}`);
      const post = site.posts.find((p) => p.author === user && p.editPath === path);
      if (!post || site.faults.editGone) return send(res, 404, page(`Page not found | ${spec.name}`, `<main><h1>Page not found</h1><p>This post does not exist or you do not have access to it.</p></main>`));
      return send(res, 200, editorPage(spec, site, post));
    }
    if (edit?.draftPath && path === '/__api/drafts' && req.method === 'POST') {
      if (!user) return sendJson(res, 401, { message: 'Sign in first.' });
      return sendJson(res, 200, { id: (site.draftIds += 1) });
    }
    const put = /^\/__api\/posts\/(\d+)$/.exec(path);
    if (put && req.method === 'PUT') {
      if (!user) return sendJson(res, 401, { message: 'Sign in first.' });
      if (site.faults.publishError) return sendJson(res, 500, { message: `Something went wrong on ${spec.name} (sandbox publish-error fault).` });
      const post = site.posts.find((p) => p.id === Number(put[1]) && p.author === user);
      if (!post) return sendJson(res, 404, { message: 'This post does not exist.' });
      const sent = JSON.parse(await readBody(req)) as Sent;
      const refused = spec.validate?.(sent);
      if (refused) return sendJson(res, 422, { message: refused });
      const p = spec.beforeStore ? spec.beforeStore(sent) : sent;
      await sleep(100);
      site.updatePost(post, { ...stored(spec, p), extra: { ...post.extra, ...p.extra } });
      return sendJson(res, 200, { path: new URL(post.url).pathname, id: post.id });
    }
    if (path === '/__api/posts' && req.method === 'POST') {
      if (!user) return sendJson(res, 401, { message: 'Sign in first.' });
      if (site.faults.publishError) return sendJson(res, 500, { message: `Something went wrong on ${spec.name} (sandbox publish-error fault).` });
      const sent = JSON.parse(await readBody(req)) as Sent;
      const refused = spec.validate?.(sent);
      const p = spec.beforeStore ? spec.beforeStore(sent) : sent;
      if (refused) return sendJson(res, 422, { message: refused });
      await sleep(100);
      const slug = spec.slug ? spec.slug(p.title) : `${slugify(p.title || p.body)}-${crypto.randomBytes(3).toString('hex')}`;
      const post = site.addPost({ slug, author: user, extra: p.extra, path: spec.postPath(user, slug), ...stored(spec, p) });
      if (edit) post.editPath = edit.path(post, typeof p.extra.draftId === 'number' ? p.extra.draftId : undefined);
      return sendJson(res, 200, { path: new URL(post.url).pathname, id: post.id });
    }
    const feed = spec.feed && spec.feed.path.exec(path);
    if (feed && spec.feed) {
      const author = feed[1] !== undefined && spec.feed.authorOf ? spec.feed.authorOf(feed[1], site) : feed[1];
      return sendFeed(r, spec.feed.render(site, feed[1], site.feedPosts(author, spec.feedSize ?? 20)), spec.feed.type);
    }
    const post = site.posts.find((p) => new URL(p.url).pathname === path.replace(/\/$/, ''));
    if (post) return send(res, 200, articlePage(spec, post));
    return false;
  };
  return new Site({ id: spec.id, name: spec.name, cookieName: spec.cookieName, routes });
}
