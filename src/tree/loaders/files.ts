/**
 * Loaders of file levels: a run's Files and its folders, an artifact version's manifest and its
 * folders. Folders come from path prefixes of the loaded list; only the top level pages.
 */
import type { RunRef } from '../../api/model/run';
import type { RunFile } from '../../api/model/files';
import type { ManifestEntry } from '../../api/model/artifacts';
import type { ArtifactFolderNode, ArtifactVersionNode, RunFilesNode, RunFolderNode, TreeNode } from '../nodes';
import type { PagedList } from '../paged-list';
import { listFolder } from '../file-tree';
import { pageOf, type LoaderContext } from './context';
import { messageRow, withTail } from './level';

export async function loadRunFiles(node: RunFilesNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = filesList(ctx, node.run);
  await list.ensureFirstPage();
  return withTail(ctx.nodes, node, list, runFolderRows(ctx, node, list, ''), 'No files saved with this run.');
}

/** A folder inside Files: what the loaded pages hold; "Load more" stays on Files. */
export async function loadRunFolder(node: RunFolderNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = filesList(ctx, node.run);
  await list.ensureFirstPage();
  const rows = runFolderRows(ctx, node, list, node.path);
  if (rows.length === 0) rows.push(messageRow(ctx.nodes, node, 'Empty folder.'));
  if (list.hasMore) rows.push(messageRow(ctx.nodes, node, 'More files load with "Load more" under Files.', 'partial'));
  return rows;
}

export async function loadArtifactVersion(node: ArtifactVersionNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = manifestList(ctx, node.version.id);
  await list.ensureFirstPage();
  return withTail(ctx.nodes, node, list, manifestRows(ctx, node, list, ''), 'This version has no files.');
}

export async function loadArtifactFolder(node: ArtifactFolderNode, ctx: LoaderContext): Promise<TreeNode[]> {
  const list = manifestList(ctx, node.version.id);
  await list.ensureFirstPage();
  return withTail(ctx.nodes, node, list, manifestRows(ctx, node, list, node.path), 'Empty folder.');
}

function filesList(ctx: LoaderContext, run: RunRef): PagedList<RunFile> {
  return ctx.lists.get({ kind: 'files', entity: run.entity, project: run.project, runId: run.runId }, (after, signal) => ctx.api.runFileList(run, pageOf(ctx, after, signal)));
}

/** The whole manifest as one page (W&B returns it as one file). */
function manifestList(ctx: LoaderContext, versionId: string): PagedList<ManifestEntry> {
  return ctx.lists.get({ kind: 'manifest', versionId }, async (_after, signal) => {
    const m = await ctx.api.artifactManifest(versionId, signal);
    return { items: m.entries, endCursor: undefined, hasNextPage: false };
  });
}

/** Folder ids hang off the top node's id (`<files id>/<path>`), whatever the depth. */
function baseId(node: { id: string; path?: string }): string {
  return node.path === undefined ? node.id : node.id.slice(0, node.id.length - node.path.length - 1);
}

function runFolderRows(ctx: LoaderContext, node: RunFilesNode | RunFolderNode, list: PagedList<RunFile>, folder: string): TreeNode[] {
  const base = baseId(node);
  const { run, readOnly } = node;
  const { folders, files } = listFolder(list.items, (f) => f.name, folder);
  return [
    ...folders.map((path) => ctx.nodes.intern({ kind: 'runFolder', id: `${base}/${path}`, run, path, readOnly })),
    ...files.map((file) => ctx.nodes.intern({ kind: 'runFile', id: `${base}/${file.name}`, run, file })),
  ];
}

function manifestRows(ctx: LoaderContext, node: ArtifactVersionNode | ArtifactFolderNode, list: PagedList<ManifestEntry>, folder: string): TreeNode[] {
  const base = baseId(node);
  const { version } = node;
  const { folders, files } = listFolder(list.items, (e) => e.path, folder);
  return [
    ...folders.map((path) => ctx.nodes.intern({ kind: 'artifactFolder', id: `${base}/${path}`, version, path })),
    ...files.map((entry) => ctx.nodes.intern({ kind: 'artifactFile', id: `${base}/${entry.path}`, version, entry })),
  ];
}
