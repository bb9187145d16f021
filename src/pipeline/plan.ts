/**
 * draft -> plan: read the draft, choose the platforms, validate every one of them (all
 * violations at once), and ask the ledger what is already done. Opens no browser.
 */
import { readDraft } from '../draft/parse.js';
import { draftPlatforms, fieldsFor, platformBlock } from '../draft/fields.js';
import { Violations, checkShape, formatViolation } from '../draft/validate.js';
import { attachedImages, draftImages, formatBytes, type DraftImage } from '../draft/images.js';
import { planSettings, type SettingsPlan } from './settings.js';
import { changedFields, fingerprint } from './changes.js';
import type { Draft, Violation } from '../draft/types.js';
import { PublishError, inputError } from '../errors.js';
import type { Config } from '../config.js';
import { DONE_STATES, outcomeUnknown, type Ledger, type PublicationRow } from '../ledger/ledger.js';
import { findPublisher, platformIds } from '../publishers/registry.js';
import type { EditTarget, PlatformPost, Publisher } from '../publishers/types.js';

export interface Target {
  publisher: Publisher;
  post: PlatformPost;
  /** What happens to each post setting the draft asks for (set, not supported, appended). */
  settings: SettingsPlan['fates'];
  /** Already published: the fields of the draft that changed since (empty when none or unknown). */
  changed?: string[];
  origin: string;
  account: string;
  notes: string[];
  /** Set when the ledger says this platform is already done. */
  done?: PublicationRow;
  /** Set when an earlier publish click on this platform has an unknown outcome. */
  unknown?: PublicationRow;
  /** --update: the published post this run changes in place (instead of publishing). */
  update?: EditTarget;
}

export interface Plan {
  draft: Draft;
  targets: Target[];
}

/** Parses `--to devto,zenn` (or `all`), falling back to the draft's `platforms`. */
export function resolveTargets(to: string[] | undefined, draft: Draft): string[] {
  const requested = to ?? draftPlatforms(draft);
  if (!requested || requested.length === 0) {
    throw inputError(`${draft.displayPath}: no platforms to publish to.`, `Pass --to ${platformIds().join(',')} or add "platforms: [${platformIds().join(', ')}]" to the front matter.`);
  }
  const ids = requested.includes('all') ? platformIds() : [...new Set(requested)];
  const unknown = ids.filter((id) => !findPublisher(id));
  if (unknown.length > 0) {
    throw inputError(`Unknown platform${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, `Known platforms: ${platformIds().join(', ')}.`);
  }
  return ids;
}

/**
 * Every image must be usable where it goes, before any browser opens: a local file that exists,
 * is an image and is within the platform's limit, on a platform this version uploads to.
 */
function checkImages(images: DraftImage[], publisher: Publisher, v: Violations): Violations {
  const upload = publisher.limits.images;
  const most = upload?.most;
  if (most !== undefined && images.length > most) v.add('images', images.map((i) => i.src), `${publisher.name} takes at most ${most} images on a post (this has ${images.length})`);
  for (const image of images.filter((i) => i.kind === 'remote' && i.problem)) v.add('image', image.src, image.problem!);
  for (const image of images.filter((i) => i.kind === 'local')) {
    if (image.problem) v.add('image', image.src, `${image.problem}${image.file ? ` (${image.file})` : ''}`);
    else if (!upload) v.add('image', image.src, `${publisher.name}: this version cannot upload local images there yet; use an http(s) URL or leave ${publisher.id} out`);
    else if (image.bytes! > upload.maxBytes) v.add('image', image.src, `is ${formatBytes(image.bytes!)}, over ${publisher.name}'s ${formatBytes(upload.maxBytes)} limit for an image`);
  }
  return v;
}

/** Raises one input error listing every violation, if there are any. */
export function assertValid(violations: Violation[]): void {
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  ${formatViolation(v)}`).join('\n');
  throw new PublishError('INPUT', `The draft is not valid for the chosen platforms (${violations.length} problem${violations.length > 1 ? 's' : ''}):\n${lines}`, {
    hint: 'Fix the front matter (or use a per-platform block such as `devto: {tags: [...]}`) and run again. Nothing was opened or published.',
  });
}

export function planDraft(file: string, to: string[] | undefined, config: Config, ledger?: Ledger): Plan {
  const draft = readDraft(file);
  const ids = resolveTargets(to, draft);
  const violations: Violation[] = [];
  const targets: Target[] = ids.map((id) => {
    const publisher = findPublisher(id)!;
    const prepared = publisher.prepare(draft);
    violations.push(...checkShape(fieldsFor(draft, id), new Violations(draft.displayPath, id)).items, ...prepared.violations);
    prepared.post.images = publisher.limits.bodyKind === 'text' ? attachedImages(platformBlock(draft, id), draft.path) : draftImages(draft.body, draft.path);
    violations.push(...checkImages(prepared.post.images, publisher, new Violations(draft.displayPath, id)).items);
    const settings = planSettings(draft, fieldsFor(draft, id), publisher, prepared.post, config, new Violations(draft.displayPath, id));
    violations.push(...settings.violations);
    const platform = config.platforms[id] ?? {};
    return { publisher, post: prepared.post, notes: [...prepared.notes, ...settings.notes], settings: settings.fates, origin: platform.url ?? publisher.defaultOrigin, account: platform.username ?? '' };
  });
  assertValid(violations);
  if (ledger) {
    const row = ledger.findDraft(draft.path);
    for (const target of targets) {
      const existing = row && ledger.findPublication(row.id, target.publisher.id, target.account);
      if (existing && DONE_STATES.includes(existing.state)) {
        target.done = existing;
        target.changed = changedFields(existing.fingerprint, fingerprint(target.post));
      }
      else if (existing && outcomeUnknown(existing)) target.unknown = existing;
    }
  }
  return { draft, targets };
}
