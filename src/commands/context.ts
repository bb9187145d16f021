/** What most commands need first: the config and the data directory, from flags. */
import { loadConfig, type LoadedConfig } from '../config.js';
import { ensurePrivateDir, resolveDataDir } from '../home.js';
import type { Flags } from '../cli.js';

export function commandContext(flags: Flags): LoadedConfig & { dataDir: string } {
  const loaded = loadConfig(flags.config);
  return { ...loaded, dataDir: ensurePrivateDir(resolveDataDir(flags.home)) };
}

export const splitList = (value?: string) =>
  value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
