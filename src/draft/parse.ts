import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { inputError } from '../errors.js';
import type { Draft } from './types.js';

/** Parses draft text. `displayPath` only names the file in messages. */
export function parseDraft(text: string, displayPath: string, absPath = path.resolve(displayPath)): Draft {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // CORE schema: no YAML timestamp type, so `publish_at: 2026-12-01T09:00` stays the text the
    // writer wrote (js-yaml's default would turn it into a UTC Date and hide a missing offset).
    // Passing options also keeps gray-matter from caching a bad file's result.
    parsed = matter(text, { engines: { yaml: (s: string) => yaml.load(s, { schema: yaml.CORE_SCHEMA }) as object } });
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const where = mark?.line !== undefined ? ` at line ${mark.line + 2}, column ${(mark.column ?? 0) + 1}` : '';
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    throw inputError(
      `${displayPath}: the front matter is not valid YAML${where}: ${reason}.`,
      'Fix the YAML between the two `---` lines (quote titles that contain a colon).',
    );
  }
  const data = parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
  return {
    path: absPath,
    displayPath,
    hash: crypto.createHash('sha256').update(text).digest('hex'),
    data,
    body: parsed.content.replace(/^\s*\n/, ''),
  };
}

/** Reads and parses a draft file; a missing or unreadable file is an input error. */
export function readDraft(file: string): Draft {
  const absPath = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError(`${file}: no such file.`, 'Check the path; drafts are Markdown files such as drafts/post.md.');
    if (code === 'EISDIR') throw inputError(`${file}: is a directory, not a Markdown draft.`);
    throw inputError(`${file}: cannot be read (${code ?? (error as Error).message}).`);
  }
  return parseDraft(text, file, absPath);
}
