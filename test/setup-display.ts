/**
 * Gives this test process a private X display (and so a private X clipboard) when Xvfb is
 * installed, even on a desktop: tests must not paste into the developer's clipboard.
 */
import { spawnSync } from 'node:child_process';
import { afterAll } from 'vitest';
import { ensureDisplay } from '../src/browser/display.js';

if (process.platform === 'linux' && spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0) {
  delete process.env.DISPLAY;
  delete process.env.WAYLAND_DISPLAY;
  const display = await ensureDisplay();
  afterAll(() => display.stop());
}
