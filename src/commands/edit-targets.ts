/**
 * What the editing commands share: reading their target out of a tree node (or the run panel
 * in front), the hooks that show a change in the tree at once, and the edits API of the session.
 */
import type * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { WandbEdits } from '../api/edits';
import type { RunRef, RunSummary } from '../api/model/run';
import type { ArtifactVersion } from '../api/model/artifacts';
import type { Sweep } from '../api/model/sweeps';
import type { ArtifactVersionNode } from '../tree/nodes';
import { RunPanel } from '../webviews/run-panel';
import type { RunChanges } from '../run-changes';

/** A node as the tree hands it to a command; only `kind` and the fields read here matter. */
interface AnyNode {
  kind: string;
}

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
  /** The tree view's selection, for commands run from the palette. */
  selection?: () => readonly unknown[];
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

// ---------------------------------------------------------------------------------------------
// Targets

function isNode(v: unknown): v is AnyNode {
  return !!v && typeof v === 'object' && typeof (v as AnyNode).kind === 'string';
}

/** The run of a run row (or its Overview child), with what the row knows of it. */
export function runSummaryOf(arg: unknown): RunSummary | undefined {
  if (!isNode(arg)) return undefined;
  if (arg.kind === 'run') return (arg as unknown as { run: RunSummary }).run;
  if (arg.kind === 'runOverview') return (arg as unknown as { runNode: { run: RunSummary } }).runNode.run;
  return undefined;
}

/** The run a node belongs to (run row, Overview, Files, a folder or file of a run). */
export function runRefOf(arg: unknown): RunRef | undefined {
  const s = runSummaryOf(arg);
  if (s) return { entity: s.entity, project: s.project, runId: s.runId };
  if (!isNode(arg)) return undefined;
  if (['runFiles', 'runFolder', 'runFile', 'runArtifacts'].includes(arg.kind)) {
    const r = (arg as unknown as { run: RunRef }).run;
    return { entity: r.entity, project: r.project, runId: r.runId };
  }
  return undefined;
}

/** The folder of the run a node names, for uploads (`media/` under a folder row, else the top). */
export function runFolderOf(arg: unknown): string {
  if (isNode(arg) && arg.kind === 'runFolder') return (arg as unknown as { path: string }).path;
  return '';
}

export function artifactOf(arg: unknown): ArtifactVersion | undefined {
  if (isNode(arg) && arg.kind === 'artifactVersion') return (arg as unknown as { version: ArtifactVersion }).version;
  return undefined;
}

export function sweepOf(arg: unknown): Sweep | undefined {
  if (isNode(arg) && arg.kind === 'sweep') return (arg as unknown as { sweep: Sweep }).sweep;
  return undefined;
}

/** The project a node belongs to, if any (for choosing where to look for runs). */
export function projectRefOf(arg: unknown): { entity: string; project: string } | undefined {
  if (!isNode(arg)) return undefined;
  const a = arg as unknown as Record<string, unknown>;
  if (arg.kind === 'project') {
    const p = a.project as { entity: string; name: string };
    return { entity: p.entity, project: p.name };
  }
  if (typeof a.entity === 'string' && typeof a.project === 'string') return { entity: a.entity, project: a.project };
  const run = runRefOf(arg);
  if (run) return { entity: run.entity, project: run.project };
  const v = artifactOf(arg);
  if (v) return { entity: v.entity, project: v.project };
  const s = sweepOf(arg);
  if (s) return { entity: s.entity, project: s.project };
  return undefined;
}

/** The run panel in front, if a run panel is the active editor. */
export function activeRunPanel(): RunPanel | undefined {
  let found: RunPanel | undefined;
  RunPanel.forEach((p) => {
    if (p.panel.active) found = p;
  });
  return found;
}

/** Every run panel showing `ref` (one at most today). */
export function panelsOf(ref: RunRef): RunPanel[] {
  const out: RunPanel[] = [];
  RunPanel.forEach((p) => {
    if (p.ref.entity === ref.entity && p.ref.project === ref.project && p.ref.runId === ref.runId) out.push(p);
  });
  return out;
}

/**
 * The nodes a command was invoked on: the clicked node and, when several rows are selected
 * and the clicked one is among them, all of them (VS Code passes `(node, selection)`).
 */
export function selectedNodes(arg: unknown, selection: unknown): unknown[] {
  if (Array.isArray(selection) && selection.length > 1 && selection.includes(arg)) return selection;
  return arg === undefined ? [] : [arg];
}

export function runLabel(r: { displayName?: string; runId: string }): string {
  return r.displayName && r.displayName !== r.runId ? `“${r.displayName}” (${r.runId})` : r.runId;
}
