/**
 * A column header's menu: sort either way, filter (numeric range, equals, contains, is empty),
 * move left or right, pin to the left edge or unpin, hide. Keyboard: ↑/↓ between items, Enter
 * to choose, Escape back to the header.
 */
import { equalsValue, filterKinds } from '../runs-table-filters';
import { columnLabel, isSortable } from '../runs-table-model';
import type { ColumnFilter, ColumnFilterKind } from '../runs-table-protocol';
import { clear, h } from './dom';

export type ColumnAction =
  | { type: 'sort'; descending: boolean }
  | { type: 'move'; delta: -1 | 1 }
  | { type: 'pin'; pin: boolean }
  | { type: 'hide' }
  /** undefined clears the column's filter. */
  | { type: 'filter'; filter: ColumnFilter | undefined };

export interface MenuContext {
  pinned: boolean;
  first: boolean;
  last: boolean;
  filter?: ColumnFilter;
}

const KIND_LABELS: Record<ColumnFilterKind, string> = { range: 'Between', equals: 'Equals', contains: 'Contains', empty: 'Is empty' };

export class ColumnMenu {
  readonly element: HTMLElement;
  private anchor?: HTMLElement;

  constructor(private readonly onAction: (column: string, action: ColumnAction) => void) {
    this.element = h('div', { class: 'column-menu', hidden: true });
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.hide();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const items = [...this.element.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])')];
        if (items.length === 0) return;
        e.preventDefault();
        const at = items.indexOf(document.activeElement as HTMLElement);
        items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]!.focus();
      }
    });
    document.addEventListener('mousedown', (e) => {
      if (!this.element.hidden && !this.element.contains(e.target as Node) && e.target !== this.anchor) this.hide();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.anchor?.setAttribute('aria-expanded', 'false');
    this.anchor?.focus();
  }

  show(column: string, anchor: HTMLElement, ctx: MenuContext): void {
    this.anchor = anchor;
    anchor.setAttribute('aria-expanded', 'true');
    const label = columnLabel(column);
    const act = (action: ColumnAction) => () => {
      this.hide();
      this.onAction(column, action);
    };
    const item = (text: string, run: () => void, disabled = false) => {
      const b = h('button', { type: 'button', role: 'menuitem', class: 'menu-item', disabled }, text);
      b.addEventListener('click', run);
      return b;
    };
    const sortable = isSortable(column);
    const kinds = filterKinds(column);
    clear(this.element);
    this.element.setAttribute('role', 'menu');
    this.element.setAttribute('aria-label', `${label} column`);
    this.element.append(
      item('Sort Descending', act({ type: 'sort', descending: true }), !sortable),
      item('Sort Ascending', act({ type: 'sort', descending: false }), !sortable),
      item(ctx.filter ? 'Edit Filter…' : 'Filter…', () => this.showFilter(column, kinds, ctx.filter), kinds.length === 0),
      ...(ctx.filter ? [item('Clear Filter', act({ type: 'filter', filter: undefined }))] : []),
      item('Move Left', act({ type: 'move', delta: -1 }), ctx.first),
      item('Move Right', act({ type: 'move', delta: 1 }), ctx.last),
      item(ctx.pinned ? 'Unpin' : 'Pin to Left', act({ type: 'pin', pin: !ctx.pinned })),
      item('Hide Column', act({ type: 'hide' })),
    );
    this.place(anchor);
    this.element.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus();
  }

  /** The filter form of a column, filled with its current filter. */
  private showFilter(column: string, kinds: ColumnFilterKind[], current: ColumnFilter | undefined): void {
    clear(this.element);
    this.element.setAttribute('role', 'dialog');
    this.element.setAttribute('aria-label', `Filter ${columnLabel(column)}`);
    const kind = h('select', { class: 'filter-kind', 'aria-label': 'Filter kind' }, ...kinds.map((k) => h('option', { value: k }, KIND_LABELS[k])));
    kind.value = current?.kind ?? kinds[0]!;
    const min = h('input', { type: 'number', step: 'any', class: 'filter-min', 'aria-label': 'At least', placeholder: 'min' });
    const max = h('input', { type: 'number', step: 'any', class: 'filter-max', 'aria-label': 'At most', placeholder: 'max' });
    const text = h('input', { type: 'text', class: 'filter-text', 'aria-label': 'Value', placeholder: 'value' });
    if (current?.kind === 'range') {
      min.value = current.min === undefined ? '' : String(current.min);
      max.value = current.max === undefined ? '' : String(current.max);
    } else if (current?.kind === 'equals') text.value = String(current.value);
    else if (current?.kind === 'contains') text.value = current.text;
    const range = h('div', { class: 'filter-range' }, min, h('span', null, '–'), max);
    const sync = () => {
      range.hidden = kind.value !== 'range';
      text.hidden = kind.value !== 'equals' && kind.value !== 'contains';
    };
    kind.addEventListener('change', sync);
    sync();
    const apply = () => {
      const f = formFilter(column, kind.value as ColumnFilterKind, min.value, max.value, text.value);
      this.hide();
      this.onAction(column, { type: 'filter', filter: f });
    };
    const form = h('form', { class: 'filter-form' }, kind, range, text, h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'button filter-apply' }, 'Apply'), h('button', { type: 'button', class: 'button secondary filter-clear' }, 'Clear')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      apply();
    });
    form.querySelector('.filter-clear')!.addEventListener('click', () => {
      this.hide();
      this.onAction(column, { type: 'filter', filter: undefined });
    });
    this.element.append(form);
    (kind.value === 'range' ? min : text.hidden ? kind : text).focus();
  }

  private place(anchor: HTMLElement): void {
    this.element.hidden = false;
    const box = anchor.getBoundingClientRect();
    const width = this.element.offsetWidth;
    this.element.style.left = `${Math.max(4, Math.min(box.left, window.innerWidth - width - 4))}px`;
    this.element.style.top = `${box.bottom + 2}px`;
  }
}

/** What the form says, as a filter; undefined when it narrows nothing (cleared). */
function formFilter(column: string, kind: ColumnFilterKind, min: string, max: string, text: string): ColumnFilter | undefined {
  switch (kind) {
    case 'range': {
      const lo = min.trim() === '' ? undefined : Number(min);
      const hi = max.trim() === '' ? undefined : Number(max);
      const ok = (n: number | undefined) => n === undefined || Number.isFinite(n);
      return ok(lo) && ok(hi) && (lo !== undefined || hi !== undefined) ? { column, kind, min: lo, max: hi } : undefined;
    }
    case 'equals':
      return text.trim() ? { column, kind, value: equalsValue(column, text.trim()) } : undefined;
    case 'contains':
      return text ? { column, kind, text } : undefined;
    case 'empty':
      return { column, kind };
  }
}
