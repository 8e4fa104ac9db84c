import type { RunRef } from '../api/model/run';
import type { ArtifactVersionNode, EntityNode, OpenedRunsNode, ProjectNode, ProjectRef, RunNode, RunsFolderNode, TreeNode } from './nodes';

/**
 * One object per node id. VS Code keys expansion and selection by id but compares elements by
 * identity, so a node made again (after a reload) updates the object VS Code already holds.
 */
export class NodeStore {
  private readonly nodes = new Map<string, TreeNode>();

  intern<N extends TreeNode>(fresh: N): N {
    const old = this.nodes.get(fresh.id);
    if (old && old.kind === fresh.kind) {
      for (const k of Object.keys(old)) if (!(k in fresh)) delete (old as unknown as Record<string, unknown>)[k];
      Object.assign(old, fresh);
      return old as N;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  get(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Entity rows made for this entity. */
  entityNodesOf(entity: string): EntityNode[] {
    return this.where((n): n is EntityNode => n.kind === 'entity' && n.entity === entity);
  }

  /** Every project row made so far, in the order they were made. */
  projectNodes(): ProjectNode[] {
    return this.where((n): n is ProjectNode => n.kind === 'project');
  }

  /** Project rows of a project (under its entity and under Pinned). */
  projectNodesOf(p: ProjectRef): ProjectNode[] {
    return this.where((n): n is ProjectNode => n.kind === 'project' && n.project.entity === p.entity && n.project.name === p.project);
  }

  /** Runs rows of a project (under its entity and under Pinned). */
  runsNodesOf(p: ProjectRef): RunsFolderNode[] {
    return this.where((n): n is RunsFolderNode => n.kind === 'runs' && n.entity === p.entity && n.project === p.project);
  }

  /** "Opened with Go to Run" groups of a project (under its entity and under Pinned). */
  openedRunsNodesOf(p: ProjectRef): OpenedRunsNode[] {
    return this.where((n): n is OpenedRunsNode => n.kind === 'openedRuns' && n.entity === p.entity && n.project === p.project);
  }

  /** Every run row showing this run (it may sit in Runs, Pinned and a sweep at once). */
  nodesOfRun(ref: RunRef): RunNode[] {
    return this.where((n): n is RunNode => n.kind === 'run' && n.run.runId === ref.runId && n.run.project === ref.project && n.run.entity === ref.entity);
  }

  /** Every row showing this artifact version: under its collection and under runs' artifacts. */
  nodesOfArtifact(id: string): ArtifactVersionNode[] {
    return this.where((n): n is ArtifactVersionNode => n.kind === 'artifactVersion' && n.version.id === id);
  }

  /** Run rows whose run is still running (for the live state refresh). */
  runningRunNodes(): RunNode[] {
    return this.where((n): n is RunNode => n.kind === 'run' && n.run.state === 'running');
  }

  clear(): void {
    this.nodes.clear();
  }

  private where<N extends TreeNode>(pred: (n: TreeNode) => n is N): N[] {
    const out: N[] = [];
    for (const n of this.nodes.values()) if (pred(n)) out.push(n);
    return out;
  }
}
