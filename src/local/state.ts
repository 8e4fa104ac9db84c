import type { RunState } from '../api/model/run';

/**
 * A local run's state, from what is on disk and a clock (docs/LOCAL-RUNS.md, "State"). The server
 * decides a run crashed when heartbeats stop; locally the equivalent is that nothing in the run
 * folder changed for longer than a heartbeat window, with no exit record written.
 */
export interface LocalStateInput {
  /** The folder is `offline-run-*`. */
  offline: boolean;
  /** Exit code from the log's exit record (or a 0.8 folder's metadata); undefined when none was written. */
  exitCode: number | undefined;
  /** A 0.8 folder's own `wandb-metadata.json` state, when it has a final one. */
  recordedState?: string;
  /** Epoch ms of the last change seen in the run folder (log growth, output, summary, debug logs). */
  lastActivityMs: number | undefined;
  nowMs: number;
  /** How long a live run may stay silent; default `DEFAULT_HEARTBEAT_WINDOW_MS`. */
  heartbeatWindowMs?: number;
}

export interface LocalState {
  state: RunState;
  /** Never synced to a server; orthogonal to `state` (an offline run can be running or finished). */
  offline: boolean;
}

/**
 * Five minutes: longer than the SDK's system-metrics interval and its debug-log chatter, shorter
 * than anyone waits to hear that a run died. wandb-core only writes the `.wandb` a 32 KiB block at
 * a time, so the log alone may stay still for long: callers pass the latest change of any file.
 */
export const DEFAULT_HEARTBEAT_WINDOW_MS = 5 * 60_000;

const FINAL_STATES = new Set(['finished', 'failed', 'crashed', 'killed', 'preempted']);

export function localRunState(input: LocalStateInput): LocalState {
  const { offline } = input;
  // A 0.8 folder's own final word (e.g. `killed` with exit code 255) says more than the code.
  if (input.recordedState && FINAL_STATES.has(input.recordedState)) return { state: input.recordedState, offline };
  if (input.exitCode !== undefined) return { state: input.exitCode === 0 ? 'finished' : 'failed', offline };
  const window = input.heartbeatWindowMs ?? DEFAULT_HEARTBEAT_WINDOW_MS;
  const silentFor = input.lastActivityMs === undefined ? Infinity : input.nowMs - input.lastActivityMs;
  return { state: silentFor <= window ? 'running' : 'crashed', offline };
}
