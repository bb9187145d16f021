import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDraft, readDraft } from '../src/draft/parse.js';
import { fieldsFor } from '../src/draft/fields.js';
import { segments, toDevto, toZenn } from '../src/draft/dialect.js';
import { PublishError } from '../src/errors.js';
import { planDraft, resolveTargets } from '../src/pipeline/plan.js';
import { devto } from '../src/publishers/devto.js';
import { zenn } from '../src/publishers/zenn.js';
import { draftText, exampleDraft, tempDir, writeDraft } from './helpers.js';
import { graphemeCount, splitThread, xLength } from '../src/draft/short.js';

const noConfig = { platforms: {}, browser: {} };

function inputErrorOf(fn: () => unknown): PublishError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).exitCode).toBe(2);
    return error as PublishError;
  }
  throw new Error('expected an input error');
}

describe('parsing drafts', () => {
  it('reads front matter and body, and hashes the file', () => {
    const d = parseDraft(draftText({ title: 'Hi', tags: 'a, b' }, '\nBody\n'), 'x.md');
    expect(d.data.title).toBe('Hi');
    expect(d.body).toBe('Body\n');
    expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseDraft(draftText({ title: 'Hi!' }), 'x.md').hash).not.toBe(parseDraft(draftText({ title: 'Hi' }), 'x.md').hash);
  });

  it('accepts tags as a list or a comma string, and topics from zenn-cli drafts', () => {
    expect(fieldsFor(parseDraft(draftText({ title: 't', tags: 'js, web ,css' }), 'x.md'), 'devto').tags).toEqual(['js', 'web', 'css']);
    expect(fieldsFor(parseDraft(draftText('title: t\ntags: [js, web]'), 'x.md'), 'devto').tags).toEqual(['js', 'web']);
    expect(fieldsFor(parseDraft(draftText('title: t\ntopics: [rust]'), 'x.md'), 'zenn').tags).toEqual(['rust']);
  });

  it('lets a platform block override any field for that platform only', () => {
    const d = parseDraft(draftText('title: Common\ntags: [a, b, c, d, e]\ndevto:\n  tags: [a, b]\n  title: For dev.to'), 'x.md');
    expect(fieldsFor(d, 'devto')).toMatchObject({ title: 'For dev.to', tags: ['a', 'b'] });
    expect(fieldsFor(d, 'zenn')).toMatchObject({ title: 'Common', tags: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('reports malformed YAML with the file and line', () => {
    const e = inputErrorOf(() => parseDraft('---\ntitle: [unclosed\ntags: x\n---\nbody', 'bad.md'));
    expect(e.message).toMatch(/^bad\.md: the front matter is not valid YAML at line \d+/);
  });

  it('reports a missing file and a directory', () => {
    expect(inputErrorOf(() => readDraft('nope/missing.md')).message).toBe('nope/missing.md: no such file.');
    expect(inputErrorOf(() => readDraft(tempDir())).message).toMatch(/is a directory/);
  });

  it('works on a zenn-cli draft and a dev.to draft as they are', () => {
    const dir = tempDir();
    const zennCli = writeDraft(dir, 'zenn.md', draftText('title: "Zenn 記事"\nemoji: "🦀"\ntype: "tech"\ntopics: ["rust", "cli"]\npublished: true'));
    const devtoMd = writeDraft(dir, 'devto.md', draftText('title: A dev.to post\npublished: true\ntags: javascript, webdev\ncanonical_url: https://example.com/post\nseries: Intro'));
    const z = planDraft(zennCli, ['zenn'], noConfig);
    expect(z.targets[0]!.post).toMatchObject({ title: 'Zenn 記事', tags: ['rust', 'cli'], settings: { emoji: '🦀', type: 'tech' } });
    const d = planDraft(devtoMd, ['devto'], noConfig);
    expect(d.targets[0]!.post.fields).toMatchObject({ canonicalUrl: 'https://example.com/post', series: 'Intro', published: true });
  });
});

describe('validation', () => {
  it('rejects five dev.to tags naming file, field, value and the limit', () => {
    const file = writeDraft(tempDir(), 'five.md', draftText({ title: 'T', tags: ['a', 'b', 'c', 'd', 'e'] }));
    const e = inputErrorOf(() => planDraft(file, ['devto'], noConfig));
    expect(e.message).toContain(`${file}: devto: tags = ["a","b","c","d","e"]: dev.to allows at most 4 tags (this has 5)`);
  });

  it('Zenn takes one emoji, one code point or a sequence (ZWJ, skin tone, flag, keycap), and refuses two or a letter', () => {
    for (const [emoji, ok] of [['📝', true], ['👩‍💻', true], ['👍🏽', true], ['🇯🇵', true], ['1️⃣', true], ['🚀🚀', false], ['🇯🇵🇯🇵', false], ['A', false], ['1', false]] as const) {
      const file = writeDraft(tempDir(), 'emoji.md', draftText({ title: 'Emoji check', tags: ['test'], zenn: { emoji } }));
      const run = () => planDraft(file, ['zenn'], noConfig);
      if (ok) expect(run, emoji).not.toThrow();
      else expect(inputErrorOf(run).message, emoji).toContain(`zenn: emoji = "${emoji}": Zenn needs exactly one emoji`);
    }
  });

  it('reports every violation on every platform at once', () => {
    const file = writeDraft(tempDir(), 'bad.md', draftText({ title: 'x'.repeat(80), tags: ['Bad-Tag', 'b', 'c', 'd', 'e', 'f'], zenn: { emoji: '🚀🚀', type: 'news', slug: 'short' } }));
    const e = inputErrorOf(() => planDraft(file, ['devto', 'zenn'], noConfig));
    const lines = e.message.split('\n').slice(1);
    expect(lines.some((l) => /devto: tags = \["Bad-Tag".*at most 4/.test(l))).toBe(true);
    expect(lines.some((l) => /devto: tags = "Bad-Tag": .*lowercase/.test(l))).toBe(true);
    expect(lines.some((l) => /zenn: title = "x{80}": Zenn titles are at most 70/.test(l))).toBe(true);
    expect(lines.some((l) => /zenn: emoji = "🚀🚀": Zenn needs exactly one emoji/.test(l))).toBe(true);
    expect(lines.some((l) => /zenn: type = "news"/.test(l))).toBe(true);
    expect(lines.some((l) => /zenn: topics = \[.*\]: Zenn needs 1 to 5 topics \(this has 6\)/.test(l))).toBe(true);
    expect(lines.some((l) => /zenn: topics = "Bad-Tag"/.test(l))).toBe(true);
    expect(lines.some((l) => /zenn: slug = "short": .*12 to 50/.test(l))).toBe(true);
    expect(e.message).toMatch(/\((\d+) problems\)/);
  });

  it('rejects an empty body, a missing title and a publish_at without offset', () => {
    const file = writeDraft(tempDir(), 'empty.md', '---\npublish_at: 2026-12-01T09:00:00\ntags: [a]\n---\n\n   \n');
    const e = inputErrorOf(() => planDraft(file, ['devto'], noConfig));
    expect(e.message).toContain('devto: title = "": a title is required');
    expect(e.message).toContain('devto: body = "": the body (below the front matter) is empty');
    expect(e.message).toContain('publish_at = "2026-12-01T09:00:00": must be an existing ISO 8601 date-time with an offset');
  });

  it('accepts a publish_at with an offset, and Zenn slug and topics within the rules', () => {
    const file = writeDraft(tempDir(), 'ok.md', draftText({ title: 'T', tags: ['go'], publish_at: '2026-12-01T09:00:00+09:00', zenn: { slug: 'my-first-article' } }));
    expect(planDraft(file, ['devto', 'zenn'], noConfig).targets).toHaveLength(2);
  });

  it('rejects unknown platforms and a draft with no platforms at all', () => {
    const file = writeDraft(tempDir(), 'p.md', draftText({ title: 'T' }));
    expect(inputErrorOf(() => planDraft(file, ['devto', 'myspace'], noConfig)).message).toBe('Unknown platform: myspace.');
    expect(inputErrorOf(() => planDraft(file, undefined, noConfig)).message).toMatch(/no platforms to publish to/);
  });

  it('takes platforms from the front matter and expands "all"', () => {
    const d = parseDraft(draftText({ title: 'T', platforms: 'zenn' }), 'x.md');
    expect(resolveTargets(undefined, d)).toEqual(['zenn']);
    expect(resolveTargets(['all'], d)).toEqual(['devto', 'zenn', 'qiita', 'note', 'substack', 'hashnode', 'medium', 'linkedin', 'linkedin-post', 'x', 'bluesky']);
  });

  it('validates the example draft for both platforms', () => {
    const plan = planDraft(exampleDraft, undefined, noConfig);
    expect(plan.targets.map((t) => t.publisher.id)).toEqual(['devto', 'zenn']);
  });
});

describe('dialects', () => {
  const zennText = [
    ':::message',
    'Read this.',
    ':::',
    '',
    ':::message alert',
    'Careful.',
    ':::',
    '',
    '::::details Outer',
    ':::details Inner',
    'Deep',
    ':::',
    '::::',
    '',
    '@[card](https://example.com)',
    '@[youtube](abc123)',
    '![logo](https://example.com/a.png =250x)',
    '',
    '```js:app.js',
    ':::message',
    '@[card](https://not-transformed.example)',
    '```',
  ].join('\n');

  it('turns Zenn blocks into dev.to blockquotes, Liquid details and embeds', () => {
    const out = toDevto(zennText);
    expect(out).toContain('> **ℹ️ Note**\n>\n> Read this.');
    expect(out).toContain('> **⚠️ Warning**\n>\n> Careful.');
    expect(out).toContain('{% details Outer %}\n{% details Inner %}\nDeep\n{% enddetails %}\n{% enddetails %}');
    expect(out).toContain('{% embed https://example.com %}');
    expect(out).toContain('{% embed https://www.youtube.com/watch?v=abc123 %}');
    expect(out).toContain('![logo](https://example.com/a.png)');
    // Code blocks are left alone, except the Zenn file name dev.to cannot show.
    expect(out).toContain('```js\n:::message\n@[card](https://not-transformed.example)\n```');
    expect(out).not.toContain(':::message\nRead');
  });

  it('turns dev.to Liquid into Zenn blocks, nesting with more colons outside', () => {
    const devtoText = [
      '{% details Outer %}',
      '{% details Inner %}',
      'Deep',
      '{% enddetails %}',
      '{% enddetails %}',
      '{% embed https://example.com %}',
      '{% youtube abc123 %}',
      'Inline {% katex inline %}x^2{% endkatex %} math.',
      '~~~',
      '{% embed https://kept.example %}',
      '~~~',
    ].join('\n');
    const out = toZenn(devtoText);
    expect(out).toContain('::::details Outer\n:::details Inner\nDeep\n:::\n::::');
    expect(out).toContain('@[card](https://example.com)');
    expect(out).toContain('@[youtube](abc123)');
    expect(out).toContain('Inline $x^2$ math.');
    expect(out).toContain('~~~\n{% embed https://kept.example %}\n~~~');
  });

  it('leaves neutral Markdown unchanged both ways', () => {
    const plain = '# Title\n\nText with [a link](https://x.dev) and `code`.\n\n- one\n- two\n\n> quote\n';
    expect(toDevto(plain)).toBe(plain);
    expect(toZenn(plain)).toBe(plain);
  });

  it('splits fenced code by CommonMark rules (longer fences, tildes)', () => {
    const s = segments('a\n````md\n```\nstill code\n````\nb');
    expect(s.map((x) => x.code)).toEqual([false, true, false]);
    expect(s[1]!.lines).toEqual(['````md', '```', 'still code', '````']);
  });

  it('renders the example draft per platform from one source', () => {
    const draft = readDraft(exampleDraft);
    expect(devto.prepare(draft).post.body).toContain('{% details What about embeds? %}');
    expect(devto.prepare(draft).post.body).toContain('{% embed https://github.com/microsoft/playwright %}');
    expect(zenn.prepare(draft).post.body).toContain(':::details What about embeds?');
    expect(fs.readFileSync(path.resolve(exampleDraft), 'utf8')).toMatch(/```ts/);
  });
});

describe('short-form posts', () => {
  it('counts X weighted length: URLs 23, CJK and emoji 2, Latin 1', () => {
    expect(xLength('hello')).toBe(5);
    expect(xLength('see https://example.com/a/very/long/path/that/is/much/longer/than/twenty-three')).toBe(4 + 23);
    expect(xLength('日本語')).toBe(6);
    expect(xLength('👩‍👩‍👧‍👦 ok')).toBe(2 + 3); // one family emoji (a single grapheme) weighs 2
    expect(xLength('“quotes” – dash')).toBe(15); // general punctuation is light
  });

  it('splits a long text at paragraph, sentence and word boundaries, never inside a URL', () => {
    const url = 'https://example.com/' + 'x'.repeat(300);
    const text = `${'word '.repeat(70)}${url} ${'more '.repeat(60)}`;
    const posts = splitThread(text);
    for (const p of posts) expect(xLength(p)).toBeLessThanOrEqual(280);
    expect(posts.some((p) => p.includes(url))).toBe(true);
    expect(posts.join(' ').split(/\s+/)).toEqual(text.trim().split(/\s+/));
    const cjk = '日本語の文章です。'.repeat(40);
    for (const p of splitThread(cjk)) expect(xLength(p)).toBeLessThanOrEqual(280);
    expect(splitThread(cjk).join('')).toBe(cjk);
  });

  it('Bluesky counts graphemes: an emoji-heavy text fits where its UTF-16 length would not, and a long one is an input error', () => {
    const emoji = '🎉👩‍💻🇯🇵'.repeat(100); // 300 graphemes, far more UTF-16 units
    expect(emoji.length).toBeGreaterThan(300);
    expect(graphemeCount(emoji)).toBe(300);
    const dir = tempDir();
    const ok = planDraft(writeDraft(dir, 'b.md', draftText({ title: 'T', bluesky: { text: emoji } })), ['bluesky'], noConfig);
    expect(ok.targets[0]!.post.body).toBe(emoji);
    const tooLong = writeDraft(dir, 'c.md', draftText({ title: 'T', bluesky: { text: `${emoji}!` } }));
    expect(() => planDraft(tooLong, ['bluesky'], noConfig)).toThrow(/bluesky: text = .*Bluesky posts are at most 300 characters \(graphemes\); this has 301/);
  });

  it('derives short texts from title, description and canonical URL, and limits LinkedIn posts', () => {
    const dir = tempDir();
    const plan = planDraft(writeDraft(dir, 'd.md', draftText({ title: 'Title', description: 'Desc.', canonical_url: 'https://blog.example/p' })), ['x', 'linkedin-post'], noConfig);
    expect(plan.targets.map((t) => t.post.body)).toEqual(['Title\n\nDesc.\n\nhttps://blog.example/p', 'Title\n\nDesc.\n\nhttps://blog.example/p']);
    const long = writeDraft(dir, 'e.md', draftText({ title: 'T', 'linkedin-post': { text: 'a'.repeat(3001) } }));
    expect(() => planDraft(long, ['linkedin-post'], noConfig)).toThrow(/LinkedIn posts are at most 3000 characters \(this has 3001\)/);
  });
});
