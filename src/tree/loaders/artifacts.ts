/** Loaders of artifact and report levels: a run's Logged/Used artifacts, Artifacts → type → collection, Reports. */
import type { ArtifactCollectionNode, ArtifactsFolderNode, ArtifactTypeNode, ArtifactVersionNode, ReportsFolderNode, RunArtifactsNode, TreeNode } from '../nodes';
import { pageOf, type LoaderContext } from './context';
import { pagedRows } from './level';

export function loadRunArtifacts(node: RunArtifactsNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = ctx.lists.get({ kind: 'runArtifacts', direction: node.direction, entity: node.run.entity, project: node.run.project, runId: node.run.runId }, (after, signal) => ctx.api.runArtifactRows(node.run, node.direction, pageOf(ctx, after, signal)));
  return pagedRows(ctx.nodes, node, list, node.direction === 'logged' ? 'This run logged no artifacts.' : 'This run used no artifacts.', (v) =>
    ctx.nodes.intern({ kind: 'artifactVersion', id: `${node.id}/a:${v.id}`, version: v, showCollection: true } satisfies ArtifactVersionNode),
  );
}

export function loadArtifacts(node: ArtifactsFolderNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = ctx.lists.get({ kind: 'artifactTypes', entity: node.entity, project: node.project }, (after, signal) => ctx.api.artifactTypes(node, pageOf(ctx, after, signal)));
  return pagedRows(ctx.nodes, node, list, 'No artifacts in this project yet.', (t) =>
    ctx.nodes.intern({ kind: 'artifactType', id: `${node.id}/t:${t.name}`, entity: node.entity, project: node.project, type: t.name }),
  );
}

export function loadArtifactType(node: ArtifactTypeNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = ctx.lists.get({ kind: 'collections', entity: node.entity, project: node.project, type: node.type }, (after, signal) =>
    ctx.api.artifactCollections({ ...node, type: node.type }, pageOf(ctx, after, signal)),
  );
  return pagedRows(ctx.nodes, node, list, `No ${node.type} artifacts.`, (c) =>
    ctx.nodes.intern({ kind: 'artifactCollection', id: `${node.id}/c:${c.name}`, entity: node.entity, project: node.project, collection: c }),
  );
}

export function loadArtifactCollection(node: ArtifactCollectionNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const c = node.collection;
  const list = ctx.lists.get({ kind: 'versions', entity: node.entity, project: node.project, type: c.type, collection: c.name }, (after, signal) =>
    ctx.api.artifactVersionRows({ entity: node.entity, project: node.project, type: c.type, collection: c.name }, pageOf(ctx, after, signal)),
  );
  return pagedRows(ctx.nodes, node, list, 'No versions.', (v) => ctx.nodes.intern({ kind: 'artifactVersion', id: `${node.id}/v:${v.version}`, version: v } satisfies ArtifactVersionNode));
}

export function loadReports(node: ReportsFolderNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = ctx.lists.get({ kind: 'reports', entity: node.entity, project: node.project }, (after, signal) => ctx.api.reports(node, pageOf(ctx, after, signal)));
  return pagedRows(ctx.nodes, node, list, 'No reports in this project.', (r) => ctx.nodes.intern({ kind: 'report', id: `${node.id}/r:${r.id}`, report: r }));
}
