/**
 * dev.to (Forem) imitation. DOM landmarks from shared/platforms.md, which cites forem/forem
 * `app/javascript/article-form/*`: the server shell, then the live `form#article-form`; the plain
 * body textarea; the tag input's key rules and 4-tag limit; Preview/Edit; Publish; the
 * localStorage draft restore; the 5-minute duplicate-title rule; `/feed/<user>` RSS.
 */
import MarkdownIt from 'markdown-it';
import { imageHost } from './uploads.js';
import { Site, escapeHtml, page, readBody, rfc822, send, sendFeed, sendJson, slugify, sleep, xmlEscape, type Request } from './site.js';

const md = new MarkdownIt({ html: true, linkify: true });

// Forem renders Liquid tags server-side (app/liquid_tags); the sandbox does the few the tool emits.
function liquid(tag: string, arg: string): string {
  switch (tag) {
    case 'details':
      return `<details class="ltag__details"><summary>${escapeHtml(arg)}</summary>\n`;
    case 'enddetails':
      return '\n</details>';
    case 'embed':
      return `<div class="ltag__link"><a href="${escapeHtml(arg)}">${escapeHtml(arg)}</a></div>`;
    default:
      return `<div class="ltag ltag-${escapeHtml(tag)}">${escapeHtml(tag)} ${escapeHtml(arg)}</div>`;
  }
}

const renderBody = (markdown: string) => md.render(markdown.replace(/^\{%\s*(\w+)\s*(.*?)\s*%\}$/gm, (_, tag: string, arg: string) => liquid(tag, arg)));

// Signed out, real dev.to answers /new with 200 and its sign-up page at the same URL
// (ArticlesController#new does not redirect; shared/platforms.md, forem/forem
// app/views/devise/registrations/new.html.erb): "Join the DEV Community", provider buttons,
// an email form posting to /users/sign_in. Each provider is a form of its own posting to the
// provider's sign-in path, its submit button led by the provider's icon, an inline SVG whose
// title names it (forem shared/authentication/_providers_registration_form.html.erb:
// inline_svg_tag(..., aria: true, title: provider_name)): so the button's accessible name
// starts with the icon's title ("githubContinue with GitHub" in Chromium), not with "Continue".
const provider = (id: string, name: string) =>
  `<form action="/users/auth/${id}?state=navbar_basic" method="post" class="flex w-100"><button type="submit" class="crayons-btn crayons-btn--l crayons-btn--brand-${id} crayons-btn--icon-left">` +
  `<svg class="crayons-icon" role="img" aria-labelledby="icon-${id}" width="24" height="24"><title id="icon-${id}">${id}</title><rect width="24" height="24"/></svg>Continue with ${name}</button></form>`;
const SIGNED_OUT = `<main class="registration"><h1>Join the DEV Community</h1>
<p>DEV Community is a community of amazing developers</p>
<div class="registration__actions">
${provider('apple', 'Apple')}
${provider('forem', 'Forem')}
${provider('github', 'GitHub')}
${provider('twitter', 'Twitter (X)')}</div>
<form action="/users/sign_in" method="post" class="registration__form">
<label>Email <input type="email" name="user[email]" autocomplete="email"></label>
<label>Password <input type="password" name="user[password]" autocomplete="current-password"></label>
<button type="submit" class="crayons-btn">Continue</button></form>
<p>Already have an account? <a href="/enter?return_to=/new">Log in</a></p></main>`;

// The editor's frame: a sticky header with the DEV logo, the form in a centred column, and the
// Publish / Save draft actions in a bar kept at the bottom of the window while the text scrolls.
const DEVTO_LOOK = `<style>body{max-width:none;margin:0;padding:0;background:#f5f5f5}
.devto-header{position:sticky;top:0;z-index:50;height:56px;display:flex;align-items:center;padding:0 16px;background:#fff;border-bottom:1px solid #e5e5e5}
.devto-header b{background:#000;color:#fff;padding:4px 8px;border-radius:4px}
#article-form-root{max-width:820px;margin:16px auto 0;background:#fff;border-radius:8px;padding:24px 48px}
#article-form-title{width:100%;font-size:2.4em;font-weight:800;border:0}
.c-autocomplete--multi{position:relative}
.crayons-article-form__footer{position:sticky;bottom:0;z-index:40;background:#f5f5f5;padding:12px 0;display:flex;gap:8px}
.crayons-btn{background:#3b49df;color:#fff;border:0;border-radius:6px;padding:8px 16px}</style>
<header class="devto-header"><b>DEV</b>&nbsp;Create Post</header>`;

// The server shell: same id, but no aria-label on the title, and it is thrown away on hydration.
const SHELL = `<form id="article-form" class="crayons-article-form" data-shell="true">
<textarea id="article-form-title" placeholder="New post title here..."></textarea>
<textarea id="article_body_markdown" placeholder="Write your post content here..."></textarea></form>`;

/** A published article as its edit page loads it (ArticlesController#edit passes the article to the form). */
interface Editing {
  id: number;
  title: string;
  body: string;
  tags: string[];
  mainImage: string;
  canonicalUrl: string;
  series: string;
}

function editorScript(user: string, delay: number, pasteDropped: boolean, captcha = false, editing?: Editing): string {
  return `<script>
(() => {
  const USER = ${JSON.stringify(user)};
  // The edit page of a published article: the form starts from it; EditorActions.jsx shows
  // "Save changes" instead of "Publish" and no "Save draft" (published || v1); saving sends
  // PUT /articles/<id> (actions.js submitArticle).
  const EDITING = ${JSON.stringify(editing ?? null)};
  const KEY = 'editor-v2-' + location.href;
  const state = { title: EDITING ? EDITING.title : '', body: EDITING ? EDITING.body : '', tags: EDITING ? EDITING.tags.slice() : [], mode: 'edit', message: '', listOpen: false, uploading: false, uploadError: '', mainImage: EDITING ? EDITING.mainImage : '', coverUploading: false, canonicalUrl: EDITING ? EDITING.canonicalUrl : '', series: EDITING ? EDITING.series : '', seriesCreate: false, optionsOpen: false };
  const ALL_SERIES = ['Earlier series'];
  // crayons MultiSelectAutocomplete: focusing the tag field opens the "Top tags" suggestion list
  // under it (absolutely positioned, over the body); it stays open while the field has focus.
  const TOP_TAGS = ['webdev', 'javascript', 'programming', 'beginners', 'ai', 'tutorial', 'python', 'react'];
  const saved = (() => { try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { return null; } })();
  const save = () => localStorage.setItem(KEY, JSON.stringify({ title: state.title, bodyMarkdown: state.body, tagList: state.tags.join(', ') }));
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const root = document.getElementById('article-form-root');

  function render() {
    const edit = state.mode === 'edit';
    root.innerHTML = \`<form id="article-form" class="crayons-article-form" aria-label="Edit post">
      <nav aria-label="View post modes" class="crayons-tabs">
        <button type="button" class="crayons-tabs__item" aria-current="\${edit ? 'page' : 'false'}">Edit</button>
        <button type="button" class="crayons-tabs__item" aria-current="\${edit ? 'false' : 'page'}">Preview</button>
      </nav>
      \${edit ? \`<div class="crayons-article-form__cover">\${cover()}</div>
      <textarea id="article-form-title" aria-label="Post Title" placeholder="New post title here..." rows="1">\${esc(state.title)}</textarea>
      <div class="c-autocomplete--multi"><span id="tag-chips">\${state.tags.map((t) => \`<span role="group" aria-label="\${esc(t)}" class="c-chip">#\${esc(t)} <button type="button" aria-label="Remove \${esc(t)}">×</button></span>\`).join('')}</span>
        <input id="tag-input" type="text" autocomplete="off" role="combobox" aria-expanded="\${state.listOpen}" aria-controls="tag-suggestions" placeholder="\${state.tags.length ? 'Add another...' : 'Add up to 4 tags...'}" aria-label="Add up to 4 tags">
        <div id="tag-suggestions" role="listbox" aria-labelledby="top-tags-heading" \${state.listOpen ? '' : 'hidden'} style="position:absolute;z-index:10;background:#fff;border:1px solid #ccc;box-shadow:0 4px 8px #0002;width:420px;max-height:340px;overflow:auto">
          <h3 id="top-tags-heading" style="margin:8px">Top tags</h3>
          \${TOP_TAGS.map((t) => \`<div role="option" aria-selected="false" data-tag="\${t}" style="padding:10px 12px">#\${t}<br><small>Posts about \${t}</small></div>\`).join('')}
        </div></div>
      <p id="tag-message" role="status">\${esc(state.message)}</p>
      <div class="crayons-article-form__toolbar">\${uploader()}</div>
      <textarea id="article_body_markdown" name="body_markdown" aria-label="Post Content" placeholder="Write your post content here..." rows="20" style="width:100%">\${esc(state.body)}</textarea>\`
      : \`<div id="article-preview" class="crayons-article__body">Loading preview…</div>\`}
      <div class="crayons-article-form__footer">
        <button type="button" class="crayons-btn" id="publish-btn">\${EDITING ? 'Save changes' : 'Publish'}</button>
        \${EDITING ? '' : '<button type="button" class="crayons-btn crayons-btn--secondary">Save draft</button>'}
        <button type="button" id="post-options-btn" title="Advanced Post options" aria-label="Advanced Post options">⚙</button>
        <div id="form-error" role="alert"></div>
      </div></form>\${state.optionsOpen ? options() : ''}\`;
    wire();
  }

  function commitTag(text) {
    const tag = text.trim().replace(/^#/, '');
    if (!tag) return;
    if (state.tags.length >= 4) { state.message = 'Only 4 selections allowed'; return; }
    if (!state.tags.includes(tag)) state.tags.push(tag);
    state.message = '';
  }

  // ArticleCoverImage.jsx: a file input #cover-image-input (image/*); the upload goes to
  // /image_uploads like body images; then the cover shows with "Change" and "Remove".
  function cover() {
    if (state.coverUploading) return '<span>Uploading...</span>';
    const input = '<input type="file" id="cover-image-input" accept="image/*" data-max-file-size-mb="25">';
    return state.mainImage
      ? '<img class="crayons-article-form__cover__image" src="' + esc(state.mainImage) + '" alt="Post cover" width="250"> <label class="crayons-btn crayons-btn--outlined">Change' + input + '</label> <button type="button" id="cover-remove">Remove</button>'
      : '<label class="crayons-btn crayons-btn--outlined">Add a cover image ' + input + '</label>';
  }

  // Options.jsx + SeriesSelector.jsx: "Advanced Post Options" modal with input#canonicalUrl,
  // the series (existing ones as aria-pressed buttons, "Create new series" -> input#new-series-name
  // -> "Create series"; then "Currently selected: <name>" and "Remove series"), and "Done".
  function options() {
    const series = state.series
      ? '<p class="crayons-field__description"><strong>Currently selected:</strong> ' + esc(state.series) + '</p><button type="button" id="series-remove">Remove series</button>'
      : state.seriesCreate
        ? '<form id="series-create"><label for="new-series-name">Series name</label><input type="text" id="new-series-name" placeholder="Enter series name..." required><button type="submit">Create series</button><button type="button" id="series-cancel">Cancel</button></form>'
        : (ALL_SERIES.length ? '<h3>Select an existing series</h3>' + ALL_SERIES.map((s) => '<button type="button" class="series-selector__series-card" aria-pressed="false">' + esc(s) + '</button>').join('') : '') + '<button type="button" id="series-new">Create new series</button>';
    return '<div class="crayons-modal" role="dialog" aria-modal="true" aria-label="Advanced Post Options" style="position:fixed;inset:10% 20%;z-index:60;background:#fff;border:1px solid #ccc;padding:24px;overflow:auto">' +
      '<h2>Advanced Post Options</h2>' +
      '<label for="canonicalUrl" class="crayons-field__label">Canonical URL</label><p>Change meta tag <code>canonical_url</code> if this post was first published elsewhere (like your own blog).</p>' +
      '<input type="text" id="canonicalUrl" name="canonicalUrl" class="crayons-textfield" placeholder="https://yoursite.com/post-title" value="' + esc(state.canonicalUrl) + '">' +
      '<div class="crayons-field"><label for="series">Series</label>' + series + '</div>' +
      '<div class="post-options-modal__footer"><button type="button" id="options-done">Done</button></div></div>';
  }

  // The v2 editor's toolbar (crayons MarkdownToolbar.jsx, role=toolbar "Markdown formatting
  // toolbar") holds the ImageUploader: "Upload image" over a hidden multiple file input
  // #image-upload-field (image/*, 25 MB) posting multipart image[] to /image_uploads -> {links}.
  // On start it puts "![Uploading image](...)" in the body at the cursor; on success it replaces
  // that with "![Image description](url)", on an error with nothing (handleImageUploadEnd).
  const PLACEHOLDER = '![Uploading image](...)';
  function uploader() {
    const busy = state.uploading ? '<span>Uploading...</span>' : '<label class="crayons-btn crayons-btn--ghost toolbar-btn" style="position:relative;display:inline-block">Upload image<input type="file" id="image-upload-field" multiple accept="image/*" data-max-file-size-mb="25" aria-label="Upload an image" style="position:absolute;inset:0;opacity:0;width:100%"></label>';
    return '<div class="editor-toolbar" role="toolbar" aria-label="Markdown formatting toolbar" aria-controls="article_body_markdown">' + busy + '</div>' + (state.uploadError ? '<span class="color-accent-danger" role="alert">' + esc(state.uploadError) + '</span>' : '');
  }

  async function upload(files) {
    const data = new FormData();
    for (const f of files) data.append('image[]', f);
    const area = document.getElementById('article_body_markdown');
    const at = area ? area.selectionEnd : state.body.length;
    state.body = state.body.slice(0, at) + '\\n' + PLACEHOLDER + state.body.slice(at);
    state.uploading = true; state.uploadError = ''; save(); render();
    const res = await fetch('/image_uploads', { method: 'POST', body: data });
    const out = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
    state.uploading = false;
    const markdown = res.ok ? out.links.map((l) => '![Image description](' + l + ')').join('\\n') : '';
    if (!res.ok) state.uploadError = out.error || ('HTTP ' + res.status);
    state.body = state.body.replace(PLACEHOLDER, markdown);
    save(); render();
  }

  function wire() {
    const form = root.querySelector('form');
    const coverInput = form.querySelector('#cover-image-input');
    if (coverInput) coverInput.addEventListener('change', async () => {
      const file = coverInput.files[0];
      if (!file) return;
      const data = new FormData();
      data.append('image[]', file);
      state.coverUploading = true; render();
      const res = await fetch('/image_uploads', { method: 'POST', body: data });
      const out = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
      state.coverUploading = false;
      if (res.ok) state.mainImage = out.links[0]; else state.uploadError = out.error || ('HTTP ' + res.status);
      render();
    });
    const coverRemove = form.querySelector('#cover-remove');
    if (coverRemove) coverRemove.onclick = () => { state.mainImage = ''; render(); };
    form.querySelector('#post-options-btn').onclick = () => { state.optionsOpen = true; render(); };
    const modal = document.querySelector('[aria-label="Advanced Post Options"]');
    if (modal) {
      const canonical = modal.querySelector('#canonicalUrl');
      canonical.addEventListener('input', () => { state.canonicalUrl = canonical.value; });
      modal.querySelector('#options-done').onclick = () => { state.optionsOpen = false; state.seriesCreate = false; render(); };
      const again = (fn) => () => { fn(); render(); };
      const q = (s) => modal.querySelector(s);
      if (q('#series-new')) q('#series-new').onclick = again(() => { state.seriesCreate = true; });
      if (q('#series-cancel')) q('#series-cancel').onclick = again(() => { state.seriesCreate = false; });
      if (q('#series-remove')) q('#series-remove').onclick = again(() => { state.series = ''; });
      if (q('#series-create')) q('#series-create').onsubmit = (e) => { e.preventDefault(); const name = q('#new-series-name').value.trim(); if (name) { state.series = name; state.seriesCreate = false; render(); } };
      modal.querySelectorAll('.series-selector__series-card').forEach((b) => b.onclick = again(() => { state.series = b.textContent; }));
    }
    const picker = form.querySelector('#image-upload-field');
    if (picker) picker.addEventListener('change', () => { if (picker.files.length) upload([...picker.files]); });
    const [editTab, previewTab] = form.querySelectorAll('nav button');
    editTab.onclick = () => { state.mode = 'edit'; render(); };
    previewTab.onclick = async () => {
      state.mode = 'preview'; render();
      const res = await fetch('/articles/preview', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ article_body: state.body, title: state.title, tags: state.tags }) });
      const out = await res.json();
      const el = document.getElementById('article-preview');
      if (el) el.innerHTML = '<h1>' + esc(state.title) + '</h1>' + out.processed_html;
    };
    form.querySelector('#publish-btn').onclick = () => submit(true);
    const saveDraft = form.querySelector('.crayons-btn--secondary');
    if (saveDraft) saveDraft.onclick = () => submit(false);
    if (state.mode !== 'edit') return;
    const title = form.querySelector('#article-form-title');
    title.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
    title.addEventListener('input', () => { state.title = title.value; save(); });
    const body = form.querySelector('#article_body_markdown');
    body.addEventListener('input', () => { state.body = body.value; save(); });
    if (${pasteDropped}) body.addEventListener('paste', (e) => e.preventDefault());
    const tags = form.querySelector('#tag-input');
    tags.addEventListener('keydown', (e) => {
      if (e.key === ',' || e.key === ' ') {
        e.preventDefault();
        const before = tags.value.slice(0, tags.selectionStart);
        commitTag(before); tags.value = tags.value.slice(tags.selectionStart); save(); rerenderTags();
      } else if (e.key === 'Enter') {
        e.preventDefault(); // Enter only picks a highlighted suggestion; there are none here
      } else if (e.key.length === 1 && !/[a-zA-Z0-9]/.test(e.key)) {
        e.preventDefault();
      }
    });
    const list = form.querySelector('#tag-suggestions');
    const openList = (open) => { state.listOpen = open; list.hidden = !open; tags.setAttribute('aria-expanded', String(open)); };
    tags.addEventListener('focus', () => openList(true));
    tags.addEventListener('keydown', (e) => { if (e.key === 'Escape') openList(false); });
    list.querySelectorAll('[role=option]').forEach((o) => o.onmousedown = (e) => { e.preventDefault(); commitTag(o.dataset.tag); save(); rerenderTags(); });
    tags.addEventListener('blur', () => { openList(false); if (tags.value.trim()) { commitTag(tags.value); tags.value = ''; save(); rerenderTags(false); } });
    form.querySelectorAll('#tag-chips button').forEach((b) => b.onclick = () => {
      state.tags = state.tags.filter((t) => 'Remove ' + t !== b.getAttribute('aria-label')); state.message = ''; save(); rerenderTags();
    });
  }

  // Re-render the form but keep the caret in the tag input, as the real component does.
  function rerenderTags(refocus = true) {
    const rest = document.getElementById('tag-input')?.value ?? '';
    render();
    const input = document.getElementById('tag-input');
    input.value = rest;
    if (refocus) input.focus();
  }

  async function submit(published) {
    if (published && ${captcha}) {
      // The captcha fault: publishing asks for a human check first (saving a draft does not).
      document.getElementById('form-error').innerHTML = '<div role="dialog" aria-label="Verify"><iframe title="reCAPTCHA challenge" src="about:blank" width="300" height="80"></iframe></div>';
      return;
    }
    const res = await fetch(EDITING ? '/articles/' + EDITING.id : '/articles', { method: EDITING ? 'PUT' : 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ article: { title: state.title, body_markdown: state.body, tags: state.tags, published, main_image: state.mainImage || null, canonical_url: state.canonicalUrl || null, series: state.series || null } }) });
    const out = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
    if (!res.ok) { document.getElementById('form-error').textContent = out.error || ('HTTP ' + res.status); return; }
    localStorage.removeItem(KEY);
    location.href = out.current_state_path;
  }

  setTimeout(() => {
    if (saved) { state.title = saved.title || ''; state.body = saved.bodyMarkdown || ''; }
    render();
    // The saved tags arrive a moment later and replace whatever is there (platforms.md).
    if (saved && saved.tagList) setTimeout(() => { state.tags = saved.tagList.split(', ').filter(Boolean); rerenderTags(false); }, 150);
  }, ${delay});
})();
</script>`;
}

const FIVE_MINUTES = 5 * 60_000;

/** dev.to's image host (real: dev-to-uploads.s3.amazonaws.com/uploads/articles/...), 25 MB. */
const HOST = {
  path: '/image_uploads',
  field: 'image[]',
  prefix: '/uploads/articles/',
  maxBytes: 25 * 1024 * 1024,
  answer: (images: { url: string }[]) => ({ links: images.map((i) => i.url) }),
};

async function routes(r: Request): Promise<boolean> {
  const { req, res, url, user, site } = r;
  const path = url.pathname;
  if (await imageHost(r, HOST, site.uploads)) return true;

  if (path === '/' ) return send(res, 200, page('DEV Community (sandbox)', `<h1>DEV Community sandbox</h1><p>${user ? `Signed in as ${escapeHtml(user)}. <a href="/new">Create Post</a>` : '<a href="/enter">Log in</a>'}</p>`));

  if (path === '/new') {
    // Real dev.to answers a signed-out /new with 200 and a sign-up page: no redirect.
    if (!user) return send(res, 200, page('New Post - DEV Community', SIGNED_OUT));
    const delay = 250 + (site.faults.slowEditor ?? 0);
    return send(res, 200, page('New Post - DEV Community', `${DEVTO_LOOK}<div id="article-form-root">${SHELL}</div>${editorScript(user, delay, !!site.faults.pasteDropped, !!site.faults.captcha)}`));
  }

  // ArticlesController#edit: /<user>/<slug>/edit, the author's own article only; a deleted one
  // (or the edit-gone fault) is a 404, as Rails answers RecordNotFound.
  const edit = /^\/([\w]+)\/([\w-]+)\/edit\/?$/.exec(path);
  if (edit && req.method === 'GET') {
    if (!user) return send(res, 200, page('Edit Post - DEV Community', SIGNED_OUT));
    const post = site.posts.find((p) => p.author === user && p.author === edit[1] && p.slug === edit[2]);
    if (!post || site.faults.editGone) return send(res, 404, page('The page you were looking for does not exist - DEV Community', '<main><h1>This page does not exist</h1></main>'));
    const delay = 250 + (site.faults.slowEditor ?? 0);
    const editing = { id: post.id, title: post.title, body: post.body, tags: post.tags, mainImage: post.coverImage ?? '', canonicalUrl: post.canonicalUrl ?? '', series: post.series ?? '' };
    return send(res, 200, page('Edit Post - DEV Community', `${DEVTO_LOOK}<div id="article-form-root">${SHELL}</div>${editorScript(user, delay, !!site.faults.pasteDropped, !!site.faults.captcha, editing)}`));
  }

  const put = /^\/articles\/(\d+)$/.exec(path);
  if (put && req.method === 'PUT') {
    if (!user) return sendJson(res, 401, { error: 'You must be logged in' });
    if (site.faults.publishError) return sendJson(res, 500, { error: 'Something went wrong (sandbox publish-error fault).' });
    const post = site.posts.find((p) => p.id === Number(put[1]) && p.author === user);
    if (!post) return sendJson(res, 404, { error: 'Not found' });
    const { article } = JSON.parse(await readBody(req)) as { article: { title: string; body_markdown: string; tags: string[]; main_image?: string | null; canonical_url?: string | null; series?: string | null } };
    if (article.canonical_url && site.posts.some((p) => p !== post && p.author === user && p.canonicalUrl === article.canonical_url)) {
      return sendJson(res, 422, { error: 'Canonical url has already been taken' });
    }
    if (!article.title?.trim()) return sendJson(res, 422, { error: "Title can't be blank" });
    if (article.tags.length > 4) return sendJson(res, 422, { error: 'Tag list exceed the maximum of 4 tags' });
    await sleep(150);
    site.updatePost(post, {
      title: article.title,
      body: article.body_markdown,
      tags: article.tags.map((t) => t.toLowerCase()),
      description: article.body_markdown.replace(/[#>*`_[\]()]/g, '').trim().slice(0, 150),
      canonicalUrl: article.canonical_url ?? undefined,
      coverImage: article.main_image ?? undefined,
      series: article.series ?? undefined,
    });
    // The slug stays; Forem sends the writer back to the article.
    return sendJson(res, 200, { current_state_path: `/${user}/${post.slug}`, id: post.id });
  }

  if (path === '/articles/preview' && req.method === 'POST') {
    if (!user) return sendJson(res, 401, { error: 'unauthorized' });
    const input = JSON.parse(await readBody(req)) as { article_body?: string };
    await sleep(100);
    return sendJson(res, 200, { processed_html: renderBody(input.article_body ?? '') });
  }

  if (path === '/articles' && req.method === 'POST') {
    if (!user) return sendJson(res, 401, { error: 'You must be logged in' });
    if (site.faults.publishError) return sendJson(res, 500, { error: 'Something went wrong (sandbox publish-error fault).' });
    const { article } = JSON.parse(await readBody(req)) as { article: { title: string; body_markdown: string; tags: string[]; published: boolean; main_image?: string | null; canonical_url?: string | null; series?: string | null } };
    // app/models/article.rb: a canonical URL another of your posts uses is refused (forem#9509).
    if (article.canonical_url && site.posts.some((p) => p.author === user && p.canonicalUrl === article.canonical_url)) {
      return sendJson(res, 422, { error: 'Canonical url has already been taken' });
    }
    if (!article.title?.trim()) return sendJson(res, 422, { error: "Title can't be blank" });
    if (article.tags.length > 4) return sendJson(res, 422, { error: 'Tag list exceed the maximum of 4 tags' });
    const recent = site.posts.find((p) => p.author === user && p.title === article.title && Date.now() - p.publishedAt.getTime() < FIVE_MINUTES);
    if (recent) return sendJson(res, 422, { error: 'Title has already been used in the last five minutes' });
    await sleep(150);
    const base = slugify(article.title);
    const slug = `${base}-${Math.random().toString(36).slice(2, 6)}`;
    if (!article.published) {
      site.drafts.push({ title: article.title, body: article.body_markdown, tags: article.tags, author: user });
      return sendJson(res, 200, { current_state_path: `/${user}/${slug}/edit` });
    }
    const post = site.addPost({
      slug,
      title: article.title,
      body: article.body_markdown,
      tags: article.tags.map((t) => t.toLowerCase()),
      description: article.body_markdown.replace(/[#>*`_[\]()]/g, '').trim().slice(0, 150),
      author: user,
      extra: {},
      canonicalUrl: article.canonical_url ?? undefined,
      coverImage: article.main_image ?? undefined,
      series: article.series ?? undefined,
      path: `/${user}/${slug}`,
    });
    return sendJson(res, 200, { current_state_path: `/${user}/${post.slug}`, id: post.id });
  }

  const feed = /^\/feed\/([\w]+)\/?$/.exec(path);
  if (feed) {
    const author = feed[1]!;
    const items = site.feedPosts(author, 12); // dev.to: 12 per page
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>DEV Community: ${xmlEscape(author)}</title>
    <description>The latest articles on DEV Community by ${xmlEscape(author)} (@${xmlEscape(author)}).</description>
    <link>${site.origin}/${xmlEscape(author)}</link>
    <atom:link rel="self" type="application/rss+xml" href="${site.origin}/feed/${xmlEscape(author)}"/>
    <language>en</language>
${items
  .map(
    (p) => `    <item>
      <title>${xmlEscape(p.title)}</title>
      <dc:creator>${xmlEscape(p.author)}</dc:creator>
      <pubDate>${rfc822(p.publishedAt)}</pubDate>
      <link>${xmlEscape(p.url)}</link>
      <guid>${xmlEscape(p.url)}</guid>
      <description>${xmlEscape(renderBody(p.body))}</description>
${p.tags.map((t) => `      <category>${xmlEscape(t)}</category>`).join('\n')}
    </item>`,
  )
  .join('\n')}
  </channel>
</rss>`;
    return sendFeed(r, xml);
  }

  const article = /^\/([\w]+)\/([\w-]+)\/?$/.exec(path);
  if (article) {
    const post = site.posts.find((p) => p.author === article[1] && p.slug === article[2]);
    if (!post) return false;
    const head = post.canonicalUrl ? `<link rel="canonical" href="${escapeHtml(post.canonicalUrl)}">` : '';
    return send(res, 200, page(`${post.title} - DEV Community`,
      `<article>${post.coverImage ? `<img class="crayons-article__cover__image" src="${escapeHtml(post.coverImage)}" alt="Cover image for ${escapeHtml(post.title)}">` : ''}${post.series ? `<nav class="series-switcher" aria-label="${escapeHtml(post.series)} series">${escapeHtml(post.series)}</nav>` : ''}<h1>${escapeHtml(post.title)}</h1><div class="spec__tags">${post.tags.map((t) => `<a href="/t/${t}">#${escapeHtml(t)}</a>`).join(' ')}</div>
<div id="article-body">${renderBody(post.body)}</div></article>`, head));
  }
  return false;
}

export function createDevtoSite(): Site {
  // Real cookie: `_Devto_Forem_Session` (Rails session store); any name works in the sandbox.
  return new Site({ id: 'devto', name: 'DEV Community', cookieName: '_Devto_Forem_Session', routes });
}
