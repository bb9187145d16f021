/**
 * The editor libraries the sandbox pages run, one browser bundle each, built with esbuild from
 * the real packages: CodeMirror 6 (Qiita), Tiptap/ProseMirror (note, Substack, Hashnode,
 * LinkedIn articles, Bluesky), Quill (LinkedIn posts); plus two small imitations where the real
 * editor is not a public package: a Draft.js-like box (X) whose model only changes through
 * input events it sees, and Medium's own contenteditable.
 *
 * Every bundle mounts into `#editor` after `cfg.delay` ms (the slow-editor fault adds to it),
 * reads `window.__EDITOR__` for its options (`initial`: what a published post's edit page starts
 * from, its text or HTML, and for Medium its title), and exposes `window.__editor` for the page's
 * submit code: `text()`, `html()`, and for X `texts()` (one per post of a thread).
 */

export type EditorKind = 'codemirror' | 'tiptap' | 'quill' | 'draftjs' | 'medium';

const CODEMIRROR = `
import { EditorView, basicSetup } from 'codemirror';
import { markdown } from '@codemirror/lang-markdown';
const cfg = window.__EDITOR__;
setTimeout(() => {
  const extensions = [basicSetup, markdown(), EditorView.lineWrapping, EditorView.contentAttributes.of(cfg.attributes || {})];
  if (cfg.pasteDropped) extensions.push(EditorView.domEventHandlers({ paste: (e) => { e.preventDefault(); return true; } }));
  const view = new EditorView({ doc: cfg.initial || '', extensions, parent: document.querySelector('#editor') });
  window.__editor = { text: () => view.state.doc.toString(), html: () => view.state.doc.toString(), insert: (t) => view.dispatch(view.state.replaceSelection(t)) };
}, cfg.delay);
`;

const TIPTAP = `
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { Placeholder } from '@tiptap/extensions';
import MarkdownIt from 'markdown-it';
const cfg = window.__EDITOR__;
const md = new MarkdownIt({ linkify: true });
md.linkify.set({ fuzzyLink: false });
// note keeps two heading sizes: h1 becomes h2, h4-h6 become h3 (shared/platforms.md).
const collapse = (html) => html.replace(/<(\\/?)h1\\b/gi, '<$1h2').replace(/<(\\/?)h[4-6]\\b/gi, '<$1h3');
setTimeout(() => {
  let editor;
  editor = new Editor({
    element: document.querySelector('#editor'),
    content: cfg.initial || '',
    // An empty editor shows \`p.is-editor-empty[data-placeholder]\` (Bluesky: "What's up?").
    extensions: [StarterKit.configure({ link: { openOnClick: false } }), Image, ...(cfg.placeholder ? [Placeholder.configure({ placeholder: cfg.placeholder })] : [])],
    editorProps: {
      attributes: cfg.attributes || {},
      // note, Substack and LinkedIn drop <img> from pasted HTML (shared/platforms.md): images only
      // arrive through the editor's own image control.
      transformPastedHTML: (html) => {
        const kept = cfg.dropPastedImages ? html.replace(/<img\\b[^>]*>/gi, '') : html;
        return cfg.collapseHeadings ? collapse(kept) : kept;
      },
      handlePaste: (view, event) => {
        if (cfg.pasteDropped) return true;
        if (cfg.plainTextOnly) {
          // Bluesky: pasted HTML is reduced to its text/plain, one paragraph per line
          // (social-app TextInput.web.tsx), so innerText shows blank lines between them.
          const lines = event.clipboardData.getData('text/plain').replace(/\\r\\n?/g, '\\n').split('\\n');
          editor.commands.insertContent(lines.map((l) => ({ type: 'paragraph', content: l ? [{ type: 'text', text: l }] : [] })));
          return true;
        }
        if (cfg.markdownPaste && !event.clipboardData.types.includes('text/html')) {
          // Hashnode converts Markdown pasted as text into rich text.
          editor.commands.insertContent(md.render(event.clipboardData.getData('text/plain')));
          return true;
        }
        return false;
      },
    },
  });
  window.__editor = { text: () => editor.getText({ blockSeparator: '\\n' }), html: () => editor.getHTML(), image: (src, alt) => editor.chain().focus().setImage({ src, alt }).run() };
}, cfg.delay);
`;

const QUILL = `
import Quill from 'quill';
const cfg = window.__EDITOR__;
setTimeout(() => {
  const host = document.querySelector('#editor');
  if (cfg.pasteDropped) host.addEventListener('paste', (e) => { e.preventDefault(); e.stopPropagation(); }, true);
  const quill = new Quill(host, { placeholder: cfg.placeholder || '' });
  for (const [k, v] of Object.entries(cfg.attributes || {})) quill.root.setAttribute(k, v);
  window.__editor = { text: () => quill.getText().replace(/\\n$/, ''), html: () => quill.root.innerHTML };
}, cfg.delay);
`;

/**
 * X's composer is Draft.js: its model changes only through the input it handles, and the DOM
 * is re-rendered from the model. Text inserted in one go that holds "://" or a newline can be
 * dropped (shared/platforms.md), so publishers insert in pieces and press Enter for newlines.
 */
const DRAFTJS = `
const cfg = window.__EDITOR__;
const posts = [];
function render(i) {
  const box = document.querySelector('[data-testid="tweetTextarea_' + i + '"]');
  box.innerHTML = posts[i].split('\\n').map((l) => '<div data-block="true"><span data-text="true">' + (l.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]) || '<br data-text="true">') + '</span></div>').join('');
  const sel = getSelection(); sel.selectAllChildren(box); sel.collapseToEnd();
  document.querySelector('[data-testid="tweetButton"]').setAttribute('aria-disabled', posts.every((p) => p.trim() === '') ? 'true' : 'false');
}
function addBox() {
  const i = posts.length;
  posts.push('');
  const box = document.createElement('div');
  box.className = 'public-DraftEditor-content';
  box.contentEditable = 'true';
  box.setAttribute('role', 'textbox');
  box.setAttribute('aria-label', 'Post text');
  box.setAttribute('data-testid', 'tweetTextarea_' + i);
  box.addEventListener('beforeinput', (e) => {
    e.preventDefault();
    if (cfg.pasteDropped) return;
    const t = e.inputType;
    if (t === 'insertText' && e.data && !/:\\/\\/|\\n/.test(e.data)) posts[i] += e.data;
    else if (t === 'insertParagraph' || t === 'insertLineBreak') posts[i] += '\\n';
    else if (t === 'deleteContentBackward') posts[i] = posts[i].slice(0, -1);
    else if (t === 'insertFromPaste') posts[i] += (e.dataTransfer && e.dataTransfer.getData('text/plain')) || '';
    render(i);
  });
  box.addEventListener('paste', (e) => { e.preventDefault(); if (!cfg.pasteDropped) { posts[i] += e.clipboardData.getData('text/plain'); render(i); } });
  document.querySelector('#editor').appendChild(box);
  render(i);
  box.focus();
}
setTimeout(() => {
  addBox();
  document.querySelector('[data-testid="addButton"]').onclick = addBox;
  window.__editor = { text: () => posts.join('\\n\\n'), html: () => '', texts: () => posts.slice() };
}, cfg.delay);
`;

/**
 * Medium's own editor: a paste of text/html updates the story but drops images, and autosave
 * (needed before publishing) only starts after one trusted keystroke in the story. Pasted code
 * blocks are kept here; platforms.md reports (UNVERIFIED) that the real editor may need ```
 * typed, which the publisher's read-back would catch.
 */
const MEDIUM = `
const cfg = window.__EDITOR__;
setTimeout(() => {
  const host = document.querySelector('#editor');
  host.innerHTML = '<h3 data-testid="editorTitleParagraph" contenteditable="true" class="graf--title"></h3>' +
    '<div id="story" contenteditable="true" role="textbox" aria-label="Story body"><p data-testid="editorParagraphText"><br></p></div>';
  const story = host.querySelector('#story');
  if (cfg.initial) { story.innerHTML = cfg.initial; host.querySelector('[data-testid="editorTitleParagraph"]').textContent = cfg.initialTitle || ''; }
  let typed = false;
  story.addEventListener('keydown', (e) => { if (e.isTrusted) typed = true; });
  story.addEventListener('paste', (e) => {
    e.preventDefault();
    if (cfg.pasteDropped) return;
    const html = e.clipboardData.getData('text/html');
    const doc = new DOMParser().parseFromString(html || '<p>' + e.clipboardData.getData('text/plain') + '</p>', 'text/html');
    // Absolute image URLs are kept (Medium fetches them); relative ones are dropped silently.
    doc.querySelectorAll('script, style').forEach((n) => n.remove());
    doc.querySelectorAll('img').forEach((n) => { if (!/^https?:\\/\\//.test(n.getAttribute('src') || '')) n.remove(); });
    doc.querySelectorAll('h1, h2').forEach((h) => { const n = doc.createElement('h3'); n.innerHTML = h.innerHTML; h.replaceWith(n); });
    doc.querySelectorAll('h5, h6').forEach((h) => { const n = doc.createElement('h4'); n.innerHTML = h.innerHTML; h.replaceWith(n); });
    doc.querySelectorAll('p').forEach((p) => p.setAttribute('data-testid', 'editorParagraphText'));
    // The paste lands at the caret: after the paragraph holding it (an empty one is replaced).
    const sel = getSelection();
    let block = sel && sel.anchorNode && story.contains(sel.anchorNode) && sel.anchorNode !== story ? sel.anchorNode : story.lastElementChild;
    while (block && block.parentNode !== story) block = block.parentNode;
    const nodes = [...doc.body.childNodes];
    if (!block) story.append(...nodes);
    else if (!block.textContent.trim() && !(block.querySelector && block.querySelector('img'))) block.replaceWith(...nodes);
    else block.after(...nodes);
    const end = document.createRange(); end.selectNodeContents(story); end.collapse(false); sel.removeAllRanges(); sel.addRange(end);
  });
  window.__editor = {
    text: () => story.innerText,
    html: () => story.innerHTML,
    title: () => host.querySelector('[data-testid="editorTitleParagraph"]').textContent,
    saved: () => typed,
    // The "+" menu's image: a figure after the paragraph holding the caret (else at the end).
    image: (src, alt) => {
      const fig = document.createElement('figure');
      const img = document.createElement('img');
      img.src = src; img.alt = alt || ''; img.setAttribute('data-testid', 'editorImage');
      fig.appendChild(img);
      const sel = getSelection();
      let block = sel && sel.anchorNode && story.contains(sel.anchorNode) ? sel.anchorNode : null;
      while (block && block.parentNode !== story) block = block.parentNode;
      if (block) block.after(fig); else story.appendChild(fig);
      const p = document.createElement('p'); p.setAttribute('data-testid', 'editorParagraphText'); p.innerHTML = '<br>';
      fig.after(p);
      const range = document.createRange(); range.setStart(p, 0); range.collapse(true); sel.removeAllRanges(); sel.addRange(range);
    },
  };
}, cfg.delay);
`;

export const EDITOR_SOURCES: Record<EditorKind, string> = { codemirror: CODEMIRROR, tiptap: TIPTAP, quill: QUILL, draftjs: DRAFTJS, medium: MEDIUM };
