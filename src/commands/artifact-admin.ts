/**
 * Managing artifact versions from the tree: add and remove aliases, edit the description, view
 * the metadata as read-only JSON, and delete a version (after a modal confirmation naming it;
 * W&B refuses while it has aliases unless they go too, so the dialog offers exactly that).
 */
import * as vscode from 'vscode';
import { artifactLabel, checkAlias, type WandbEdits } from '../api/edits';
import { WandbError } from '../api/errors';
import type { ArtifactVersion } from '../api/model/artifacts';
import { reportError } from './report-error';
import { editsOf, parentOf, redraw, refreshNode, type EditDeps } from './edit-targets';
import type { ReadOnlyDocuments } from './read-only-doc';
import type { ArtifactVersionNode } from '../tree/nodes';
import type { CommandDef, Invocation } from './register';
import { CMD, type CommandId } from '../ids';
import { showInformation, showWarning } from '../notify';

export function artifactAdminCommands(deps: EditDeps, docs: ReadOnlyDocuments): CommandDef[] {
  const onVersion = (id: CommandId, title: string, fn: (node: unknown, v: ArtifactVersion) => Promise<void>): CommandDef => ({
    id,
    title,
    run: (c) => withVersion(c, fn),
  });
  return [
    onVersion(CMD.addArtifactAlias, 'Add Alias', (node, v) => addAlias(deps, node, v)),
    onVersion(CMD.removeArtifactAlias, 'Remove Alias', (node, v) => removeAlias(deps, node, v)),
    onVersion(CMD.editArtifactDescription, 'Edit Description', (node, v) => editDescription(deps, node, v)),
    onVersion(CMD.viewArtifactMetadata, 'View Metadata', async (_node, v) => {
      // Tree rows come from a listing without metadata: ask the server for this version's.
      const metadata = await progress(`Reading the metadata of ${artifactLabel(v)}`, () => deps.session.requireApi().artifactMetadata(v.id));
      await docs.show(`${v.entity}/${v.project}/${v.collection}:${v.version} metadata.json`, `${JSON.stringify(metadata, null, 2)}\n`);
    }),
    onVersion(CMD.deleteArtifactVersion, 'Delete Version', (node, v) => deleteVersion(deps, node, v)),
  ];
}

/** Runs `fn` on the version row the command was invoked on; reports name the version. */
async function withVersion(call: Invocation, fn: (node: unknown, v: ArtifactVersion) => Promise<void>): Promise<void> {
  const node = call.targets().first;
  const v = call.targets().version;
  if (!v) {
    void showInformation(`${call.what}: right-click an artifact version in the W&B tree.`);
    return;
  }
  call.what = `${call.what} (${artifactLabel(v)})`;
  await fn(node, v);
}

function progress<T>(title: string, fn: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `W&B: ${title}…` }, fn));
}

/**
 * After a change that may touch sibling versions (an alias moves off another version, a version
 * goes away), reload the collection's versions; under a run's artifacts, reload that list.
 */
function reloadSiblings(deps: EditDeps, node: unknown, v: ArtifactVersion): void {
  const parents = new Set<unknown>();
  for (const n of [node, ...rowsOf(deps, v)]) {
    const parent = parentOf(deps.tree, n) as { kind?: string } | undefined;
    if (parent && (parent.kind === 'artifactCollection' || parent.kind === 'runArtifacts')) parents.add(parent);
  }
  for (const p of parents) refreshNode(deps.tree, p);
}

function rowsOf(deps: EditDeps, v: ArtifactVersion): ArtifactVersionNode[] {
  return deps.tree.model?.nodesOfArtifact(v.id) ?? [];
}

/**
 * Shows a change of the version on every row that shows it (its collection, runs' Logged and
 * Used artifacts), not only on the row that was clicked.
 */
function show(deps: EditDeps, node: unknown, v: ArtifactVersion, patch: Partial<Pick<ArtifactVersion, 'aliases' | 'description'>>): void {
  const versions = new Set<ArtifactVersion>([v, ...rowsOf(deps, v).map((n) => n.version)]);
  for (const copy of versions) Object.assign(copy, patch, patch.aliases ? { aliases: [...patch.aliases] } : {});
  redraw(deps.tree, node);
  for (const n of rowsOf(deps, v)) if (n !== node) redraw(deps.tree, n);
}

// ---------------------------------------------------------------------------------------------

async function addAlias(deps: EditDeps, node: unknown, v: ArtifactVersion): Promise<void> {
  const edits = editsOf(deps);
  const alias = await vscode.window.showInputBox({
    title: `Add Alias to ${artifactLabel(v)}`,
    prompt: `An alias names one version of ${v.collection}; if another version has it, it moves here.`,
    placeHolder: 'e.g. best, production, candidate',
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? (v.aliases.includes(text.trim()) ? `${artifactLabel(v)} already has "${text.trim()}".` : checkAlias(text)) : undefined),
  });
  const a = alias?.trim();
  if (!a) return;
  const before = [...v.aliases];
  show(deps, node, v, { aliases: [...v.aliases, a] });
  try {
    const now = await progress(`adding alias ${a} to ${artifactLabel(v)}`, () => edits.addAlias(v, a));
    show(deps, node, v, { aliases: now });
    deps.log.info(`Add Alias: ${v.entity}/${v.project}/${artifactLabel(v)} now has ${now.join(', ')}`);
    reloadSiblings(deps, node, v);
  } catch (e) {
    show(deps, node, v, { aliases: before });
    await reportError(deps.log, `Adding alias "${a}" to ${artifactLabel(v)} was undone`, e);
  }
}

async function removeAlias(deps: EditDeps, node: unknown, v: ArtifactVersion): Promise<void> {
  const edits = editsOf(deps);
  const current = (await progress(`reading the aliases of ${artifactLabel(v)}`, () => edits.artifactState(v))).aliases;
  if (current.length === 0) {
    show(deps, node, v, { aliases: [] });
    void showInformation(`${artifactLabel(v)} has no aliases to remove (its version index ${v.version} always stays).`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    current.map((a) => ({ label: a })),
    { title: `Remove Aliases from ${artifactLabel(v)}`, canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return;
  const drop = picked.map((p) => p.label);
  show(deps, node, v, { aliases: current.filter((a) => !drop.includes(a)) });
  const failed: string[] = [];
  let error: unknown;
  for (const a of drop) {
    try {
      await progress(`removing alias ${a} from ${artifactLabel(v)}`, () => edits.removeAlias(v, a));
    } catch (e) {
      failed.push(a);
      error ??= e;
    }
  }
  if (failed.length > 0) {
    show(deps, node, v, { aliases: current.filter((a) => !drop.includes(a) || failed.includes(a)) });
    await reportError(deps.log, `Removing ${failed.map((a) => `"${a}"`).join(', ')} from ${artifactLabel(v)} was undone`, error);
  }
}

async function editDescription(deps: EditDeps, node: unknown, v: ArtifactVersion): Promise<void> {
  const edits = editsOf(deps);
  const fresh = await progress(`reading ${artifactLabel(v)}`, () => edits.artifactState(v));
  const text = await vscode.window.showInputBox({
    title: `Description of ${artifactLabel(v)}`,
    prompt: 'Empty clears the description',
    value: fresh.description ?? '',
    ignoreFocusOut: true,
  });
  if (text === undefined || text === (fresh.description ?? '')) return;
  const before = v.description;
  show(deps, node, v, { description: text || undefined });
  try {
    show(deps, node, v, { description: await progress(`saving the description of ${artifactLabel(v)}`, () => edits.setArtifactDescription(v, text)) });
  } catch (e) {
    show(deps, node, v, { description: before });
    await reportError(deps.log, `The new description of ${artifactLabel(v)} was undone`, e);
  }
}

async function deleteVersion(deps: EditDeps, node: unknown, v: ArtifactVersion): Promise<void> {
  const edits = editsOf(deps);
  const fresh = await progress(`reading ${artifactLabel(v)}`, () => edits.artifactState(v));
  if (fresh.state === 'DELETED') {
    void showInformation(`${artifactLabel(v)} is already deleted.`);
    reloadSiblings(deps, node, v);
    return;
  }
  const where = `${v.entity}/${v.project}/${v.collection}:${v.version} (${v.type}, ${v.fileCount} file${v.fileCount === 1 ? '' : 's'})`;
  const aliases = fresh.aliases;
  const withAliases = 'Delete Version and Its Aliases';
  const plain = 'Delete Version';
  const choice = await showWarning(
    `Delete artifact version ${artifactLabel(v)}?`,
    {
      modal: true,
      detail:
        aliases.length > 0
          ? `${where}\n\nIt has the aliases ${aliases.join(', ')}. W&B deletes a version with aliases only together with them; runs and code that use ${v.collection}:${aliases[0]} will no longer find it.\n\nThis cannot be undone.`
          : `${where}\n\nThis cannot be undone.`,
    },
    aliases.length > 0 ? withAliases : plain,
  );
  if (choice !== withAliases && choice !== plain) return;
  await deleteWith(edits, v, choice === withAliases);
  deps.log.info(`Delete Version: deleted ${v.entity}/${v.project}/${artifactLabel(v)}${choice === withAliases ? ` and its aliases ${aliases.join(', ')}` : ''}`);
  void showInformation(`Deleted ${artifactLabel(v)}${choice === withAliases ? ' and its aliases' : ''}.`);
  reloadSiblings(deps, node, v);
}

async function deleteWith(edits: WandbEdits, v: ArtifactVersion, deleteAliases: boolean): Promise<void> {
  try {
    await progress(`deleting ${artifactLabel(v)}`, () => edits.deleteArtifactVersion(v, { deleteAliases }));
  } catch (e) {
    // An alias added meanwhile makes W&B refuse; say so in words, not as a server dump.
    if (e instanceof WandbError && e.kind === 'graphql' && /alias/i.test(e.serverMessage ?? '') && !deleteAliases) {
      throw new WandbError('graphql', `W&B refused: ${artifactLabel(v)} has aliases now. Run Delete Version again to delete it together with them.`, { cause: e });
    }
    throw e;
  }
}
