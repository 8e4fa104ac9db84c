/**
 * The Charts tab (run and compare panels): a searchable metric list grouped by prefix, a chart
 * per chosen metric, each with its own x axis, smoothing and log-y (the toolbar sets them for
 * all charts at once), charts drawn when scrolled into view, full resolution fetched for a
 * zoomed range, live rows appended without losing zoom.
 */
import { applyToAll, choiceNote, choose, forget, hasOwnChoice, sanitizeChoices, settingsFor, type ChartDefaults } from '../chart-settings';
import { chartPoints as pointsOf, filterRows, mergeColumns } from '../history-columns';
import { DRAW_X, type Columns, type HostMessage, type MetricInfo } from '../protocol';
import { MetricChart, runColor, xLabel, type SeriesInput } from './chart';
import { button, debounce, h, icon, iconButton } from './dom';
import { post } from './host';
import { formatCount } from '../../format';

export interface ChartsState extends ChartDefaults {
  /** Metrics with a chart, in order; null until the defaults are chosen. */
  selected: string[] | null;
  search: string;
}

export const DEFAULT_CHARTS_STATE: ChartsState = { selected: null, search: '', xKey: '_step', smoothing: 0.6, logY: false, logYFlipped: [], perChart: {} };

export interface RunStyle {
  label: string;
}

const BUILTIN_X = ['_step', '_runtime', '_timestamp'];
const DEFAULT_PANELS = 6;

/** Loss first, then accuracy, then the most-logged: the charts a person looks at first. */
export function defaultMetrics(metrics: MetricInfo[], n = DEFAULT_PANELS): string[] {
  const rank = (k: string) => (/loss/i.test(k) ? 0 : /acc/i.test(k) ? 1 : 2);
  return [...metrics]
    .sort((a, b) => rank(a.key) - rank(b.key) || b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, n)
    .map((m) => m.key);
}

export function groupOf(key: string): string {
  const i = key.indexOf('/');
  return i > 0 ? key.slice(0, i) : 'Charts';
}

interface Panel {
  key: string;
  el: HTMLElement;
  body: HTMLElement;
  status: HTMLElement;
  /** The chart's own x axis / smoothing controls, and the note of what it chose. */
  settings: HTMLElement;
  xSelect: HTMLSelectElement;
  smooth: HTMLInputElement;
  smoothValue: HTMLElement;
  note: HTMLElement;
  chart?: MetricChart;
  data: Columns[];
  /** `data` holds only the first screen's rows; the full rows of the same request follow. */
  partial?: boolean;
  /** The full rows, come while the first screen was not yet painted: taken in after it. */
  pendingFull?: Extract<HostMessage, { type: 'history' }>;
  requestId?: number;
  fetchedFor?: string;
  visible: boolean;
}

let nextRequest = 1;

export class ChartsView {
  readonly el: HTMLElement;
  private metrics: MetricInfo[] = [];
  private readonly panels = new Map<string, Panel>();
  private readonly requests = new Map<number, { key: string; range: boolean }>();
  private readonly list: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly observer: IntersectionObserver;
  private readonly xSelect: HTMLSelectElement;
  private readonly smooth: HTMLInputElement;
  private readonly smoothValue: HTMLElement;
  private readonly defaultsListeners: Array<() => void> = [];

  constructor(
    private runs: RunStyle[],
    private readonly state: ChartsState,
    private readonly onStateChange: () => void,
  ) {
    state.perChart = sanitizeChoices(state.perChart);
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const p = this.panels.get((e.target as HTMLElement).dataset.metric ?? '');
        if (!p) continue;
        p.visible = e.isIntersecting;
        if (p.visible) this.ensure(p);
      }
    });
    const search = h('input', { class: 'search', type: 'search', placeholder: 'Search metrics', 'aria-label': 'Search metrics', value: state.search });
    search.addEventListener(
      'input',
      debounce(() => {
        state.search = search.value;
        onStateChange();
        this.renderList();
      }, 120),
    );
    this.list = h('div', { class: 'metric-list', role: 'list' });
    this.xSelect = h('select', { class: 'x-select', 'aria-label': 'X axis of all charts' });
    this.xSelect.addEventListener('change', () => this.setXAxis(this.xSelect.value));
    this.smoothValue = h('span', { class: 'smooth-value' }, state.smoothing.toFixed(2));
    const smooth = (this.smooth = h('input', { type: 'range', class: 'smoothing', min: '0', max: '0.99', step: '0.01', value: String(state.smoothing), 'aria-label': 'Smoothing of all charts' }));
    smooth.addEventListener('input', () => {
      applyToAll(state, { smoothing: Number(smooth.value) });
      this.smoothValue.textContent = state.smoothing.toFixed(2);
      onStateChange();
      this.redrawAll();
      for (const l of this.defaultsListeners) l();
    });
    const logY = h('input', { type: 'checkbox', class: 'log-y' });
    logY.checked = state.logY;
    logY.addEventListener('change', () => {
      applyToAll(state, { logY: logY.checked });
      onStateChange();
      this.redrawAll();
    });
    this.grid = h('div', { class: 'chart-grid' });
    this.el = h(
      'div',
      { class: 'charts-view' },
      h('aside', { class: 'metric-side' }, search, this.list),
      h(
        'div',
        { class: 'charts-main' },
        h(
          'div',
          { class: 'chart-toolbar' },
          h('span', { class: 'toolbar-scope', title: 'These set every chart; a chart’s own settings (its gear button) set only that chart.' }, 'All charts:'),
          h('label', null, 'X axis ', this.xSelect),
          h('label', { class: 'smooth-label' }, 'Smoothing ', smooth, this.smoothValue),
          h('label', { class: 'check' }, logY, 'Log Y'),
          h('span', { class: 'hint' }, 'Drag to zoom, double-click to reset'),
        ),
        this.grid,
      ),
    );
  }

  /** Called when the toolbar's smoothing changes (the System tab follows it). */
  onDefaultsChange(listener: () => void): void {
    this.defaultsListeners.push(listener);
  }

  /** Sets the toolbar's smoothing from elsewhere (the System tab's slider): all charts follow. */
  setDefaultSmoothing(w: number): void {
    applyToAll(this.state, { smoothing: w });
    this.smooth.value = String(w);
    this.smoothValue.textContent = w.toFixed(2);
    this.onStateChange();
    this.redrawAll();
  }

  /** Every chart by `xKey` (the toolbar's x axis); the metric that is the x axis gets no chart of its own. */
  setXAxis(xKey: string): void {
    applyToAll(this.state, { xKey });
    this.fillXSelect(this.xSelect, xKey);
    this.onStateChange();
    this.renderList();
    this.syncPanels();
    this.refetchOrRedraw();
  }

  /** A metric charted against itself is a diagonal line: the chart's x axis is that metric. */
  private isOwnXAxis(key: string): boolean {
    return this.settingsOf(key).xKey === key;
  }

  setRuns(runs: RunStyle[]): void {
    this.runs = runs;
    this.redrawAll();
  }

  setMetrics(metrics: MetricInfo[]): void {
    this.metrics = metrics;
    if (this.state.selected === null && metrics.length > 0) {
      this.state.selected = defaultMetrics(metrics);
      this.onStateChange();
    }
    this.renderXOptions();
    this.renderList();
    this.syncPanels();
  }

  /** After a refresh: drop what was fetched and ask again for the charts in view. */
  reload(): void {
    for (const p of this.panels.values()) {
      p.data = [];
      p.fetchedFor = undefined;
      p.requestId = undefined;
      if (p.visible) this.ensure(p);
    }
  }

  private settingsOf(key: string): { xKey: string; smoothing: number; logY: boolean } {
    return settingsFor(this.state, key);
  }

  /** The x column a chart's history is fetched by: steps for the built-in axes. */
  private fetchX(p: Panel): string {
    const x = this.settingsOf(p.key).xKey;
    return BUILTIN_X.includes(x) ? '_step' : x;
  }

  /** The x axes to choose from; a chart's own select leaves out its own metric (`except`). */
  private xOptions(except?: string): Array<[string, string]> {
    const metrics = this.metrics.filter((m) => m.key !== except);
    return [['_step', 'Step'], ['_runtime', 'Relative time'], ['_timestamp', 'Wall time'], ...metrics.map((m): [string, string] => [m.key, metricLabel(m.key)])];
  }

  /** `fresh`: the metrics changed, list them again; else a select already filled only picks the value. */
  private fillXSelect(select: HTMLSelectElement, value: string, fresh = false, except?: string): void {
    const opts = this.xOptions(except);
    if (!fresh && select.options.length === opts.length && opts.some(([v]) => v === value)) {
      select.value = value;
      return;
    }
    select.replaceChildren(...opts.map(([v, label]) => h('option', { value: v }, label)));
    // A metric no longer listed (or not yet): keep it chosen rather than fall back silently.
    if (!opts.some(([v]) => v === value)) select.append(h('option', { value }, value));
    select.value = value;
  }

  private renderXOptions(): void {
    this.fillXSelect(this.xSelect, this.state.xKey, true);
    for (const p of this.panels.values()) if (!p.settings.hidden) this.fillXSelect(p.xSelect, this.settingsOf(p.key).xKey, true, p.key);
  }

  private renderList(): void {
    const q = this.state.search.trim().toLowerCase();
    const selected = new Set(this.state.selected ?? []);
    const groups = new Map<string, MetricInfo[]>();
    for (const m of this.metrics) {
      if (q && !m.key.toLowerCase().includes(q)) continue;
      const g = groupOf(m.key);
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(m);
    }
    const out: HTMLElement[] = [];
    for (const [g, ms] of [...groups].sort(([a], [b]) => (a === 'Charts' ? -1 : b === 'Charts' ? 1 : a.localeCompare(b)))) {
      out.push(h('div', { class: 'metric-group' }, icon('folder'), ' ', g, h('span', { class: 'count' }, String(ms.length))));
      for (const m of ms.slice(0, 2000)) {
        const cb = h('input', { type: 'checkbox' });
        cb.checked = selected.has(m.key);
        cb.addEventListener('change', () => this.toggle(m.key, cb.checked));
        const isX = this.state.xKey === m.key;
        // The x axis of all charts is not charted against itself: listed, but not to pick.
        cb.disabled = isX;
        const title = isX ? `${m.key}: the x axis of all charts` : `${m.key} (${formatCount(m.count)} points)`;
        out.push(h('label', { class: `metric-item${isX ? ' is-x-axis' : ''}`, role: 'listitem', title, 'data-metric': m.key }, cb, metricLabel(m.key), isX ? h('span', { class: 'x-axis-note' }, ' (x axis)') : null));
      }
    }
    if (out.length === 0) out.push(h('div', { class: 'empty' }, this.metrics.length ? 'No metric matches.' : 'This run logged no numeric metrics.'));
    this.list.replaceChildren(...out);
  }

  private toggle(key: string, on: boolean): void {
    const sel = (this.state.selected ?? []).filter((k) => k !== key);
    if (on) sel.push(key);
    this.state.selected = sel;
    this.onStateChange();
    this.syncPanels();
    if (on) this.panels.get(key)?.el.scrollIntoView({ block: 'nearest' });
  }

  private syncPanels(): void {
    const want = (this.state.selected ?? []).filter((k) => !this.isOwnXAxis(k));
    for (const [k, p] of this.panels) {
      if (!want.includes(k)) {
        this.observer.unobserve(p.el);
        p.chart?.destroy();
        p.el.remove();
        this.panels.delete(k);
      }
    }
    want.forEach((k) => {
      let p = this.panels.get(k);
      if (!p) {
        p = this.makePanel(k);
        this.panels.set(k, p);
        this.observer.observe(p.el);
      }
      this.grid.appendChild(p.el); // keeps the selection's order
    });
    // With no metrics at all the list on the left says so; one message is enough.
    if (want.length === 0) this.grid.replaceChildren(...(this.metrics.length ? [h('div', { class: 'empty' }, 'Pick metrics on the left to chart them.')] : []));
    else this.grid.querySelector(':scope > .empty')?.remove();
  }

  private makePanel(key: string): Panel {
    const body = h('div', { class: 'chart-body' });
    const status = h('div', { class: 'chart-status' }, 'Loading…');
    const xSelect = h('select', { class: 'chart-x', 'aria-label': `X axis of ${key}` });
    xSelect.addEventListener('change', () => {
      choose(this.state, key, { xKey: xSelect.value });
      this.onStateChange();
      this.settingsChanged(p);
    });
    const smoothValue = h('span', { class: 'smooth-value' });
    const smooth = h('input', { type: 'range', class: 'chart-smoothing', min: '0', max: '0.99', step: '0.01', 'aria-label': `Smoothing of ${key}` });
    smooth.addEventListener('input', () => {
      choose(this.state, key, { smoothing: Number(smooth.value) });
      smoothValue.textContent = Number(smooth.value).toFixed(2);
      this.onStateChange();
      this.settingsChanged(p);
    });
    const reset = button('Use the toolbar’s', 'discard', () => {
      forget(this.state, key);
      this.onStateChange();
      this.settingsChanged(p);
    }, 'chart-reset');
    const settings = h(
      'div',
      { class: 'chart-settings', hidden: true },
      h('label', null, 'X axis ', xSelect),
      h('label', { class: 'smooth-label' }, 'Smoothing ', smooth, smoothValue),
      reset,
    );
    const note = h('span', { class: 'chart-note' });
    const gear = iconButton('settings-gear', 'X axis and smoothing of this chart', () => {
      settings.hidden = !settings.hidden;
      gear.setAttribute('aria-expanded', String(!settings.hidden));
      if (settings.hidden) return;
      this.fillXSelect(xSelect, this.settingsOf(key).xKey, true, key); // the metrics may have changed while closed
      this.syncControls(p);
    }, 'chart-gear');
    gear.setAttribute('aria-expanded', 'false');
    const el = h(
      'section',
      { class: 'chart-panel', 'data-metric': key },
      h(
        'header',
        { class: 'chart-head' },
        h('span', { class: 'chart-title', title: key }, metricLabel(key)),
        note,
        gear,
        iconButton('graph-scatter', 'Toggle log scale for this chart', () => {
          const set = new Set(this.state.logYFlipped);
          if (set.has(key)) set.delete(key);
          else set.add(key);
          this.state.logYFlipped = [...set];
          this.onStateChange();
          this.draw(p);
        }, 'chart-log'),
        iconButton('close', 'Remove chart', () => this.toggle(key, false)),
      ),
      settings,
      status,
      body,
    );
    const p: Panel = { key, el, body, status, settings, xSelect, smooth, smoothValue, note, data: [], visible: false };
    this.syncControls(p);
    return p;
  }

  /** The chart's controls and header note show what it uses now. */
  private syncControls(p: Panel): void {
    const s = this.settingsOf(p.key);
    if (!p.settings.hidden) this.fillXSelect(p.xSelect, s.xKey, false, p.key);
    p.smooth.value = String(s.smoothing);
    p.smoothValue.textContent = s.smoothing.toFixed(2);
    const own = hasOwnChoice(this.state, p.key);
    p.note.textContent = choiceNote(this.state, p.key, xLabel);
    p.note.title = own ? 'This chart’s own settings; the toolbar’s apply to the others' : '';
    p.el.classList.toggle('own-settings', own);
    p.settings.querySelector<HTMLButtonElement>('.chart-reset')!.disabled = !own;
  }

  /** One chart's x axis or smoothing changed: fetch by the new x if needed, else redraw. */
  private settingsChanged(p: Panel): void {
    if (this.isOwnXAxis(p.key)) return this.syncPanels(); // back to the toolbar's x, which is this metric
    this.syncControls(p);
    this.refetchOrRedraw(p);
  }

  private ensure(p: Panel): void {
    const fx = this.fetchX(p);
    if (p.fetchedFor === fx) {
      if (!p.chart) this.draw(p);
      return;
    }
    const requestId = nextRequest++;
    p.requestId = requestId;
    p.fetchedFor = fx;
    p.partial = false;
    p.pendingFull = undefined;
    this.requests.set(requestId, { key: p.key, range: false });
    p.status.textContent = 'Loading…';
    p.status.hidden = false;
    // The chart's frame first (its points then need only be drawn), so the request can say how
    // many pixel columns the chart has: with more rows than that, the host sends the rows on
    // screen first, picked by the x the chart draws by (relative or wall time: over the rows
    // fetched by step).
    const chart = this.chartOf(p);
    chart.frame(this.runs.map((r, run) => ({ label: r.label, color: runColor(run) })));
    // A time axis is built in: its rows are fetched by step (fetchX).
    const drawX = DRAW_X.find((d) => d === this.settingsOf(p.key).xKey);
    post({ type: 'history', requestId, key: p.key, xKey: fx, columns: chart.drawColumns, ...(drawX ? { drawX } : {}) });
  }

  private chartOf(p: Panel): MetricChart {
    if (!p.chart) {
      p.chart = new MetricChart(p.body, this.settingsOf(p.key), (steps) => this.zoomed(p, steps));
      p.chart.setTitle(metricLabel(p.key));
    }
    return p.chart;
  }

  private refetchOrRedraw(only?: Panel): void {
    for (const p of only ? [only] : this.panels.values()) {
      if (only === undefined) this.syncControls(p);
      if (p.fetchedFor !== this.fetchX(p)) {
        p.data = [];
        p.fetchedFor = undefined;
        this.dropChart(p);
        if (p.visible) this.ensure(p);
      } else this.draw(p);
    }
  }

  private dropChart(p: Panel): void {
    p.chart?.destroy();
    p.chart = undefined;
    p.body.replaceChildren();
  }

  redrawAll(): void {
    for (const p of this.panels.values()) {
      this.syncControls(p);
      if (p.chart) this.draw(p);
    }
  }

  retheme(): void {
    for (const p of this.panels.values()) {
      p.chart?.retheme();
      if (p.chart) this.draw(p);
    }
  }

  onHistory(msg: Extract<HostMessage, { type: 'history' }>): void {
    const req = this.requests.get(msg.requestId);
    this.requests.delete(msg.requestId);
    const p = this.panels.get(msg.key);
    if (!req || !p || msg.xKey !== this.fetchX(p)) return;
    if (!req.range && p.requestId !== msg.requestId) return;
    if (!req.range && !msg.partial && p.partial) {
      // The full rows after a first screen: taken in once that screen is painted, since going
      // over every point now would hold up that frame.
      p.pendingFull = msg;
      afterPaint(() => this.takeFull(p, msg));
      return;
    }
    // Rows that follow the full ones (a zoomed range) are laid over the full ones.
    this.takeFull(p);
    if (!req.range) {
      // A first screen is drawn now and its request stays open: the full rows follow under it.
      if (msg.partial) this.requests.set(msg.requestId, req);
      p.partial = msg.partial === true;
    }
    for (const r of msg.runs) {
      const incoming = filterRows(r.columns, msg.key);
      p.data[r.run] = req.range && p.data[r.run] ? mergeColumns(p.data[r.run]!, incoming) : incoming;
    }
    this.draw(p);
    // For tests: how many zoomed ranges have been laid over this chart's sampled rows.
    if (req.range) p.body.dataset.ranges = String(Number(p.body.dataset.ranges ?? 0) + 1);
  }

  onError(requestId: number | undefined, message: string): void {
    const req = requestId !== undefined ? this.requests.get(requestId) : undefined;
    if (!req) return;
    this.requests.delete(requestId!);
    const p = this.panels.get(req.key);
    if (p && !req.range) {
      p.status.textContent = message;
      p.status.hidden = false;
      p.fetchedFor = undefined;
      // A frame built for the points that did not come: nothing to keep (a drawn chart stays).
      if (p.chart?.waiting) this.dropChart(p);
    }
  }

  /** Live rows of one run: appended to the charts that show their keys. */
  /** Takes in the full rows held back after a first screen (`only`: if still those), and draws. */
  private takeFull(p: Panel, only?: Panel['pendingFull']): void {
    const msg = p.pendingFull;
    if (!msg || (only && msg !== only) || this.panels.get(p.key) !== p) return;
    p.pendingFull = undefined;
    // A newer request (another x axis, a refresh) made these rows stale.
    if (p.requestId !== msg.requestId) return;
    p.partial = false;
    for (const r of msg.runs) p.data[r.run] = filterRows(r.columns, msg.key);
    this.draw(p);
  }

  onAppend(run: number, columns: Columns): void {
    for (const p of this.panels.values()) {
      // Live rows go after the full rows, never into a first screen the full rows then replace.
      this.takeFull(p);
      const base = p.data[run];
      if (!base || !columns[p.key]) continue;
      p.data[run] = mergeColumns(base, filterRows(columns, p.key));
      if (p.chart) this.draw(p);
    }
  }

  private series(p: Panel): SeriesInput[] {
    const xKey = this.settingsOf(p.key).xKey;
    const out: SeriesInput[] = [];
    p.data.forEach((cols, run) => {
      if (!cols) return;
      const label = this.runs[run]?.label ?? `run ${run + 1}`;
      const pts = pointsOf(cols, p.key, xKey);
      // Colours are read from the theme at each draw, so a theme change recolours the lines.
      if (pts.x.length > 0) out.push({ ...pts, label, color: runColor(run) }); // runs without the metric get no line
    });
    return out;
  }

  private draw(p: Panel): void {
    if (!p.fetchedFor || p.data.length === 0) return;
    const series = this.series(p);
    const points = series.reduce((n, s) => n + s.x.length, 0);
    p.status.hidden = points > 0;
    if (points === 0) {
      // Say why instead of drawing empty axes: no numeric value at all, or none against this x.
      const xKey = this.settingsOf(p.key).xKey;
      const anyValue = p.data.some((cols) => cols?.[p.key]?.some((v) => v === v));
      p.status.textContent = anyValue || xKey !== '_step' ? `No values of ${metricLabel(p.key)} against ${xLabel(xKey)}.` : `${metricLabel(p.key)} has no numeric values to chart.`;
      this.dropChart(p);
      return;
    }
    const settings = this.settingsOf(p.key);
    if (p.chart) p.chart.update(settings, false);
    this.chartOf(p).setSeries(series, p.partial === true);
    // For tests: how many points the host's first screen drew (kept after the full rows came).
    if (p.partial) p.body.dataset.firstScreen = String(points);
    p.el.classList.toggle('log', settings.logY);
  }

  /** A drag-zoom: fetch that step range at full resolution and lay it over the sampled rows. */
  private zoomed(p: Panel, steps: [number, number] | undefined): void {
    if (!steps) return;
    const requestId = nextRequest++;
    this.requests.set(requestId, { key: p.key, range: true });
    post({ type: 'history', requestId, key: p.key, xKey: this.fetchX(p), range: steps });
  }

  dispose(): void {
    this.observer.disconnect();
    for (const p of this.panels.values()) p.chart?.destroy();
  }
}

/** Runs `fn` once the next frame is painted (a task after the frame's animation callbacks). */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** A metric's name as shown; W&B stores a metric logged under the empty name, which would show as nothing. */
function metricLabel(key: string): string {
  return key === '' ? '(empty name)' : key;
}
