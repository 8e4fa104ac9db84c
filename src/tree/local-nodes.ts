/**
 * The rows of "Local Runs": the workspace's W&B run folders, grouped by workspace folder (when
 * there are several) and by project. They come from the disk (src/local), never from a session,
 * so they show while signed out too.
 */
import type { RunRef, RunState } from '../api/model/run';
import type { LocalFile } from '../local/local-run';

export type LocalTreeNode = LocalRunsNode | LocalProjectNode | LocalRunNode | LocalOverviewNode | LocalFilesNode | LocalFileNode;

/** "Local Runs" (one per workspace folder holding runs, when the workspace has several). */
export interface LocalRunsNode {
  kind: 'localRuns';
  id: string;
  /** The folder searched; undefined: every root (one workspace folder, or WANDB_DIR alone). */
  root?: string;
  /** Shown after "Local Runs" when there are several groups. */
  rootName?: string;
  runCount: number;
}

export interface LocalProjectNode {
  kind: 'localProject';
  id: string;
  root?: string;
  /** From the run record, 0.8 metadata, or the workspace's `wandb/settings`; empty: unknown. */
  project: string;
  runCount: number;
}

/** What a local run row shows (read from its folder). */
export interface LocalRunRow {
  /** The run as panels and commands take it (see local/local-ref.ts). */
  ref: RunRef;
  folder: string;
  runId: string;
  displayName: string;
  state: RunState;
  /** An `offline-run-*` folder: never synced. */
  offline: boolean;
  /** Entity and project the run was logged to, when it was synced (its remote twin). */
  twin?: { entity: string; project: string; runId: string };
  project: string;
  createdAt?: Date;
  lastActivityAt?: Date;
  sdkVersion?: string;
  historyRows: number;
  warnings: string[];
}

export interface LocalRunNode {
  kind: 'localRun';
  id: string;
  run: LocalRunRow;
}

/** Opens the run panel on the local run. */
export interface LocalOverviewNode {
  kind: 'localOverview';
  id: string;
  runNode: LocalRunNode;
}

export interface LocalFilesNode {
  kind: 'localFiles';
  id: string;
  run: LocalRunRow;
}

export interface LocalFileNode {
  kind: 'localFile';
  id: string;
  /** Absolute path on disk. */
  path: string;
  file: LocalFile;
}

export function isLocalNode(node: { kind: string }): node is LocalTreeNode {
  return node.kind.startsWith('local');
}
