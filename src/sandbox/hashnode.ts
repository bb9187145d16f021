/**
 * Hashnode imitation: Tiptap body that converts pasted Markdown, a publish sheet with tags and the canonical toggle, RSS. Landmarks from shared/platforms.md (codenameone syndication script, 2026-05).
 */
import { createEditorSite } from './editor-site.js';
import { CONTENT, DC, basicItem, categories, encoded, rss } from './feeds.js';
import { slugify, type Site } from './site.js';

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
    look: { width: 800, accent: '#2962ff' },
    // Images are hosted on cdn.hashnode.com (platforms.md); request shape and limit UNVERIFIED.
    host: { path: '/api/upload-image', field: 'file', prefix: '/res/hashnode/image/upload/', maxBytes: 10 * 1024 * 1024, answer: (images) => ({ url: images[0]!.url }), insert: 'image', label: 'Upload image' },
    cookieName: 'hashnode_session',
    editorPath: '/draft/new',
    editor: 'tiptap',
    editorOptions: { markdownPaste: true },
    store: 'html',
    html: `<header><button type="button" id="open-publish">Publish</button></header>
<div class="article-meta-actions"><label>Add Cover <input type="file" data-cover-input accept="image/*" aria-label="Add Cover" style="width:0;opacity:0"></label>
<button type="button" onclick="document.getElementById('subtitle').hidden=false">Add Subtitle</button></div>
<img data-cover-preview alt="Cover" width="240" hidden>
<textarea id="title-field" placeholder="Article Title..." rows="1" style="width:100%;font-size:1.6em"></textarea>
<input id="subtitle" placeholder="Article Subtitle..." hidden style="width:100%">
<div id="editor" style="min-height:300px"></div>
<div contenteditable="true" aria-label="Ask AI" style="border:1px dashed #aaa;min-height:2em"></div>
<section id="publish-sheet" role="dialog" aria-label="Publish settings" hidden>
  <label>Tags <span id="tag-chips"></span><input id="editor-tags" placeholder="Start typing to search tags"></label>
  <button type="button" id="republish-canonical" onclick="document.getElementById('canonical-box').hidden=false">Are you republishing?</button>
  <span id="canonical-box" hidden><input id="canonical-url" placeholder="Enter original article URL"></span>
  <label>Add to a series <input id="series-name" placeholder="Series name" list="hashnode-series"></label><datalist id="hashnode-series"><option value="Earlier series"></option></datalist>
  <footer><button type="button" id="publish-final">Publish</button></footer>
</section>`,
    tags: { input: 'editor-tags', commit: [], max: 5, suggest: 'click' },
    steps: [{ id: 'open-publish', show: 'publish-sheet' }, { id: 'publish-final', submit: true }],
    after: 'navigate',
    postPath: (_user, slug) => `/${slug}`,
    // Drafts live at /draft/<id>; a published post is edited at /edit/<id> (platforms.md). That the
    // two ids are the same, and the "Update" labels of a published post's buttons, are UNVERIFIED.
    edit: { path: (_post, draftId) => `/edit/${draftId}`, pattern: /^\/edit\/\d+\/?$/, labels: { 'open-publish': 'Update', 'publish-final': 'Update' }, draftPath: '/draft/:id' },
    slug: (title) => slugify(title),
    feed: {
      path: /^\/rss\.xml$/,
      render: (site, _author, posts) => rss({ title: 'Sandbox blog', link: site.origin, self: `${site.origin}/rss.xml`, namespaces: DC + CONTENT, item: (p) => `${basicItem(p)}${encoded(p)}${categories(p)}` }, posts),
    },
  });
