/**
 * Keeps "Local Runs" current: discovery over the workspace folders (and WANDB_DIR), respecting
 * `files.exclude`; one file watcher per run folder (its log growing, files appearing) and one for
 * run folders appearing or going. A change is read once (LocalRunStore.refresh reads only what
 * the log gained) and redraws just the rows it changed; open panels follow the same store.
 */
import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import type { LocalRunStore } from '../local/run-store';
import { parseRunFolderName } from '../local/folder-names';
import type { WandbTreeProvider } from './provider';
import type { LocalRoot, LocalRunsTree } from './loaders/local-runs';

/** Changes within this long of each other are read together (a training step writes several files). */
const SETTLE_MS = 250;
/** How often running rows are judged again: with no change for a heartbeat window they crashed. */
const STATE_CHECK_MS = 30_000;

export function workspaceRoots(): LocalRoot[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ path: f.uri.fsPath, name: f.name }));
}

/** The `files.exclude` globs that are on (`{"**\/.git": true}`); the `when` form counts as on. */
export function excludeGlobs(setting: Record<string, unknown> | undefined): string[] {
  return Object.entries(setting ?? {})
    .filter(([, v]) => v === true || (typeof v === 'object' && v !== null))
    .map(([glob]) => glob);
}

export class LocalRunsWatch implements vscode.Disposable {
  private readonly folderWatchers = new Map<string, vscode.Disposable>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private discovering: Promise<void> | undefined;
  private again = false;
  private readonly stateTimer: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: LocalRunStore,
    private readonly rows: LocalRunsTree,
    private readonly tree: Pick<WandbTreeProvider, 'redraw' | 'redrawTogether'>,
    private readonly log: { info(m: string): void; warn(m: string): void },
  ) {
    const newRuns = vscode.workspace.createFileSystemWatcher('**/wandb/*run-*');
    this.disposables.push(
      newRuns,
      newRuns.onDidCreate((uri) => this.folderAppeared(uri.fsPath)),
      newRuns.onDidDelete((uri) => this.folderGone(uri.fsPath)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discover()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('files.exclude') && void this.discover()),
    );
    // A panel's live poll reads folders too: whoever read the change, the rows follow it.
    this.disposables.push(store.onDidRefresh((c) => (c.records > 0 || c.bytesRead > 0) && void this.rows.update(c.folder).then((n) => this.tree.redrawTogether(n))));
    this.stateTimer = setInterval(() => void this.recheckRunning(), STATE_CHECK_MS);
  }

  /** Walks the workspace again (bounded in depth and time); joins a walk in progress. */
  discover(): Promise<void> {
    if (this.discovering) {
      this.again = true;
      return this.discovering;
    }
    this.discovering = (async () => {
      do {
        this.again = false;
        const roots = workspaceRoots().map((r) => r.path);
        const wandbDir = process.env.WANDB_DIR || undefined;
        const exclude = excludeGlobs(vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude'));
        const report = await this.store.discover({ roots, wandbDir, exclude });
        this.log.info(
          `local runs: ${report.runs.length} run folder(s), ${report.foldersRead} folders read, ${report.entriesSeen} entries, ${report.elapsedMs} ms${report.stoppedBy ? ' (time budget ran out)' : ''}`,
        );
        this.watchFolders(report.runs.map((r) => r.folder));
      } while (this.again);
    })().finally(() => (this.discovering = undefined));
    void this.discovering.then(() => this.tree.redraw());
    return this.discovering;
  }

  private watchFolders(folders: readonly string[]): void {
    const keep = new Set(folders);
    for (const [folder, w] of this.folderWatchers) {
      if (!keep.has(folder)) {
        w.dispose();
        this.folderWatchers.delete(folder);
      }
    }
    for (const folder of folders) this.watchFolder(folder);
  }

  /** One watcher for everything under the run folder (log, files/, logs/). */
  private watchFolder(folder: string): void {
    if (this.folderWatchers.has(folder)) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '**'));
    const changed = () => this.folderChanged(folder);
    this.folderWatchers.set(folder, vscode.Disposable.from(w, w.onDidChange(changed), w.onDidCreate(changed)));
  }

  private folderAppeared(folder: string): void {
    if (basename(dirname(folder)) !== 'wandb' || !parseRunFolderName(basename(folder))) return;
    // The SDK makes the folder before its files: watch it now, list it once it holds a run.
    this.watchFolder(folder);
    this.folderChanged(folder);
  }

  private folderGone(folder: string): void {
    this.folderWatchers.get(folder)?.dispose();
    this.folderWatchers.delete(folder);
    this.store.remove(folder);
    this.tree.redraw();
  }

  private folderChanged(folder: string): void {
    const t = this.pending.get(folder);
    if (t) clearTimeout(t);
    this.pending.set(
      folder,
      setTimeout(() => {
        this.pending.delete(folder);
        void this.read(folder);
      }, SETTLE_MS),
    );
  }

  private async read(folder: string): Promise<void> {
    try {
      const known = this.store.discovered?.runs.some((r) => r.folder === folder) ?? false;
      if (!known) {
        const root = workspaceRoots().find((r) => folder.startsWith(r.path))?.path ?? dirname(dirname(folder));
        if (await this.store.add(folder, root)) this.tree.redraw();
        return;
      }
      const got = await this.store.refresh(folder);
      // With news the store's listener (above) redraws; without, the state may still have changed.
      if (got.records === 0 && got.bytesRead === 0) this.tree.redrawTogether(await this.rows.update(folder));
    } catch (e) {
      this.log.warn(`local runs: reading ${folder} failed: ${(e as Error).message}`);
    }
  }

  private async recheckRunning(): Promise<void> {
    const changed = [];
    for (const n of this.rows.runningNodes()) changed.push(...(await this.rows.update(n.run.folder)));
    this.tree.redrawTogether(changed);
  }

  dispose(): void {
    clearInterval(this.stateTimer);
    for (const t of this.pending.values()) clearTimeout(t);
    for (const w of this.folderWatchers.values()) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
