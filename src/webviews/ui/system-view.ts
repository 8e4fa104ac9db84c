/**
 * The System tab: CPU, memory, GPU, network and disk metrics from the run's events, one chart
 * per key, grouped by kind, on relative time. Same chart component as the metrics, smoothed
 * like them: the tab's slider and the Charts toolbar's are the same setting.
 */
import type { Columns } from '../protocol';
import { MetricChart, runColor, type SeriesInput } from './chart';
import { chartPoints as pointsOf } from '../history-columns';
import { h } from './dom';
import { systemMetricTitle as label } from '../system-metrics';

const GROUPS: Array<[string, RegExp]> = [
  ['CPU', /cpu/i],
  ['GPU', /gpu|tpu|neuron|ipu/i],
  ['Memory', /mem|swap/i],
  ['Network', /network|net\./i],
  ['Disk', /disk/i],
];

export function systemGroup(key: string): string {
  for (const [g, re] of GROUPS) if (re.test(key)) return g;
  return 'Other';
}


export class SystemView {
  readonly el: HTMLElement;
  private charts: Array<{ chart: MetricChart; series: () => SeriesInput[] }> = [];
  private loaded = false;
  private readonly body: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly sliderValue: HTMLElement;

  constructor(
    private readonly smoothing: () => number,
    /** The tab's smoothing slider moved: the new value for every chart. */
    onSmoothing?: (w: number) => void,
  ) {
    this.sliderValue = h('span', { class: 'smooth-value' }, smoothing().toFixed(2));
    this.slider = h('input', { type: 'range', class: 'system-smoothing', min: '0', max: '0.99', step: '0.01', value: String(smoothing()), 'aria-label': 'Smoothing' });
    this.slider.addEventListener('input', () => onSmoothing?.(Number(this.slider.value)));
    this.body = h('div', null, h('div', { class: 'empty' }, 'Loading system metrics…'));
    this.el = h(
      'div',
      { class: 'system-view' },
      h('div', { class: 'chart-toolbar' }, h('label', { class: 'smooth-label' }, 'Smoothing ', this.slider, this.sliderValue), h('span', { class: 'hint' }, 'Drag to zoom, double-click to reset')),
      this.body,
    );
  }

  /** The smoothing setting changed (here or on the Charts tab): redraw every chart with it. */
  smoothingChanged(): void {
    const w = this.smoothing();
    this.slider.value = String(w);
    this.sliderValue.textContent = w.toFixed(2);
    for (const c of this.charts) c.chart.update({ smoothing: w });
  }

  /** Shows a message (an error) instead of the charts. */
  showMessage(el: HTMLElement): void {
    for (const c of this.charts) c.chart.destroy();
    this.charts = [];
    this.body.replaceChildren(el);
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  setColumns(cols: Columns): void {
    this.loaded = true;
    for (const c of this.charts) c.chart.destroy();
    this.charts = [];
    const keys = Object.keys(cols)
      .filter((k) => !k.startsWith('_') && cols[k]!.some((v) => v !== null))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    if (keys.length === 0) {
      this.body.replaceChildren(h('div', { class: 'empty' }, 'This run recorded no system metrics.'));
      return;
    }
    const byGroup = new Map<string, string[]>();
    for (const k of keys) {
      const g = systemGroup(k);
      if (!byGroup.has(g)) byGroup.set(g, []);
      byGroup.get(g)!.push(k);
    }
    const order = [...GROUPS.map(([g]) => g), 'Other'];
    const sections: HTMLElement[] = [];
    for (const g of order) {
      const ks = byGroup.get(g);
      if (!ks) continue;
      const grid = h('div', { class: 'chart-grid' });
      sections.push(h('section', { class: 'system-group' }, h('h2', null, g), grid));
      for (const k of ks) {
        const body = h('div', { class: 'chart-body' });
        grid.append(h('section', { class: 'chart-panel', 'data-metric': k }, h('header', { class: 'chart-head' }, h('span', { class: 'chart-title', title: k }, label(k))), body));
        const pts = pointsOf(cols, k, '_runtime');
        const chart = new MetricChart(body, { xKey: '_runtime', logY: false, smoothing: this.smoothing() });
        chart.setTitle(label(k));
        const series = () => [{ ...pts, label: label(k), color: runColor(0) }];
        this.charts.push({ chart, series });
        // Draw after layout so the chart takes the panel's width.
        requestAnimationFrame(() => chart.setSeries(series()));
      }
    }
    this.body.replaceChildren(...sections);
  }

  retheme(): void {
    for (const c of this.charts) {
      c.chart.retheme();
      c.chart.setSeries(c.series());
    }
  }
}
