/**
 * Short-form posts (X, Bluesky, LinkedIn posts): their length rules and the thread split.
 * X counts "weighted" length (twitter-text v3 config, twitter/twitter-text config/v3.json):
 * code points in the ranges below weigh 1, everything else 2 (CJK, emoji...), every URL 23,
 * and a post holds 280. An emoji sequence (one grapheme) weighs 2 in all. Bluesky counts
 * graphemes (300), which Intl.Segmenter gives.
 */
const LIGHT: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const URL_RE = /https?:\/\/[^\s]+/g;
export const X_LIMIT = 280;
export const X_URL_WEIGHT = 23;
export const BLUESKY_LIMIT = 300;

// Made on first use: building a Segmenter loads ICU's break data (about 10 ms at every start).
let segmenter: Intl.Segmenter | undefined;
const graphemes = () => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
export const graphemeCount = (text: string) => [...graphemes().segment(text)].length;

function weightOf(grapheme: string): number {
  if (/\p{Extended_Pictographic}/u.test(grapheme)) return 2;
  let w = 0;
  for (const ch of grapheme) {
    const cp = ch.codePointAt(0)!;
    w += LIGHT.some(([a, b]) => cp >= a && cp <= b) ? 1 : 2;
  }
  return w;
}

/** X's weighted length of one post. */
export function xLength(text: string): number {
  let total = 0;
  let last = 0;
  for (const m of text.normalize('NFC').matchAll(URL_RE)) {
    for (const { segment } of graphemes().segment(text.normalize('NFC').slice(last, m.index))) total += weightOf(segment);
    total += X_URL_WEIGHT;
    last = m.index! + m[0].length;
  }
  for (const { segment } of graphemes().segment(text.normalize('NFC').slice(last))) total += weightOf(segment);
  return total;
}

/**
 * Splits a text into posts of at most `limit` (by `measure`): whole paragraphs where they fit,
 * else sentences, else words; a single word longer than a post is cut by graphemes. URLs are
 * never cut (they weigh 23 whatever their length), and the text's own spacing is kept.
 */
export function splitThread(text: string, limit = X_LIMIT, measure: (t: string) => number = xLength): string[] {
  const posts: string[] = [];
  let current = '';
  const fits = (t: string) => measure(t.trim()) <= limit;
  const flush = () => {
    if (current.trim()) posts.push(current.trim());
    current = '';
  };
  /** Adds `piece` to the current post, or starts a new post with it; false if it fits in none. */
  const add = (piece: string): boolean => {
    if (fits(current + piece)) {
      current += piece;
      return true;
    }
    if (!fits(piece)) return false;
    flush();
    current = piece.replace(/^\s+/, '');
    return true;
  };
  const paragraphs = text.trim().split(/(?<=\n{2,})/);
  for (const paragraph of paragraphs) {
    if (add(paragraph)) continue;
    for (const sentence of paragraph.split(/(?<=[.!?]\s+|[。！？])/)) {
      if (add(sentence)) continue;
      for (const word of sentence.split(/(?<=\s)/)) {
        if (add(word)) continue;
        for (const { segment } of graphemes().segment(word)) if (!add(segment)) throw new Error('a single grapheme longer than a post');
      }
    }
  }
  flush();
  return posts;
}
