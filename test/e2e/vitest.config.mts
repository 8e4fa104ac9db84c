// The e2e tier: real VS Code (code-server) driven by Playwright in Debian's Chromium.
// Run with `npm run test:e2e` (vitest run --config test/e2e/vitest.config.mts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    // Installs the tools, packages the extension, starts dev server + code-server once for the run.
    globalSetup: ['test/e2e/harness/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // One VS Code, one browser: stories run one at a time, in one worker.
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    // A failed story is not retried: a flaky story is a bug to fix, and the artifacts tell why.
    retry: 0,
  },
});
