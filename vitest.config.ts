import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file runs in its own process with its own Xvfb (test/setup-display.ts), so files
    // that paste in parallel never share an X clipboard.
    pool: 'forks',
    setupFiles: ['test/setup-display.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
