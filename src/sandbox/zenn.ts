/**
 * Zenn imitation. shared/platforms.md: the web editor is CodeMirror 6; no verified selector set
 * exists, so the landmarks are the ones third-party scripts use (title by a placeholder containing
 * タイトル, body `.cm-content`, buttons 公開する / 下書き保存). The settings (emoji, type, topics)
 * follow zenn-cli's front matter names; their exact real DOM is UNVERIFIED.
 * Signed out, /articles/new redirects to /enter. Published URL `/<user>/articles/<slug>`;
 * feed `/<user>/feed` RSS 2.0 with enclosure and dc:creator.
 */
import crypto from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { bundle } from './assets.js';
import { imageHost } from './uploads.js';
import { Site, escapeHtml, page, readBody, redirect, rfc822, send, sendFeed, sendJson, sleep, xmlEscape, type Request } from './site.js';

// html: the container replacements below emit HTML that must pass through.
const md = new MarkdownIt({ html: true, linkify: true });

/** Zenn containers rendered roughly as zenn-markdown-html does (aside.msg, details), closed in order. */
function renderBody(markdown: string): string {
  const open: string[] = [];
  const html = markdown
    .split('\n')
    .map((line) => {
      if (/^:{3,}message(?: alert)?\s*$/.test(line)) {
        open.push('</aside>');
        return '\n<aside class="msg">\n';
      }
      const details = /^:{3,}details\s+(.*)$/.exec(line);
      if (details) {
        open.push('</details>');
        return `\n<details><summary>${escapeHtml(details[1]!)}</summary>\n`;
      }
      if (/^:{3,}\s*$/.test(line) && open.length) return `\n${open.pop()}\n`;
      const embed = /^@\[(\w+)\]\((\S+)\)\s*$/.exec(line);
      if (embed) return `<p class="embed-${embed[1]}"><a href="${escapeHtml(embed[2]!)}">${escapeHtml(embed[2]!)}</a></p>`;
      return line;
    })
    .join('\n');
  return md.render(html + open.reverse().map((c) => `\n${c}\n`).join(''));
}

const EDITOR_SOURCE = `
import { EditorView, basicSetup } from 'codemirror';
import { markdown } from '@codemirror/lang-markdown';

const cfg = window.__ZENN__;
// An edit page starts from the published article; saving it is PUT /api/articles/<slug>.
const editing = cfg.editing;
const state = { topics: editing ? editing.topics.slice() : [], type: editing ? editing.type : 'tech' };
const $ = (s) => document.querySelector(s);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
let view;

function renderTopics() {
  $('#topic-chips').innerHTML = state.topics.map((t) =>
    '<span class="topic-chip">' + esc(t) + ' <button type="button" aria-label="' + esc(t) + 'を削除">×</button></span>').join('');
  document.querySelectorAll('#topic-chips button').forEach((b, i) => b.onclick = () => { state.topics.splice(i, 1); renderTopics(); });
}

function addTopic(text) {
  const t = text.trim();
  if (!t) return;
  if (state.topics.length >= 5) { $('#topic-message').textContent = 'トピックは5つまでです'; return; }
  if (!state.topics.includes(t)) state.topics.push(t);
  renderTopics();
}

async function submit(published) {
  const res = await fetch(editing ? '/api/articles/' + editing.slug : '/api/articles', { method: editing ? 'PUT' : 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
    title: $('#title-input').value, body_markdown: view.state.doc.toString(), emoji: $('#emoji-input').value,
    article_type: state.type, topic_names: state.topics, published }) });
  const out = await res.json().catch(() => ({ message: 'HTTP ' + res.status }));
  if (!res.ok) { $('#editor-error').textContent = out.message || ('HTTP ' + res.status); return; }
  if (published) location.href = out.path; else $('#editor-status').textContent = '下書きを保存しました';
}

setTimeout(() => {
  const extensions = [basicSetup, markdown(), EditorView.lineWrapping];
  if (cfg.pasteDropped) extensions.push(EditorView.domEventHandlers({ paste: (e) => { e.preventDefault(); return true; } }));
  view = new EditorView({ doc: editing ? editing.body : '', extensions, parent: $('#editor') });
  if (editing) { $('#title-input').value = editing.title; $('#emoji-input').value = editing.emoji; document.querySelector('input[name="article-type"][value="' + editing.type + '"]').checked = true; renderTopics(); }
  const topic = $('#topic-input');
  topic.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { list.hidden = true; return; }
    if ((e.key === 'Enter' && !e.isComposing) || e.key === ',') { e.preventDefault(); addTopic(topic.value); topic.value = ''; show(); }
  });
  // The topic field's suggestion list opens on focus, under the field and over what follows,
  // and stays open while the field has focus; Escape or blur closes it.
  const list = document.createElement('ul');
  list.id = 'topic-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'トピックの候補');
  list.hidden = true;
  document.body.appendChild(list);
  const POPULAR = ['javascript', 'typescript', 'react', 'python', 'go'];
  const show = () => {
    const v = topic.value.trim();
    list.innerHTML = (v ? [v, v + 'js'] : POPULAR).map((t) => '<li role="option" style="padding:8px 12px">' + esc(t) + '</li>').join('');
    list.querySelectorAll('li').forEach((li) => li.onmousedown = (e) => { e.preventDefault(); addTopic(li.textContent); topic.value = ''; show(); });
    const r = topic.getBoundingClientRect();
    Object.assign(list.style, { position: 'absolute', left: (r.left + scrollX) + 'px', top: (r.bottom + scrollY) + 'px', width: '280px', zIndex: 20, background: '#fff', border: '1px solid #ccc', margin: 0, padding: '4px 0', listStyle: 'none' });
    list.hidden = document.activeElement !== topic;
  };
  topic.addEventListener('focus', show);
  topic.addEventListener('input', show);
  topic.addEventListener('blur', () => { list.hidden = true; });
  document.querySelectorAll('input[name="article-type"]').forEach((r) => r.onchange = () => { state.type = r.value; });
  $('#publish-button').onclick = () => submit(true);
  if ($('#save-draft-button')) $('#save-draft-button').onclick = () => submit(false);
  const tabs = document.querySelectorAll('[role="tab"]');
  tabs[0].onclick = () => { $('#editor').hidden = false; $('#preview').hidden = true; tabs[0].setAttribute('aria-selected', 'true'); tabs[1].setAttribute('aria-selected', 'false'); };
  // The upload control: the image goes to Zenn's image host and \`![](url)\` lands at the cursor.
  const picker = $('#image-upload-input');
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    if (!file) return;
    const data = new FormData();
    data.append('image', file);
    const res = await fetch('/api/image_uploads', { method: 'POST', body: data });
    const out = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
    picker.value = '';
    if (!res.ok) { $('#editor-error').textContent = out.error || ('HTTP ' + res.status); return; }
    view.dispatch(view.state.replaceSelection('![](' + out.url + ')'));
  });
  tabs[1].onclick = async () => {
    const res = await fetch('/api/markdown', { method: 'POST', body: view.state.doc.toString() });
    $('#preview').innerHTML = (await res.json()).html;
    $('#editor').hidden = true; $('#preview').hidden = false;
    tabs[0].setAttribute('aria-selected', 'false'); tabs[1].setAttribute('aria-selected', 'true');
  };
}, cfg.delay);
`;

interface Editing {
  slug: string;
  title: string;
  body: string;
  emoji: string;
  type: string;
  topics: string[];
}

/**
 * The editor, new or (editing) for a published article. A published article's header button is
 * 更新する instead of 公開する (UNVERIFIED: no public source shows Zenn's edit page; the label is
 * what the site shows writers by our reading) and there is no 下書き保存.
 */
function editorPage(user: string, delay: number, pasteDropped: boolean, editing?: Editing): string {
  return page('記事の編集 | Zenn', `
<style>body{max-width:none;margin:0;padding:0;background:#edf2f7}main{max-width:720px;margin:24px auto 160px;padding:24px;background:#fff;border-radius:12px}</style>
<header style="position:sticky;top:0;z-index:50;height:56px;padding:0 24px;background:#fff;border-bottom:2px solid #3ea8ff;display:flex;gap:8px;justify-content:space-between;align-items:center">
  <a href="/">Zenn</a><span id="editor-status" role="status"></span>
  <span>${editing ? '' : '<button type="button" id="save-draft-button">下書き保存</button> '}<button type="button" id="publish-button">${editing ? '更新する' : '公開する'}</button></span>
</header>
<main>
  <input type="text" id="title-input" placeholder="記事タイトル" aria-label="タイトル" style="width:100%;font-size:1.6em">
  <div role="tablist"><button role="tab" aria-selected="true" type="button">編集</button><button role="tab" aria-selected="false" type="button">プレビュー</button></div>
  <label class="image-upload">画像をアップロード <input type="file" id="image-upload-input" accept="image/png,image/jpeg,image/gif,image/webp" aria-label="画像をアップロード" style="width:0;height:0;opacity:0"></label>
  <div id="editor" style="border:1px solid #ccc;min-height:300px"></div>
  <div id="preview" class="znc" hidden></div>
  <aside aria-label="記事の設定">
    <label>アイキャッチ絵文字 <input id="emoji-input" aria-label="アイキャッチ絵文字" value="" size="4"></label>
    <fieldset><legend>記事のタイプ</legend>
      <label><input type="radio" name="article-type" value="tech" checked> Tech: 技術記事</label>
      <label><input type="radio" name="article-type" value="idea"> Idea: アイデア</label></fieldset>
    <label>トピック <span id="topic-chips"></span><input id="topic-input" placeholder="トピックを入力" aria-label="トピック" autocomplete="off"></label>
    <p id="topic-message" role="status"></p>
  </aside>
  <p id="editor-error" role="alert"></p>
</main>
<script>window.__ZENN__ = ${JSON.stringify({ user, delay, pasteDropped, editing })};</script>
<script src="/assets/zenn-editor.js"></script>`);
}

/**
 * Zenn's image host: storage.googleapis.com/zenn-user-upload/<id>.<ext>, 3 MB per image
 * (shared/platforms.md). The upload request's path and field are UNVERIFIED (no public source).
 */
const HOST = { path: '/api/image_uploads', field: 'image', prefix: '/zenn-user-upload/', maxBytes: 3 * 1024 * 1024, answer: (images: { url: string }[]) => ({ url: images[0]!.url }) };

/** Zenn's own checks on an article it is asked to save (the messages its editor shows). */
function checkArticle(a: { title: string; emoji: string; topic_names: string[] }): string | undefined {
  if (!a.title?.trim()) return 'タイトルを入力してください';
  if (a.title.length > 70) return 'タイトルは70文字以内にしてください';
  if (!a.emoji) return '絵文字を選択してください';
  if (a.topic_names.length > 5) return 'トピックは5つまでです';
  return undefined;
}

const describe = (markdown: string) => markdown.replace(/[#>*`_[\]():]/g, '').trim().slice(0, 120);

async function routes(r: Request): Promise<boolean> {
  const { req, res, url, user, site } = r;
  const path = url.pathname;
  if (await imageHost(r, HOST, site.uploads)) return true;

  if (path === '/') return send(res, 200, page('Zenn (sandbox)', `<h1>Zenn sandbox</h1><p>${user ? `${escapeHtml(user)} でログイン中. <a href="/articles/new">記事を書く</a>` : '<a href="/enter">ログイン</a>'}</p>`));

  if (path === '/assets/zenn-editor.js') {
    return send(res, 200, await bundle('zenn-editor', EDITOR_SOURCE), 'text/javascript; charset=utf-8', { 'cache-control': 'max-age=3600' });
  }

  if (path === '/articles/new') {
    if (!user) return redirect(res, `/enter?return_to=${encodeURIComponent('/articles/new')}`);
    return send(res, 200, editorPage(user, 150 + (site.faults.slowEditor ?? 0), !!site.faults.pasteDropped));
  }

  // The edit page of the writer's own article: /articles/<slug>/edit (platforms.md; UNVERIFIED in
  // Zenn's docs). Another writer's or a deleted article (or the edit-gone fault) is a 404.
  const edit = /^\/articles\/([\w-]+)\/edit\/?$/.exec(path);
  if (edit && req.method === 'GET') {
    if (!user) return redirect(res, `/enter?return_to=${encodeURIComponent(path)}`);
    const post = site.posts.find((p) => p.author === user && p.slug === edit[1]);
    if (!post || site.faults.editGone) return send(res, 404, page('ページが見つかりませんでした | Zenn', '<main><h1>404</h1><p>ページが見つかりませんでした</p></main>'));
    const editing = { slug: post.slug, title: post.title, body: post.body, emoji: String(post.extra.emoji ?? ''), type: String(post.extra.type ?? 'tech'), topics: post.tags };
    return send(res, 200, editorPage(user, 150 + (site.faults.slowEditor ?? 0), !!site.faults.pasteDropped, editing));
  }

  const put = /^\/api\/articles\/([\w-]+)$/.exec(path);
  if (put && req.method === 'PUT') {
    if (!user) return sendJson(res, 401, { message: 'ログインが必要です' });
    if (site.faults.publishError) return sendJson(res, 500, { message: 'サーバーエラーが発生しました (sandbox publish-error fault)' });
    const post = site.posts.find((p) => p.author === user && p.slug === put[1]);
    if (!post) return sendJson(res, 404, { message: '記事が見つかりません' });
    const a = JSON.parse(await readBody(req)) as { title: string; body_markdown: string; emoji: string; article_type: string; topic_names: string[] };
    const refused = checkArticle(a);
    if (refused) return sendJson(res, 422, { message: refused });
    await sleep(150);
    site.updatePost(post, { title: a.title, body: a.body_markdown, tags: a.topic_names, description: describe(a.body_markdown), extra: { emoji: a.emoji, type: a.article_type } });
    return sendJson(res, 200, { slug: post.slug, path: `/${user}/articles/${post.slug}` });
  }

  if (path === '/api/markdown' && req.method === 'POST') {
    return sendJson(res, 200, { html: renderBody(await readBody(req)) });
  }

  if (path === '/api/articles' && req.method === 'POST') {
    if (!user) return sendJson(res, 401, { message: 'ログインが必要です' });
    if (site.faults.publishError) return sendJson(res, 500, { message: 'サーバーエラーが発生しました (sandbox publish-error fault)' });
    const a = JSON.parse(await readBody(req)) as { title: string; body_markdown: string; emoji: string; article_type: string; topic_names: string[]; published: boolean };
    const refused = checkArticle(a);
    if (refused) return sendJson(res, 422, { message: refused });
    await sleep(150);
    // Zenn's web editor assigns a random 14-hex slug.
    const slug = crypto.randomBytes(7).toString('hex');
    if (!a.published) return sendJson(res, 200, { slug, path: `/articles/${slug}/edit` });
    const post = site.addPost({
      slug,
      title: a.title,
      body: a.body_markdown,
      tags: a.topic_names,
      description: describe(a.body_markdown),
      author: user,
      extra: { emoji: a.emoji, type: a.article_type },
      path: `/${user}/articles/${slug}`,
    });
    return sendJson(res, 200, { slug, path: `/${user}/articles/${post.slug}` });
  }

  const feed = /^\/([\w]+)\/feed\/?$/.exec(path);
  if (feed) {
    const author = feed[1]!;
    const items = site.feedPosts(author, 20);
    const xml = `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel><title><![CDATA[${author}さんのフィード]]></title><description><![CDATA[Zennの「${author}」のフィード]]></description><link>${site.origin}/${author}</link><generator>zenn.dev</generator><lastBuildDate>${rfc822(items[0]?.publishedAt ?? new Date(0))}</lastBuildDate><atom:link href="${site.origin}/${author}/feed" rel="self" type="application/rss+xml"/><language>ja</language>${items
      .map(
        (p) =>
          `<item><title><![CDATA[${p.title}]]></title><description><![CDATA[${p.description}]]></description><link>${xmlEscape(p.url)}</link><guid isPermaLink="true">${xmlEscape(p.url)}</guid><pubDate>${rfc822(p.publishedAt)}</pubDate><enclosure url="${site.origin}/og/${p.slug}.png" length="0" type="image/png"/><dc:creator>${xmlEscape(p.author)}</dc:creator></item>`,
      )
      .join('')}</channel></rss>`;
    return sendFeed(r, xml);
  }

  const article = /^\/([\w]+)\/articles\/([\w-]+)\/?$/.exec(path);
  if (article) {
    const post = site.posts.find((p) => p.author === article[1] && p.slug === article[2]);
    if (!post) return false;
    return send(res, 200, page(`${post.title}｜Zenn`,
      `<article><div class="emoji">${escapeHtml(String(post.extra.emoji ?? ''))}</div><h1>${escapeHtml(post.title)}</h1>
<div class="topics">${post.tags.map((t) => `<a href="/topics/${t}">${escapeHtml(t)}</a>`).join(' ')}</div>
<div class="znc">${renderBody(post.body)}</div></article>`));
  }
  return false;
}

export function createZennSite(): Site {
  // Build the editor bundle now, not on the first editor visit (which would wait ~1 s for esbuild).
  bundle('zenn-editor', EDITOR_SOURCE).catch(() => {});
  return new Site({ id: 'zenn', name: 'Zenn', cookieName: 'zenn_sandbox_session', routes });
}
