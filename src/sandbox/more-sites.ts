/**
 * Sandbox imitations of Qiita, note, Substack, Hashnode, Medium, LinkedIn (articles and posts),
 * X and Bluesky: each with the real site's landmarks from shared/platforms.md, its editor
 * library (editors.ts), its publish flow and its feed. Landmarks marked UNVERIFIED come from
 * third-party automation scripts, as platforms.md says.
 */
import crypto from 'node:crypto';
import { createEditorSite } from './editor-site.js';
import { CONTENT, DC, basicItem, categories, encoded, qiitaAtom, rss } from './feeds.js';
import { rfc822, slugify, xmlEscape, type Site } from './site.js';

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + crypto.randomInt(9) : crypto.randomInt(10))).join('');

/** Qiita: CodeMirror 6 body, space-separated tags (max 5) whose autosuggest steals Enter. */
export const createQiitaSite = (): Site =>
  createEditorSite({
    id: 'qiita',
    name: 'Qiita',
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
    slug: () => hex(10), // 20 hex characters
    validate: (p) => (p.tags.length === 0 ? 'タグを1つ以上入力してください' : p.title.trim() ? undefined : 'タイトルを入力してください'),
    feed: { path: /^\/(\w+)\/feed\/?$/, type: 'application/atom+xml; charset=utf-8', render: (site, author, posts) => qiitaAtom(site.origin, author ?? '', posts) },
  });

/** note: ProseMirror body, rich paste, headings collapse to h2/h3; 公開に進む -> hashtags -> 投稿する. */
export const createNoteSite = (): Site =>
  createEditorSite({
    id: 'note',
    name: 'note',
    cookieName: '_note_session_v5',
    editorPath: '/new',
    editor: 'tiptap',
    editorOptions: { collapseHeadings: true, attributes: { role: 'textbox', 'aria-multiline': 'true' } },
    store: 'html',
    html: `<header><button type="button" id="save-draft">下書き保存</button> <button type="button" id="to-publish">公開に進む</button></header>
<textarea id="title-field" placeholder="記事タイトル" rows="1" style="width:100%;font-size:1.6em"></textarea>
<div id="editor" style="min-height:300px"></div>
<section id="publish-settings" aria-label="公開設定" hidden>
  <h2>ハッシュタグ</h2><span id="tag-chips"></span><input id="hashtag-input" placeholder="ハッシュタグを追加する">
  <button type="button" id="post">投稿する</button>
</section>`,
    tags: { input: 'hashtag-input', commit: ['Enter'], max: 10 },
    steps: [{ id: 'to-publish', show: 'publish-settings' }, { id: 'post', submit: true }],
    after: 'link',
    postPath: (user, slug) => `/${user}/n/${slug}`,
    slug: () => `n${hex(6)}`,
    feed: {
      path: /^\/(\w+)\/rss\/?$/,
      render: (site, author, posts) =>
        rss(
          {
            title: author ?? '',
            link: `${site.origin}/${author}`,
            self: `${site.origin}/${author}/rss`,
            namespaces: ' xmlns:media="http://search.yahoo.com/mrss/" xmlns:note="https://note.com"',
            item: (p) => `<title>${xmlEscape(p.title)}</title><media:thumbnail>${site.origin}/img/${p.slug}.png</media:thumbnail><description><![CDATA[${p.description}]]></description><note:creatorName>${xmlEscape(p.author)}</note:creatorName><pubDate>${rfc822(p.publishedAt)}</pubDate><link>${xmlEscape(p.url)}</link><guid>${xmlEscape(p.url)}</guid>`,
          },
          posts,
        ),
    },
  });

/** Substack: Tiptap body, HTML paste; Continue (once title and body are filled) -> Send to everyone now -> Publish without buttons. */
export const createSubstackSite = (): Site =>
  createEditorSite({
    id: 'substack',
    name: 'Substack',
    cookieName: 'substack.sid',
    editorPath: '/publish/post',
    editor: 'tiptap',
    store: 'html',
    html: `<header><span role="status">Saved</span> <button type="button" id="continue">Continue</button></header>
<textarea id="title-field" placeholder="Title" data-testid="post-title" rows="1" style="width:100%;font-size:1.6em"></textarea>
<input id="subtitle" placeholder="Add a subtitle…" aria-label="Add a subtitle…" style="width:100%">
<div id="editor" style="min-height:300px"></div>
<section id="send-settings" role="dialog" aria-label="Publish" hidden>
  <p>Send to all your subscribers by email and publish on the web.</p>
  <button type="button" id="send">Send to everyone now</button>
</section>
<section id="buttons-dialog" role="dialog" aria-label="Add subscribe buttons to your post?" hidden>
  <button type="button" id="add-buttons">Add subscribe buttons</button> <button type="button" id="no-buttons">Publish without buttons</button>
</section>`,
    steps: [{ id: 'continue', show: 'send-settings', needsContent: true }, { id: 'send', show: 'buttons-dialog' }, { id: 'no-buttons', submit: true }, { id: 'add-buttons', submit: true }],
    after: 'navigate',
    postPath: (_user, slug) => `/p/${slug}`,
    slug: (title) => slugify(title),
    feed: {
      path: /^\/feed\/?$/,
      render: (site, _author, posts) => rss({ title: 'The sandbox letter', link: site.origin, self: `${site.origin}/feed`, namespaces: DC + CONTENT, item: (p) => `${basicItem(p)}${encoded(p)}` }, posts),
    },
  });

/**
 * Hashnode: the first contenteditable is the body (a second one is the AI prompt: target
 * carefully); Markdown pasted as text is converted. Publish opens a dialog with tags
 * (`input#editor-tags`: click the exact suggestion) and the canonical toggle; success is a
 * redirect to the live post.
 */
export const createHashnodeSite = (): Site =>
  createEditorSite({
    id: 'hashnode',
    name: 'Hashnode',
    cookieName: 'hashnode_session',
    editorPath: '/draft/new',
    editor: 'tiptap',
    editorOptions: { markdownPaste: true },
    store: 'html',
    html: `<header><button type="button" id="open-publish">Publish</button></header>
<textarea id="title-field" placeholder="Article Title..." rows="1" style="width:100%;font-size:1.6em"></textarea>
<div id="editor" style="min-height:300px"></div>
<div contenteditable="true" aria-label="Ask AI" style="border:1px dashed #aaa;min-height:2em"></div>
<section id="publish-sheet" role="dialog" aria-label="Publish settings" hidden>
  <label>Tags <span id="tag-chips"></span><input id="editor-tags" placeholder="Start typing to search tags"></label>
  <button type="button" id="republish-canonical" onclick="document.getElementById('canonical-box').hidden=false">Are you republishing?</button>
  <span id="canonical-box" hidden><input id="canonical-url" placeholder="Enter original article URL"></span>
  <footer><button type="button" id="publish-final">Publish</button></footer>
</section>`,
    tags: { input: 'editor-tags', commit: [], max: 5, suggest: 'click' },
    steps: [{ id: 'open-publish', show: 'publish-sheet' }, { id: 'publish-final', submit: true }],
    after: 'navigate',
    postPath: (_user, slug) => `/${slug}`,
    slug: (title) => slugify(title),
    feed: {
      path: /^\/rss\.xml$/,
      render: (site, _author, posts) => rss({ title: 'Sandbox blog', link: site.origin, self: `${site.origin}/rss.xml`, namespaces: DC + CONTENT, item: (p) => `${basicItem(p)}${encoded(p)}${categories(p)}` }, posts),
    },
  });

/** Medium: its own editor; Publish -> topics (max 5) -> Publish now; the URL leaves /new-story. */
export const createMediumSite = (): Site =>
  createEditorSite({
    id: 'medium',
    name: 'Medium',
    cookieName: 'sid',
    editorPath: '/new-story',
    editor: 'medium',
    store: 'html',
    html: `<header><span role="status">Draft</span> <button type="button" id="open-publish">Publish</button></header>
<div id="editor" style="min-height:300px"></div>
<section id="publish-panel" role="dialog" aria-label="Story preview" hidden>
  <p>Add or change topics (up to 5) so readers know what your story is about</p>
  <span id="tag-chips"></span><input id="topic-input" placeholder="Add a topic…">
  <button type="button" id="publish-now">Publish now</button>
</section>`,
    tags: { input: 'topic-input', commit: ['Enter'], max: 5 },
    steps: [{ id: 'open-publish', show: 'publish-panel' }, { id: 'publish-now', submit: true }],
    after: 'navigate',
    postPath: (user, slug) => `/@${user}/${slug}`,
    slug: (title) => `${slugify(title)}-${hex(6)}`,
    feedSize: 10, // Medium's feed carries the latest 10 only
    feed: {
      path: /^\/feed\/@(\w+)\/?$/,
      render: (site, author, posts) =>
        rss({ title: `Stories by ${author} on Medium`, link: `${site.origin}/@${author}`, self: `${site.origin}/feed/@${author}`, namespaces: DC + CONTENT, item: (p) => `<title><![CDATA[${p.title}]]></title><link>${xmlEscape(p.url)}?source=rss-${hex(6)}------2</link><guid isPermaLink="false">${site.origin}/p/${p.slug.split('-').pop()}</guid>${categories(p)}<dc:creator><![CDATA[${p.author}]]></dc:creator><pubDate>${rfc822(p.publishedAt)}</pubDate>${encoded(p)}` }, posts),
    },
  });

/** LinkedIn's article editor: ProseMirror body, HTML paste; Next -> the share dialog's Publish; /pulse/<slug>. No feed. */
export const createLinkedinSite = (): Site =>
  createEditorSite({
    id: 'linkedin',
    name: 'LinkedIn',
    cookieName: 'li_at',
    editorPath: '/article/new/',
    editor: 'tiptap',
    editorOptions: { attributes: { 'data-test-article-editor-content-textbox': '', 'aria-label': 'Article editor content' } },
    store: 'html',
    html: `<header><button type="button" id="next" class="article-editor-nav__publish">Next</button></header>
<textarea id="title-field" class="article-editor-headline__textarea" placeholder="Title" rows="1" style="width:100%;font-size:1.6em"></textarea>
<div id="editor" style="min-height:300px"></div>
<section id="share-dialog" role="dialog" aria-label="Share" hidden>
  <textarea aria-label="Tell your network what your article is about"></textarea>
  <button type="button" id="share-publish" class="share-actions__primary-action">Publish</button>
</section>`,
    steps: [{ id: 'next', show: 'share-dialog' }, { id: 'share-publish', submit: true }],
    after: 'navigate',
    postPath: (_user, slug) => `/pulse/${slug}`,
    slug: (title) => `${slugify(title)}-${hex(4)}`,
  });

/** LinkedIn's post composer: Quill; "Post" (share-actions__primary-action); a toast links the post. No feed. */
export const createLinkedinPostSite = (): Site =>
  createEditorSite({
    id: 'linkedin-post',
    name: 'LinkedIn (posts)',
    cookieName: 'li_at_post',
    editorPath: '/preload/sharebox/',
    editor: 'quill',
    editorOptions: { placeholder: 'What do you want to talk about?', attributes: { 'aria-label': 'Text editor for creating content', role: 'textbox' } },
    store: 'text',
    html: `<div role="dialog" aria-label="Create post"><div id="editor" style="min-height:200px"></div>
<button type="button" id="post" class="share-actions__primary-action">Post</button></div>`,
    steps: [{ id: 'post', submit: true }],
    after: 'link',
    postPath: () => `/feed/update/urn:li:activity:${digits(19)}/`,
    validate: (p) => (p.body.length > 3000 ? 'Your post is over the 3,000 character limit.' : undefined),
  });

/** X: the Draft.js composer, threads with addButton; 280 weighted characters per post. No feed. */
export const createXSite = (): Site =>
  createEditorSite({
    id: 'x',
    name: 'X',
    cookieName: 'auth_token',
    editorPath: '/compose/post',
    editor: 'draftjs',
    store: 'text',
    html: `<div role="dialog" aria-label="Compose post"><div id="editor"></div>
<button type="button" data-testid="addButton" aria-label="Add post">+</button>
<button type="button" id="tweet" data-testid="tweetButton" aria-disabled="true">Post</button></div>`,
    steps: [{ id: 'tweet', submit: true }],
    after: 'link',
    postPath: (user) => `/${user}/status/${digits(19)}`,
  });
