/**
 * One metric chart on uPlot: a line per run (raw faint, smoothed bold), log-y, x axis by step,
 * relative time, wall time or another metric, drag to zoom and double-click to reset, hover
 * values in the legend, colours from the VS Code theme. From the keyboard: focus the chart, then
 * Left/Right (Home/End, PageUp/PageDown) move a cursor whose values are announced, +/- zoom
 * around it, 0 or Escape resets (chart-keys.ts holds the arithmetic).
 */
import uPlot from 'uplot';
import { lowerBound, nearestIndex, pick, upperBound, viewIndices } from '../decimate';
import { emaSmooth } from '../smoothing';
import { formatDuration } from '../../format';
import { formatNumber, formatTick } from './format';
import { cssVar } from './values';
import { cursorAfterKey, cursorStops, stopsInView, zoomAround, ZOOM_IN, ZOOM_OUT, type Range } from './chart-keys';
import { runColor, withAlpha } from './theme-colors';

export { runColor, withAlpha };

export type XKind = '_step' | '_runtime' | '_timestamp' | string;

export interface SeriesInput {
  label: string;
  color: string;
  /** x values (ascending, unique), y values (NaN: none) and each point's step (for zoom fetches). */
  x: Float64Array;
  y: Float64Array;
  steps: Float64Array;
  /** How many of `y` are values, when the caller has counted them already (chartPoints does). */
  values?: number;
}

export interface ChartSettings {
  xKey: XKind;
  logY: boolean;
  smoothing: number;
}

const HEIGHT = 220;

/** Tells a screen reader how to use a focused chart (one per chart: ids must be unique). */
let hints = 0;
const KEY_HINT = 'Left and Right arrows move a cursor over the points, Page Up and Page Down jump, Home and End go to the ends; plus and minus zoom around the cursor, 0 or Escape resets the zoom.';

/** A series as drawn: the full points (log-y and smoothing applied) and the indices on screen. */
interface Prepared {
  x: Float64Array;
  raw: Float64Array;
  smooth?: Float64Array;
  /** Indices drawn over the full extent, for the plot's width when computed. */
  full?: number[];
}

export class MetricChart {
  private plot?: uPlot;
  private series: SeriesInput[] = [];
  private prepared: Prepared[] = [];
  private zoom?: [number, number];
  private silent = false;
  private readonly resize: ResizeObserver;
  private zoomTimer?: ReturnType<typeof setTimeout>;
  private builtFor = '';
  private preparedFor = '';
  /** Pixel columns the decimation was computed for. */
  private columns = 0;
  /** The idle callback that computes the smoothed lines after the first paint. */
  private smoothing?: number;
  /** The keyboard cursor's x (kept as a value, not an index: live rows add points). */
  private cursorX?: number;
  /** Every run's x values merged: where the keyboard cursor stops. Made on the first key. */
  private stops?: Float64Array;
  /** What the chart shows, for its accessible name. */
  private title = '';
  /** Announces the values at the keyboard cursor. */
  private readonly live: HTMLElement;
  /** Built by `frame` and waiting for its points: hidden, not yet drawn. */
  private framed = false;
  /** The series are only the points on screen (the host's first screen); the rest follow. */
  private partial = false;

  constructor(
    readonly el: HTMLElement,
    private settings: ChartSettings,
    /** Step range now shown after a drag zoom, undefined after a reset. */
    private readonly onZoom?: (steps: [number, number] | undefined) => void,
  ) {
    this.resize = new ResizeObserver(() => {
      // The first notification comes right after observe(), before the first paint: at the width
      // the plot was just built for, a setSize would only redraw everything once more.
      if (!this.plot || this.el.clientWidth <= 0 || this.el.clientWidth === this.plot.width) return;
      this.plot.setSize({ width: this.el.clientWidth, height: HEIGHT });
      // Wider than the decimation was made for: pick the points again so it stays exact.
      if (this.pixelColumns() > this.columns) this.redecimate();
    });
    this.resize.observe(this.el);
    // Reachable by Tab; its name says which metric, its description which keys.
    const hint = document.createElement('div');
    hint.id = `chart-keys-${++hints}`;
    hint.className = 'visually-hidden';
    hint.textContent = KEY_HINT;
    this.live = document.createElement('div');
    this.live.className = 'visually-hidden chart-live';
    this.live.setAttribute('role', 'status');
    this.live.setAttribute('aria-live', 'polite');
    this.el.append(hint, this.live);
    this.el.tabIndex = 0;
    this.el.setAttribute('role', 'group');
    this.el.setAttribute('aria-roledescription', 'chart');
    this.el.setAttribute('aria-describedby', hint.id);
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.nameForReaders();
    // For tests: what the chart shows.
    this.el.dataset.smoothing = String(settings.smoothing);
    this.el.dataset.x = settings.xKey;
  }

  get zoomed(): boolean {
    return this.zoom !== undefined;
  }

  get current(): ChartSettings {
    return { ...this.settings };
  }

  /** The metric the chart shows (its accessible name). */
  setTitle(title: string): void {
    this.title = title;
    this.nameForReaders();
  }

  private nameForReaders(): void {
    this.el.setAttribute('aria-label', `${this.title || 'Chart'} against ${xLabel(this.settings.xKey)}`);
  }

  /** True from `frame` until the first points are drawn. */
  get waiting(): boolean {
    return this.framed;
  }

  /**
   * Builds the plot (axes, legend, canvas) for these lines while their points are on the way,
   * hidden until `setSeries` draws them: the points then only need a `setData`, and the work
   * of building a chart overlaps the wait for its data instead of following it.
   */
  frame(lines: ReadonlyArray<Pick<SeriesInput, 'label' | 'color'>>): void {
    // A chart that has points keeps its plot (a reload asks again with the chart on screen).
    if (this.plot || this.series.length > 0) return;
    const empty = new Float64Array(0);
    this.series = lines.map((l) => ({ label: l.label, color: l.color, x: empty, y: empty, steps: empty, values: 0 }));
    this.builtFor = this.signature();
    const opts = this.options(this.el.clientWidth || 400);
    // Two placeholder points for x and each series (two a line when smoothing: raw and
    // smoothed), drawn while hidden: uPlot's axis and line code is compiled and run once in the
    // wait, not on the path from the points to the first paint. Values > 0 suit a log scale.
    this.plot = new uPlot(opts, opts.series.map(() => [1, 2]) as unknown as uPlot.AlignedData, this.el);
    // Laid out now rather than in uPlot's microtask, so `drawColumns` is the plot's own width.
    this.plot.batch(() => undefined);
    this.markRawLegend();
    this.framed = true;
    this.el.classList.add('chart-framed');
  }

  /** Device pixels across the plot: the columns its points are decimated to. */
  get drawColumns(): number {
    return this.pixelColumns();
  }

  /**
   * `partial`: these are only the points the chart draws at its width (the host's first screen),
   * the full series follow; until then there is nothing to smooth, so the raw line stands in.
   */
  setSeries(series: SeriesInput[], partial = false): void {
    this.series = series;
    this.partial = partial;
    this.stops = undefined;
    this.preparedFor = '';
    this.draw();
    this.framed = false;
    this.el.classList.remove('chart-framed');
    if (partial) this.el.dataset.partial = 'true';
    else delete this.el.dataset.partial;
    // For tests and the curious: how many points the chart holds (drawn or not). Set after the
    // draw: the benchmark times up to this attribute.
    let n = 0;
    for (const s of series) n += s.values ?? countValues(s.y);
    this.el.dataset.points = String(n);
  }

  /** New settings; `redraw` false when new series follow at once (one draw instead of two). */
  update(settings: Partial<ChartSettings>, redraw = true): void {
    const xChanged = settings.xKey !== undefined && settings.xKey !== this.settings.xKey;
    this.settings = { ...this.settings, ...settings };
    if (xChanged) {
      this.zoom = undefined;
      delete this.el.dataset.zoom;
      this.stops = undefined;
      this.cursorX = undefined;
      this.nameForReaders();
    }
    this.el.dataset.smoothing = String(this.settings.smoothing);
    this.el.dataset.x = this.settings.xKey;
    // Nothing to draw yet: the first setSeries draws with these settings.
    if (redraw && (this.plot || this.series.length > 0)) this.draw();
  }

  /** Rebuilds with the current theme's colours. */
  retheme(): void {
    this.builtFor = '';
    this.draw();
  }

  private pixelColumns(): number {
    const w = this.plot ? this.plot.bbox.width / (uPlot.pxRatio || 1) : this.el.clientWidth || 400;
    return Math.max(1, Math.ceil(w * (window.devicePixelRatio || 1)));
  }

  /**
   * Full series with log-y and smoothing applied; recomputed only when the data or those
   * settings change. On the chart's first screen the smoothed lines follow when the browser is
   * next idle (smoothLater), the raw line standing in for them, so a long run's chart appears
   * without waiting for a pass over every point that drawing it does not need. Later redraws
   * (live rows, new settings) smooth at once, so a drawn line never flickers back to raw.
   */
  private prepare(): Prepared[] {
    const w = this.settings.smoothing;
    const log = this.settings.logY;
    const key = `${w}|${log}`;
    if (this.preparedFor === key) return this.prepared;
    this.preparedFor = key;
    this.prepared = this.series.map((s) => ({ x: s.x, raw: log ? s.y.map((v) => (v > 0 ? v : NaN)) : s.y }));
    this.cancelSmoothing();
    if (w > 0 && this.partial) {
      // Smoothing the first screen's points would draw a line the full series then moves.
      this.el.dataset.smoothed = 'pending';
    } else if (w > 0 && (!this.plot || this.framed)) {
      // First points (no plot yet, or only the frame built for them): smooth after painting.
      this.smoothLater();
      this.el.dataset.smoothed = 'pending';
    } else {
      if (w > 0) for (const p of this.prepared) p.smooth = emaSmooth(p.x, p.raw, w);
      this.el.dataset.smoothed = w > 0 ? 'done' : 'off';
    }
    return this.prepared;
  }

  private smoothLater(): void {
    const run = () => {
      this.smoothing = undefined;
      const w = this.settings.smoothing;
      if (w <= 0) return;
      for (const p of this.prepared) {
        p.smooth = emaSmooth(p.x, p.raw, w);
        p.full = undefined; // the smoothed line has its own extremes to keep
      }
      this.el.dataset.smoothed = 'done';
      this.setData(this.data());
    };
    // Idle, so the frame with the raw lines is painted first; the timeout bounds the wait.
    this.smoothing = typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 250 }) : (setTimeout(run, 0) as unknown as number);
  }

  private cancelSmoothing(): void {
    if (this.smoothing === undefined) return;
    if (typeof cancelIdleCallback === 'function') cancelIdleCallback(this.smoothing);
    else clearTimeout(this.smoothing);
    this.smoothing = undefined;
  }

  /** What uPlot draws: per run its decimated points for the current view and width. */
  private data(): uPlot.AlignedData {
    const prepared = this.prepare();
    const columns = this.pixelColumns();
    if (columns !== this.columns) for (const p of prepared) p.full = undefined;
    this.columns = columns;
    let drawn = 0;
    const smoothingOn = this.settings.smoothing > 0;
    const tables: uPlot.AlignedData[] = prepared.map((p) => {
      const ys = p.smooth ? [p.raw, p.smooth] : [p.raw];
      p.full ??= viewIndices(p.x, ys, columns);
      const idx = this.zoom ? viewIndices(p.x, ys, columns, this.zoom, p.full) : p.full;
      drawn += idx.length;
      // uPlot takes null, not NaN, as a gap; only the few points drawn are converted.
      const raw = plotValues(p.raw, idx);
      // Until the smoothed line is computed, the raw line stands in for it (drawn bold).
      const shown = smoothingOn ? [raw, p.smooth ? plotValues(p.smooth, idx) : raw] : [raw];
      return [pick(p.x, idx), ...shown] as uPlot.AlignedData;
    });
    this.el.dataset.drawn = String(drawn);
    if (tables.length === 0) return [[]];
    if (tables.length === 1) return tables[0]!;
    return uPlot.join(tables);
  }

  private signature(): string {
    return JSON.stringify([this.series.map((s) => [s.label, s.color]), this.settings.logY, this.settings.xKey, this.settings.smoothing > 0, document.body.className]);
  }

  private draw(): void {
    const t0 = performance.now();
    this.drawNow();
    // For the benchmarks: how long the last (re)draw took, data preparation included.
    this.el.dataset.renderMs = (performance.now() - t0).toFixed(1);
  }

  private drawNow(): void {
    const width = this.el.clientWidth || 400;
    const sig = this.signature();
    if (this.plot && sig === this.builtFor) {
      this.setData(this.data());
      return;
    }
    this.plot?.destroy();
    this.plot = undefined;
    this.builtFor = sig;
    const data = this.data();
    this.plot = new uPlot(this.options(width), data, this.el);
    if (this.zoom) {
      this.silent = true;
      this.plot.setScale('x', { min: this.zoom[0], max: this.zoom[1] });
      this.silent = false;
    }
    this.markRawLegend();
  }

  /** New points for the plot, keeping the zoom. */
  private setData(data: uPlot.AlignedData): void {
    if (!this.plot) return;
    this.silent = true;
    this.plot.setData(data, true);
    if (this.zoom) this.plot.setScale('x', { min: this.zoom[0], max: this.zoom[1] });
    this.silent = false;
  }

  /** Picks the drawn points again for the current zoom and width. */
  private redecimate(): void {
    if (!this.plot) return;
    const before = this.el.dataset.drawn;
    const data = this.data();
    // Nothing was left out and nothing will be: uPlot already has every point.
    if (before === this.el.dataset.drawn && this.prepared.every((p) => p.full?.length === p.x.length)) return;
    this.setData(data);
  }

  private options(width: number): uPlot.Options {
    const fg = cssVar('--vscode-foreground', '#ccc');
    const grid = withAlpha(cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#555')), 0.5);
    const font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
    const smooth = this.settings.smoothing > 0;
    const xKey = this.settings.xKey;
    const series: uPlot.Series[] = [
      {
        label: xLabel(xKey),
        value: (u, v) => {
          const hit = this.hover(u);
          const x = hit ? hit.x : v;
          return x === null || x === undefined ? '' : xValue(xKey, x);
        },
      },
    ];
    this.series.forEach((s, run) => {
      const value = (smoothed: boolean) => (u: uPlot, v: number | null) => {
        const hit = this.hover(u);
        const y = hit ? this.valueAt(run, hit.x, smoothed) : v;
        return y === null || y === undefined ? '—' : formatNumber(y);
      };
      series.push({
        label: s.label,
        stroke: smooth ? withAlpha(s.color, 0.25) : s.color,
        width: smooth ? 1 : 1.5,
        spanGaps: true,
        points: { show: false },
        value: value(false),
      });
      if (smooth) {
        series.push({
          label: `${s.label} (smoothed)`,
          stroke: s.color,
          width: 2,
          spanGaps: true,
          points: { show: false },
          value: value(true),
        });
      }
    });
    const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
      stroke: fg,
      font,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      ...extra,
    });
    return {
      width,
      height: HEIGHT,
      series,
      scales: {
        x: { time: xKey === '_timestamp' },
        y: this.settings.logY ? { distr: 3 } : {},
      },
      axes: [
        axis(xKey === '_timestamp' ? {} : { values: (_u, ticks) => ticks.map((t) => (xKey === '_runtime' ? formatDuration(t * 1000) : formatTick(t))) }),
        axis({ size: 56, values: (_u, ticks) => ticks.map((t) => formatTick(t)) }),
      ],
      cursor: { drag: { x: true, y: false }, points: { size: 5 } },
      legend: { live: true },
      hooks: {
        setScale: [(u, key) => key === 'x' && this.scaleChanged(u)],
        setSeries: [(u, idx, opts) => this.pairToggle(u, idx, opts)],
      },
    };
  }

  /**
   * Under the cursor, the x of the nearest true point of any run: the legend reads the full
   * data, not the decimated points on screen.
   */
  private hover(u: uPlot): { x: number } | undefined {
    const left = u.cursor.left;
    if (u.cursor.idx === null || u.cursor.idx === undefined || left === undefined || left < 0) return undefined;
    const at = u.posToVal(left, 'x');
    let best: number | undefined;
    for (const p of this.prepared) {
      if (p.x.length === 0) continue;
      const x = p.x[nearestIndex(p.x, at)]!;
      if (best === undefined || Math.abs(x - at) < Math.abs(best - at)) best = x;
    }
    return best === undefined ? undefined : { x: best };
  }

  /** A run's true value at x (its nearest point), or null outside its points. */
  private valueAt(run: number, x: number, smoothed: boolean): number | null {
    const p = this.prepared[run];
    if (!p || p.x.length === 0 || x < p.x[0]! || x > p.x[p.x.length - 1]!) return null;
    const v = (smoothed ? p.smooth : p.raw)?.[nearestIndex(p.x, x)];
    return v === undefined || v !== v ? null : v;
  }

  /** With smoothing on, each run has two series; the raw one follows its smoothed twin. */
  private pairToggle(u: uPlot, idx: number | null, opts: uPlot.Series): void {
    if (this.settings.smoothing <= 0 || idx === null || idx < 1 || opts.show === undefined) return;
    if ((idx - 1) % 2 === 1) {
      const raw = idx - 1;
      if (u.series[raw] && u.series[raw]!.show !== opts.show) u.setSeries(raw, { show: opts.show });
    }
  }

  private markRawLegend(): void {
    if (!this.plot || this.settings.smoothing <= 0) return;
    const rows = this.plot.root.querySelectorAll('.u-legend .u-series');
    rows.forEach((row, i) => {
      if (i > 0 && (i - 1) % 2 === 0) row.classList.add('raw-series');
    });
  }

  private extent(): [number, number] | undefined {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of this.series) {
      if (s.x.length === 0) continue;
      lo = Math.min(lo, s.x[0]!);
      hi = Math.max(hi, s.x[s.x.length - 1]!);
    }
    return lo <= hi ? [lo, hi] : undefined;
  }

  private scaleChanged(u: uPlot): void {
    if (this.silent) return;
    const min = u.scales.x?.min;
    const max = u.scales.x?.max;
    const ext = this.extent();
    if (min === undefined || max === undefined || min === null || max === null || !ext) return;
    const full = min <= ext[0] && max >= ext[1];
    const was = this.zoom;
    this.zoom = full ? undefined : [min, max];
    if (this.zoom) this.el.dataset.zoom = `${this.zoom[0]},${this.zoom[1]}`;
    else delete this.el.dataset.zoom;
    // The zoomed range at full resolution (or back to the whole extent), after uPlot's own update.
    if (was?.[0] !== this.zoom?.[0] || was?.[1] !== this.zoom?.[1]) queueMicrotask(() => this.redecimate());
    if (!this.onZoom) return;
    if (this.zoomTimer) clearTimeout(this.zoomTimer);
    this.zoomTimer = setTimeout(() => this.onZoom?.(this.zoom ? this.stepRange(this.zoom) : undefined), 250);
  }

  // ----- keyboard ----------------------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || !this.plot) return;
    const ext = this.extent();
    if (!ext) return;
    this.stops ??= cursorStops(this.series.map((s) => s.x));
    const stops = this.stops;
    if (stops.length === 0) return;
    const view: Range = this.zoom ?? ext;
    if (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '_') {
      const center = this.cursorX ?? (view[0] + view[1]) / 2;
      // Never narrower than about two points: a zoom in must still show a line.
      const minWidth = stops.length > 1 ? (2 * (ext[1] - ext[0])) / (stops.length - 1) : 0;
      this.showRange(zoomAround(view, ext, center, e.key === '-' || e.key === '_' ? ZOOM_OUT : ZOOM_IN, minWidth) ?? ext, stops);
    } else if (e.key === '0' || (e.key === 'Escape' && this.zoom)) {
      this.showRange(ext, stops);
    } else {
      const shown = stopsInView(stops, this.zoom);
      const at = shown ? cursorAfterKey(e.key, this.cursorX === undefined ? undefined : nearestIndex(stops, this.cursorX), shown) : undefined;
      if (at === undefined) return;
      this.cursorX = stops[at];
      this.showCursor();
      this.live.textContent = this.valuesAtCursor();
    }
    e.preventDefault();
  }

  /** Shows an x range as a drag zoom does (the full extent: no zoom), the cursor kept inside. */
  private showRange(range: Range, stops: Float64Array): void {
    // Batched: uPlot applies the scale (and our setScale hook records the zoom) right now, not
    // in a microtask, so the cursor below is placed on the new scale.
    const u = this.plot;
    u?.batch(() => u.setScale('x', { min: range[0], max: range[1] }));
    const shown = stopsInView(stops, this.zoom);
    if (shown && this.cursorX !== undefined) this.cursorX = stops[Math.min(shown[1], Math.max(shown[0], nearestIndex(stops, this.cursorX)))];
    this.showCursor();
    const key = this.settings.xKey;
    this.live.textContent = this.zoom ? `Zoomed to ${xLabel(key)} ${xValue(key, this.zoom[0])} to ${xValue(key, this.zoom[1])}` : 'Zoom reset: the whole run';
  }

  /** Draws the keyboard cursor, if there is one; the legend follows it. */
  private showCursor(): void {
    const u = this.plot;
    const x = this.cursorX;
    if (!u || x === undefined) return;
    u.setCursor({ left: u.valToPos(x, 'x'), top: u.bbox.height / (uPlot.pxRatio || 1) / 2 });
    this.el.dataset.cursor = String(x); // for tests
  }

  /** What a screen reader says at the cursor: its x, then each run's value there. */
  private valuesAtCursor(): string {
    const x = this.cursorX;
    if (x === undefined) return '';
    const key = this.settings.xKey;
    const smoothed = this.settings.smoothing > 0;
    const values = this.series.map((s, run) => {
      const v = this.valueAt(run, x, false);
      const sm = smoothed ? this.valueAt(run, x, true) : null;
      return `${s.label} ${v === null ? 'no value' : formatNumber(v)}${sm === null ? '' : `, smoothed ${formatNumber(sm)}`}`;
    });
    return [`${xLabel(key)} ${xValue(key, x)}`, ...values].join('; ');
  }

  /** The steps of the points within an x range, over all runs. */
  private stepRange([lo, hi]: [number, number]): [number, number] | undefined {
    let a = Infinity;
    let b = -Infinity;
    for (const s of this.series) {
      if (s.x.length === 0) continue;
      // One point either side, so the lines reach the edges of the zoomed view.
      const from = Math.max(0, lowerBound(s.x, lo) - 1);
      const to = Math.min(s.x.length - 1, upperBound(s.x, hi));
      for (let i = from; i <= to; i++) {
        a = Math.min(a, s.steps[i]!);
        b = Math.max(b, s.steps[i]!);
      }
    }
    return a <= b ? [a, b] : undefined;
  }

  destroy(): void {
    this.framed = false;
    this.el.classList.remove('chart-framed');
    if (this.zoomTimer) clearTimeout(this.zoomTimer);
    this.cancelSmoothing();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }
}

function countValues(ys: Float64Array): number {
  let n = 0;
  for (let i = 0; i < ys.length; i++) if (ys[i] === ys[i]) n++;
  return n;
}

/** `ys` at `idx` as uPlot draws them: NaN (no value) becomes null, a gap. */
function plotValues(ys: Float64Array, idx: readonly number[]): Array<number | null> {
  const out = new Array<number | null>(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const v = ys[idx[k]!]!;
    out[k] = v === v ? v : null;
  }
  return out;
}

export function xLabel(xKey: string): string {
  return xKey === '_step' ? 'Step' : xKey === '_runtime' ? 'Relative time' : xKey === '_timestamp' ? 'Wall time' : xKey;
}

function xValue(xKey: string, v: number): string {
  if (xKey === '_runtime') return formatDuration(v * 1000);
  if (xKey === '_timestamp') return new Date(v * 1000).toLocaleString();
  return formatNumber(v);
}
