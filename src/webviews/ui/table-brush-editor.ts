/**
 * Brushing from the keyboard: the shape panel's "Brush by value" form. Pick a column, then type
 * a range (a numeric column; either end may stay open) or tick the values to keep (any other),
 * and Enter brushes it exactly as a drag on the plots would. The brushes in force are listed,
 * each with its own Remove button, so none is reachable only by a click on a canvas.
 */
import { columnLabel } from '../runs-table-model';
import { boundText, rangeBrushFromText, type Axis, type Brush, type Brushes } from '../table-shape';
import { h } from './dom';
import { formatNumber } from './format';

/** How many of a set brush's values its line in the list names before "and N more". */
const NAMED_VALUES = 3;

export class BrushEditor {
  readonly element: HTMLDetailsElement;
  private readonly columnSelect: HTMLSelectElement;
  private readonly range: HTMLElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly values: HTMLFieldSetElement;
  private readonly error: HTMLElement;
  private readonly list: HTMLUListElement;
  private axes: Axis[] = [];
  private brushes: Brushes = new Map();

  /** `onBrush`: set (a brush) or clear (undefined) the brush of one column. */
  constructor(private readonly onBrush: (column: string, brush: Brush | undefined) => void) {
    this.columnSelect = h('select', { class: 'shape-select brush-column', 'aria-label': 'Column to brush' });
    this.columnSelect.addEventListener('change', () => this.showColumn());
    this.from = h('input', { class: 'brush-bound brush-from', type: 'text', 'aria-label': 'Keep values from', spellcheck: 'false', autocomplete: 'off' });
    this.to = h('input', { class: 'brush-bound brush-to', type: 'text', 'aria-label': 'Keep values up to', spellcheck: 'false', autocomplete: 'off' });
    this.range = h('span', { class: 'brush-range' }, h('label', {}, 'from ', this.from), h('label', {}, 'to ', this.to));
    this.values = h('fieldset', { class: 'brush-values', hidden: true }, h('legend', {}, 'Keep'));
    this.error = h('div', { class: 'brush-error', role: 'alert' });
    const form = h(
      'form',
      { class: 'brush-form' },
      h('label', {}, 'Column ', this.columnSelect),
      this.range,
      this.values,
      h('button', { class: 'button secondary brush-apply', type: 'submit' }, 'Brush'),
      this.error,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.apply();
    });
    this.list = h('ul', { class: 'brush-list', 'aria-label': 'Brushes in force' });
    this.element = h('details', { class: 'brush-editor' }, h('summary', {}, 'Brush by value'), form, this.list);
  }

  /**
   * The plottable columns of the loaded rows, and the brushes in force. Rows arrive page by page
   * while the user types: the inputs are refilled only when the chosen column or its brush
   * changed, never under the user's fingers.
   */
  update(axes: Axis[], brushes: Brushes): void {
    const was = this.columnSelect.value;
    const wasBrush = this.brushes.get(was);
    const sameColumns = axes.length === this.axes.length && axes.every((a, i) => a.column === this.axes[i]!.column);
    this.axes = axes;
    this.brushes = new Map(brushes); // a copy: the caller changes its map in place
    if (!sameColumns) {
      this.columnSelect.replaceChildren(...axes.map((a) => h('option', { value: a.column }, columnLabel(a.column))));
      this.columnSelect.value = axes.some((a) => a.column === was) ? was : (axes[0]?.column ?? '');
    }
    if (this.columnSelect.value !== was || brushes.get(was) !== wasBrush) this.showColumn();
    else this.refreshChoices();
    this.list.replaceChildren(
      ...[...brushes].map(([column, brush]) => {
        const remove = h('button', { class: 'link-button brush-remove', type: 'button', 'aria-label': `Remove the brush on ${columnLabel(column)}` }, 'Remove');
        remove.addEventListener('click', () => this.onBrush(column, undefined));
        return h('li', {}, h('span', { class: 'brush-text' }, `${columnLabel(column)}: ${brushText(brush, column)}`), ' ', remove);
      }),
    );
    this.list.hidden = brushes.size === 0;
  }

  private axis(): Axis | undefined {
    return this.axes.find((a) => a.column === this.columnSelect.value);
  }

  /** The chosen column's inputs, filled from its brush when it has one. */
  private showColumn(): void {
    const axis = this.axis();
    const brush = axis && this.brushes.get(axis.column);
    this.error.textContent = '';
    if (axis?.kind === 'number') {
      const range = brush?.kind === 'range' ? brush : undefined;
      this.from.value = range ? boundText(axis.column, range.lo) : '';
      this.to.value = range ? boundText(axis.column, range.hi) : '';
    }
    this.refreshChoices(brush?.kind === 'set' ? brush.values : []);
  }

  /**
   * The chosen column's extent (as placeholders) or its values (as boxes) over the rows loaded
   * now; a box keeps its tick unless `ticked` says which to tick.
   */
  private refreshChoices(ticked?: readonly string[]): void {
    const axis = this.axis();
    this.range.hidden = axis?.kind !== 'number';
    this.values.hidden = axis?.kind !== 'category';
    if (axis?.kind === 'number') {
      this.from.placeholder = boundText(axis.column, axis.min);
      this.to.placeholder = boundText(axis.column, axis.max);
      return;
    }
    if (axis?.kind !== 'category') return;
    const boxes = [...this.values.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    const shown = boxes.map((b) => b.value);
    if (!ticked && shown.length === axis.categories.length && shown.every((v, i) => v === axis.categories[i])) return;
    const kept = new Set(ticked ?? boxes.filter((b) => b.checked).map((b) => b.value));
    this.values.replaceChildren(
      h('legend', {}, 'Keep'),
      ...axis.categories.map((c) => h('label', { class: 'brush-value' }, h('input', { type: 'checkbox', value: c, checked: kept.has(c) }), ' ', c)),
    );
  }

  private apply(): void {
    const axis = this.axis();
    if (!axis) return;
    let brush: Brush | { error: string };
    if (axis.kind === 'number') brush = rangeBrushFromText(axis.column, this.from.value, this.to.value);
    else {
      const ticked = [...this.values.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
      brush = ticked.length ? { kind: 'set', values: ticked } : { error: 'Tick the values to keep.' };
    }
    if ('error' in brush) {
      this.error.textContent = brush.error;
      return;
    }
    this.error.textContent = '';
    this.onBrush(axis.column, brush);
  }
}

/** A brush as its line in the list reads: `0.001 to 0.01`, `≥ 3`, `a, b, c and 2 more`. */
export function brushText(brush: Brush, column: string): string {
  if (brush.kind === 'set') {
    const named = brush.values.slice(0, NAMED_VALUES).join(', ');
    return brush.values.length > NAMED_VALUES ? `${named} and ${brush.values.length - NAMED_VALUES} more` : named;
  }
  const text = (v: number) => (column === 'run:created' ? new Date(v).toISOString().replace(/:\d\d\.\d+Z$/, 'Z') : formatNumber(v));
  if (brush.lo === -Infinity) return `≤ ${text(brush.hi)}`;
  if (brush.hi === Infinity) return `≥ ${text(brush.lo)}`;
  return `${text(brush.lo)} to ${text(brush.hi)}`;
}
