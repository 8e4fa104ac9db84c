import type { ConfigEntry, WandbValue } from './values';
import type { HistoryKeys } from './history';

/** Lower-case states W&B reports; anything else is kept as-is and shown as unknown. */
export type RunState = 'running' | 'finished' | 'crashed' | 'failed' | 'killed' | 'pending' | 'preempted' | (string & {});

/** Where a run lives: enough to build its URL or ask for it again. */
export interface RunRef {
  entity: string;
  project: string;
  /** The run ID used in URLs (`Run.name` in GraphQL), e.g. `a1b2c3d4`. */
  runId: string;
}

/** What a tree row needs: no config, summary or history. */
export interface RunSummary extends RunRef {
  /** Storage id (opaque). */
  id: string;
  displayName: string;
  state: RunState;
  createdAt?: Date;
  heartbeatAt?: Date;
  user?: string;
  tags: string[];
  group?: string;
  jobType?: string;
  sweepName?: string;
  notes?: string;
  /** The viewer may read but not change this run (W&B's `readOnly`): edit actions are hidden. */
  readOnly?: boolean;
  /** Summary values of the keys the caller asked for (a tree row shows at most a few). */
  metrics?: Record<string, WandbValue>;
}

/** A run's state as the live refresh reads it (one small request for many runs). */
export interface RunLiveState {
  state: RunState;
  heartbeatAt?: Date;
}

/** Everything the run panel shows. */
export interface RunDetail extends RunSummary {
  config: Record<string, ConfigEntry>;
  summary: Record<string, WandbValue>;
  systemMetrics: Record<string, WandbValue>;
  historyKeys: HistoryKeys;
  historyLineCount?: number;
  host?: string;
  commit?: string;
  description?: string;
  updatedAt?: Date;
  fileCount?: number;
  /** The process's exit code once the run ended (absent while it runs). */
  exitCode?: number;
}

/** Checks a RunRef from untrusted places (serialized state, command arguments). */
export function asRunRef(v: unknown): RunRef | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  const ok = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length < 512;
  return ok(r.entity) && ok(r.project) && ok(r.runId) ? { entity: r.entity as string, project: r.project as string, runId: r.runId as string } : undefined;
}
