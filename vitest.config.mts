import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Generous: CI machines are shared, and a few tests wait on real timers (retry backoff).
          testTimeout: 20_000,
          alias: { vscode: new URL('./test/unit/vscode-mock.ts', import.meta.url).pathname },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One dev server per file; files run one at a time to keep 2-core CI machines calm.
          fileParallelism: false,
        },
      },
    ],
  },
});
