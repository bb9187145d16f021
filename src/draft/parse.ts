import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import yaml from 'js-yaml';
import { PublishError, inputError } from '../errors.js';
import type { Draft } from './types.js';

/** The largest draft file read: a long article is ~100 KB of Markdown; images are separate files. */
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024;
/** The largest front matter: a few dozen keys are a few KB. */
const MAX_FRONT_MATTER_BYTES = 64 * 1024;
/**
 * How many values the front matter may hold once YAML aliases are expanded. A "billion laughs"
 * (aliases of aliases) is tiny as text and parses fast into shared objects, but anything that walks
 * or prints it (validation, messages, JSON) explodes; refuse it before that.
 */
const MAX_FRONT_MATTER_VALUES = 10_000;
const MAX_FRONT_MATTER_DEPTH = 32;

/**
 * Front matter is data: only YAML (the default, `---` or `---yaml`) and JSON (`---json`) are read.
 * (gray-matter, used before, would run `---js` / `---coffee` front matter as code; its delimiter
 * rules are kept below, its engines are not: nothing here can run code.)
 */
const yamlEngine = (s: string) => yaml.load(s, { schema: yaml.CORE_SCHEMA }) as object;
const ENGINES: Record<string, (s: string) => object> = { yaml: yamlEngine, yml: yamlEngine, json: (s) => JSON.parse(s) as object };

interface Split {
  /** The word after the opening `---` (`json`, `yaml`...), or '' . */
  language: string;
  /** The text between the delimiters; undefined when the draft has no front matter. */
  matter?: string;
  content: string;
}

/**
 * Splits a draft at its front matter with gray-matter's rules (drafts written for it, zenn-cli's
 * and Hugo's among them, read the same): a byte-order mark is dropped; front matter opens with
 * `---` at the very start (not `----`), may name a language on that line, and ends at the next
 * line that starts with `---` (or at the end of the file); the body starts after that line.
 */
export function splitFrontMatter(text: string): Split {
  let str = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!str.startsWith('---') || str.charAt(3) === '-') return { language: '', content: str };
  str = str.slice(3);
  const eol = str.search(/\r?\n/);
  const raw = str.slice(0, eol); // gray-matter's own slice: -1 (no newline at all) drops the last character
  const language = raw.trim();
  if (language) str = str.slice(raw.length);
  const close = str.indexOf('\n---');
  if (close === -1) return { language, matter: str, content: '' };
  let content = str.slice(close + 4);
  if (content[0] === '\r') content = content.slice(1);
  if (content[0] === '\n') content = content.slice(1);
  return { language, matter: str.slice(0, close), content };
}

function frontMatterLanguage(split: Split, displayPath: string): string {
  const name = split.language.toLowerCase();
  if (split.matter === undefined || name === '') return 'yaml';
  if (Object.hasOwn(ENGINES, name)) return name;
  throw inputError(
    `${displayPath}: front matter "---${name}" is not allowed: drafts are data, and only YAML (---) or JSON (---json) front matter is read.`,
    'Write the front matter as YAML between two `---` lines.',
  );
}

/** Counts values as a walker would see them (aliases expanded); throws past the limits. */
function checkSize(value: unknown, displayPath: string): void {
  let count = 0;
  const tooBig = () =>
    inputError(
      `${displayPath}: the front matter expands to more than ${MAX_FRONT_MATTER_VALUES.toLocaleString('en-US')} values or ${MAX_FRONT_MATTER_DEPTH} levels (YAML aliases that repeat aliases?).`,
      'Write the values out; a draft needs a title, tags and a few settings.',
    );
  const walk = (v: unknown, depth: number): void => {
    if (++count > MAX_FRONT_MATTER_VALUES || depth > MAX_FRONT_MATTER_DEPTH) throw tooBig();
    if (v && typeof v === 'object') for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child, depth + 1);
  };
  walk(value, 0);
}

/** Parses draft text. `displayPath` only names the file in messages. */
export function parseDraft(text: string, displayPath: string, absPath = path.resolve(displayPath)): Draft {
  const split = splitFrontMatter(text);
  const language = frontMatterLanguage(split, displayPath);
  let parsedData: unknown = {};
  try {
    // CORE schema: no YAML timestamp type, so `publish_at: 2026-12-01T09:00` stays the text the
    // writer wrote (js-yaml's default would turn it into a UTC Date and hide a missing offset).
    const block = split.matter ?? '';
    if (Buffer.byteLength(block) > MAX_FRONT_MATTER_BYTES) throw Object.assign(new Error('too large'), { reason: `it is over ${MAX_FRONT_MATTER_BYTES / 1024} KB` });
    // A block of nothing but comments and blank lines is empty front matter (as gray-matter had it).
    if (block.replace(/^\s*#[^\n]+/gm, '').trim() !== '') parsedData = ENGINES[language]!(block);
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const where = mark?.line !== undefined ? ` at line ${mark.line + 2}, column ${(mark.column ?? 0) + 1}` : '';
    const reason = ((error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0] ?? '').slice(0, 300);
    throw inputError(
      `${displayPath}: the front matter is not valid ${language === 'json' ? 'JSON' : 'YAML'}${where}: ${reason}.`,
      'Fix the front matter between the two `---` lines (quote titles that contain a colon).',
    );
  }
  const data = parsedData && typeof parsedData === 'object' && !Array.isArray(parsedData) ? (parsedData as Record<string, unknown>) : {};
  checkSize(data, displayPath);
  return {
    path: absPath,
    displayPath,
    hash: crypto.createHash('sha256').update(text).digest('hex'),
    data,
    body: split.content.replace(/^\s*\n/, ''),
  };
}

/**
 * Reads and parses a draft file. Missing, unreadable, not a regular file (a FIFO would block the
 * read forever) or too large: an input error.
 */
export function readDraft(file: string): Draft {
  const absPath = path.resolve(file);
  let text: string;
  try {
    const stat = fs.statSync(absPath);
    if (stat.isDirectory()) throw inputError(`${file}: is a directory, not a Markdown draft.`);
    if (!stat.isFile()) throw inputError(`${file}: is not a regular file (a pipe or a device?), not a Markdown draft.`);
    if (stat.size > MAX_DRAFT_BYTES) {
      throw inputError(`${file}: is ${(stat.size / 1024 / 1024).toFixed(1)} MB; a draft is at most ${MAX_DRAFT_BYTES / 1024 / 1024} MB of Markdown.`, 'Keep images in their own files and link them from the draft.');
    }
    text = fs.readFileSync(absPath, 'utf8');
  } catch (error) {
    if (error instanceof PublishError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError(`${file}: no such file.`, 'Check the path; drafts are Markdown files such as drafts/post.md.');
    throw inputError(`${file}: cannot be read (${code ?? (error as Error).message}).`);
  }
  return parseDraft(text, file, absPath);
}
