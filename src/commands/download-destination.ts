/**
 * Where downloads go unless the user picks a folder: `<setting>/<entity>/<project>/<run id>`
 * for run files and `<setting>/<name>-vN` for artifacts, the setting relative to the workspace
 * folder unless absolute (`~` is the home folder). Every folder name from W&B is checked first.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WandbError } from '../api/errors';
import type { ArtifactVersion } from '../api/model/artifacts';
import type { RunRef } from '../api/model/run';
import { checkRemoteName, displayName } from '../api/download/safe-path';

const CFG = 'wandbExplorer';

/** What the policy needs to know before anyone is asked. */
export type DestinationChoice =
  | { kind: 'path'; path: string }
  /** Several workspace folders: which one (the setting and parts go under it). */
  | { kind: 'pickWorkspaceFolder'; relative: string }
  /** No workspace folder: any folder (the parts go under it). */
  | { kind: 'askFolder' };

/** The destination when it can be known without asking; pure. */
export function chooseDestination(setting: string | undefined, fallback: string, parts: string[], workspaceFolders: string[], home = os.homedir()): DestinationChoice {
  const configured = expandHome((setting ?? '').trim() || fallback, home);
  if (path.isAbsolute(configured)) return { kind: 'path', path: path.join(configured, ...parts) };
  if (workspaceFolders.length === 1) return { kind: 'path', path: path.join(workspaceFolders[0]!, configured, ...parts) };
  if (workspaceFolders.length > 1) return { kind: 'pickWorkspaceFolder', relative: path.join(configured, ...parts) };
  return { kind: 'askFolder' };
}

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}

/** One folder name from W&B (entity, project, run id, `name-vN`), refused if unsafe. */
export function safeSegment(s: string): string {
  const c = checkRemoteName(s);
  if (!c.ok || c.segments.length !== 1) throw new WandbError('badRequest', `"${displayName(s)}" cannot be used as a folder name: ${c.ok ? 'it contains a slash' : c.reason}.`);
  return c.segments[0]!;
}

export async function runDestination(run: RunRef): Promise<string | undefined> {
  return destination('runFilesFolder', 'wandb-downloads', [safeSegment(run.entity), safeSegment(run.project), safeSegment(run.runId)]);
}

/** `quiet`: undefined instead of asking when the destination depends on the user. */
export async function artifactDestination(v: ArtifactVersion, quiet = false): Promise<string | undefined> {
  return destination('artifactsFolder', 'artifacts', [safeSegment(`${v.collection}-${v.version}`)], quiet);
}

/**
 * `<setting>/<parts>` under the workspace folder. A multi-root window asks which folder, a
 * window without a folder asks where (and `quiet` returns undefined instead of asking).
 */
async function destination(setting: string, fallback: string, parts: string[], quiet = false): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const choice = chooseDestination(vscode.workspace.getConfiguration(CFG).get<string>(setting), fallback, parts, folders);
  if (choice.kind === 'path') return choice.path;
  if (quiet) return undefined;
  if (choice.kind === 'pickWorkspaceFolder') {
    const pick = await vscode.window.showWorkspaceFolderPick({ placeHolder: `Download into which workspace folder? (files go to ${choice.relative} in it)`, ignoreFocusOut: true });
    return pick && path.join(pick.uri.fsPath, choice.relative);
  }
  const chosen = await askFolder('Download To (no folder is open)');
  return chosen && path.join(chosen, ...parts);
}

export async function askFolder(title: string, defaultPath?: string): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Choose Folder',
    defaultUri: defaultPath ? vscode.Uri.file(defaultPath) : folders[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}
