import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../auth/session';
import { WandbTreeProvider } from './provider';
import { PinStore } from './pins';
import { projectOf, type ProjectRef, type TreeNode } from './nodes';
import { workspaceProjectFrom } from './workspace-project';
import { RUNS_VIEW, SETTINGS, setting } from '../ids';
import type { LocalRunStore } from '../local/run-store';
import { LocalRunsTree } from './loaders/local-runs';
import { LocalRunsWatch, workspaceRoots } from './local-watch';

export interface WandbTreeView {
  tree: WandbTreeProvider;
  view: vscode.TreeView<TreeNode>;
  pins: PinStore;
  /** The project last expanded or selected, for commands run from the palette. */
  lastProject(): ProjectRef | undefined;
  /** The workspace's project (wandb/settings, else the defaultProject setting), if any. */
  workspaceProject(): ProjectRef | undefined;
  disposables: vscode.Disposable[];
  /** "Local Runs": walk the workspace for run folders again. */
  discoverLocalRuns(): Promise<void>;
}

/**
 * Builds the side bar: provider, TreeView (multi-select), pins, live refresh while visible and
 * workspace awareness. Its commands are registered by commands/ (from the composition root).
 */
export function createWandbTreeView(context: vscode.ExtensionContext, session: Session, log: vscode.LogOutputChannel, localRuns: LocalRunStore): WandbTreeView {
  const cfg = () => vscode.workspace.getConfiguration(SETTINGS);
  const pins = new PinStore(context.globalState);
  let workspaceProject: ProjectRef | undefined;
  let lastProject: ProjectRef | undefined;

  const localRows = new LocalRunsTree({ store: localRuns, roots: workspaceRoots });
  const tree = new WandbTreeProvider(session, {
    settings: () => ({
      pageSize: cfg().get<number>('runsPageSize') ?? 50,
      defaultEntity: cfg().get<string>('defaultEntity') ?? '',
      extraEntities: cfg().get<string[]>('extraEntities') ?? [],
    }),
    pins,
    searchMemento: context.workspaceState,
    expansionMemento: context.workspaceState,
    workspaceProject: () => workspaceProject,
    liveRefreshSeconds: () => cfg().get<number>('liveRefreshSeconds') ?? 15,
    log,
    local: localRows,
  });
  const localWatch = new LocalRunsWatch(localRuns, localRows, tree, log);
  const view = vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });

  /** Reveals and expands the workspace's project once per sign-in. */
  let revealedFor: string | undefined;
  const revealWorkspaceProject = async () => {
    const s = session.state;
    if (s.kind !== 'signedIn' || !workspaceProject) return;
    const key = `${s.baseUrl} ${workspaceProject.entity}/${workspaceProject.project}`;
    if (revealedFor === key || !view.visible) return; // revealed when the view shows
    revealedFor = key;
    const wp = workspaceProject;
    lastProject ??= wp;
    const nodes = await tree.walk((m) => m.pathToProject(wp)).catch(() => undefined);
    const node = nodes?.[nodes.length - 1];
    if (node) await Promise.resolve(view.reveal(node, { expand: true, select: false, focus: false })).catch(() => undefined);
  };

  const readWorkspaceProject = async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    let text: string | undefined;
    if (folder?.uri.scheme === 'file') text = await fs.readFile(path.join(folder.uri.fsPath, 'wandb', 'settings'), 'utf8').catch(() => undefined);
    const found = workspaceProjectFrom(text, cfg().get<string>('defaultProject'));
    workspaceProject = found ? { entity: found.entity, project: found.project } : undefined;
    if (found) log.info(`workspace project ${found.entity}/${found.project} (from ${found.source})`);
  };

  const settingsWatcher = vscode.workspace.createFileSystemWatcher('**/wandb/settings');
  const onSettingsFile = () =>
    void readWorkspaceProject().then(() => {
      revealedFor = undefined;
      tree.redraw();
      void revealWorkspaceProject();
    });

  const disposables: vscode.Disposable[] = [
    tree,
    localWatch,
    view,
    settingsWatcher,
    settingsWatcher.onDidChange(onSettingsFile),
    settingsWatcher.onDidCreate(onSettingsFile),
    settingsWatcher.onDidDelete(onSettingsFile),
    view.onDidChangeVisibility((e) => {
      tree.setVisible(e.visible);
      if (e.visible) void revealWorkspaceProject();
    }),
    view.onDidExpandElement((e) => {
      tree.setExpanded(e.element, true);
      lastProject = projectOf(e.element) ?? lastProject;
    }),
    view.onDidCollapseElement((e) => tree.setExpanded(e.element, false)),
    view.onDidChangeSelection((e) => {
      lastProject = projectOf(e.selection[0]) ?? lastProject;
    }),
    session.onDidChange((s) => {
      if (s.kind === 'signedIn') queueMicrotask(() => void revealWorkspaceProject());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(setting('liveRefreshSeconds'))) tree.restartLiveRefresh();
      if (e.affectsConfiguration(setting('defaultProject'))) onSettingsFile();
    }),
  ];
  tree.setVisible(view.visible);
  void readWorkspaceProject().then(() => {
    tree.redraw();
    return revealWorkspaceProject();
  });
  void localWatch.discover();
  return { tree, view, pins, lastProject: () => lastProject, workspaceProject: () => workspaceProject, disposables, discoverLocalRuns: () => localWatch.discover() };
}
