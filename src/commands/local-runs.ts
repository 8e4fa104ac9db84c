/**
 * Commands on local run rows: open the run panel (no session needed), reveal the folder, copy or
 * run `wandb sync`, open the synced twin on W&B, and delete the folder (to the trash).
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { runWebUrl } from '../api/urls';
import type { Session } from '../auth/session';
import type { LocalRunRow } from '../tree/local-nodes';
import type { PanelDeps } from '../webviews/base-panel';
import { RunPanel } from '../webviews/run-panel';
import { CMD } from '../ids';
import type { CommandDef } from './register';
import { showWarning } from '../notify';

export interface LocalRunCommandDeps {
  panels: PanelDeps;
  session: Session;
  /** Walks the workspace again (after a folder was deleted). */
  discoverLocalRuns(): Promise<void>;
}

/** The local run of a row (the run row, its Overview or its Files), from what VS Code passes. */
export function localRunOf(v: unknown): LocalRunRow | undefined {
  const r = v && typeof v === 'object' ? (v as { kind?: unknown; run?: unknown; runNode?: { run?: unknown } }) : undefined;
  if (r?.kind === 'localRun' || r?.kind === 'localFiles') return r.run as LocalRunRow;
  if (r?.kind === 'localOverview') return r.runNode?.run as LocalRunRow;
  return undefined;
}

/** A path as one shell word: bare when it holds only safe characters, else quoted for the platform's shell. */
export function shellWord(path: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[\w@%+=:,./-]+$/.test(path)) return path;
  if (platform === 'win32') return `"${path.replace(/"/g, '""')}"`;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

export function syncCommandLine(folder: string, platform?: NodeJS.Platform): string {
  return `wandb sync ${shellWord(folder, platform)}`;
}

export function localRunCommands(d: LocalRunCommandDeps): CommandDef[] {
  const need = (v: unknown): LocalRunRow => {
    const run = localRunOf(v);
    if (!run) throw new Error('Choose a run under Local Runs.');
    return run;
  };
  return [
    {
      id: CMD.openLocalRun,
      title: 'Open Local Run',
      run: (c) => {
        const run = need(c.args[0]);
        RunPanel.show(d.panels, run.ref, run.displayName);
      },
    },
    {
      id: CMD.revealLocalRun,
      title: 'Reveal Local Run Folder',
      run: async (c) => {
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(need(c.args[0]).folder));
      },
    },
    {
      id: CMD.copyLocalSyncCommand,
      title: 'Copy wandb sync Command',
      run: async (c) => {
        const line = syncCommandLine(need(c.args[0]).folder);
        await vscode.env.clipboard.writeText(line);
        void vscode.window.setStatusBarMessage(`Copied ${line}`, 3000);
      },
    },
    {
      id: CMD.syncLocalRun,
      title: 'Run wandb sync',
      run: async (c) => {
        const run = need(c.args[0]);
        const line = syncCommandLine(run.folder);
        const go = await showWarning(
          `Run "${line}" in a terminal? It uploads the run with the wandb CLI of that terminal, to the server and account the CLI is set up for.`,
          { modal: true },
          'Run in Terminal',
        );
        if (go !== 'Run in Terminal') return;
        // From the folder holding `wandb/`, where the CLI finds the project's settings.
        const terminal = vscode.window.createTerminal({ name: `wandb sync ${run.runId}`, cwd: dirname(dirname(run.folder)) });
        terminal.show();
        terminal.sendText(line);
      },
    },
    {
      id: CMD.openLocalRunOnWandb,
      title: 'Open Synced Run on W&B',
      signedIn: true,
      run: async (c) => {
        const run = need(c.args[0]);
        const s = d.session.state;
        if (!run.twin || s.kind !== 'signedIn') return;
        await vscode.env.openExternal(vscode.Uri.parse(runWebUrl(s.appUrl, run.twin.entity, run.twin.project, run.twin.runId), true));
      },
    },
    {
      id: CMD.deleteLocalRun,
      title: 'Delete Local Run Folder',
      run: async (c) => {
        const run = need(c.args[0]);
        const go = await showWarning(
          `Delete the run folder of "${run.displayName}"? It moves ${run.folder} to the trash.${run.offline ? ' This run was never synced: the folder is its only copy.' : ''}`,
          { modal: true },
          'Move to Trash',
        );
        if (go !== 'Move to Trash') return;
        await vscode.workspace.fs.delete(vscode.Uri.file(run.folder), { recursive: true, useTrash: true });
        await d.discoverLocalRuns();
      },
    },
  ];
}
