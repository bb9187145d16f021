/** Screenshots and other evidence, kept in the data directory per draft and platform. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';

export interface EvidenceSink {
  /** Saves a full-page screenshot; returns its path, or undefined if the page is gone. */
  screenshot(page: Page, name: string): Promise<string | undefined>;
}

export function evidenceSink(dir: string, platform: string, now: () => Date = () => new Date()): EvidenceSink {
  return {
    async screenshot(page, name) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${platform}-${stamp}-${name}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
        return file;
      } catch {
        return undefined;
      }
    },
  };
}
