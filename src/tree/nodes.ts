import type { Project } from '../api/model/entities';
import type { RunRef, RunSummary } from '../api/model/run';
import type { RunFile } from '../api/model/files';
import type { ArtifactCollection, ArtifactVersion, ManifestEntry } from '../api/model/artifacts';
import type { Sweep } from '../api/model/sweeps';
import type { Report } from '../api/model/reports';
import type { WandbError } from '../api/errors';
import type { PagedList } from './paged-list';
import type { LocalTreeNode } from './local-nodes';

export type { LocalTreeNode } from './local-nodes';

/**
 * Every row of the W&B tree. `kind` drives rendering (items.ts), children (model.ts) and the
 * `contextValue` that package.json menus match. `id` is stable across refreshes (VS Code keeps
 * expansion and selection by it) and unique in the tree: it is the parent's id plus a local key.
 */
export type TreeNode =
  | AccountNode
  | PinnedNode
  | EntityNode
  | ProjectNode
  | RunsFolderNode
  | OpenedRunsNode
  | RunNode
  | RunOverviewNode
  | RunFilesNode
  | RunFolderNode
  | RunFileNode
  | RunArtifactsNode
  | ArtifactsFolderNode
  | ArtifactTypeNode
  | ArtifactCollectionNode
  | ArtifactVersionNode
  | ArtifactFolderNode
  | ArtifactFileNode
  | SweepsFolderNode
  | SweepNode
  | ReportsFolderNode
  | ReportNode
  | FilterNode
  | LoadMoreNode
  | MessageNode
  | LocalTreeNode;

export type NodeKind = TreeNode['kind'];

interface Base {
  id: string;
}

export interface ProjectRef {
  entity: string;
  project: string;
}

export interface AccountNode extends Base {
  kind: 'account';
  username: string;
  host: string;
}

/** "Pinned": projects and runs the user pinned on this host. */
export interface PinnedNode extends Base {
  kind: 'pinned';
}

export interface EntityNode extends Base {
  kind: 'entity';
  entity: string;
  /** The entity listed first (the `defaultEntity` setting or the viewer's own). */
  isDefault: boolean;
  /** Added by hand (`extraEntities`) or by "Go to Run", not a membership. */
  extra?: boolean;
}

export interface ProjectNode extends Base {
  kind: 'project';
  project: Project;
  pinned?: boolean;
  /** Named by the workspace's `wandb/settings` or the `defaultProject` setting. */
  workspace?: boolean;
}

export interface RunsFolderNode extends Base, ProjectRef {
  kind: 'runs';
  /** The project's run count from the projects page: the Runs row shows it before it is expanded. */
  runCount?: number;
}

export interface RunNode extends Base {
  kind: 'run';
  run: RunSummary;
  /** Best run of its sweep by the sweep metric. */
  best?: boolean;
  /** Summary key shown in the description (sort metric or sweep metric). */
  metricKey?: string;
  pinned?: boolean;
}

/**
 * "Opened with Go to Run": the runs Go to Run brought into a project, in a group of their own
 * beside Runs, so that Runs always holds exactly the server's answer to its search and order.
 */
export interface OpenedRunsNode extends Base, ProjectRef {
  kind: 'openedRuns';
}

/** Opens the run panel (`wandbExplorer.openRun` with the run node). */
export interface RunOverviewNode extends Base {
  kind: 'runOverview';
  runNode: RunNode;
}

export interface RunFilesNode extends Base {
  kind: 'runFiles';
  run: RunRef;
  /** The viewer may not upload here (see RunSummary.readOnly). */
  readOnly?: boolean;
}

export interface RunFolderNode extends Base {
  kind: 'runFolder';
  run: RunRef;
  readOnly?: boolean;
  /** Folder path inside the run, with a trailing slash (`media/images/`). */
  path: string;
}

export interface RunFileNode extends Base {
  kind: 'runFile';
  run: RunRef;
  file: RunFile;
}

export interface RunArtifactsNode extends Base {
  kind: 'runArtifacts';
  run: RunRef;
  direction: 'logged' | 'used';
}

export interface ArtifactsFolderNode extends Base, ProjectRef {
  kind: 'artifacts';
}

export interface ArtifactTypeNode extends Base, ProjectRef {
  kind: 'artifactType';
  type: string;
}

export interface ArtifactCollectionNode extends Base, ProjectRef {
  kind: 'artifactCollection';
  collection: ArtifactCollection;
}

export interface ArtifactVersionNode extends Base {
  kind: 'artifactVersion';
  version: ArtifactVersion;
  /** Under a run's Logged/Used artifacts: the label names the collection too. */
  showCollection?: boolean;
}

export interface ArtifactFolderNode extends Base {
  kind: 'artifactFolder';
  version: ArtifactVersion;
  path: string;
}

export interface ArtifactFileNode extends Base {
  kind: 'artifactFile';
  version: ArtifactVersion;
  entry: ManifestEntry;
}

export interface SweepsFolderNode extends Base, ProjectRef {
  kind: 'sweeps';
}

export interface SweepNode extends Base {
  kind: 'sweep';
  sweep: Sweep;
}

export interface ReportsFolderNode extends Base, ProjectRef {
  kind: 'reports';
}

export interface ReportNode extends Base {
  kind: 'report';
  report: Report;
}

/** The active search of a Runs level; clicking it clears the search. */
export interface FilterNode extends Base, ProjectRef {
  kind: 'filter';
  text: string;
  order?: string;
}

/** "Load more (50 of 1,234)": the next page of `list`. */
export interface LoadMoreNode extends Base {
  kind: 'loadMore';
  list: PagedList<unknown>;
  parent: TreeNode;
}

/** Empty, error and info rows. An error row offers Retry (reloads `retry`'s list). */
export interface MessageNode extends Base {
  kind: 'message';
  text: string;
  tooltip?: string;
  error?: WandbError;
  /** What Retry reloads: a paged level, or the whole session (connection errors). */
  retry?: PagedList<unknown> | 'session';
  parent?: TreeNode;
}

/** The project a node belongs to, if any. */
export function projectOf(node: TreeNode | undefined): ProjectRef | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'project':
      return { entity: node.project.entity, project: node.project.name };
    case 'runs':
    case 'openedRuns':
    case 'artifacts':
    case 'artifactType':
    case 'artifactCollection':
    case 'sweeps':
    case 'reports':
    case 'filter':
      return { entity: node.entity, project: node.project };
    case 'run':
      return { entity: node.run.entity, project: node.run.project };
    case 'runOverview':
      return { entity: node.runNode.run.entity, project: node.runNode.run.project };
    case 'runFiles':
    case 'runFolder':
    case 'runFile':
    case 'runArtifacts':
      return { entity: node.run.entity, project: node.run.project };
    case 'artifactVersion':
    case 'artifactFolder':
    case 'artifactFile':
      return { entity: node.version.entity, project: node.version.project };
    case 'sweep':
      return { entity: node.sweep.entity, project: node.sweep.project };
    case 'report':
      return { entity: node.report.entity, project: node.report.project };
    default:
      return undefined;
  }
}

/** A project's key in maps: `entity/project`. */
export function projectKey(p: ProjectRef): string {
  return `${p.entity}/${p.project}`;
}
