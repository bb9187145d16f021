/**
 * LinkedIn imitations: the article editor (ProseMirror, Next -> share dialog) and the post composer (Quill). No feeds. Landmarks from shared/platforms.md.
 */
import { createEditorSite } from './editor-site.js';
import { hex, digits } from './ids.js';
import { slugify, type Site } from './site.js';

/** LinkedIn's article editor: ProseMirror body, HTML paste; Next -> the share dialog's Publish; /pulse/<slug>. No feed. */
export const createLinkedinSite = (): Site =>
  createEditorSite({
    id: 'linkedin',
    name: 'LinkedIn',
    look: { width: 744, accent: '#0a66c2' },
    cookieName: 'li_at',
    editorPath: '/article/new/',
    editor: 'tiptap',
    editorOptions: { dropPastedImages: true, attributes: { 'data-test-article-editor-content-textbox': '', 'aria-label': 'Article editor content' } },
    // Images: the toolbar image button's file input #media-editor-file-selector__file-input
    // (shared/platforms.md); request shape and limit UNVERIFIED (10 MB assumed).
    host: { path: '/dms-uploads/image', field: 'file', prefix: '/dms/image/', maxBytes: 10 * 1024 * 1024, answer: (images) => ({ value: { url: images[0]!.url } }), insert: 'image', label: 'Add an image' },
    store: 'html',
    html: `<header><button type="button" id="next" class="article-editor-nav__publish">Next</button></header>
<div class="article-editor-cover-media"><p>Add a cover image or video to your article.</p>
<label class="artdeco-button">Upload from computer <input type="file" data-cover-input accept="image/*" aria-label="Upload from computer" style="width:0;opacity:0"></label>
<img data-cover-preview alt="Cover image" width="240" hidden></div>
<textarea id="title-field" class="article-editor-headline__textarea" placeholder="Title" rows="1" style="width:100%;font-size:1.6em"></textarea>
<div id="editor" style="min-height:300px"></div>
<section id="share-dialog" role="dialog" aria-label="Share" hidden>
  <textarea aria-label="Tell your network what your article is about"></textarea>
  <button type="button" id="share-publish" class="share-actions__primary-action">Publish</button>
</section>`,
    steps: [{ id: 'next', show: 'share-dialog' }, { id: 'share-publish', submit: true }],
    after: 'navigate',
    postPath: (_user, slug) => `/pulse/${slug}`,
    // The article editor's URL becomes /article/edit/<id>/ once the draft exists, which is also
    // where the published article is edited (platforms.md); its share button then reads
    // "Republish" (UNVERIFIED).
    edit: { path: (_post, draftId) => `/article/edit/${draftId}/`, pattern: /^\/article\/edit\/\d+\/?$/, labels: { 'share-publish': 'Republish' }, draftPath: '/article/edit/:id/' },
    slug: (title) => `${slugify(title)}-${hex(4)}`,
  });

/** LinkedIn's post composer: Quill; "Post" (share-actions__primary-action); a toast links the post. No feed. */
export const createLinkedinPostSite = (): Site =>
  createEditorSite({
    id: 'linkedin-post',
    name: 'LinkedIn (posts)',
    look: { width: 744, accent: '#0a66c2' },
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
