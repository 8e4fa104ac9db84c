/**
 * The compare panel: 2–20 runs side by side. Overlaid charts (one colour per run), a config
 * diff and summaries against a baseline; the diffing happens in the page (diff.ts). While any
 * of the runs is running and the panel visible, new history rows of those runs are appended.
 */
import pLimit from 'p-limit';
import * as vscode from 'vscode';
import type { RunRef } from '../api/model/run';
import { isLocalRef } from '../local/local-ref';
import { asLocalShape } from './local-run-source';
import type { RunDetail } from '../api/model/run';
import { BasePanel, errorText, panelSettings, type PanelDeps } from './base-panel';
import type { Columns, CompareRunData, HostMessage, MetricInfo, WebviewMessage } from './protocol';
import { mediaPaths, tablePaths } from './flatten';
import { loadHistory, loadImage, loadTable, patchHeader, shapeRun } from './run-data';
import { firstScreenRows } from './history-columns';
import { sameRun, type RunChange } from '../run-changes';
import { appendToCache, isLiveState, LivePoll, rowsPast } from './live-updates';
import { asRunRef, refKey, RunPanel } from './run-panel';
import { COMPARE_VIEW_TYPE } from '../ids';
import { MediaHost, mediaIndexFor, mediaStepFor } from './media-host';
import { safeText } from '../text/safe-text';
import { metricDefinitions } from '../api/model/metric-definitions';
import { goalFacts, type Goal, type RunSweepMetric } from './metric-direction';
import { stepCount } from './run-lengths';

export const MAX_COMPARE = 20;

export class ComparePanel extends BasePanel {
  static show(deps: PanelDeps, refs: RunRef[]): ComparePanel {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Compare ${refs.length} runs`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
    });
    return new ComparePanel(deps, panel, refs);
  }

  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): void {
    const raw = (state as { refs?: unknown } | undefined)?.refs;
    const refs = Array.isArray(raw) ? raw.map(asRunRef).filter((r): r is RunRef => !!r).slice(0, MAX_COMPARE) : [];
    if (refs.length < 2) {
      panel.dispose();
      return;
    }
    new ComparePanel(deps, panel, refs);
  }

  private data?: HostMessage;
  /** History requests in flight (20 runs × several charts would otherwise be 100+ at once). */
  private readonly slots = pLimit(6);
  private loading?: Promise<void>;
  private readonly history = new Map<string, Columns>();
  /** Per run: its state and the last history step the panel holds (for live appends). */
  private states: string[] = [];
  private lastSteps: number[] = [];
  /** The runs as last loaded (the Media tab reads their media keys from them). */
  private details: RunDetail[] = [];
  /** The Media tab's fetching, one per run, as the run panel's (same cache and cancelling). */
  private readonly media: MediaHost[];
  private readonly livePoll = new LivePoll(
    () => this.poll(),
    () => !this.disposed && this.panel.visible && this.states.some(isLiveState),
    () => panelSettings().livePollSeconds * 1000,
  );

  private constructor(
    deps: PanelDeps,
    panel: vscode.WebviewPanel,
    readonly refs: RunRef[],
  ) {
    super(deps, panel, 'compare', { kind: 'compare', refs: refs.map((r) => ({ entity: r.entity, project: r.project, runId: r.runId })) });
    this.media = refs.map((ref) => new MediaHost({ history: () => this.sourceFor(ref), files: () => this.filesOf(ref), ref, signal: this.abort.signal, warn: (m) => this.deps.log.warn(m) }));
    this.loading = this.load();
    this.disposables.push(deps.session.onDidChange((st) => st.kind === 'signedIn' && !this.data && !this.loading && void (this.loading = this.load())));
    this.disposables.push(deps.runChanges.onDidChange((c) => this.runChanged(c)));
    // A local run's folder changed: poll now rather than at the next tick.
    this.followLocal(refs, () => this.data && this.livePoll.schedule(0));
  }

  /** A run shaped for the page; a local one keeps its own ref and links to W&B only when synced. */
  private shape(ref: RunRef, detail: RunDetail) {
    const shaped = shapeRun(detail, undefined, this.appUrl());
    return isLocalRef(ref) ? asLocalShape(shaped, ref, this.appUrl()) : shaped;
  }

  private setTitle(names: string[]): void {
    this.panel.title = safeText(`Compare: ${names.join(', ')}`).slice(0, 80);
  }

  /** An edit of one of the runs (or its rollback): its name, tags and notes follow at once. */
  private runChanged(c: RunChange): void {
    if (this.data?.type !== 'compare') return;
    const runs = this.data.runs;
    let hit = false;
    this.refs.forEach((ref, i) => {
      const r = runs[i];
      if (!r || !sameRun(ref, c.ref)) return;
      hit = true;
      r.header = patchHeader(r.header, c.patch);
      this.post({ type: 'header', run: i, header: r.header, live: isLiveState(r.header.state) });
    });
    if (hit) this.setTitle(runs.map((r) => r.header.name));
  }

  private async load(): Promise<void> {
    const signal = this.abort.signal;
    try {
      // Only local runs: no session needed.
      if (this.refs.some((r) => !isLocalRef(r))) await this.readyApi();
      const details = await Promise.all(this.refs.map((r) => this.sourceFor(r).run(r, signal)));
      const runs: CompareRunData[] = details.map((d, i) => {
        const s = this.shape(this.refs[i]!, d);
        return { header: s.header, config: s.config, summary: s.summary, steps: stepCount({ historyLineCount: d.historyLineCount, lastStep: d.historyKeys.lastStep }) };
      });
      const goals = goalFacts(
        details.map((d) => metricDefinitions(d.config)),
        await this.sweepMetrics(details, signal),
      );
      // Metrics any run logged, most-logged first within the union.
      const metrics = new Map<string, MetricInfo>();
      for (const d of details) {
        for (const m of shapeRun(d, undefined, '').metrics) {
          const prev = metrics.get(m.key);
          metrics.set(m.key, { key: m.key, count: Math.max(prev?.count ?? 0, m.count) });
        }
      }
      this.setTitle(details.map((d) => d.displayName));
      this.details = details;
      this.states = details.map((d) => d.state);
      this.lastSteps = details.map((d) => d.historyKeys.lastStep);
      this.data = { type: 'compare', runs, metrics: [...metrics.values()], goals, settings: panelSettings() };
      this.post(this.data);
      this.livePoll.schedule();
    } catch (e) {
      if (!signal.aborted) this.post({ type: 'error', scope: 'run', message: errorText(e) });
    } finally {
      this.loading = undefined;
    }
  }

  /**
   * The metric of each remote run's sweep (one request per sweep), for the direction of deltas.
   * A sweep that cannot be read only leaves that direction unknown.
   */
  private async sweepMetrics(details: readonly RunDetail[], signal: AbortSignal): Promise<RunSweepMetric[]> {
    const bySweep = new Map<string, Promise<{ name: string; goal: Goal } | undefined>>();
    const out: RunSweepMetric[] = [];
    await Promise.all(
      details.map(async (d, run) => {
        const ref = this.refs[run]!;
        if (!d.sweepName || isLocalRef(ref)) return;
        const key = `${ref.entity}/${ref.project}/${d.sweepName}`;
        let metric = bySweep.get(key);
        if (!metric) {
          metric = this.slots(() => this.api().sweepMetric({ entity: ref.entity, project: ref.project, sweepId: d.sweepName! }, signal)).catch((e: unknown) => {
            if (!signal.aborted) this.deps.log.warn(`compare panel: sweep ${key}: ${errorText(e)}`);
            return undefined;
          });
          bySweep.set(key, metric);
        }
        const m = await metric;
        if (m) out.push({ run, sweepId: d.sweepName, metric: m });
      }),
    );
    return out.sort((a, b) => a.run - b.run);
  }

  protected async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        // A load in flight posts the data itself when it lands; posting here too drew twice.
        if (this.loading) {
          await this.loading;
          return;
        }
        if (this.data) this.post(this.data);
        else await (this.loading ??= this.load());
        return;
      case 'history':
        return this.sendHistory(msg.requestId, msg.key, msg.xKey, msg.range, msg.columns, msg.drawX);
      case 'media':
        return msg.run === undefined ? undefined : this.sendMedia(msg.run, msg.path);
      case 'table':
        return msg.run === undefined ? undefined : this.sendTable(msg.run, msg.path);
      case 'mediaIndex':
        return this.sendMediaIndex();
      case 'mediaStep':
        return msg.run === undefined ? undefined : this.sendMediaStep(msg.run, msg.key, msg.step);
      case 'copy':
        await vscode.env.clipboard.writeText(msg.text);
        return;
      case 'openExternal': {
        const runs = this.data?.type === 'compare' ? this.data.runs : [];
        return this.openExternal(msg.url, runs.map((r) => r.header.webUrl));
      }
      case 'command': {
        const ref = msg.run !== undefined ? this.refs[msg.run] : undefined;
        if (msg.command === 'refresh') {
          this.history.clear();
          for (const m of this.media) m.reset();
          this.data = undefined;
          await (this.loading ??= this.load());
        } else if (ref && msg.command === 'openRun') {
          RunPanel.show(this.deps, ref);
        } else if (ref && msg.command === 'openInBrowser' && this.data?.type === 'compare') {
          const url = this.data.runs[msg.run!]?.header.webUrl;
          if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
        } else if (ref && msg.command === 'copyPath') {
          await vscode.env.clipboard.writeText(refKey(ref));
        }
        return;
      }
      default:
        return;
    }
  }

  /** An image of one run's tables, as the run panel loads it (a data: URI the CSP allows). */
  private async sendMedia(run: number, path: string): Promise<void> {
    const ref = this.refs[run];
    const shown = this.data?.type === 'compare' ? this.data.runs[run] : undefined;
    if (!ref || !shown) return;
    // Only files that run's tables refer to; the page cannot make the extension fetch anything else.
    if (!mediaPaths(shown.summary).has(path) && !mediaPaths(shown.config).has(path)) {
      this.deps.log.warn('compare panel: refused a media request for a path the run does not show');
      return;
    }
    try {
      const src = await this.slots(() => loadImage(this.filesOf(ref, 'GET image'), path, this.abort.signal));
      this.post({ type: 'media', path, src, run });
    } catch (e) {
      if (!this.abort.signal.aborted) this.deps.log.warn(`compare panel: ${path} of ${refKey(ref)}: ${errorText(e)}`);
    }
  }

  /** The Media tab's cards: each run's media keys with their steps (an error names the run it is about). */
  private async sendMediaIndex(): Promise<void> {
    await this.loading;
    if (this.details.length !== this.refs.length) return;
    const runs = await Promise.all(this.details.map((d, i) => mediaIndexFor(this.media[i]!, d, this.abort.signal)));
    if (runs.every((r) => r !== undefined)) this.post({ type: 'compareMediaIndex', runs });
  }

  /** One run's files of one card at one step (that run's own step: the page picks it). */
  private async sendMediaStep(run: number, key: string, step: number): Promise<void> {
    const host = this.media[run];
    const data = host && (await mediaStepFor(host, key, step, this.abort.signal));
    if (data) this.post({ type: 'mediaStep', run, ...data });
  }

  /** The first rows of a table one run's tables show; on failure the page offers the browser. */
  private async sendTable(run: number, path: string): Promise<void> {
    const ref = this.refs[run];
    const shown = this.data?.type === 'compare' ? this.data.runs[run] : undefined;
    if (!ref || !shown) return;
    if (!tablePaths(shown.summary).has(path) && !tablePaths(shown.config).has(path)) {
      this.deps.log.warn('compare panel: refused a table request for a path the run does not show');
      return;
    }
    try {
      const table = await this.slots(() => loadTable(this.filesOf(ref, 'GET table'), path, this.abort.signal));
      this.post({ type: 'table', path, run, table });
    } catch (e) {
      if (this.abort.signal.aborted) return;
      this.deps.log.warn(`compare panel: table ${path} of ${refKey(ref)}: ${errorText(e)}`);
      this.post({ type: 'table', path, run, error: errorText(e) });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Live updates (the run panel's logic, per run: see live-updates.ts)

  protected override visibilityChanged(visible: boolean): void {
    if (visible) this.livePoll.schedule(0);
    else this.livePoll.cancel();
  }

  /** One live tick: each running run's state, summary, and the rows it logged since the last tick. */
  private async poll(): Promise<void> {
    const data = this.data;
    if (this.disposed || data?.type !== 'compare') return;
    const runs = data.runs;
    const signal = this.abort.signal;
    await Promise.all(
      this.refs.map(async (ref, i) => {
        if (!isLiveState(this.states[i] ?? '')) return;
        try {
          const api = this.sourceFor(ref);
          const detail = await this.slots(() => api.run(ref, signal));
          const fresh = await this.slots(() => rowsPast(api, ref, this.lastSteps[i] ?? -1, detail.historyKeys.lastStep, signal));
          if (this.disposed || this.data !== data) return; // refreshed meanwhile
          if (fresh) {
            appendToCache(this.history, fresh.columns, (k) => k.startsWith(`${i}\u0000`));
            this.lastSteps[i] = fresh.lastStep;
            this.post({ type: 'append', run: i, columns: fresh.columns, lastStep: fresh.lastStep });
          }
          this.states[i] = detail.state;
          const shaped = this.shape(ref, detail);
          const prev = runs[i]!;
          runs[i] = { ...prev, header: shaped.header };
          this.post({ type: 'header', run: i, header: shaped.header, live: isLiveState(detail.state) });
          if (JSON.stringify(shaped.summary) !== JSON.stringify(prev.summary)) {
            runs[i]!.summary = shaped.summary;
            this.post({ type: 'summary', run: i, summary: shaped.summary, metrics: shaped.metrics });
          }
        } catch (e) {
          if (!signal.aborted) this.deps.log.warn(`compare panel: live update of ${refKey(ref)} failed: ${errorText(e)}`);
        }
      }),
    );
  }

  protected override onDispose(): void {
    this.livePoll.dispose();
  }

  private async sendHistory(requestId: number, key: string, xKey: string, range?: [number, number], pixelColumns?: number, drawX: string = xKey): Promise<void> {
    const samples = panelSettings().chartPoints;
    const results = await Promise.all(
      this.refs.map(async (ref, run) => {
        const cacheKey = `${run}\u0000${xKey}\u0000${key}`;
        try {
          let columns = range ? undefined : this.history.get(cacheKey);
          if (!columns) {
            columns = await this.slots(() => loadHistory(this.sourceFor(ref), ref, key, xKey, samples, range, this.abort.signal));
            if (!range) this.history.set(cacheKey, columns);
          }
          return { run, columns };
        } catch (e) {
          this.deps.log.warn(`compare panel: ${key} of ${refKey(ref)}: ${errorText(e)}`);
          return { run, columns: {} as Columns };
        }
      }),
    );
    // Runs with more rows than the chart can show: what it draws first, the full rows after.
    if (!range && pixelColumns) {
      let fewer = false;
      const first = results.map((r) => {
        const rows = firstScreenRows(r.columns, key, drawX, pixelColumns);
        if (rows) fewer = true;
        return { run: r.run, columns: rows ?? r.columns };
      });
      if (fewer) this.post({ type: 'history', requestId, key, xKey, partial: true, runs: first });
    }
    const out: HostMessage = { type: 'history', requestId, key, xKey, runs: results };
    if (range) out.range = range;
    this.post(out);
  }
}
