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
<button type="button" data-testid="addButton" aria-label="Add post">+</button>
<button type="button" id="tweet" data-testid="tweetButton" aria-disabled="true">Post</button></div>`,
    steps: [{ id: 'tweet', submit: true }],
    after: 'link',
    postPath: (user) => `/${user}/status/${digits(19)}`,
  });
