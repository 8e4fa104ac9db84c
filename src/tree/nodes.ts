import type { Project } from '../api/model/entities';
import type { RunSummary } from '../api/model/run';
import type { WandbError } from '../api/errors';
import type { PagedList } from './paged-list';

/**
 * Every row of the W&B tree. `kind` drives rendering (items.ts), children (provider.ts) and the
 * `contextValue` that package.json menus match.
 */
export type TreeNode = AccountNode | EntityNode | ProjectNode | RunsFolderNode | RunNode | LoadMoreNode | MessageNode;

export interface AccountNode {
  kind: 'account';
  username: string;
  host: string;
}

export interface EntityNode {
  kind: 'entity';
  entity: string;
  /** The viewer's own entity (listed first). */
  isDefault: boolean;
  projects: PagedList<Project>;
}

export interface ProjectNode {
  kind: 'project';
  project: Project;
}

export interface RunsFolderNode {
  kind: 'runs';
  entity: string;
  project: string;
  runs: PagedList<RunSummary>;
}

export interface RunNode {
  kind: 'run';
  run: RunSummary;
}

/** "Load more (50 of 1,234)": the next page of `list`. */
export interface LoadMoreNode {
  kind: 'loadMore';
  list: PagedList<unknown>;
  parent: TreeNode;
}

/** Empty, error and info rows. An error row offers Retry (reloads `retry`'s list). */
export interface MessageNode {
  kind: 'message';
  text: string;
  tooltip?: string;
  error?: WandbError;
  /** What Retry reloads: a paged level, or the whole session (connection errors). */
  retry?: PagedList<unknown> | 'session';
  parent?: TreeNode;
}
