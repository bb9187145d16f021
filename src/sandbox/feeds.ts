/** Feed documents in the shapes the platforms serve (shared/platforms.md), for the sandbox. */
import { rfc822, xmlEscape, type SandboxPost } from './site.js';

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

export interface RssOptions {
  title: string;
  link: string;
  self: string;
  namespaces?: string;
  /** The elements of one item, in the platform's order. */
  item(p: SandboxPost): string;
}

export function rss(o: RssOptions, posts: SandboxPost[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"${o.namespaces ?? ''}><channel><title>${cdata(o.title)}</title><link>${xmlEscape(o.link)}</link><atom:link href="${xmlEscape(o.self)}" rel="self" type="application/rss+xml"/><lastBuildDate>${rfc822(posts[0]?.publishedAt ?? new Date(0))}</lastBuildDate>${posts.map((p) => `<item>${o.item(p)}</item>`).join('')}</channel></rss>`;
}

/** The elements most RSS 2.0 items share: title, link, guid, dc:creator, pubDate. */
export const basicItem = (p: SandboxPost, guid = p.url) =>
  `<title>${cdata(p.title)}</title><link>${xmlEscape(p.url)}</link><guid isPermaLink="${guid === p.url}">${xmlEscape(guid)}</guid><dc:creator>${cdata(p.author)}</dc:creator><pubDate>${rfc822(p.publishedAt)}</pubDate>`;

export const DC = ' xmlns:dc="http://purl.org/dc/elements/1.1/"';
export const CONTENT = ' xmlns:content="http://purl.org/rss/1.0/modules/content/"';
export const categories = (p: SandboxPost) => p.tags.map((t) => `<category>${cdata(t)}</category>`).join('');
export const encoded = (p: SandboxPost) => `<content:encoded>${cdata(p.body)}</content:encoded>`;

/** Qiita's Atom feed. */
export function qiitaAtom(origin: string, author: string, posts: SandboxPost[]): string {
  const entries = posts
    .map(
      (p) => `<entry><id>tag:qiita.com,2005:PublicArticle/${p.id}</id><published>${p.publishedAt.toISOString()}</published><updated>${p.publishedAt.toISOString()}</updated><link rel="alternate" type="text/html" href="${xmlEscape(p.url)}"/><url>${xmlEscape(p.url)}</url><title>${xmlEscape(p.title)}</title><content type="text">${xmlEscape(p.description)}</content><author><name>${xmlEscape(p.author)}</name></author></entry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xml:lang="ja-JP" xmlns="http://www.w3.org/2005/Atom"><id>tag:qiita.com,2005:/${xmlEscape(author)}/feed</id><link rel="alternate" type="text/html" href="${origin}"/><link rel="self" type="application/atom+xml" href="${origin}/${xmlEscape(author)}/feed"/><title>${xmlEscape(author)}の記事 - Qiita</title><updated>${(posts[0]?.publishedAt ?? new Date(0)).toISOString()}</updated>${entries}</feed>`;
}
