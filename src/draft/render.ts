/**
 * Markdown -> HTML for the rich-text editors (note, Substack, Medium, LinkedIn articles), which
 * take a paste of text/html and keep its headings, lists, code blocks and links. markdown-it:
 * CommonMark-compliant, actively maintained, synchronous, no dependencies beyond its own, and
 * already what the sandbox uses to render previews. Raw HTML in a draft is escaped, not passed
 * on: what reaches a platform is what the Markdown says.
 */
import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import { decodeHTML } from 'entities';

let md: MarkdownIt | undefined;

/** Loaded on first use (about 50 ms): a run to Markdown-only platforms never pays for it. */
function renderer(): MarkdownIt {
  if (!md) {
    const Ctor = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt;
    md = new Ctor({ html: false, linkify: true, typographer: false });
    // Link only what is written as a URL (https://...), not every "dev.to" in the prose.
    md.linkify.set({ fuzzyLink: false });
  }
  return md;
}

export function renderHtml(markdown: string): string {
  return renderer().render(markdown);
}

/** The text a reader sees in that HTML (block boundaries as newlines), for text/plain and read-back. */
export function htmlText(html: string): string {
  return decodeHTML(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|h[1-6]|li|pre|blockquote|tr|div)>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** What a rich-text paste holds: how many of each element a platform must keep. */
export function htmlCounts(html: string): { headings: number; codeBlocks: number; lists: number; links: number; images: number } {
  const count = (re: RegExp) => (html.match(re) ?? []).length;
  return { headings: count(/<h[1-6][\s>]/gi), codeBlocks: count(/<pre[\s>]/gi), lists: count(/<(ul|ol)[\s>]/gi), links: count(/<a\s/gi), images: count(/<img\s/gi) };
}
