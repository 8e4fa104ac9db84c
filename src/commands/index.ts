/**
 * Every command of the extension, registered in one place through one wrapper (register.ts),
 * plus what the commands bring along (notes documents, remote files, panel serializers).
 */
import type * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { RunChanges } from '../run-changes';
import type { WandbTreeView } from '../tree/view';
import type { RunPanelRegistry } from '../webviews/open-panels';
import { artifactAdminCommands } from './artifact-admin';
import { authCommands } from './auth';
import { downloadCommands, registerRemoteFiles, type DownloadStorage } from './download';
import { editRunCommands, registerRunNotes } from './edit-run';
import type { EditDeps } from './edit-targets';
import { pathDefaultsFor } from './ask';
import { openCommands } from './open';
import { panelCommands, registerPanelSerializers } from './panels';
import { pinCommands } from './pins';
import { ReadOnlyDocuments } from './read-only-doc';
import { registerCommands, type CommandDef } from './register';
import { runCodeCommands } from './run-code';
import { runsCommands, treeCommands, type TreeCommandDeps } from './runs';
import { registerRunsTableSerializer, runsTableCommands } from './runs-table';
import { sweepCommands } from './sweeps';
import { uploadCommands } from './upload';
import { localRunCommands } from './local-runs';
import type { LocalRunStore } from '../local/run-store';

export interface CommandsDeps {
  extensionUri: vscode.Uri;
  storage: DownloadStorage;
  session: Session;
  log: vscode.LogOutputChannel;
  side: WandbTreeView;
  runChanges: RunChanges;
  runPanels: RunPanelRegistry;
  localRuns?: LocalRunStore;
}

export function registerAllCommands(d: CommandsDeps): vscode.Disposable[] {
  const { session, log, side, runChanges, runPanels } = d;
  const selection = () => side.view.selection;
  const readOnlyDocs = new ReadOnlyDocuments();
  const edit: EditDeps = { session, log, tree: side.tree, runChanges, runPanels };
  const pathDefaults = pathDefaultsFor(session, side.workspaceProject);
  const treeDeps: TreeCommandDeps = { session, tree: side.tree, view: side.view, pins: side.pins, lastProject: side.lastProject, pathDefaults };
  const panelDeps = { extensionUri: d.extensionUri, session, log, runChanges, runPanels, localRuns: d.localRuns };
  const tableDeps = { ...panelDeps, memento: d.storage.globalState, tree: side.tree, lastProject: side.lastProject, pathDefaults };
  const defs: CommandDef[] = [
    ...authCommands(session, log),
    ...treeCommands(treeDeps),
    ...runsCommands(treeDeps),
    ...pinCommands(treeDeps),
    ...openCommands(session, pathDefaults),
    ...panelCommands(panelDeps, pathDefaults),
    ...runCodeCommands({ session, log, docs: readOnlyDocs, pathDefaults }),
    ...runsTableCommands(tableDeps),
    ...editRunCommands(edit),
    ...uploadCommands(edit, selection),
    ...artifactAdminCommands(edit, readOnlyDocs),
    ...sweepCommands(edit, readOnlyDocs),
    ...downloadCommands(session, log, d.storage),
    ...localRunCommands({ panels: panelDeps, session, discoverLocalRuns: () => side.discoverLocalRuns() }),
  ];
  return [
    readOnlyDocs,
    ...registerRemoteFiles(session, log),
    ...registerRunNotes(edit),
    ...registerPanelSerializers(panelDeps),
    registerRunsTableSerializer(tableDeps),
    ...registerCommands({ session, log, selection }, defs),
  ];
}
