/** Every platform `publish` knows, by id. Adding a platform = one line here (see README). */
import { bluesky } from './bluesky.js';
import { devto } from './devto.js';
import { hashnode } from './hashnode.js';
import { linkedin, linkedinPost } from './linkedin.js';
import { medium } from './medium.js';
import { note } from './note.js';
import { qiita } from './qiita.js';
import { substack } from './substack.js';
import type { Publisher } from './types.js';
import { x } from './x.js';
import { zenn } from './zenn.js';

export const PUBLISHERS: Readonly<Record<string, Publisher>> = {
  devto,
  zenn,
  qiita,
  note,
  substack,
  hashnode,
  medium,
  linkedin,
  'linkedin-post': linkedinPost,
  x,
  bluesky,
};

export const platformIds = (): string[] => Object.keys(PUBLISHERS);

export function findPublisher(id: string): Publisher | undefined {
  return Object.hasOwn(PUBLISHERS, id) ? PUBLISHERS[id] : undefined;
}
