/**
 * Qiita imitation: CodeMirror 6 body, space-separated tags (max 5) whose autosuggest steals Enter, Atom feed. Landmarks from shared/platforms.md.
 */
import { createEditorSite } from './editor-site.js';
import { qiitaAtom } from './feeds.js';
import { hex } from './ids.js';
import { type Site } from './site.js';

/** Qiita: CodeMirror 6 body, space-separated tags (max 5) whose autosuggest steals Enter. */
export const createQiitaSite = (): Site =>
  createEditorSite({
    id: 'qiita',
    name: 'Qiita',
    look: { width: 820, accent: '#55c500' },
    // Images go to qiita-image-store.s3.amazonaws.com (platforms.md); the upload request's shape
    // and the per-image limit are UNVERIFIED (the monthly quota is about 100 MB).
    host: { path: '/api/upload/image', field: 'file', prefix: '/qiita-image-store/', maxBytes: 10 * 1024 * 1024, answer: (images) => ({ url: images[0]!.url }), insert: 'markdown', label: '画像をアップロード' },
    cookieName: '_qiita_login_session',
    editorPath: '/drafts/new',
    editor: 'codemirror',
    editorOptions: { attributes: { 'aria-label': '本文' } },
    store: 'text',
    html: `<header><button type="button" id="save-draft">下書き保存</button> <button type="button" id="publish">公開する</button></header>
<input id="title-field" placeholder="記事タイトル" style="width:100%">
<div><span id="tag-chips"></span><input id="tag-input" placeholder="タグを入力してください。スペース区切りで5つまで入力できます。" style="width:60%"></div>
<div id="editor" style="min-height:300px;border:1px solid #ccc"></div>`,
    tags: { input: 'tag-input', commit: [' '], max: 5, suggest: 'steals-enter' },
    steps: [{ id: 'publish', submit: true }],
    after: 'navigate',
    postPath: (user, slug) => `/${user}/items/${slug}`,
    // Edit: /items/<id>/edit (nouer/qic src/qiitaUrl.js); a published item's button reads 更新する
    // (UNVERIFIED: no public source shows the label).
    edit: { path: (post) => `/items/${post.slug}/edit`, pattern: /^\/items\/[0-9a-f]+\/edit\/?$/, labels: { publish: '更新する' } },
    slug: () => hex(10), // 20 hex characters
    validate: (p) => (p.tags.length === 0 ? 'タグを1つ以上入力してください' : p.title.trim() ? undefined : 'タイトルを入力してください'),
    feed: { path: /^\/(\w+)\/feed\/?$/, type: 'application/atom+xml; charset=utf-8', render: (site, author, posts) => qiitaAtom(site.origin, author ?? '', posts) },
  });
