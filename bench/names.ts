/** Names of the data the benchmarks add to the dev server's demo store (see server-child.ts). */
export const BENCH = {
  bigProject: 'bench-10k',
  bigProjectRuns: 10_000,
  filesProject: 'bench-files',
  filesCollection: 'shards-2000',
  smallFiles: 2000,
  smallFileSize: 10 * 1024,
  /** Runs in the demo project that share the demo run's 100k-step history. */
  extraHistoryRuns: ['h100k001', 'h100k002', 'h100k003', 'h100k004'],
  /** A run in the demo project with `mediaImageKeys` image keys (boxes and masks) logged every `mediaEvery`-th of `mediaSteps` steps. */
  mediaRun: 'media1k1',
  mediaSteps: 1_000,
  mediaEvery: 5,
  mediaImageKeys: 20,
} as const;
