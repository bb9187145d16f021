/** Every platform `publish` knows, by id. Adding a platform = one line here (see README). */
import { devto } from './devto.js';
import { zenn } from './zenn.js';
import type { Publisher } from './types.js';

export const PUBLISHERS: Readonly<Record<string, Publisher>> = { devto, zenn };

export const platformIds = (): string[] => Object.keys(PUBLISHERS);

export function findPublisher(id: string): Publisher | undefined {
  return Object.hasOwn(PUBLISHERS, id) ? PUBLISHERS[id] : undefined;
}
