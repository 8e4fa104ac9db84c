/**
 * The "Local Runs" rows: the adapter between the run folders on disk (src/local, through the
 * shared LocalRunStore) and the tree. Independent of the session, so they show signed out too.
 * Rows are one object per id, updated in place when their folder changes (VS Code compares
 * elements by identity).
 */
import pLimit from 'p-limit';
import { join } from 'node:path';
import type { LocalRun } from '../../local/local-run';
import { localRef } from '../../local/local-ref';
import type { LocalRunStore } from '../../local/run-store';
import type { DiscoveredRun } from '../../local/discovery';
import type { MessageNode, TreeNode } from '../nodes';
import type { LocalFileNode, LocalProjectNode, LocalRunNode, LocalRunRow, LocalRunsNode, LocalTreeNode } from '../local-nodes';

export interface LocalRoot {
  path: string;
  name: string;
}

export interface LocalRunsContext {
  store: LocalRunStore;
  /** The workspace folders discovery searched (labels the groups when there are several). */
  roots(): readonly LocalRoot[];
}

/** Name of the group of runs whose project nothing on disk names. */
export const NO_PROJECT = '(no project)';

export function localRunRow(run: LocalRun): LocalRunRow {
  const twin = !run.offline && run.entity && run.project ? { entity: run.entity, project: run.project, runId: run.runId } : undefined;
  return {
    ref: localRef(run.folder, run.runId),
    folder: run.folder,
    runId: run.runId,
    displayName: run.displayName,
    state: run.state,
    offline: run.offline,
    twin,
    project: run.project,
    createdAt: run.createdAt,
    lastActivityAt: run.lastActivityAt,
    sdkVersion: run.sdkVersion,
    historyRows: run.history.length,
    warnings: run.warnings,
  };
}

const newestFirst = (a: LocalRunRow, b: LocalRunRow) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || b.folder.localeCompare(a.folder);

export class LocalRunsTree {
  private readonly nodes = new Map<string, LocalTreeNode>();
  /** Opening run folders for the first time reads whole logs: a few at once. */
  private readonly slots = pLimit(4);

  constructor(private readonly ctx: LocalRunsContext) {}

  /** The rows above the account: nothing before discovery found a run. */
  topNodes(): LocalRunsNode[] {
    const runs = this.ctx.store.discovered?.runs ?? [];
    if (runs.length === 0) return [];
    const groups = this.groups(runs);
    if (groups.length <= 1) return [this.intern({ kind: 'localRuns', id: 'local', runCount: runs.length })];
    return groups.map(({ root, name, runs: rs }) => this.intern({ kind: 'localRuns', id: `local:${root}`, root, rootName: name, runCount: rs.length }));
  }

  async children(node: LocalTreeNode): Promise<TreeNode[]> {
    switch (node.kind) {
      case 'localRuns':
        return this.projects(node);
      case 'localProject':
        return (await this.rows(node.root)).filter((r) => (r.project || NO_PROJECT) === node.project).sort(newestFirst).map((r) => this.runNode(node.id, r));
      case 'localRun':
        return [this.intern({ kind: 'localOverview', id: `${node.id}/overview`, runNode: node }), this.intern({ kind: 'localFiles', id: `${node.id}/files`, run: node.run })];
      case 'localFiles':
        return this.files(node.id, node.run);
      default:
        return [];
    }
  }

  /** The run rows of a folder the tree made (to redraw them when it changes). */
  nodesOfFolder(folder: string): LocalRunNode[] {
    return [...this.nodes.values()].filter((n): n is LocalRunNode => n.kind === 'localRun' && n.run.folder === folder);
  }

  /** Reads the folder's rows again (state, name) and returns those that changed. */
  async update(folder: string): Promise<LocalRunNode[]> {
    const shown = this.nodesOfFolder(folder);
    if (shown.length === 0) return [];
    const run = await this.ctx.store.snapshot(folder);
    if (!run) return shown;
    const row = localRunRow(run);
    const changed = shown.filter((n) => n.run.state !== row.state || n.run.displayName !== row.displayName || n.run.historyRows !== row.historyRows);
    for (const n of shown) n.run = row;
    return changed;
  }

  /** Run rows that are running now (their state may turn to crashed with time alone). */
  runningNodes(): LocalRunNode[] {
    return [...this.nodes.values()].filter((n): n is LocalRunNode => n.kind === 'localRun' && n.run.state === 'running');
  }

  private groups(runs: readonly DiscoveredRun[]): Array<{ root: string; name: string; runs: DiscoveredRun[] }> {
    const byRoot = new Map<string, DiscoveredRun[]>();
    for (const r of runs) byRoot.set(r.root, [...(byRoot.get(r.root) ?? []), r]);
    const names = new Map(this.ctx.roots().map((r) => [r.path, r.name]));
    return [...byRoot].map(([root, rs]) => ({ root, name: names.get(root) ?? root, runs: rs }));
  }

  private async rows(root: string | undefined): Promise<LocalRunRow[]> {
    const runs = (this.ctx.store.discovered?.runs ?? []).filter((r) => root === undefined || r.root === root);
    const snaps = await Promise.all(runs.map((r) => this.slots(() => this.ctx.store.snapshot(r.folder))));
    return snaps.filter((s): s is LocalRun => !!s).map(localRunRow);
  }

  private async projects(node: LocalRunsNode): Promise<TreeNode[]> {
    const rows = await this.rows(node.root);
    if (rows.length === 0) return [this.message(node.id, 'No W&B run folders found in this workspace.')];
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.project || NO_PROJECT, (counts.get(r.project || NO_PROJECT) ?? 0) + 1);
    const names = [...counts.keys()].sort((a, b) => (a === NO_PROJECT ? 1 : b === NO_PROJECT ? -1 : a.localeCompare(b)));
    return names.map((project) => this.intern<LocalProjectNode>({ kind: 'localProject', id: `${node.id}/p:${project}`, root: node.root, project, runCount: counts.get(project)! }));
  }

  private runNode(parentId: string, run: LocalRunRow): LocalRunNode {
    return this.intern({ kind: 'localRun', id: `${parentId}/r:${run.folder}`, run });
  }

  private async files(parentId: string, run: LocalRunRow): Promise<TreeNode[]> {
    const snap = await this.ctx.store.snapshot(run.folder);
    const files = snap?.files ?? [];
    if (files.length === 0) return [this.message(parentId, 'No files in this run folder yet.')];
    const dir = snap?.layout === 'legacy' ? run.folder : join(run.folder, 'files');
    return files.map((file) => this.intern<LocalFileNode>({ kind: 'localFile', id: `${parentId}/${file.name}`, path: join(dir, file.name), file }));
  }

  private message(parentId: string, text: string): MessageNode {
    return { kind: 'message', id: `${parentId}/#msg`, text };
  }

  private intern<N extends LocalTreeNode>(fresh: N): N {
    const old = this.nodes.get(fresh.id);
    if (old && old.kind === fresh.kind) {
      Object.assign(old, fresh);
      return old as N;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }
}
