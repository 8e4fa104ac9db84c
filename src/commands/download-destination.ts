/**
 * Where downloads go unless the user picks a folder: `<setting>/<entity>/<project>/<run id>`
 * for run files and, for artifacts, where `artifact.download()` puts them:
 * `$WANDB_ARTIFACT_DIR` (default `artifacts`)/`<name>:vN`, `:` replaced on Windows. Relative
 * folders are in the workspace folder, as the SDK's are in the script's working folder;
 * `~` is the home folder. Every folder name from W&B is checked first.
 */
import { existsSync } from 'node:fs';
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
  return destination('runFilesFolder', 'wandb-downloads', runSegments(run));
}

/** Each run's folder as `runDestination` makes it, asking at most once for all of them. */
export async function runsDestinations(runs: readonly RunRef[]): Promise<string[] | undefined> {
  const segments = runs.map(runSegments);
  const base = await destination('runFilesFolder', 'wandb-downloads', []);
  return base === undefined ? undefined : segments.map((s) => path.join(base, ...s));
}

/**
 * Each run's folder in a folder chosen for several runs: `<run id>`, or
 * `<entity>/<project>/<run id>` when they are runs of more than one project (run ids are only
 * unique in a project).
 */
export function runFoldersUnder(base: string, runs: readonly RunRef[]): string[] {
  const oneProject = runs.every((r) => r.entity === runs[0]!.entity && r.project === runs[0]!.project);
  return runs.map((r) => (oneProject ? path.join(base, safeSegment(r.runId)) : path.join(base, ...runSegments(r))));
}

function runSegments(run: RunRef): string[] {
  return [safeSegment(run.entity), safeSegment(run.project), safeSegment(run.runId)];
}

/**
 * The artifacts folder: the `artifactsFolder` setting when the user set it, else
 * `$WANDB_ARTIFACT_DIR` (`wandb/env.py`, `get_artifact_dir`), else `artifacts`.
 */
export function artifactsBase(explicitSetting: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicitSetting?.trim() || env.WANDB_ARTIFACT_DIR?.trim() || 'artifacts';
}

/**
 * The names an artifact version's folder may have, the one to create first: `<name>:<version>`
 * as `Artifact._default_root` makes it, with `:` turned into `-` on Windows
 * (`filesystem.system_preferred_path`); then the `-` form, which the SDK also looks for
 * (`filesystem.check_exists`) and which earlier versions of this extension created.
 */
export function artifactFolderNames(collection: string, version: string, platform: NodeJS.Platform = process.platform): string[] {
  const sdk = `${collection}:${version}`;
  const dashed = sdk.replace(/:/g, '-');
  return platform === 'win32' ? [dashed] : [sdk, dashed];
}

/** The folder of an existing download under any of `names`, else the first name. */
export function pickArtifactFolder(base: string, names: string[], exists: (p: string) => boolean = existsSync): string {
  const found = names.find((n) => exists(path.join(base, n)));
  return path.join(base, found ?? names[0]!);
}

/** `quiet`: undefined instead of asking when the destination depends on the user. */
export async function artifactDestination(v: ArtifactVersion, quiet = false): Promise<string | undefined> {
  const names = artifactFolderNames(v.collection, v.version).map((n) => safeSegment(n));
  const setting = vscode.workspace.getConfiguration(CFG).inspect<string>('artifactsFolder');
  const explicit = setting?.workspaceFolderValue ?? setting?.workspaceValue ?? setting?.globalValue;
  const base = await destination(undefined, artifactsBase(explicit), [], quiet);
  return base && pickArtifactFolder(base, names);
}

/**
 * `<setting>/<parts>` under the workspace folder. A multi-root window asks which folder, a
 * window without a folder asks where (and `quiet` returns undefined instead of asking).
 */
async function destination(setting: string | undefined, fallback: string, parts: string[], quiet = false): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const choice = chooseDestination(setting && vscode.workspace.getConfiguration(CFG).get<string>(setting), fallback, parts, folders);
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
