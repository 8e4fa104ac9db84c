/**
 * "See the shape" in the runs table: a panel with parallel coordinates of chosen columns and a
 * scatter plot of two (coloured by a third) over the loaded rows, the controls that pick them
 * (checkboxes and selects, so the keyboard reaches every choice), and the "brushed: N of M rows
 * · clear" chip. Brushes on either plot filter the table's rows here in the page; the server's
 * query does not change.
 */
import { formatCount } from '../../format';
import { columnLabel } from '../runs-table-model';
import type { TableRow } from '../runs-table-protocol';
import { brushedRows, plottableColumns, rowsMissingAny, type Axis, type Brush } from '../table-shape';
import { button, h } from './dom';
import { ParallelChart } from './table-parallel';
import { ScatterChart, type RectBrush } from './table-scatter';
import { BrushEditor } from './table-brush-editor';

/** Parallel axes a table opens with: numeric config and summary columns, the table's order. */
const DEFAULT_AXES = 6;

export class TableShapeView {
  readonly element: HTMLElement;
  readonly chip: HTMLElement;
  readonly toggle: HTMLButtonElement;
  private readonly chipText: HTMLElement;
  private readonly axesList: HTMLElement;
  private readonly axesSummary: HTMLElement;
  private readonly xSelect: HTMLSelectElement;
  private readonly ySelect: HTMLSelectElement;
  private readonly colorSelect: HTMLSelectElement;
  private readonly parallelNote: HTMLElement;
  private readonly scatterNote: HTMLElement;
  private readonly parallel: ParallelChart;
  private readonly scatter: ScatterChart;
  private readonly editor: BrushEditor;
  private readonly brushes = new Map<string, Brush>();
  private rows: TableRow[] = [];
  private axes: Axis[] = [];
  /** Parallel axes the user chose (undefined: the defaults). */
  private chosen?: string[];
  private kept?: TableRow[];
  private frame = 0;

  /** `onFilter`: the rows the brushes keep changed. */
  constructor(private readonly onFilter: () => void) {
    this.parallel = new ParallelChart((column, brush) => this.setBrushes([[column, brush]]));
    this.scatter = new ScatterChart((rect: RectBrush) => this.setBrushes(rect));
    this.editor = new BrushEditor((column, brush) => this.setBrushes([[column, brush]]));
    this.toggle = button('Shape', 'graph-scatter', () => this.show(this.element.hidden), 'secondary shape-toggle');
    this.toggle.setAttribute('aria-expanded', 'false');
    this.chipText = h('span', { class: 'brush-count' });
    this.chip = h('div', { class: 'brush-chip', role: 'status', hidden: true }, this.chipText, ' · ', button('clear', undefined, () => this.setBrushes([...this.brushes.keys()].map((c) => [c, undefined])), 'link-button brush-clear'));
    this.axesList = h('div', { class: 'axes-list', role: 'group', 'aria-label': 'Parallel coordinates axes' });
    this.axesSummary = h('summary', {}, 'Axes');
    const select = (label: string, cls: string) => {
      const s = h('select', { class: `shape-select ${cls}`, 'aria-label': label });
      s.addEventListener('change', () => this.schedule());
      return s;
    };
    this.xSelect = select('Scatter x column', 'scatter-x');
    this.ySelect = select('Scatter y column', 'scatter-y');
    this.colorSelect = select('Colour by column', 'shape-color');
    this.parallelNote = h('div', { class: 'hint shape-note' });
    this.scatterNote = h('div', { class: 'hint shape-note' });
    this.element = h(
      'section',
      { class: 'shape-panel', 'aria-label': 'Shape of the loaded runs', hidden: true },
      h('div', { class: 'shape-controls' }, h('label', {}, 'Colour by ', this.colorSelect), h('span', { class: 'hint' }, 'Drag on an axis or a rectangle on the scatter to brush, or brush by value; click to clear.')),
      this.editor.element,
      h(
        'div',
        { class: 'shape-charts' },
        h('div', { class: 'shape-part parallel-part' }, h('div', { class: 'shape-controls' }, h('strong', {}, 'Parallel coordinates'), h('details', { class: 'axes-picker' }, this.axesSummary, this.axesList)), this.parallel.element, this.parallelNote),
        h('div', { class: 'shape-part scatter-part' }, h('div', { class: 'shape-controls' }, h('strong', {}, 'Scatter'), h('label', {}, 'x ', this.xSelect), h('label', {}, 'y ', this.ySelect)), this.scatter.element, this.scatterNote),
      ),
    );
    new ResizeObserver(() => this.schedule()).observe(this.element);
    // A theme change restyles the page through body classes: redraw in its colours.
    new MutationObserver(() => this.schedule()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  show(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.schedule();
  }

  /** The loaded rows (in the table's order) and the table's columns. */
  setRows(rows: TableRow[], columns: readonly string[]): void {
    this.rows = rows;
    this.axes = plottableColumns(rows, columns);
    const known = new Set(this.axes.map((a) => a.column));
    const dropped = [...this.brushes.keys()].filter((c) => !columns.includes(c));
    for (const c of dropped) this.brushes.delete(c);
    this.fillControls(known);
    this.refilter();
    if (dropped.length) this.onFilter();
  }

  /** The rows the brushes keep, or undefined when nothing is brushed. */
  keptRows(): TableRow[] | undefined {
    return this.kept;
  }

  private setBrushes(changes: Array<[string, Brush | undefined]>): void {
    for (const [column, brush] of changes) {
      if (brush) this.brushes.set(column, brush);
      else this.brushes.delete(column);
    }
    this.refilter();
    this.onFilter();
  }

  private refilter(): void {
    this.kept = this.brushes.size ? brushedRows(this.rows, this.brushes) : undefined;
    this.chip.hidden = !this.kept;
    this.chipText.textContent = this.kept ? `brushed: ${formatCount(this.kept.length)} of ${formatCount(this.rows.length)} rows` : '';
    this.editor.update(this.axes, this.brushes);
    this.schedule();
  }

  private parallelColumns(): string[] {
    const known = this.axes.map((a) => a.column);
    if (this.chosen) return this.chosen.filter((c) => known.includes(c));
    const numeric = this.axes.filter((a) => a.kind === 'number').map((a) => a.column);
    const values = numeric.filter((c) => !c.startsWith('run:'));
    return (values.length >= 2 ? values : numeric).slice(0, DEFAULT_AXES);
  }

  private fillControls(known: Set<string>): void {
    const axes = this.parallelColumns();
    this.axesList.replaceChildren(
      ...this.axes.map((a) => {
        const box = h('input', { type: 'checkbox', value: a.column, checked: axes.includes(a.column) });
        box.addEventListener('change', () => {
          const now = this.parallelColumns().filter((c) => c !== a.column);
          // Axes keep the table's column order.
          this.chosen = box.checked ? this.axes.map((x) => x.column).filter((c) => c === a.column || now.includes(c)) : now;
          this.axesSummary.textContent = `Axes (${this.chosen.length})`;
          this.schedule();
        });
        return h('label', { class: 'axis-choice' }, box, ' ', columnLabel(a.column));
      }),
    );
    this.axesSummary.textContent = `Axes (${axes.length})`;
    const numeric = this.axes.filter((a) => a.kind === 'number').map((a) => a.column);
    const all = this.axes.map((a) => a.column);
    const fill = (s: HTMLSelectElement, fallback: string | undefined, none: boolean) => {
      const was = s.value;
      s.replaceChildren(...(none ? [h('option', { value: '' }, 'None')] : []), ...all.map((c) => h('option', { value: c }, columnLabel(c))));
      s.value = known.has(was) || (none && was === '') ? was : (fallback ?? '');
    };
    // A hyperparameter across, a metric up: the first numeric config column, the last numeric summary one.
    const x = numeric.find((c) => c.startsWith('config:')) ?? numeric[0] ?? all[0];
    const y = numeric.filter((c) => c.startsWith('summary:')).pop() ?? numeric.find((c) => c !== x) ?? all[1] ?? all[0];
    fill(this.xSelect, x, false);
    fill(this.ySelect, y, false);
    fill(this.colorSelect, '', true);
  }

  private schedule(): void {
    if (this.frame || this.element.hidden) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const byColumn = new Map(this.axes.map((a) => [a.column, a]));
    const kept = new Set(this.kept ?? this.rows);
    const colorBy = byColumn.get(this.colorSelect.value);
    const columns = this.parallelColumns();
    const axes = columns.map((c) => byColumn.get(c)!);
    this.parallel.update({ rows: this.rows, kept, axes, brushes: this.brushes, colorBy });
    const missing = rowsMissingAny(this.rows, columns);
    this.parallelNote.textContent = axes.length < 2 ? 'Choose two or more axes.' : missing ? `${formatCount(missing)} of ${formatCount(this.rows.length)} runs lack a value on some axis and are not drawn.` : '';
    const x = byColumn.get(this.xSelect.value);
    const y = byColumn.get(this.ySelect.value);
    this.scatter.element.hidden = !x || !y;
    if (!x || !y) {
      this.scatterNote.textContent = 'No column of the table has values to plot yet.';
      return;
    }
    this.scatter.update({ rows: this.rows, kept, x, y, colorBy, brushes: this.brushes });
    const lacking = rowsMissingAny(this.rows, [x.column, y.column]);
    this.scatterNote.textContent = lacking ? `${formatCount(lacking)} of ${formatCount(this.rows.length)} runs lack x or y and are not drawn.` : '';
  }
}
