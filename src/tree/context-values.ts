/**
 * The `contextValue` of each tree row: what package.json's `viewItem` menu clauses match. The
 * first word is the node kind; later words are facets menus test with `\b…\b` (run state,
 * `pinned`/`unpinned`, `readonly`, `searched`, `sorted`, `reference`, the artifacts direction).
 * A unit test checks every menu pattern against the values produced here, and back.
 */
import type { TreeNode } from './nodes';

export interface ContextFacets {
  /** The Runs row of a project with an active search (`searched`) or sort (`sorted`). */
  searched?: boolean;
  sorted?: boolean;
}

export function contextValueOf(node: TreeNode, facets: ContextFacets = {}): string {
  const words = (...w: Array<string | false | undefined>) => w.filter(Boolean).join(' ');
  switch (node.kind) {
    case 'project':
      return words('project', node.pinned ? 'pinned' : 'unpinned');
    case 'runs':
      return words('runs', facets.searched && 'searched', facets.sorted && 'sorted');
    case 'filter':
      return words('filter', !!node.text && 'searched', !!node.order && 'sorted');
    case 'run':
      // `readonly` hides the edit actions (rename, notes, tags, upload, stop).
      return words('run', node.run.state, node.pinned ? 'pinned' : 'unpinned', node.run.readOnly && 'readonly');
    case 'runFiles':
      return words('runFiles', node.readOnly && 'readonly');
    case 'runFolder':
      return words('runFolder', node.readOnly && 'readonly');
    case 'runArtifacts':
      return words('runArtifacts', node.direction);
    case 'artifactFile':
      return words('artifactFile', !!node.entry.ref && 'reference');
    case 'localRun':
      // `offline` offers Sync; `synced` offers Open on W&B.
      return words('localRun', node.run.state, node.run.offline ? 'offline' : node.run.twin ? 'synced' : undefined);
    case 'message':
      return node.error ? 'error' : 'message';
    default:
      return node.kind;
  }
}
