import { discoverRuns, type DiscoverOptions, type DiscoveryReport } from './discovery';
import type { LocalRun } from './local-run';
import type { LocalRunFolder } from './run-folder';
import { runFolderModule } from './reader';

/** What one `refresh` of a folder cost and gained. */
export interface FolderRefresh {
  folder: string;
  records: number;
  bytesRead: number;
}

type Listener = (change: FolderRefresh) => void;

/**
 * The run folders of the workspace, each opened once and then only read further: the tree and
 * every panel showing a run share one `LocalRunFolder`, so a growing log is read once per change,
 * from where the last read stopped. Listeners hear of every refresh (the file watchers call it).
 */
export class LocalRunStore {
  private report: DiscoveryReport | undefined;
  private readonly folders = new Map<string, Promise<LocalRunFolder | undefined>>();
  private readonly refreshing = new Map<string, Promise<FolderRefresh>>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Walks the roots again; folders already open stay open (and keep their read offsets). */
  async discover(opts: DiscoverOptions): Promise<DiscoveryReport> {
    this.report = await discoverRuns(opts);
    const found = new Set(this.report.runs.map((r) => r.folder));
    for (const folder of this.folders.keys()) if (!found.has(folder)) this.folders.delete(folder);
    return this.report;
  }

  /** The last discovery's report (undefined before the first). */
  get discovered(): DiscoveryReport | undefined {
    return this.report;
  }

  /** Adds a folder found by a watcher after discovery; false when it holds nothing W&B wrote (yet). */
  async add(folder: string, root: string): Promise<boolean> {
    const run = await this.folder(folder);
    if (!run || !this.report) return !!run;
    if (!this.report.runs.some((r) => r.folder === folder)) {
      this.report.runs.push({ folder, runId: run.name?.runId ?? folder, offline: run.name?.offline ?? false, layout: run.layout, root });
    }
    return true;
  }

  /** Forgets a folder (deleted). */
  remove(folder: string): void {
    this.folders.delete(folder);
    if (this.report) this.report.runs = this.report.runs.filter((r) => r.folder !== folder);
  }

  /** The folder, opened (read whole) on first use. */
  folder(folder: string): Promise<LocalRunFolder | undefined> {
    let p = this.folders.get(folder);
    if (!p) {
      p = runFolderModule()
        .then((m) => m.LocalRunFolder.open(folder))
        .catch(() => undefined);
      this.folders.set(folder, p);
      // A folder that did not open may hold a run later (the SDK creates the folder first).
      void p.then((f) => f === undefined && this.folders.get(folder) === p && this.folders.delete(folder));
    }
    return p;
  }

  /** The run as a view shows it now (its state judged against the store's clock). */
  async snapshot(folder: string): Promise<LocalRun | undefined> {
    return (await this.folder(folder))?.snapshot({ nowMs: this.clock() });
  }

  /**
   * Reads what the folder gained since the last read and tells the listeners. Calls while a
   * refresh of the same folder runs join it: one read per change, however many views ask.
   */
  refresh(folder: string): Promise<FolderRefresh> {
    const running = this.refreshing.get(folder);
    if (running) return running;
    const p = (async (): Promise<FolderRefresh> => {
      const wasOpen = this.folders.has(folder);
      const run = await this.folder(folder);
      // Opening it just now read everything there is.
      const got = run && wasOpen ? await run.refresh() : { records: 0, bytesRead: 0 };
      const change = { folder, ...got };
      for (const l of this.listeners) l(change);
      return change;
    })().finally(() => this.refreshing.delete(folder));
    this.refreshing.set(folder, p);
    return p;
  }

  onDidRefresh(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  now(): number {
    return this.clock();
  }
}
