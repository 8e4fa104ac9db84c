import type { RunRef } from '../api/model/run';
import type { EntityNode, ProjectNode, ProjectRef, TreeNode } from './nodes';

/** How a path is resolved: through the same loaders the view reads. */
export type ChildrenOf = (node: TreeNode) => Promise<TreeNode[]>;

/** The node path account → entity → project (loading each level's first page), if the tree has it. */
export async function pathToProject(account: TreeNode, childrenOf: ChildrenOf, p: ProjectRef): Promise<TreeNode[] | undefined> {
  const entity = (await childrenOf(account)).find((n): n is EntityNode => n.kind === 'entity' && n.entity === p.entity);
  if (!entity) return undefined;
  const project = (await childrenOf(entity)).find((n): n is ProjectNode => n.kind === 'project' && n.project.name === p.project);
  return project ? [account, entity, project] : undefined;
}

/** The node path from the account down to a project's Runs row. */
export async function pathToRuns(account: TreeNode, childrenOf: ChildrenOf, p: ProjectRef): Promise<TreeNode[] | undefined> {
  const projectPath = await pathToProject(account, childrenOf, p);
  if (!projectPath) return undefined;
  const runs = (await childrenOf(projectPath[projectPath.length - 1]!)).find((n) => n.kind === 'runs');
  return runs ? [...projectPath, runs] : undefined;
}

/**
 * The node path from the account down to the run: through the project's "Opened with Go to Run"
 * group when Go to Run brought it there, else through Runs (its loaded first page).
 */
export async function pathToRun(account: TreeNode, childrenOf: ChildrenOf, run: RunRef): Promise<TreeNode[] | undefined> {
  const projectPath = await pathToProject(account, childrenOf, run);
  if (!projectPath) return undefined;
  const groups = (await childrenOf(projectPath[projectPath.length - 1]!)).filter((n) => n.kind === 'openedRuns' || n.kind === 'runs');
  for (const group of groups) {
    const runNode = (await childrenOf(group)).find((n) => n.kind === 'run' && n.run.runId === run.runId);
    if (runNode) return [...projectPath, group, runNode];
  }
  return undefined;
}
