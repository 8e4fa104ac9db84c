/**
 * Download, open, copy-usage and verify commands for run files and artifacts, and the read-only
 * file system behind Open. The commands' work (downloads.ts, with the engine) is loaded on the
 * first of them: the production build ships it as dist/downloads.js, outside extension.js.
 */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { RemoteFileSystemProvider } from '../remote-fs/provider';
import { CMD } from '../ids';
import type { CommandDef } from './register';
import { chosenRows } from './targets';
import type * as DownloadsModule from './downloads';

type Arg = DownloadsModule.Arg;

/** Where the download commands keep what they know about folders, outside those folders. */
export interface DownloadStorage {
  globalStorageUri: vscode.Uri;
  globalState: vscode.Memento;
}

/** The file system behind "Open" (read-only editors on the `wandb-explorer:` scheme). */
export function registerRemoteFiles(session: Session, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const files = new RemoteFileSystemProvider(session, log);
  return [files, vscode.workspace.registerFileSystemProvider('wandb-explorer', files, { isReadonly: true, isCaseSensitive: true }), session.onDidChange(() => files.clear())];
}

let loaded: Promise<typeof DownloadsModule> | undefined;

/** The `downloads` module, loaded on first call (dist/downloads.js in the production build). */
function downloadsModule(): Promise<typeof DownloadsModule> {
  return (loaded ??= import('./downloads'));
}

export function downloadCommands(session: Session, log: vscode.LogOutputChannel, storage?: DownloadStorage): CommandDef[] {
  // One instance for every command, made on the first: it holds the checksum records.
  let work: Promise<DownloadsModule.Downloads> | undefined;
  const downloads = () => (work ??= downloadsModule().then((m) => new m.Downloads(session, log, storage)));
  const arg = (c: { args: readonly unknown[] }) => c.args[0] as Arg;
  return [
    { id: CMD.downloadFile, title: 'Download', run: async (c) => (await downloads()).downloadFiles(chosenRows(c.args[0], c.args[1]), false) },
    { id: CMD.downloadFileTo, title: 'Download', run: async (c) => (await downloads()).downloadFiles(chosenRows(c.args[0], c.args[1]), true) },
    { id: CMD.downloadFolder, title: 'Download', run: async (c) => (await downloads()).downloadFolder(arg(c), false) },
    { id: CMD.downloadFolderTo, title: 'Download', run: async (c) => (await downloads()).downloadFolder(arg(c), true) },
    // (clicked row, selected rows) from the tree; (first run, runs) from the runs table.
    { id: CMD.downloadRunFiles, title: 'Download', run: async (c) => (await downloads()).downloadRuns(chosenRows(c.args[0], c.args[1]), false) },
    { id: CMD.downloadRunFilesTo, title: 'Download', run: async (c) => (await downloads()).downloadRuns(chosenRows(c.args[0], c.args[1]), true) },
    { id: CMD.downloadArtifact, title: 'Download', run: async (c) => (await downloads()).downloadArtifact(arg(c), false) },
    { id: CMD.downloadArtifactTo, title: 'Download', run: async (c) => (await downloads()).downloadArtifact(arg(c), true) },
    { id: CMD.downloadArtifactByName, title: 'Download', run: async (c) => (await downloads()).downloadArtifactByName(typeof c.args[0] === 'string' ? c.args[0] : undefined) },
    { id: CMD.openRemoteFile, title: 'Open file', run: async (c) => (await downloads()).openRemoteFile(arg(c)) },
    { id: CMD.copyArtifactUsage, title: 'Copy usage snippet', run: async (c) => (await downloads()).copyUsage(arg(c)) },
    // From the W&B tree: (version node). From the Explorer's folder menu: (folder Uri, selection).
    {
      id: CMD.verifyArtifactFolder,
      title: 'Verify artifact folder',
      run: async ({ args: [a, folder] }) => {
        const d = await downloads();
        return a instanceof vscode.Uri ? d.verify(undefined, a) : d.verify(a as Arg, folder instanceof vscode.Uri ? folder : undefined);
      },
    },
  ];
}

