/**
 * Medium imitation: its own contenteditable, Publish -> topics -> Publish now, the latest-10 RSS. Landmarks from shared/platforms.md.
 */
import { createEditorSite } from './editor-site.js';
import { CONTENT, DC, categories, encoded, rss } from './feeds.js';
import { hex } from './ids.js';
import { rfc822, slugify, xmlEscape, type Site } from './site.js';

/** Medium: its own editor; Publish -> topics (max 5) -> Publish now; the URL leaves /new-story. */
export const createMediumSite = (): Site =>
  createEditorSite({
    id: 'medium',
    name: 'Medium',
    look: { width: 680, accent: '#1a8917' },
    // Images: "+" -> image -> input[type=file]; hosted on miro.medium.com; 25 MB
    // (shared/platforms.md); the request's path and shape are UNVERIFIED.
    host: { path: '/_/upload', field: 'file', prefix: '/v2/resize:fit:1400/', maxBytes: 25 * 1024 * 1024, answer: (images) => ({ payload: { value: { url: images[0]!.url } } }), insert: 'image', label: 'Add an image' },
    cookieName: 'sid',
    editorPath: '/new-story',
    editor: 'medium',
    store: 'html',
    // The canonical link: the story's "..." -> "More settings" -> "Advanced Settings" ->
    // "Customize Canonical Link": tick "This story was originally published elsewhere", enter the
    // link, "Save" (shared/platforms.md; labels from third-party scripts).
    html: `<header><span role="status">Draft</span> <button type="button" id="open-publish">Publish</button>
<button type="button" aria-label="More options" onclick="document.getElementById('story-menu').hidden=false">…</button>
<div id="story-menu" role="menu" hidden style="position:absolute;right:24px;top:56px;background:#fff;border:1px solid #ccc"><button type="button" role="menuitem" onclick="document.getElementById('story-menu').hidden=true;document.getElementById('story-settings').hidden=false">More settings</button></div></header>
<section id="story-settings" role="dialog" aria-label="Story settings" hidden>
  <h2>Advanced Settings</h2><h3>Customize Canonical Link</h3>
  <label><input type="checkbox" id="canonical-enabled" onchange="document.getElementById('canonical-url').disabled=!this.checked"> This story was originally published elsewhere</label>
  <input id="canonical-url" placeholder="Link to original story" disabled>
  <button type="button" onclick="document.getElementById('canonical-saved').textContent='Saved';document.getElementById('story-settings').hidden=true">Save</button>
</section><span id="canonical-saved" role="status"></span>
<div id="editor" style="min-height:300px"></div>
<section id="publish-panel" role="dialog" aria-label="Story preview" hidden>
  <h3>Story Preview</h3><input id="subtitle" placeholder="Write a preview subtitle…" aria-label="Write a preview subtitle…">
  <p>Add or change topics (up to 5) so readers know what your story is about</p>
  <span id="tag-chips"></span><input id="topic-input" placeholder="Add a topic…">
  <button type="button" id="publish-now">Publish now</button>
</section>`,
    tags: { input: 'topic-input', commit: ['Enter'], max: 5 },
    steps: [{ id: 'open-publish', show: 'publish-panel' }, { id: 'publish-now', submit: true }],
    after: 'navigate',
    postPath: (user, slug) => `/@${user}/${slug}`,
    // Edit: /p/<id>/edit, the id being the post URL's last 12-hex part (platforms.md: UNVERIFIED);
    // a published story's final button reads "Save and publish" (UNVERIFIED).
    edit: { path: (post) => `/p/${post.slug.split('-').pop()}/edit`, pattern: /^\/p\/[0-9a-f]+\/edit\/?$/, labels: { 'publish-now': 'Save and publish' } },
    slug: (title) => `${slugify(title)}-${hex(6)}`,
    feedSize: 10, // Medium's feed carries the latest 10 only
    feed: {
      path: /^\/feed\/@(\w+)\/?$/,
      render: (site, author, posts) =>
        rss({ title: `Stories by ${author} on Medium`, link: `${site.origin}/@${author}`, self: `${site.origin}/feed/@${author}`, namespaces: DC + CONTENT, item: (p) => `<title><![CDATA[${p.title}]]></title><link>${xmlEscape(p.url)}?source=rss-${hex(6)}------2</link><guid isPermaLink="false">${site.origin}/p/${p.slug.split('-').pop()}</guid>${categories(p)}<dc:creator><![CDATA[${p.author}]]></dc:creator><pubDate>${rfc822(p.publishedAt)}</pubDate>${encoded(p)}` }, posts),
    },
  });
