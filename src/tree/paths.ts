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

/** The node path from the account down to the run. */
export async function pathToRun(account: TreeNode, childrenOf: ChildrenOf, run: RunRef): Promise<TreeNode[] | undefined> {
  const runsPath = await pathToRuns(account, childrenOf, run);
  if (!runsPath) return undefined;
  const runNode = (await childrenOf(runsPath[runsPath.length - 1]!)).find((n) => n.kind === 'run' && n.run.runId === run.runId);
  return runNode ? [...runsPath, runNode] : undefined;
}
