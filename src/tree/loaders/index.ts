/**
 * One loader per level: given a node, its children (message and "Load more" rows included).
 * Levels without a loader (files, reports, message rows...) have no children.
 */
import type { NodeKind, TreeNode } from '../nodes';
import type { LoaderContext } from './context';
import { loadAccount, loadEntity, loadPinned } from './account';
import { loadOpenedRuns, loadProject, loadRun, loadRuns, loadSweep, loadSweeps } from './runs';
import { loadArtifactFolder, loadArtifactVersion, loadRunFiles, loadRunFolder } from './files';
import { loadArtifactCollection, loadArtifacts, loadArtifactType, loadReports, loadRunArtifacts } from './artifacts';

export type Loader<K extends NodeKind> = (node: Extract<TreeNode, { kind: K }>, ctx: LoaderContext) => TreeNode[] | Promise<TreeNode[]>;

const LOADERS: { [K in NodeKind]?: Loader<K> } = {
  account: loadAccount,
  pinned: loadPinned,
  entity: loadEntity,
  project: loadProject,
  runs: loadRuns,
  openedRuns: loadOpenedRuns,
  run: loadRun,
  runFiles: loadRunFiles,
  runFolder: loadRunFolder,
  runArtifacts: loadRunArtifacts,
  artifacts: loadArtifacts,
  artifactType: loadArtifactType,
  artifactCollection: loadArtifactCollection,
  artifactVersion: loadArtifactVersion,
  artifactFolder: loadArtifactFolder,
  sweeps: loadSweeps,
  sweep: loadSweep,
  reports: loadReports,
};

export async function loadChildren(node: TreeNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const load = LOADERS[node.kind] as Loader<NodeKind> | undefined;
  return load ? load(node, ctx) : [];
}
