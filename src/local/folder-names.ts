import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalRun } from './local-run';

/*
 * What a run folder is called and what it holds, without reading it: all discovery and the file
 * watchers need, kept apart from the reader (run-folder.ts), which the bundle loads on first use.
 */

/** `run-20250315_153322-3h5xqzg5` / `offline-run-…`: the SDK's folder name, local start time and run id. */
const RUN_FOLDER = /^(offline-)?run-(\d{8}_\d{6})-(.+)$/;

export interface RunFolderName {
  offline: boolean;
  /** `YYYYMMDD_HHMMSS` in the machine's local time (not unique). */
  startedLocal: string;
  runId: string;
}

export function parseRunFolderName(name: string): RunFolderName | undefined {
  const m = RUN_FOLDER.exec(name);
  return m ? { offline: !!m[1], startedLocal: m[2]!, runId: m[3]! } : undefined;
}

/** Files a 0.8/0.9 run keeps flat in its folder; any one of them marks a legacy run. */
export const LEGACY_MARKERS = ['wandb-history.jsonl', 'wandb-events.jsonl', 'wandb-metadata.json', 'wandb-summary.json', 'config.yaml'];

/** What the folder holds: a `.wandb` log (0.10+), the flat 0.8 files, or nothing W&B wrote. */
export async function runFolderLayout(folder: string): Promise<{ layout: LocalRun['layout']; logPath?: string; entries: number } | undefined> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const entries = names.length;
  const log = names.find((n) => n.startsWith('run-') && n.endsWith('.wandb')) ?? names.find((n) => n.endsWith('.wandb'));
  if (log) return { layout: 'transaction-log', logPath: join(folder, log), entries };
  if (names.includes('files') || names.includes('logs')) return { layout: 'transaction-log', entries };
  if (names.some((n) => LEGACY_MARKERS.includes(n))) return { layout: 'legacy', entries };
  return undefined;
}
