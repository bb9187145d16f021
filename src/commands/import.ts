/**
 * `publish import --platform ID [--drafts DIR]`: posts already in the platform's feed that match
 * a draft (by title) go into the ledger as live, so a draft published by hand is never posted
 * again by `publish` or `run-due`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';
import { readDraft } from '../draft/parse.js';
import { fieldsFor } from '../draft/fields.js';
import type { Draft } from '../draft/types.js';
import { dataPaths } from '../home.js';
import { Ledger } from '../ledger/ledger.js';
import { table } from '../pipeline/status.js';
import { titleKey } from '../feeds/match.js';
import { feedFor } from '../feeds/urls.js';
import { findPublisher, platformIds } from '../publishers/registry.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';
import { loadFeed } from './feeds.js';

export interface Adoption {
  draft: string;
  platform: string;
  url: string;
  result: 'adopted' | 'already in the ledger';
}

function draftsIn(dir: string): Draft[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  } catch {
    throw inputError(`${dir}: no such drafts folder.`, 'Pass --drafts DIR with your Markdown drafts.');
  }
  return names.flatMap((n) => {
    try {
      return [readDraft(path.join(dir, n))];
    } catch {
      return []; // a draft that does not parse cannot match anything; `publish` reports it
    }
  });
}

export async function importCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const platform = flags.platform;
  if (!platform) throw inputError('`publish import` needs --platform.', `One of: ${platformIds().join(', ')}.`);
  if (!findPublisher(platform)) throw inputError(`Unknown platform: ${platform}.`, `Known platforms: ${platformIds().join(', ')}.`);
  const { config, dataDir } = commandContext(flags);
  const account = config.platforms[platform]?.username ?? '';
  const target = feedFor(platform, account, config.platforms[platform]);
  if (typeof target === 'string') throw inputError(`Cannot import from ${platform}: ${target}.`);
  const drafts = draftsIn(path.resolve(flags.drafts ?? 'drafts'));
  const feed = await loadFeed(target.url);

  const byTitle = new Map<string, Draft>();
  for (const d of drafts) {
    const title = fieldsFor(d, platform).title;
    if (title) byTitle.set(titleKey(title), d);
  }
  const ledger = Ledger.open(dataPaths(dataDir).ledger);
  const adoptions: Adoption[] = [];
  try {
    for (const item of feed.items) {
      const draft = byTitle.get(titleKey(item.title));
      // No http(s) link (cleanLink drops `javascript:` and the like): nothing safe to record.
      if (!draft || !item.link) continue;
      const row = ledger.upsertDraft(draft.path, draft.hash, String(draft.data.title ?? ''));
      const adopted = ledger.adopt(row.id, platform, account, item.link, item.published);
      adoptions.push({ draft: draft.path, platform, url: item.link, result: adopted ? 'adopted' : 'already in the ledger' });
    }
  } finally {
    ledger.close();
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify({ feed: target.url, items: feed.items.length, drafts: drafts.length, adoptions }, null, 2)}\n`);
  } else if (adoptions.length === 0) {
    io.stdout(`None of the ${feed.items.length} posts in ${target.url} matches one of the ${drafts.length} drafts by title; nothing imported.\n`);
  } else {
    io.stdout(`${table(['DRAFT', 'PLATFORM', 'RESULT', 'URL'], adoptions.map((a) => [path.relative(process.cwd(), a.draft) || a.draft, a.platform, a.result, a.url]))}\n`);
  }
  return 0;
}
