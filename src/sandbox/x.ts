/**
 * X imitation: the Draft.js-like composer, threads through addButton, 280 weighted characters. No feed. Landmarks from shared/platforms.md.
 */
import { createEditorSite } from './editor-site.js';
import { digits } from './ids.js';
import { type Site } from './site.js';

/** X: the Draft.js composer, threads with addButton; 280 weighted characters per post. No feed. */
export const createXSite = (): Site =>
  createEditorSite({
    id: 'x',
    name: 'X',
    look: { width: 600, accent: '#000' },
    cookieName: 'auth_token',
    editorPath: '/compose/post',
    editor: 'draftjs',
    store: 'text',
    html: `<div role="dialog" aria-label="Compose post"><div id="editor"></div>
<div data-testid="attachments"></div>
<input type="file" data-testid="fileInput" accept="image/jpeg,image/png,image/webp,image/gif" multiple style="display:none">
<button type="button" data-testid="addButton" aria-label="Add post">+</button>
<button type="button" id="tweet" data-testid="tweetButton" aria-disabled="true">Post</button></div>`,
    steps: [{ id: 'tweet', submit: true }],
    // The composer's file input input[data-testid=fileInput] (shared/platforms.md), up to 4 images,
    // shown as thumbnails and sent with the post; the upload request's shape is UNVERIFIED.
    host: { path: '/i/media/upload.json', field: 'media', prefix: '/media/', maxBytes: 5 * 1024 * 1024, answer: (images) => ({ media_url_https: images[0]!.url }), insert: 'attach', label: 'Add photos', control: '[data-testid="fileInput"]' },
    after: 'link',
    postPath: (user) => `/${user}/status/${digits(19)}`,
  });
