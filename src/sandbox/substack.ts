/**
 * Substack imitation: Tiptap body, HTML paste, Continue -> Send to everyone now -> Publish without buttons, RSS with content:encoded. Landmarks from shared/platforms.md.
 */
import { createEditorSite } from './editor-site.js';
import { CONTENT, DC, basicItem, encoded, rss } from './feeds.js';
import { slugify, type Site } from './site.js';

/** Substack: Tiptap body, HTML paste; Continue (once title and body are filled) -> Send to everyone now -> Publish without buttons. */
export const createSubstackSite = (): Site =>
  createEditorSite({
    id: 'substack',
    name: 'Substack',
    look: { width: 728, accent: '#ff6719' },
    cookieName: 'substack.sid',
    editorPath: '/publish/post',
    editor: 'tiptap',
    editorOptions: { dropPastedImages: true },
    // Images: the toolbar's "Image" -> file input (leaperone/MultiPost-Extension substack.ts);
    // hosted on substackcdn.com; request shape and limit UNVERIFIED (10 MB assumed).
    host: { path: '/api/v1/image', field: 'image', prefix: '/image/fetch/', maxBytes: 10 * 1024 * 1024, answer: (images) => ({ url: images[0]!.url }), insert: 'image', label: 'Image' },
    store: 'html',
    html: `<header><span role="status">Saved</span> <button type="button" id="continue">Continue</button></header>
<textarea id="title-field" placeholder="Title" data-testid="post-title" rows="1" style="width:100%;font-size:1.6em"></textarea>
<input id="subtitle" placeholder="Add a subtitle…" aria-label="Add a subtitle…" style="width:100%">
<label>Cover image <input type="file" id="cover-file" data-cover-input accept="image/*" style="width:0;opacity:0"></label><img data-cover-preview alt="Cover image" width="240" hidden>
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
    // The editor's URL becomes /publish/post/<id> once the draft exists, and that is also where a
    // published post is edited (leaperone/MultiPost-Extension substack.ts; ma2za/python-substack).
    // For a published post the send button reads "Update" (UNVERIFIED).
    edit: { path: (_post, draftId) => `/publish/post/${draftId}`, pattern: /^\/publish\/post\/\d+\/?$/, labels: { send: 'Update' }, draftPath: '/publish/post/:id' },
    slug: (title) => slugify(title),
    feed: {
      path: /^\/feed\/?$/,
      render: (site, _author, posts) => rss({ title: 'The sandbox letter', link: site.origin, self: `${site.origin}/feed`, namespaces: DC + CONTENT, item: (p) => `${basicItem(p)}${encoded(p)}` }, posts),
    },
  });
