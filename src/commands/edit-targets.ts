/**
 * What the editing commands share: the hooks that show a change in the tree at once, the open
 * run panels, and the edits API of the session. Their targets come from targets.ts.
 */
import type * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { WandbEdits } from '../api/edits';
import type { RunRef, RunSummary } from '../api/model/run';
import type { ArtifactVersionNode } from '../tree/nodes';
import type { OpenRunPanels } from '../webviews/open-panels';
import type { RunChanges } from '../run-changes';

/** What the edit commands need from the tree provider (structural: the provider satisfies it). */
export interface TreeHooks {
  /**
   * The tree's loaders: every row showing a run (Runs, Pinned, a sweep) or an artifact version
   * (its collection, runs' Logged and Used artifacts).
   */
  readonly model?:
    | {
        nodesOfRun(ref: RunRef): Array<{ kind: 'run'; run: RunSummary }>;
        nodesOfArtifact(id: string): ArtifactVersionNode[];
      }
    | undefined;
  /** Redraws a node changed in place, without loading anything. */
  redraw(node?: never): void;
  /** Forgets the loaded pages under a node and loads them again. */
  refresh(node?: never): void;
  getParent(node: never): unknown;
}

export interface EditDeps {
  session: Session;
  log: vscode.LogOutputChannel;
  tree: TreeHooks;
  /** Where run edits are announced; the tree and the panels follow it. */
  runChanges: RunChanges;
  /** The run panels open in this window (the one in front is a target too). */
  runPanels: OpenRunPanels;
}

/** The edits API of the signed-in session (throws a sign-in error otherwise). */
export function editsOf(deps: Pick<EditDeps, 'session' | 'log'>): WandbEdits {
  const api = deps.session.requireApi();
  const log = deps.log;
  return new WandbEdits(api.client, { logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) } });
}

/** Redraws a node the tree handed us (typed loosely: the tree's node union is its own business). */
export function redraw(tree: TreeHooks, node: unknown): void {
  (tree.redraw as (n?: unknown) => void)(node);
}

export function refreshNode(tree: TreeHooks, node: unknown): void {
  (tree.refresh as (n?: unknown) => void)(node);
}

export function parentOf(tree: TreeHooks, node: unknown): unknown {
  return (tree.getParent as (n: unknown) => unknown)(node);
}

export function runLabel(r: { displayName?: string; runId: string }): string {
  return r.displayName && r.displayName !== r.runId ? `“${r.displayName}” (${r.runId})` : r.runId;
}
