/** `publish platforms`: every platform publish knows, what its editor takes, and where it goes. */
import { loadConfig } from '../config.js';
import { feedFor } from '../feeds/urls.js';
import { table } from '../pipeline/status.js';
import { PUBLISHERS } from '../publishers/registry.js';
import type { Flags, Io } from '../cli.js';

export async function platformsCommand(_args: string[], flags: Flags, io: Io): Promise<number> {
  const { config } = loadConfig(flags.config);
  const rows = Object.values(PUBLISHERS).map((p) => {
    const platform = config.platforms[p.id];
    const feed = feedFor(p.id, platform?.username ?? 'you', platform);
    return {
      id: p.id,
      name: p.name,
      bodyKind: p.limits.bodyKind,
      limits: { maxTags: p.limits.maxTags, minTags: p.limits.minTags ?? 0, titleMax: p.limits.titleMax ?? null, textMax: p.limits.textMax ?? null },
      feed: typeof feed === 'string' ? null : feed.url,
      origin: platform?.url ?? p.defaultOrigin,
    };
  });
  if (flags.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const limits = (r: (typeof rows)[number]) =>
    [r.limits.maxTags ? `tags ${r.limits.minTags ? `${r.limits.minTags}-` : '<='}${r.limits.maxTags}` : 'no tags', r.limits.titleMax ? `title <= ${r.limits.titleMax}` : '', r.limits.textMax ? `text <= ${r.limits.textMax}` : '']
      .filter(Boolean)
      .join(', ');
  io.stdout(`${table(['ID', 'NAME', 'BODY', 'LIMITS', 'FEED', 'ORIGIN'], rows.map((r) => [r.id, r.name, r.bodyKind, limits(r), r.feed ?? 'none', r.origin]))}\n`);
  return 0;
}
