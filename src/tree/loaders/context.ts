import type { WandbApi } from '../../api/wandb-api';
import type { MementoLike, PinStore } from '../pins';
import type { ProjectRef } from '../nodes';
import type { ListStore } from '../list-store';
import type { NodeStore } from '../node-store';
import type { RunsSearches } from '../runs-search';
import type { FocusedItems } from '../focus';

/** The API calls the tree makes (a fake in unit tests). */
export type TreeApi = Pick<
  WandbApi,
  | 'projects'
  | 'runs'
  | 'runStates'
  | 'runFileList'
  | 'runArtifactRows'
  | 'artifactTypes'
  | 'artifactCollections'
  | 'artifactVersionRows'
  | 'artifactManifest'
  | 'sweeps'
  | 'sweepRuns'
  | 'sweepBestRun'
  | 'reports'
>;

export interface TreeSettings {
  pageSize: number;
  /** `wandbExplorer.defaultEntity`; empty: the viewer's entity. */
  defaultEntity?: string;
  extraEntities: string[];
}

/** Everything the tree of one signed-in session is built from (constructor injection). */
export interface TreeContext {
  api: TreeApi;
  host: string;
  username: string;
  viewerEntity: string;
  teams: string[];
  settings: () => TreeSettings;
  pins: PinStore;
  /** The project the workspace names (`wandb/settings` or `defaultProject`), if any. */
  workspaceProject?: () => ProjectRef | undefined;
  /** Where each project's search and order are kept across restarts (VS Code's workspaceState). */
  searchMemento?: MementoLike;
  /** Called after a project's search or order changed, whoever changed it. */
  onSearchChanged?(p: ProjectRef): void;
}

/** What a loader reads and writes: the session's context plus the tree's state. */
export interface LoaderContext extends TreeContext {
  lists: ListStore;
  nodes: NodeStore;
  searches: RunsSearches;
  focus: FocusedItems;
}

/** A page request of the configured size, read when the page is fetched. */
export function pageOf(ctx: LoaderContext, after: string | undefined, signal: AbortSignal) {
  return { first: ctx.settings().pageSize, after, signal };
}
