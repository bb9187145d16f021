/**
 * Bluesky, as bluesky-social/social-app's web composer is today (shared/platforms.md, read at
 * 63f0d4d3, 2026-08): a role=dialog composer holding Tiptap's `.tiptap.ProseMirror
 * [contenteditable][role=textbox]` with NO accessible name and the placeholder "What's up?"
 * (`src/view/com/composer/text-input/TextInput.web.tsx`, `Composer.tsx`); the publish control is a
 * react-native-web `div[role=button][data-testid=composerPublishBtn][aria-label="Publish post"]`,
 * `aria-disabled="true"` while empty or over 300 graphemes (counted with links shortened); while
 * posting the buttons are unmounted for a progress indicator; then the composer closes and, 500 ms
 * later, a toast "Your post was sent" offers a "View" BUTTON (aria-label "View post") for 3 s that
 * opens `/profile/<did>/post/<rkey>`. Stored text shortens long links (`toShortUrl` in social-app's
 * `lib/strings/url-helpers.ts`) and the first link becomes a link card. The feed `/profile/<handle>/rss`
 * redirects to `/profile/<did>/rss`; its description is the text with links expanded.
 */
import crypto from 'node:crypto';
import { createEditorSite } from './editor-site.js';
import { hex } from './ids.js';
import { redirect, xmlEscape, type Site } from './site.js';

/** A stable DID per sandbox user, like `did:plc:<24 base32 chars>`. */
const didOf = (user: string) => `did:plc:${crypto.createHash('sha256').update(user).digest('hex').slice(0, 24)}`;
const LINK = /https?:\/\/[^\s<>"']+/g;

/** social-app `toShortUrl`: host + path; a path (with query and hash) over 15 characters keeps 13 and gets "...". */
export function toShortUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return url;
    const path = (u.pathname === '/' ? '' : u.pathname) + u.search + u.hash;
    return path.length > 15 ? `${u.host}${path.slice(0, 13)}...` : `${u.host}${path}`;
  } catch {
    return url;
  }
}

const shorten = (text: string) => text.replace(LINK, (url) => toShortUrl(url));
const graphemes = (text: string) => [...new Intl.Segmenter().segment(text)].length;

/** The composer's own script: the disabled state, posting, the toast with its View button. */
const COMPOSER = `
const btn = document.querySelector('[data-testid=composerPublishBtn]');
const actions = document.getElementById('composer-actions');
const LINK = /https?:\\/\\/[^\\s<>"']+/g;
const short = (url) => { try { const u = new URL(url); const p = (u.pathname === '/' ? '' : u.pathname) + u.search + u.hash; return p.length > 15 ? u.host + p.slice(0, 13) + '...' : u.host + p; } catch { return url; } };
const count = (t) => [...new Intl.Segmenter().segment(t.replace(LINK, short))].length;
const text = () => (window.__editor ? window.__editor.text() : '');
// Media: openMediaBtn adds a hidden multiple file input to <body> and clicks it (a file chooser);
// each image shows as a thumbnail with "Add alt text" (a dialog with the alt text and "Save").
const media = [];
document.querySelector('[data-testid=openMediaBtn]').addEventListener('click', () => {
  const input = document.createElement('input');
  input.type = 'file'; input.accept = 'image/*,video/*'; input.multiple = true; input.style.display = 'none';
  document.body.appendChild(input);
  input.addEventListener('change', async () => {
    for (const file of [...input.files].slice(0, 4 - media.length)) {
      const data = new FormData();
      data.append('file', file);
      const res = await fetch('/xrpc/com.atproto.repo.uploadBlob', { method: 'POST', body: data });
      const out = await res.json().catch(() => ({}));
      if (!res.ok) { document.getElementById('editor-error').textContent = out.error || ('HTTP ' + res.status); continue; }
      const item = { url: out.blob.url, alt: '' };
      media.push(item);
      const cell = document.createElement('div');
      cell.setAttribute('data-testid', 'composerImage');
      cell.innerHTML = '<img width="80" alt=""> <button type="button" aria-label="Add alt text">ALT</button>';
      cell.querySelector('img').src = item.url;
      cell.querySelector('button').onclick = () => {
        const dialog = document.createElement('div');
        dialog.setAttribute('role', 'dialog'); dialog.setAttribute('aria-label', 'Add alt text');
        dialog.style.cssText = 'position:fixed;top:30%;left:50%;transform:translateX(-50%);background:#fff;padding:16px;z-index:20;border:1px solid #ccc';
        dialog.innerHTML = '<textarea aria-label="Alt text"></textarea> <button type="button">Save</button>';
        dialog.querySelector('button').onclick = () => { item.alt = dialog.querySelector('textarea').value; cell.querySelector('img').alt = item.alt; dialog.remove(); };
        document.body.appendChild(dialog);
      };
      document.getElementById('composer-media').appendChild(cell);
    }
    input.remove();
  });
  input.click();
});
setInterval(() => { const t = text(); btn.setAttribute('aria-disabled', String(!(t.trim() && count(t) <= 300))); }, 100);
btn.addEventListener('click', async () => {
  if (btn.getAttribute('aria-disabled') === 'true') return;
  const body = text();
  const kept = actions.innerHTML;
  actions.innerHTML = '<div role="progressbar" aria-label="Posting">…</div>';
  const res = await fetch('/__api/posts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '', body, tags: [], extra: { media: media.length ? media : undefined } }) });
  const out = await res.json().catch(() => ({ message: 'HTTP ' + res.status }));
  if (!res.ok) { actions.innerHTML = kept; document.getElementById('editor-error').textContent = out.message || ('HTTP ' + res.status); return; }
  document.getElementById('composer').remove();
  setTimeout(() => {
    const toast = document.createElement('div');
    toast.setAttribute('role', 'alert');
    toast.style.cssText = 'position:fixed;bottom:24px;left:50%;transform:translateX(-50%);background:#fff;border:1px solid #ccc;border-radius:8px;padding:10px 14px;box-shadow:0 4px 12px #0003';
    toast.innerHTML = '<span>Your post was sent</span> <button type="button" aria-label="View post">View</button>';
    toast.querySelector('button').onclick = () => { location.href = out.path; };
    document.body.appendChild(toast);
    setTimeout(() => toast.remove(), 3000);
  }, 500);
});
`;

export const createBlueskySite = (): Site =>
  createEditorSite({
    id: 'bluesky',
    name: 'Bluesky',
    look: { width: 600, accent: '#1083fe' },
    cookieName: 'bsky_session',
    editorPath: '/intent/compose',
    editor: 'tiptap',
    // The editor has a role but no accessible name (accessibilityLabel "Write post" is unused on web).
    editorOptions: { plainTextOnly: true, placeholder: "What's up?", attributes: { role: 'textbox' } },
    store: 'text',
    html: `<header style="position:sticky;top:0;background:#fff;border-bottom:1px solid #eee;padding:8px 16px"><strong>Bluesky</strong> <nav aria-label="Primary"><a href="/">Home</a></nav></header>
<div id="composer" role="dialog" aria-modal="true" aria-label="Compose post" style="position:fixed;top:10%;left:50%;transform:translateX(-50%);width:600px;background:#fff;border-radius:12px;box-shadow:0 8px 32px #0004;padding:16px;z-index:10">
  <div id="composer-actions" style="display:flex;justify-content:space-between;margin-bottom:8px">
    <div role="button" tabindex="0" aria-label="Cancel" style="color:#1083fe;cursor:pointer">Cancel</div>
    <div role="button" tabindex="0" data-testid="composerPublishBtn" aria-label="Publish post" aria-disabled="true" style="background:#1083fe;color:#fff;border-radius:999px;padding:6px 16px;cursor:pointer">Post</div>
  </div>
  <div id="editor" style="min-height:120px"></div>
  <div id="composer-media" style="display:flex;gap:8px"></div>
  <div style="border-top:1px solid #eee;padding-top:8px"><div role="button" tabindex="0" data-testid="openMediaBtn" aria-label="Add media to post">🖼</div></div>
</div>`,
    script: COMPOSER,
    // Images: up to 4 per post, uploaded as blobs (com.atproto.repo.uploadBlob) and re-encoded as
    // JPEG by the app first (shared/platforms.md). The sandbox takes multipart and keeps the bytes.
    host: { path: '/xrpc/com.atproto.repo.uploadBlob', field: 'file', prefix: '/img/feed_fullsize/', maxBytes: 10 * 1024 * 1024, answer: (images) => ({ blob: { url: images[0]!.url } }), insert: 'attach', label: 'Add media', control: '[data-testid=openMediaBtn]' },
    steps: [],
    after: 'link',
    postPath: (user, slug) => `/profile/${didOf(user)}/post/${slug}`,
    slug: () => `3l${hex(5)}`,
    validate: (p) => (graphemes(shorten(p.body)) > 300 ? 'Your post is longer than 300 characters.' : undefined),
    beforeStore: (p) => {
      const links = p.body.match(LINK) ?? [];
      // The record's text has links shortened; each link facet keeps the full URL; the first link is a card.
      return { ...p, body: shorten(p.body), extra: { ...p.extra, fullText: p.body, facets: links.map((uri) => ({ uri })), embed: links[0] ? { $type: 'app.bsky.embed.external', uri: links[0] } : undefined } };
    },
    routes: ({ res, url }) => {
      const feed = /^\/profile\/([\w.-]+)\/rss\/?$/.exec(url.pathname);
      return feed && !feed[1]!.startsWith('did:') ? redirect(res, `/profile/${didOf(feed[1]!.replace(/\.bsky\.social$/, ''))}/rss`) : false;
    },
    feedSize: 30,
    feed: {
      path: /^\/profile\/(did:plc:\w+)\/rss\/?$/,
      authorOf: (did, site) => site.posts.find((p) => didOf(p.author) === did)?.author ?? did,
      render: (site, did, posts) =>
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><description>Sandbox profile</description><link>${site.origin}/profile/${did}</link><title>${did}</title>${posts
          .map((p) => `<item><link>${xmlEscape(p.url)}</link><description>${xmlEscape(String(p.extra.fullText ?? p.body))}</description><pubDate>${p.publishedAt.toISOString()}</pubDate><guid isPermaLink="false">at://${did}/app.bsky.feed.post/${p.slug}</guid></item>`)
          .join('')}</channel></rss>`,
    },
  });
