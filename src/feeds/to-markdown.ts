/**
 * A feed item's HTML -> a draft's Markdown, with turndown (maintained, DOM-based, rule per element)
 * and Joplin's maintained fork of its GFM plugin (tables, strikethrough, task lists; the original
 * turndown-plugin-gfm has had no release since 2017 and drops tables without a header row).
 * What a blog's feed holds becomes what a writer would have typed:
 * - fenced code blocks keep their language (class `language-x` / `lang-x` on code or pre, or
 *   `data-language` / `data-lang` as Shiki, Astro and Hugo write it), highlighted spans flattened;
 * - images and links made absolute against the item's link; `<picture>` becomes its one `<img>`
 *   (srcset when there is no src); only http(s) (and mailto) links stay links;
 * - YouTube, CodePen, gist and tweet embeds become the draft's embed lines (`@[youtube](id)`),
 *   which the dialect layer renders per platform; other iframes are dropped;
 * - scripts, styles, forms, navigation, footers, share/related blocks and tracking pixels dropped;
 * - what older engines write reads as typed: code lines written with `<br>` (Blogger), layout
 *   tables (code side by side, line-number gutters) as their blocks, `<br><br>` as paragraphs.
 * The HTML is data: turndown parses it into a DOM it never runs (no script executes).
 */
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';

type El = HTMLElement;

/** An absolute http(s) URL for `value` relative to `base`, or undefined. */
function absolute(value: string | null | undefined, base: string, schemes = ['http:', 'https:']): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), base || undefined);
    return schemes.includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The first candidate of a srcset ("a.png 1x, b.png 2x" -> a.png). */
const firstOfSrcset = (srcset: string | null) => srcset?.split(',')[0]?.trim().split(/\s+/)[0];

/** Web beacons: 1x1 images, and the hosts feeds use for them. */
const PIXEL_HOSTS = /(^|\.)(feeds\.feedburner\.com|pixel\.wp\.com|stats\.wordpress\.com|medium\.com\/_\/stat|google-analytics\.com|doubleclick\.net|pixel\.quantserve\.com)/i;
function isPixel(img: El, src: string | undefined): boolean {
  const w = Number(img.getAttribute('width'));
  const h = Number(img.getAttribute('height'));
  if ((w > 0 && w <= 2) || (h > 0 && h <= 2)) return true;
  return !!src && (PIXEL_HOSTS.test(new URL(src).host + new URL(src).pathname) || /\/(pixel|beacon|track(ing)?)\.(gif|png)\b/i.test(src));
}

/** The embed line a draft uses for an iframe's URL, if it is one the dialects know. */
export function embedLine(src: string): string | undefined {
  let url: URL;
  try {
    url = new URL(src, 'https://example.invalid');
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^www\./, '');
  const yt = host === 'youtube.com' || host === 'youtube-nocookie.com' ? /^\/embed\/([\w-]{6,})/.exec(url.pathname)?.[1] : host === 'youtu.be' ? url.pathname.slice(1) : undefined;
  if (yt) return `@[youtube](${yt})`;
  if (host === 'codepen.io') {
    const pen = /^\/([\w-]+)\/(?:embed|pen)\/(?:preview\/)?([\w-]+)/.exec(url.pathname);
    if (pen) return `@[codepen](https://codepen.io/${pen[1]}/pen/${pen[2]})`;
  }
  if (host === 'gist.github.com') return `@[gist](https://gist.github.com${url.pathname.replace(/\.(js|pibb)$/, '')})`;
  if (host === 'platform.twitter.com' || host === 'twitter.com' || host === 'x.com') {
    const id = url.searchParams.get('id') ?? /\/status\/(\d+)/.exec(url.pathname)?.[1];
    if (id && /^\d+$/.test(id)) return `@[tweet](https://twitter.com/i/status/${id})`;
  }
  return undefined;
}

/**
 * The text of a code block as its reader sees it. `textContent` alone loses the line breaks of
 * code written with `<br>` (Blogger's editor writes every line of a `<pre>` so: the Google Testing
 * Blog's feed does) or with one block element per line.
 */
function codeText(el: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.nodeValue ?? '';
    else if (n.nodeName === 'BR') out += '\n';
    else {
      const block = /^(DIV|P|LI|TR)$/.test(n.nodeName);
      if (block && out && !out.endsWith('\n')) out += '\n';
      for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
      if (block && out && !out.endsWith('\n')) out += '\n';
    }
  };
  walk(el);
  return out;
}

/** Whether `el` holds a match: turndown's DOM (domino) answers `undefined`, not null, for none. */
const has = (el: El, selector: string) => el.querySelector(selector) != null;
/** Content a Markdown table cell cannot hold. */
const BLOCKS = 'pre, ul, ol, table, blockquote, h1, h2, h3, h4, h5, h6, hr, iframe';
const rowsOf = (table: El) => Array.from(table.querySelectorAll('tr')).filter((tr) => nearestTable(tr) === table);
const cellsOf = (tr: El) => Array.from(tr.children).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH') as El[];
function nearestTable(n: Node): El | null {
  for (let p = n.parentNode; p; p = p.parentNode) if (p.nodeName === 'TABLE') return p as El;
  return null;
}
/**
 * A table used for layout: a cell holds a code block, a list or another table (code side by side,
 * a line-number gutter next to the code). It cannot be a Markdown table; its cells become blocks.
 */
const isLayoutTable = (table: El) => rowsOf(table).some((tr) => cellsOf(tr).some((c) => has(c, BLOCKS)));
/** A line-number gutter (Hugo's lntable, Rouge's rouge-gutter): a cell of nothing but numbers. */
const isGutter = (cell: El) => has(cell, 'pre') && /^[\s\d]+$/.test(cell.textContent ?? '');
/**
 * A layout table's cells in reading order: row by row, except two rows of captions over blocks
 * ("Before" | "After" over two code blocks), which read column by column so each caption stays
 * with its block.
 */
function readingOrder(table: El): El[] {
  const rows = rowsOf(table).map((tr) => cellsOf(tr).filter((c) => !isGutter(c)));
  const [top = [], bottom = []] = rows;
  if (rows.length === 2 && top.length === bottom.length && top.every((c) => !has(c, BLOCKS))) {
    return top.flatMap((c, i) => [c, bottom[i] as El]);
  }
  return rows.flat();
}

const CHROME = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'NAV', 'FOOTER', 'FORM', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SVG', 'CANVAS', 'LINK', 'META', 'OBJECT', 'EMBED']);
/** Share bars and related-post blocks blogs put inside the article (WordPress Jetpack, Hugo themes...). */
const CHROME_CLASS = /\b(share|sharing|sharedaddy|social|related|jp-relatedposts|newsletter|subscribe|post-nav|breadcrumbs?)\b/i;

export function htmlToMarkdown(html: string, base: string): string {
  const td = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_', strongDelimiter: '**', hr: '---' });
  td.use(gfm);
  td.remove((n) => CHROME.has(n.nodeName.toUpperCase()));
  td.addRule('chrome', { filter: (n) => /^(DIV|SECTION|ASIDE|UL)$/.test(n.nodeName) && CHROME_CLASS.test(n.getAttribute('class') ?? ''), replacement: () => '' });
  // List items as a writer types them ("- one", "1. two"), nested content indented to match.
  td.addRule('listItem', {
    filter: 'li',
    replacement: (content, node, options) => {
      const li = node as El;
      const parent = li.parentNode as El | null;
      let prefix = `${options.bulletListMarker} `;
      if (parent?.nodeName === 'OL') prefix = `${Number(parent.getAttribute('start') ?? 1) + Array.prototype.indexOf.call(parent.children, li)}. `;
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${' '.repeat(prefix.length)}`);
      return prefix + body + (li.nextSibling && !/\n$/.test(body) ? '\n' : '');
    },
  });
  // A gist embedded as its script (WordPress and many themes do this).
  td.addRule('gist', {
    filter: (n) => n.nodeName === 'SCRIPT' && /^https:\/\/gist\.github\.com\//.test(n.getAttribute('src') ?? ''),
    replacement: (_content, node) => `\n\n${embedLine((node as El).getAttribute('src')!)}\n\n`,
  });
  td.addRule('embed', {
    filter: 'iframe',
    replacement: (_content, node) => {
      const line = embedLine((node as El).getAttribute('src') ?? '');
      return line ? `\n\n${line}\n\n` : '';
    },
  });
  // A tweet embedded as its blockquote (the widget script is dropped): the tweet's status link.
  td.addRule('tweet', {
    filter: (n) => n.nodeName === 'BLOCKQUOTE' && /\btwitter-tweet\b/.test(n.getAttribute('class') ?? ''),
    replacement: (content, node) => {
      const links = Array.from((node as El).querySelectorAll('a[href]')).map((a) => a.getAttribute('href') ?? '');
      const status = links.map((h) => /(?:twitter|x)\.com\/\w+\/status\/(\d+)/.exec(h)?.[1]).find(Boolean);
      return status ? `\n\n@[tweet](https://twitter.com/i/status/${status})\n\n` : `\n\n${content.trim().split('\n').map((l) => `> ${l}`).join('\n')}\n\n`;
    },
  });
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const img = node as El;
      const src = absolute(img.getAttribute('src') || img.getAttribute('data-src') || firstOfSrcset(img.getAttribute('srcset')), base);
      if (!src || isPixel(img, src)) return '';
      const alt = (img.getAttribute('alt') ?? '').replace(/[[\]\\]/g, '\\$&').replace(/\s+/g, ' ');
      const title = img.getAttribute('title');
      return `![${alt}](${src.replace(/[()]/g, encodeURIComponent)}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`;
    },
  });
  td.addRule('link', {
    filter: (n) => n.nodeName === 'A' && n.getAttribute('href') !== null,
    replacement: (content, node) => {
      const href = absolute((node as El).getAttribute('href'), base, ['http:', 'https:', 'mailto:']);
      const text = content.trim();
      if (!href) return content; // a javascript: or broken link keeps its text only
      if (!text) return '';
      return `[${text}](${href.replace(/[()]/g, encodeURIComponent)})`;
    },
  });
  // Registered after the GFM plugin, so it is asked first: a layout table is never a GFM table.
  td.addRule('layoutTable', {
    filter: (n) => n.nodeName === 'TABLE' && isLayoutTable(n as El),
    replacement: (_content, node) => `\n\n${readingOrder(node as El).map((cell) => td.turndown(cell)).filter(Boolean).join('\n\n')}\n\n`,
  });
  td.addRule('fence', {
    filter: (n) => n.nodeName === 'PRE',
    replacement: (_content, node) => {
      const pre = node as El;
      const code = pre.querySelector('code');
      const classes = `${pre.getAttribute('class') ?? ''} ${code?.getAttribute('class') ?? ''}`;
      const lang = pre.getAttribute('data-language') ?? code?.getAttribute('data-lang') ?? pre.getAttribute('data-lang') ?? /\b(?:language|lang)-([\w+#.-]+)/.exec(classes)?.[1] ?? '';
      // Line numbers live in a gutter cell of their own (a layout table drops it): only the code's text.
      const text = codeText(code ?? pre).replace(/\n$/, '');
      const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(longest + 1);
      return `\n\n${fence}${lang.toLowerCase()}\n${text}\n${fence}\n\n`;
    },
  });
  return tidy(td.turndown(html));
}

/**
 * The Markdown as a writer would leave it, code blocks untouched: no line of only spaces, no hard
 * break (two trailing spaces, from `<br>`) at the end of a paragraph, no stray trailing space,
 * never two blank lines in a row. Blogs that write paragraphs as `text<br><br>text` (Blogger,
 * old WordPress) would otherwise leave a hard break on every paragraph.
 */
export function tidy(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]; // list items indent their fences
    if (fence) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) fence = marker;
    if (line.trim() === '') {
      const last = out.pop();
      if (last !== undefined) out.push(last.replace(/\s+$/, ''), ...(last === '' ? [] : ['']));
      continue;
    }
    out.push(/(?<=\S) $/.test(line) ? line.slice(0, -1) : line);
  }
  while (out.at(-1) === '') out.pop();
  const last = out.pop();
  if (last !== undefined) out.push(fence ? last : last.replace(/\s+$/, ''));
  return out.join('\n');
}
