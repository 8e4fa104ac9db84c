/**
 * The run panel: one webview per run (opening the same run again reveals it). Loads the run,
 * answers the page's requests for history, system metrics, logs and images, and, while the run
 * is running and the panel visible, polls for new rows and log lines and sends only those.
 */
import * as vscode from 'vscode';
import { asRunRef, type RunRef } from '../api/model/run';
import { BasePanel, errorText, panelSettings, type PanelDeps } from './base-panel';
import { mediaPaths, tablePaths } from './flatten';
import { appendToCache, isLiveState, LivePoll, rowsPast } from './live-updates';
import type { Columns, HostMessage, PanelCommand, WebviewMessage } from './protocol';
import { headerFields, loadHistory, loadImage, loadTable, loadSystem, patchHeader, shapeRun, type LoadedRun } from './run-data';
import { firstScreenRows } from './history-columns';
import { readRunMetadata } from '../api/run-files';
import { ConsoleLog, type LogText } from './console-log';
import type { RunMetadata } from '../api/model/metadata';
import { sameRun, type RunChange, type RunPatch } from '../run-changes';
import { CMD, RUN_VIEW_TYPE } from '../ids';
import { refKey, type RunPanelView } from './open-panels';
import { asLocalShape } from './local-run-source';
import type { RunDetail } from '../api/model/run';
import { showInformation } from '../notify';
import { safeText } from '../text/safe-text';
import { CODE_ACTION_COMMANDS } from './code-actions';
import { MediaHost, mediaIndexFor, mediaStepFor } from './media-host';

export { asRunRef, refKey };

export class RunPanel extends BasePanel implements RunPanelView {
  /** Shows the run's panel, creating it if needed. */
  static show(deps: PanelDeps, ref: RunRef, title?: string): void {
    const existing = deps.runPanels.get(ref);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(RUN_VIEW_TYPE, safeText(title ?? ref.runId), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
    });
    new RunPanel(deps, panel, ref);
  }

  /** Re-attaches a panel VS Code restored after a window reload. */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): void {
    const ref = asRunRef((state as { ref?: unknown } | undefined)?.ref);
    if (!ref || deps.runPanels.get(ref)) {
      panel.dispose();
      return;
    }
    new RunPanel(deps, panel, ref);
  }

  private loaded?: LoadedRun;
  private meta?: RunMetadata;
  private loading?: Promise<void>;
  private readonly history = new Map<string, Columns>();
  private system?: Columns;
  private consoleLog?: ConsoleLog;
  private logsWanted = false;
  private lastStep = -1;
  private readonly livePoll = new LivePoll(
    () => this.poll(),
    () => !this.disposed && this.live && this.panel.visible,
    () => panelSettings().livePollSeconds * 1000,
  );
  private summaryJson = '';
  private readonly media: MediaHost;

  private constructor(
    deps: PanelDeps,
    panel: vscode.WebviewPanel,
    readonly ref: RunRef,
  ) {
    super(deps, panel, 'run', { kind: 'run', ref: { entity: ref.entity, project: ref.project, runId: ref.runId } });
    deps.runPanels.add(this);
    this.media = new MediaHost({ history: () => this.sourceFor(ref), files: () => this.filesOf(ref), ref, signal: this.abort.signal, warn: (m) => this.deps.log.warn(m) });
    this.loading = this.load();
    // A panel that failed for want of a session loads once the user signs in.
    this.disposables.push(deps.session.onDidChange((st) => st.kind === 'signedIn' && !this.loaded && !this.loading && void (this.loading = this.load())));
    this.disposables.push(deps.runChanges.onDidChange((c) => this.runChanged(c)));
    // A local run's folder changed: show it now rather than at the next poll.
    this.followLocal([ref], () => {
      if (!this.loaded) return;
      if (this.live) this.livePoll.schedule(0);
      else void this.poll().then(() => this.livePoll.schedule());
    });
  }

  get isActive(): boolean {
    return this.panel.active;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Name, notes and tags as the panel shows them now (only the tab title before the run loaded). */
  shownFields(): RunPatch {
    return this.loaded ? headerFields(this.loaded.header) : { displayName: this.panel.title };
  }

  /** An edit of this run (or its rollback): the header and tab title show it at once. */
  private runChanged(c: RunChange): void {
    if (!sameRun(c.ref, this.ref)) return;
    if (c.patch.displayName !== undefined) this.panel.title = safeText(c.patch.displayName);
    const l = this.loaded;
    if (!l) return;
    l.header = patchHeader(l.header, c.patch);
    this.post({ type: 'header', header: l.header, live: this.live });
  }

  private get live(): boolean {
    return !!this.loaded && isLiveState(this.loaded.detail.state);
  }

  private runMessage(): HostMessage | undefined {
    const l = this.loaded;
    if (!l) return undefined;
    return { type: 'run', header: l.header, config: l.config, summary: l.summary, metrics: l.metrics, systemKeys: l.systemKeys, live: this.live, settings: panelSettings() };
  }

  /** Fetches the run (and its metadata file); on failure the page shows the error and a retry. */
  private async load(): Promise<void> {
    const signal = this.abort.signal;
    try {
      const [detail, meta] = await this.fetchRun(signal);
      this.meta = meta;
      this.loaded = this.shape(detail);
      this.lastStep = detail.historyKeys.lastStep;
      this.summaryJson = JSON.stringify(this.loaded.summary);
      this.panel.title = safeText(detail.displayName);
      const msg = this.runMessage();
      if (msg) this.post(msg);
      this.livePoll.schedule();
    } catch (e) {
      if (signal.aborted) return;
      this.post({ type: 'error', scope: 'run', message: errorText(e) });
    } finally {
      this.loading = undefined;
    }
  }

  /** The run and its metadata: from its folder for a local run (which holds both), else from W&B. */
  private async fetchRun(signal: AbortSignal): Promise<[RunDetail, RunMetadata | undefined]> {
    const local = this.localFor(this.ref);
    if (local) {
      const run = await local.run(this.ref);
      return [run, run.metadata];
    }
    const api = await this.readyApi();
    return Promise.all([
      api.run(this.ref, signal),
      readRunMetadata(api, this.ref, signal).catch((e: unknown) => {
        this.deps.log.warn(`run panel: no wandb-metadata.json for ${refKey(this.ref)}: ${errorText(e)}`);
        return undefined;
      }),
    ]);
  }

  private shape(detail: RunDetail): LoadedRun {
    const shaped = shapeRun(detail, this.meta, this.appUrl());
    return this.localFor(this.ref) ? asLocalShape(shaped, this.ref, this.appUrl()) : shaped;
  }

  private async refresh(): Promise<void> {
    this.history.clear();
    this.system = undefined;
    this.consoleLog = undefined;
    this.loaded = undefined;
    this.media.reset();
    await (this.loading ??= this.load());
    // The tab keeps its text until this replaces it.
    if (this.logsWanted) await this.openLogs();
  }

  protected async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        // A load in flight posts the run itself once it lands (the page listens by now); posting
        // here too made the page draw everything twice and ask for every chart's history twice.
        if (this.loading) {
          await this.loading;
          return;
        }
        const m = this.runMessage();
        if (m) this.post(m);
        else await (this.loading ??= this.load());
        return;
      }
      case 'history':
        return this.sendHistory(msg.requestId, msg.key, msg.xKey, msg.range, msg.columns, msg.drawX);
      case 'system':
        return this.sendSystem();
      case 'logs':
        this.logsWanted = true;
        return this.openLogs();
      case 'logsEarlier':
        return this.earlierLogs();
      case 'media':
        return this.sendMedia(msg.path);
      case 'table':
        return this.sendTable(msg.path);
      case 'mediaIndex':
        return this.sendMediaIndex();
      case 'mediaStep':
        return this.sendMediaStep(msg.key, msg.step);
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        return;
      case 'openExternal': {
        const h = this.loaded?.header;
        return this.openExternal(msg.url, [h?.webUrl, h?.commitUrl].filter((u): u is string => !!u));
      }
      case 'command':
        return this.command(msg.command);
      case 'visible':
        return;
    }
  }

  private async command(command: PanelCommand): Promise<void> {
    switch (command) {
      case 'refresh':
        return this.refresh();
      case 'openInBrowser': {
        const url = this.loaded?.header.webUrl;
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
        return;
      }
      case 'copyPath':
        await vscode.env.clipboard.writeText(refKey(this.ref));
        void vscode.window.setStatusBarMessage(`Copied ${refKey(this.ref)}`, 3000);
        return;
      case 'download': {
        const all = await vscode.commands.getCommands(true);
        if (!all.includes(CMD.downloadRunFiles)) {
          void showInformation('Downloading run files is not available in this version of W&B Explorer.');
          return;
        }
        await vscode.commands.executeCommand(CMD.downloadRunFiles, { ...this.ref });
        return;
      }
      case 'openRun':
        this.panel.reveal();
        return;
      default:
        await vscode.commands.executeCommand(CODE_ACTION_COMMANDS[command], { ...this.ref });
        return;
    }
  }

  private async sendHistory(requestId: number, key: string, xKey: string, range?: [number, number], pixelColumns?: number, drawX: string = xKey): Promise<void> {
    const cacheKey = `${xKey}\u0000${key}`;
    try {
      let columns = range ? undefined : this.history.get(cacheKey);
      if (!columns) {
        columns = await loadHistory(this.sourceFor(this.ref), this.ref, key, xKey, panelSettings().chartPoints, range, this.abort.signal);
        if (!range) this.history.set(cacheKey, columns);
      }
      // More rows than the chart can show: what it draws first, so it paints before taking in the rest.
      const first = !range && pixelColumns ? firstScreenRows(columns, key, drawX, pixelColumns) : undefined;
      if (first) this.post({ type: 'history', requestId, key, xKey, partial: true, runs: [{ run: 0, columns: first }] });
      const out: HostMessage = { type: 'history', requestId, key, xKey, runs: [{ run: 0, columns }] };
      if (range) out.range = range;
      this.post(out);
    } catch (e) {
      if (!this.abort.signal.aborted) this.post({ type: 'error', scope: 'history', requestId, message: `${key}: ${errorText(e)}` });
    }
  }

  private async sendSystem(): Promise<void> {
    try {
      this.system ??= await loadSystem(this.sourceFor(this.ref), this.ref, panelSettings().chartPoints, this.abort.signal);
      this.post({ type: 'system', columns: this.system });
    } catch (e) {
      if (!this.abort.signal.aborted) this.post({ type: 'error', scope: 'system', message: errorText(e) });
    }
  }

  /** The tab's first look (or a refresh): the tail of whichever console output the run has. */
  private async openLogs(): Promise<void> {
    // A local run folder has no streamed lines: its output.log, read from disk by offset.
    const local = this.localFor(this.ref);
    const log = (this.consoleLog = new ConsoleLog(local ? undefined : this.api(), this.ref, local && ((offset) => local.log(this.ref, offset))));
    await this.sendLogText(log, () => log.open(this.abort.signal));
  }

  /** A live tick: what the run wrote since the last read. */
  private async followLogs(): Promise<void> {
    const log = this.consoleLog;
    if (log) await this.sendLogText(log, () => log.next(this.abort.signal));
  }

  /** The page of lines before the first shown (the tab scrolled to its top). */
  private async earlierLogs(): Promise<void> {
    const log = this.consoleLog;
    if (log) await this.sendLogText(log, () => log.earlier(this.abort.signal));
  }

  /** Posts what `read` gives, unless the tab was reopened meanwhile (its text would not fit). */
  private async sendLogText(log: ConsoleLog, read: () => Promise<LogText | undefined>): Promise<void> {
    try {
      const t = await read();
      if (t && log === this.consoleLog) this.post({ type: 'logs', ...t, live: this.live });
    } catch (e) {
      if (!this.abort.signal.aborted && log === this.consoleLog) this.post({ type: 'error', scope: 'logs', message: errorText(e) });
    }
  }

  private async sendMedia(path: string): Promise<void> {
    const l = this.loaded;
    if (!l) return;
    // Only files the tables refer to; the page cannot make the extension fetch anything else.
    if (!mediaPaths(l.summary).has(path) && !mediaPaths(l.config).has(path)) {
      this.deps.log.warn('run panel: refused a media request for a path the run does not show');
      return;
    }
    try {
      const src = await loadImage(this.filesOf(this.ref, 'GET image'), path, this.abort.signal);
      this.post({ type: 'media', path, src });
    } catch (e) {
      if (!this.abort.signal.aborted) this.post({ type: 'error', scope: 'media', message: `${path}: ${errorText(e)}` });
    }
  }

  /** The first rows of a table the run's tables show; on failure the page offers the browser. */
  private async sendTable(path: string): Promise<void> {
    const l = this.loaded;
    if (!l) return;
    if (!tablePaths(l.summary).has(path) && !tablePaths(l.config).has(path)) {
      this.deps.log.warn('run panel: refused a table request for a path the run does not show');
      return;
    }
    try {
      const table = await loadTable(this.filesOf(this.ref, 'GET table'), path, this.abort.signal);
      this.post({ type: 'table', path, table });
    } catch (e) {
      if (this.abort.signal.aborted) return;
      this.deps.log.warn(`run panel: table ${path} of ${refKey(this.ref)}: ${errorText(e)}`);
      this.post({ type: 'table', path, error: errorText(e) });
    }
  }

  /** The Media tab's cards: every media key with its steps. */
  private async sendMediaIndex(): Promise<void> {
    await this.loading;
    const l = this.loaded;
    const index = l && (await mediaIndexFor(this.media, l.detail, this.abort.signal));
    if (index) this.post({ type: 'mediaIndex', ...index });
  }

  private async sendMediaStep(key: string, step: number): Promise<void> {
    const data = await mediaStepFor(this.media, key, step, this.abort.signal);
    if (data) this.post({ type: 'mediaStep', ...data });
  }

  // -------------------------------------------------------------------------------------------
  // Live updates

  protected override visibilityChanged(visible: boolean): void {
    if (visible) this.livePoll.schedule(0);
    else this.livePoll.cancel();
  }

  /** One live tick: state, summary, rows past the last step, new console lines. */
  private async poll(): Promise<void> {
    if (this.disposed || !this.loaded) return;
    const signal = this.abort.signal;
    try {
      const api = this.sourceFor(this.ref);
      const detail = await api.run(this.ref, signal);
      const prev = this.loaded;
      this.loaded = this.shape(detail);
      // Config rarely changes; keep the page's table unless it did.
      if (JSON.stringify(prev.config) === JSON.stringify(this.loaded.config)) this.loaded.config = prev.config;
      else {
        const m = this.runMessage();
        if (m) this.post(m);
      }
      // A burst of logging between two polls: only its last rows come (Refresh fetches everything).
      const fresh = await rowsPast(api, this.ref, this.lastStep, detail.historyKeys.lastStep, signal);
      if (fresh) {
        appendToCache(this.history, fresh.columns);
        this.lastStep = fresh.lastStep;
        this.post({ type: 'append', run: 0, columns: fresh.columns, lastStep: this.lastStep });
      }
      const summaryJson = JSON.stringify(this.loaded.summary);
      if (summaryJson !== this.summaryJson) {
        this.summaryJson = summaryJson;
        this.post({ type: 'summary', summary: this.loaded.summary, metrics: this.loaded.metrics });
      }
      this.post({ type: 'header', header: this.loaded.header, live: this.live });
      if (this.logsWanted) await this.followLogs();
      if (!this.live) {
        this.system = undefined; // the final system rows differ from what was cached
      }
    } catch (e) {
      if (!signal.aborted) this.deps.log.warn(`run panel: live update of ${refKey(this.ref)} failed: ${errorText(e)}`);
    }
  }

  protected override onDispose(): void {
    this.livePoll.dispose();
    this.deps.runPanels.remove(this);
  }
}
