/**
 * Feeds in, normalised items out: RSS 2.0 (with the dc:, content: and media: modules), Atom and
 * RSS 1.0, parsed with rss-parser. Every platform's feed reduces to the same item shape.
 */
import { httpUrl } from '../http-url.js';
import { decodeHTML } from 'entities';
import type Parser from 'rss-parser';
import { FeedError } from './errors.js';

export interface FeedItem {
  title: string;
  link: string;
  guid: string;
  /** ISO 8601 UTC, or null when the feed gives no usable date. */
  published: string | null;
  categories: string[];
  author: string | null;
  /** Only with `{ bodies: true }`: the item's full HTML (content:encoded, Atom content, else description) and its summary text. */
  html?: string;
  summary?: string;
}

export interface Feed {
  feed: { title: string; link: string };
  items: FeedItem[];
}

type RawCategory = string | { _?: string; $?: { term?: string; label?: string } };

interface RawItem {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  isoDate?: string;
  pubDate?: string;
  creator?: string;
  author?: string;
  categories?: RawCategory[];
  atomCategory?: RawCategory[];
  noteCreator?: string;
  'rdf:about'?: string;
  origLink?: string;
  'content:encoded'?: string;
  content?: string;
  summary?: string;
  contentSnippet?: string;
}

type FeedParser = Parser<{ title?: string; link?: string }, RawItem>;
let parser: FeedParser | undefined;

/** One parser for the process, loaded on first use (a publish that never reads a feed skips it). */
async function feedParser(): Promise<FeedParser> {
  if (!parser) {
    const { default: Ctor } = await import('rss-parser');
    parser = new Ctor<{ title?: string; link?: string }, RawItem>({
      customFields: {
        item: [
          ['category', 'atomCategory', { keepArray: true }],
          ['note:creatorName', 'noteCreator'],
          // FeedBurner puts its own redirect in <link> and the article's address here.
          ['feedburner:origLink', 'origLink'],
        ],
      },
    });
  }
  return parser;
}

/** Tracking parameters feeds add to links: utm_*, and Medium's `source=rss...`. */
export const isTrackingParam = (key: string, value: string) => /^utm_/i.test(key) || (key === 'source' && /^rss/i.test(value));

/**
 * A feed item's link as the ledger keeps it: tracking parameters removed. Feeds are data from
 * elsewhere: anything but an absolute http(s) URL (`javascript:`, `file:`, `data:`...) becomes ''.
 */
export function cleanLink(link: string): string {
  const url = httpUrl(link);
  if (!url) return '';
  for (const key of [...url.searchParams.keys()]) {
    if (isTrackingParam(key, url.searchParams.get(key) ?? '')) url.searchParams.delete(key);
  }
  url.search = url.searchParams.toString() ? `?${url.searchParams.toString()}` : '';
  return url.href;
}

/**
 * The text of a value the XML parser made. Usually a string; an Atom text construct of
 * `type="xhtml"` (`<title type="xhtml"><div>...</div></title>`, as Tantek's feed has) comes as
 * nested objects of child elements (`_` holds an element's own text, `$` its attributes).
 */
function xmlText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(xmlText).join(' ');
  if (value && typeof value === 'object') return Object.entries(value).filter(([k]) => k !== '$').map(([, v]) => xmlText(v)).join(' ');
  return value === undefined || value === null ? '' : String(value);
}

/** Text as a reader sees it: entities decoded (feeds often double-encode), whitespace collapsed. */
export function cleanText(text: unknown): string {
  return decodeHTML(xmlText(text)).replace(/\s+/g, ' ').trim();
}

function categoryText(c: RawCategory): string {
  if (typeof c === 'string') return c;
  return c._ ?? c.$?.term ?? c.$?.label ?? '';
}

function isoDate(item: RawItem): string | null {
  for (const candidate of [item.isoDate, item.pubDate]) {
    if (!candidate) continue;
    const t = Date.parse(candidate.trim());
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return null;
}

/** Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
const textOf = (html: string) => cleanText(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '));

/**
 * The XHTML bodies of a feed's Atom entries, in document order (undefined where an entry's
 * content is not XHTML). The XML parser keeps an element's text apart from its children, so an
 * XHTML body (`<content type="xhtml"><div>text <code>x</code> more</div></content>`, as Sam Ruby's
 * and Tantek Çelik's feeds are written) comes back reordered or without its elements; this reads
 * them from the document itself. CDATA sections and comments are masked first, so a "</entry>" in
 * an article's code sample cannot end an entry; the wrapping div and any namespace prefix
 * (`xhtml:p`) are dropped.
 */
export function xhtmlBodies(xml: string): (string | undefined)[] {
  const masked = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '');
  return [...masked.matchAll(/<(?:[\w-]+:)?entry\b[\s\S]*?<\/(?:[\w-]+:)?entry\s*>/g)].map(([entry]) => {
    const content = /<((?:[\w-]+:)?content)\b([^>]*)>([\s\S]*?)<\/\1\s*>/.exec(entry);
    if (!content || !/\btype\s*=\s*["']xhtml["']/.test(content[2] ?? '')) return undefined;
    return (content[3] ?? '')
      .replace(/<(\/?)[\w-]+:/g, '<$1')
      .trim()
      .replace(/^<div\b[^>]*>([\s\S]*)<\/div>$/, '$1');
  });
}

function withBody(item: RawItem, out: FeedItem, xhtml?: string): FeedItem {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const html = str(item['content:encoded']) ?? str(xhtml) ?? str(item.content) ?? str(item.summary) ?? '';
  // The summary: the description when the full text is elsewhere (RSS), else Atom's summary, else the text's start.
  const short = str(item['content:encoded']) ? str(item.content) : str(item.summary) && str(item.content) ? str(item.summary) : undefined;
  const summary = textOf(short ?? html);
  return { ...out, html, summary: summary.length > 200 ? `${summary.slice(0, 197).replace(/\s+\S*$/, '')}…` : summary };
}

function normaliseItem(item: RawItem): FeedItem {
  const link = cleanLink(item.origLink ?? '') || cleanLink(item.link ?? '');
  const raw = [...(item.categories ?? []), ...(item.atomCategory ?? [])].map((c) => cleanText(categoryText(c))).filter(Boolean);
  return {
    title: cleanText(item.title),
    link,
    guid: (item.guid ?? item.id ?? item['rdf:about'] ?? link).trim(),
    published: isoDate(item),
    categories: [...new Set(raw)],
    author: cleanText(item.creator ?? item.author ?? item.noteCreator) || null,
  };
}

/**
 * Drops the article bodies (description, content:encoded, Atom content and summary) before
 * parsing: nothing here reads them, and they are most of a feed's bytes. Only elements whose
 * content is plain text or CDATA are dropped (text cannot hold a raw "<", and CDATA ends only at
 * "]]>"), so markup inside a body can never end the match early; XHTML bodies are left alone.
 */
// Unrolled (text, then CDATA-and-text repeated): one way to match any input, so no backtracking blow-up.
const BODY = /<(description|content:encoded|content|summary)\b[^>]*?(?:\/>|>[^<]*(?:<!\[CDATA\[[\s\S]*?\]\]>[^<]*)*<\/\1\s*>)/g;
export const stripBodies = (xml: string) => xml.replace(BODY, '');

/** What the start of a body says it is, for messages about responses that are not feeds. */
function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

/**
 * Parses a feed document. `source` (a URL or file) names it in errors. Throws FeedError for
 * anything that is not a feed: empty, HTML, malformed XML, or XML of another kind.
 */
export async function parseFeed(xml: string, source: string, options: { bodies?: boolean } = {}): Promise<Feed> {
  if (xml.trim() === '') throw new FeedError(source, 'the response is empty, not a feed');
  if (looksLikeHtml(xml)) throw new FeedError(source, 'this is an HTML page, not a feed', 'Use the feed\'s own URL (see `publish feeds inspect`), or set platforms.<id>.feed in the config.');
  const p = await feedParser();
  let parsed: Awaited<ReturnType<FeedParser['parseString']>>;
  try {
    parsed = await p.parseString(options.bodies ? xml : stripBodies(xml));
  } catch (error) {
    const message = (error as Error).message;
    if (/not recognized as RSS/i.test(message)) throw new FeedError(source, 'this XML is not an RSS or Atom feed');
    // xml2js: "Unclosed root tag\nLine: 12\nColumn: 3\nChar: "
    const line = /Line: (\d+)/.exec(message)?.[1];
    throw new FeedError(source, `the XML is malformed (${message.split('\n')[0]}${line ? ` at line ${Number(line) + 1}` : ''}); it may have been cut off`);
  }
  // Entry by entry only when the count agrees with the parser's (an RSS feed has no entries).
  const xhtml = options.bodies && /type\s*=\s*["']xhtml["']/.test(xml) ? xhtmlBodies(xml) : [];
  const aligned = xhtml.length === parsed.items.length;
  return {
    feed: { title: cleanText(parsed.title), link: cleanLink(parsed.link ?? '') },
    items: parsed.items.map((i, n) => (options.bodies ? withBody(i, normaliseItem(i), aligned ? xhtml[n] : undefined) : normaliseItem(i))),
  };
}
