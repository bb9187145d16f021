/**
 * Dialect transforms between Zenn Markdown and dev.to (Forem) Markdown, so one draft reads right
 * on both. Only prose is rewritten: fenced code blocks pass through untouched (their opening
 * line may lose a Zenn `lang:file` name, which dev.to cannot show).
 *
 * Zenn syntax: zenn-dev/zenn-editor packages/zenn-markdown-html (`:::message`, `:::details`,
 * `@[card](url)`, `![](url =250x)`). Forem Liquid tags: forem/forem app/liquid_tags
 * (`{% embed %}`, `{% details %}`, `{% katex %}`).
 */

type Segment = { code: boolean; lines: string[] };

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Splits Markdown into prose and fenced-code segments (CommonMark fence rules, simplified). */
export function segments(markdown: string): Segment[] {
  const out: Segment[] = [];
  let current: Segment = { code: false, lines: [] };
  let fence: { char: string; length: number } | undefined;
  for (const line of markdown.split('\n')) {
    const m = FENCE.exec(line);
    if (!fence && m && !(m[2]!.startsWith('`') && m[3]!.includes('`'))) {
      out.push(current);
      current = { code: true, lines: [line] };
      fence = { char: m[2]![0]!, length: m[2]!.length };
      continue;
    }
    current.lines.push(line);
    if (fence && m && m[2]![0] === fence.char && m[2]!.length >= fence.length && m[3]!.trim() === '') {
      out.push(current);
      current = { code: false, lines: [] };
      fence = undefined;
    }
  }
  out.push(current);
  return out.filter((s) => s.lines.length > 0);
}

function mapProse(markdown: string, prose: (lines: string[]) => string[], fenceLine: (line: string) => string): string {
  return segments(markdown)
    .map((s) => (s.code ? [fenceLine(s.lines[0]!), ...s.lines.slice(1)] : prose(s.lines)).join('\n'))
    .join('\n');
}

const ZENN_OPEN = /^(:{3,})(message|details)(?:\s+(.*))?\s*$/;
const ZENN_CLOSE = /^(:{3,})\s*$/;
const ZENN_EMBED = /^@\[(\w+)\]\((\S+?)\)\s*$/;

function zennEmbedUrl(kind: string, target: string): string {
  if (kind === 'youtube' && !/^https?:/.test(target)) return `https://www.youtube.com/watch?v=${target}`;
  if (kind === 'speakerdeck' && !/^https?:/.test(target)) return `https://speakerdeck.com/player/${target}`;
  return target;
}

/** How a target dialect writes Zenn's containers and embeds. */
interface ContainerStyle {
  /** Lines that open a container; `quote` puts its content in a blockquote. */
  open(kind: 'message' | 'alert' | 'details', arg: string): { lines: string[]; quote: boolean; close: string[] };
  embed(url: string): string;
  /** Rewrites a fence's opening line (file names...). */
  fence(line: string): string;
}

/** Zenn Markdown -> another dialect, container by container; code fences untouched. */
function fromZenn(markdown: string, style: ContainerStyle): string {
  return mapProse(
    markdown,
    (lines) => {
      const out: string[] = [];
      const stack: { colons: number; quote: boolean; close: string[] }[] = [];
      const emit = (line: string) => {
        const depth = stack.filter((s) => s.quote).length;
        out.push(depth === 0 ? line : `${'> '.repeat(depth)}${line}`.trimEnd());
      };
      for (const line of lines) {
        const open = ZENN_OPEN.exec(line);
        if (open) {
          const arg = (open[3] ?? '').trim();
          const kind = open[2] === 'details' ? 'details' : arg === 'alert' ? 'alert' : 'message';
          const c = style.open(kind, kind === 'details' ? arg || 'Details' : '');
          if (!c.quote) c.lines.forEach(emit);
          stack.push({ colons: open[1]!.length, quote: c.quote, close: c.close });
          if (c.quote) c.lines.forEach(emit);
          continue;
        }
        if (ZENN_CLOSE.exec(line) && stack.length > 0) {
          const top = stack.pop()!;
          top.close.forEach(emit);
          continue;
        }
        const embed = ZENN_EMBED.exec(line.trim());
        if (embed) {
          emit(style.embed(zennEmbedUrl(embed[1]!, embed[2]!)));
          continue;
        }
        // Zenn image width: ![alt](url =250x) -> ![alt](url)
        emit(line.replace(/(!\[[^\]]*\]\(\S+?)\s+=\d*x\d*\)/g, '$1)'));
      }
      while (stack.length > 0) stack.pop()!.close.forEach(emit);
      return out;
    },
    style.fence,
  );
}

const noteHeading = (kind: 'message' | 'alert' | 'details') => (kind === 'alert' ? '**⚠️ Warning**' : '**ℹ️ Note**');
// ```js:app.js -> ```js (no file names on code blocks)
const dropFileName = (fence: string) => fence.replace(/^(\s*(?:`{3,}|~{3,})[\w+-]*):\S+/, '$1');

/** Zenn (and neutral) Markdown -> dev.to Markdown: notes as blockquotes, details and embeds as Liquid. */
export function toDevto(markdown: string): string {
  return fromZenn(markdown, {
    open: (kind, arg) =>
      kind === 'details' ? { lines: [`{% details ${arg} %}`], quote: false, close: ['{% enddetails %}'] } : { lines: [noteHeading(kind), ''], quote: true, close: [] },
    embed: (url) => `{% embed ${url} %}`,
    fence: dropFileName,
  });
}

/** Any of our dialects -> Qiita Markdown: `:::note info|alert`, HTML details, bare embed URLs. */
export function toQiita(markdown: string): string {
  return fromZenn(toZenn(markdown), {
    open: (kind, arg) =>
      kind === 'details'
        ? { lines: ['<details><summary>' + arg + '</summary>', ''], quote: false, close: ['', '</details>'] }
        : { lines: [kind === 'alert' ? ':::note alert' : ':::note info'], quote: false, close: [':::'] },
    embed: (url) => url, // Qiita turns a URL alone on a line into a link card
    fence: (fence) => fence, // Qiita shows ```js:app.js file names too
  });
}

/**
 * Any of our dialects -> plain CommonMark, for editors without containers (Hashnode, and the
 * rich-text editors through HTML): notes as blockquotes, details as a bold line, embeds as links.
 */
export function toPlainMarkdown(markdown: string): string {
  return fromZenn(toZenn(markdown), {
    open: (kind, arg) => (kind === 'details' ? { lines: [`**${arg}**`, ''], quote: false, close: [] } : { lines: [noteHeading(kind), ''], quote: true, close: [] }),
    embed: (url) => `<${url}>`,
    fence: dropFileName,
  });
}

const LIQUID = /^\{%\s*(\w+)\s*(.*?)\s*%\}\s*$/;

/** dev.to (and neutral) Markdown -> Zenn Markdown. */
export function toZenn(markdown: string): string {
  return mapProse(
    markdown,
    (lines) => {
      const out: string[] = [];
      // Open details blocks: where the opening line sits in `out`, and how deep its nesting went,
      // because Zenn nests containers by giving the outer one more colons.
      const stack: { index: number; inner: number }[] = [];
      for (const line of lines) {
        const inlineKatex = line.replace(/\{%\s*katex\s+inline\s*%\}(.*?)\{%\s*endkatex\s*%\}/g, (_, tex: string) => `$${tex.trim()}$`);
        const m = LIQUID.exec(inlineKatex.trim());
        if (!m) {
          out.push(inlineKatex);
          continue;
        }
        const [, tag, arg] = m as unknown as [string, string, string];
        switch (tag) {
          case 'details':
            stack.push({ index: out.length, inner: 0 });
            out.push(`:::details ${arg || 'Details'}`);
            break;
          case 'enddetails': {
            const open = stack.pop();
            if (!open) break;
            const colons = ':'.repeat(3 + open.inner);
            out[open.index] = out[open.index]!.replace(/^:+/, colons);
            out.push(colons);
            if (stack.length > 0) stack[stack.length - 1]!.inner = Math.max(stack[stack.length - 1]!.inner, open.inner + 1);
            break;
          }
          case 'embed':
          case 'link':
          case 'github':
            out.push(`@[card](${arg})`);
            break;
          case 'youtube':
            out.push(`@[youtube](${arg})`);
            break;
          case 'twitter':
          case 'tweet':
            out.push(`@[tweet](${/^\d+$/.test(arg) ? `https://twitter.com/i/status/${arg}` : arg})`);
            break;
          case 'katex':
            out.push('$$');
            break;
          case 'endkatex':
            out.push('$$');
            break;
          default:
            out.push(line);
        }
      }
      return out;
    },
    (fence) => fence,
  );
}
