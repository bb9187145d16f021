/** Screenshots and other evidence, kept in the data directory per draft and platform. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { makePrivate } from '../home.js';

export interface EvidenceSink {
  /** Saves a screenshot; returns its path, or undefined if none could be taken (reported). */
  screenshot(page: Page, name: string): Promise<string | undefined>;
}

export function evidenceSink(
  dir: string,
  platform: string,
  options: { now?: () => Date; warn?: (message: string) => void } = {},
): EvidenceSink {
  const now = options.now ?? (() => new Date());
  return {
    async screenshot(page, name) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${platform}-${now().toISOString().replace(/[:.]/g, '-')}-${name}.jpg`);
      // A full-page shot needs a fresh frame of the whole page; on a loaded machine that can
      // stall, so fall back to what is on screen rather than keep no evidence at all.
      let reason = '';
      for (const attempt of [{ fullPage: true, timeout: 10_000 }, { fullPage: false, timeout: 20_000 }]) {
        try {
          // JPEG: a third faster to encode than PNG for a full page, and text stays legible.
          await page.screenshot({ path: file, type: 'jpeg', quality: 80, ...attempt });
          makePrivate(file);
          return file;
        } catch (error) {
          reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        }
      }
      options.warn?.(`${platform}: no "${name}" screenshot could be taken (${reason}).`);
      return undefined;
    },
  };
}
