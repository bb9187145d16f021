/**
 * `--dry-run`: what would be pasted, per platform, written to a folder (Markdown, HTML or text,
 * as each editor takes it), with a summary of the plan. No browser, no ledger writes.
 */
import { ensurePrivateDir, writePrivateFile } from '../home.js';
import path from 'node:path';
import type { Plan, Target } from './plan.js';
import type { Ledger } from '../ledger/ledger.js';

export interface DryRunEntry {
  platform: string;
  /** What a real run would do: publish, or nothing (already done / outcome to check first). */
  action: 'publish' | 'already-published' | 'check-earlier-click';
  title: string;
  tags: string[];
  bodyKind: string;
  payload: string;
  notes: string[];
  /** Each post setting the draft asks for: set, not supported, or appended to the body. */
  settings: Target['settings'];
  /** Each image and what a real run would do with it. */
  images: { src: string; action: 'upload' | 'reuse' | 'keep remote' | 're-host'; url?: string; bytes?: number }[];
}

/** What a real run would do with each image on this platform (the ledger knows what is already hosted). */
function imagePlan(t: Target, ledger?: Ledger): DryRunEntry['images'] {
  return (t.post.images ?? []).map((i) => {
    if (i.kind === 'remote') return { src: i.src, action: t.publisher.limits.bodyKind === 'html' && t.publisher.id !== 'medium' ? 're-host' : 'keep remote' };
    const url = ledger?.upload(t.publisher.id, t.account, i.sha256!);
    return url ? { src: i.src, action: 'reuse', url } : { src: i.src, action: 'upload', bytes: i.bytes };
  });
}

function payloadFile(dir: string, t: Target): string {
  const id = t.publisher.id;
  const kind = t.publisher.limits.bodyKind;
  if (kind === 'html') {
    const file = path.join(dir, `${id}.html`);
    writePrivateFile(file, t.post.html ?? '');
    return file;
  }
  if (kind === 'text') {
    const file = path.join(dir, `${id}.txt`);
    const posts = t.post.thread ?? [t.post.body];
    writePrivateFile(file, posts.length > 1 ? posts.map((p, i) => `--- post ${i + 1} of ${posts.length} ---\n${p}\n`).join('\n') : `${posts[0]}\n`);
    return file;
  }
  const file = path.join(dir, `${id}.md`);
  writePrivateFile(file, t.post.body);
  return file;
}

export function writeDryRun(plan: Plan, dir: string, ledger?: Ledger): DryRunEntry[] {
  ensurePrivateDir(dir, { what: 'the dry run\'s folder (--out)', hint: 'Pass --out with a new or empty folder.' });
  const entries = plan.targets.map((t): DryRunEntry => ({
    platform: t.publisher.id,
    action: t.done ? 'already-published' : t.unknown ? 'check-earlier-click' : 'publish',
    title: t.post.title,
    tags: t.post.tags,
    bodyKind: t.publisher.limits.bodyKind,
    payload: payloadFile(dir, t),
    notes: t.notes,
    images: imagePlan(t, ledger),
    settings: t.settings,
  }));
  writePrivateFile(path.join(dir, 'summary.json'), `${JSON.stringify({ draft: plan.draft.path, platforms: entries }, null, 2)}\n`);
  return entries;
}
