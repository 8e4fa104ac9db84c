/**
 * A virtual grid of runs: fixed-height rows, so the rows in view follow from the scroll position
 * alone and only those (plus a few) exist in the DOM; 10,000 rows cost what 40 do. ARIA grid
 * roles, one active cell (aria-activedescendant) moved by the keyboard, multi-select with click,
 * Shift and Ctrl/Cmd, double-click or Enter to open.
 */
import { cellText, type RowGroup } from '../runs-table-model';
import { pinnedOffsets, widthOf, type ColumnLayout } from '../runs-table-columns';
import type { TableRow, TableSort } from '../runs-table-protocol';
import { h, icon } from './dom';
import { renderHeader, stickCell, type HeaderHooks } from './grid-header';
import { formatDate, formatNumber } from './format';
import { stateBadge } from './header';

export const ROW_HEIGHT = 24;
const OVERSCAN = 8;

/** A line of the grid: a run, or (when grouped) a group's summary line. */
export type GridItem = { kind: 'run'; row: TableRow } | { kind: 'group'; group: RowGroup; expanded: boolean };

export interface GridHooks extends HeaderHooks {
  itemAt(index: number): GridItem | undefined;
  onToggleGroup(key: string): void;
  /** Rows up to this index came into view but are not loaded. */
  onNeedRows(until: number): void;
  onOpen(runIds: string[]): void;
  onSelection(): void;
}

export class RunsGrid {
  readonly element: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private columns: string[] = [];
  private layout: ColumnLayout = { columns: [], widths: {}, pinned: [] };
  private offsets = new Map<string, number>();
  private rowCount = 0;
  private readonly rendered = new Map<number, HTMLElement>();
  /** The rows drawn are out of date: the next frame draws them all again. */
  private stale = false;
  private readonly selected = new Set<string>();
  private anchor = 0;
  private active = { row: 0, col: 0 };
  private frame = 0;

  constructor(private readonly hooks: GridHooks) {
    this.head = h('div', { class: 'grid-head', role: 'row', 'aria-rowindex': 1 });
    this.body = h('div', { class: 'grid-body', role: 'rowgroup' });
    this.element = h(
      'div',
      { class: 'runs-grid', role: 'grid', tabindex: 0, 'aria-label': 'Runs', 'aria-multiselectable': 'true', 'aria-rowcount': 1 },
      h('div', { class: 'grid-headgroup', role: 'rowgroup' }, this.head),
      this.body,
    );
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  private runAt(index: number): TableRow | undefined {
    const item = this.hooks.itemAt(index);
    return item?.kind === 'run' ? item.row : undefined;
  }

  selectedIds(): string[] {
    return [...this.selected];
  }

  /**
   * The columns shown, in order, with their widths and pins (`layout.columns` may leave out some
   * of the view's columns, e.g. those that never differ); `filtered` marks filtered headers.
   */
  setColumns(layout: ColumnLayout, sort: TableSort, filtered: ReadonlySet<string> = new Set()): void {
    this.layout = layout;
    this.columns = layout.columns;
    this.offsets = pinnedOffsets(layout);
    this.active.col = Math.min(this.active.col, Math.max(0, this.columns.length - 1));
    this.element.setAttribute('aria-colcount', String(this.columns.length));
    renderHeader(this.head, layout, sort, filtered, this.hooks);
    this.head.style.width = `${this.rowWidth()}px`;
    this.body.style.width = `${this.rowWidth()}px`;
    this.refresh();
  }

  private rowWidth(): number {
    return this.columns.reduce((n, c) => n + widthOf(this.layout, c), 0);
  }

  /** A new query: no rows, no selection, back to the top. */
  reset(): void {
    this.selected.clear();
    this.active.row = 0;
    this.anchor = 0;
    this.element.scrollTop = 0;
    this.setRowCount(0);
    this.hooks.onSelection();
  }

  setRowCount(n: number): void {
    this.rowCount = n;
    this.element.setAttribute('aria-rowcount', String(n + 1));
    this.body.style.height = `${n * ROW_HEIGHT}px`;
    this.body.style.width = `${this.rowWidth()}px`;
    this.refresh();
  }

  /**
   * Draws the rows in view again (new data or columns). The rows drawn stay until the next
   * frame replaces them in one go: removed here, the body would be empty until then (a blank
   * flash, longer while the webview's frames are throttled, and what anyone reading it sees).
   */
  refresh(): void {
    this.stale = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private viewRange(): [number, number] {
    const top = this.element.scrollTop;
    const height = this.element.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rowCount - 1, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    return [first, last];
  }

  private draw(): void {
    if (this.stale) {
      this.stale = false;
      for (const el of this.rendered.values()) el.remove();
      this.rendered.clear();
    }
    const [first, last] = this.viewRange();
    for (const [i, el] of this.rendered) {
      if (i < first || i > last) {
        el.remove();
        this.rendered.delete(i);
      }
    }
    let missing = -1;
    for (let i = first; i <= last; i++) {
      if (this.rendered.has(i)) continue;
      const item = this.hooks.itemAt(i);
      if (!item) missing = i;
      const el = item?.kind === 'group' ? this.renderGroup(i, item.group, item.expanded) : this.renderRow(i, item?.row);
      this.rendered.set(i, el);
      this.body.append(el);
    }
    if (missing >= 0) this.hooks.onNeedRows(last);
  }

  private renderRow(index: number, row: TableRow | undefined): HTMLElement {
    const selected = !!row && this.selected.has(row.runId);
    const el = h('div', {
      class: `grid-row${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`,
      role: 'row',
      'aria-rowindex': index + 2,
      'aria-selected': selected ? 'true' : 'false',
      'data-run': row?.runId,
    });
    el.style.top = `${index * ROW_HEIGHT}px`;
    el.style.width = `${this.rowWidth()}px`;
    for (const [c, id] of this.columns.entries()) {
      const cell = this.cell(index, c, id);
      if (row) this.fill(cell, row, id);
      else if (c === 0) cell.append(h('span', { class: 'hint' }, 'Loading…'));
      el.append(cell);
    }
    if (row) {
      el.addEventListener('click', (e) => this.click(index, e));
      el.addEventListener('dblclick', () => this.hooks.onOpen([row.runId]));
    }
    return el;
  }

  /** An empty cell of row `index`, column `c` (`id`), sized and marked when it has the focus. */
  private cell(index: number, c: number, id: string): HTMLElement {
    const cell = h('div', { class: 'grid-cell', role: 'gridcell', id: `cell-${index}-${c}`, 'aria-colindex': c + 1 });
    cell.style.width = `${widthOf(this.layout, id)}px`;
    stickCell(cell, this.layout, this.offsets, id);
    if (index === this.active.row && c === this.active.col) cell.classList.add('active');
    return cell;
  }

  /** A group's line: its value and run count, then min / mean / max under each numeric column. */
  private renderGroup(index: number, group: RowGroup, expanded: boolean): HTMLElement {
    const el = h('div', { class: 'grid-row group-row', role: 'row', 'aria-rowindex': index + 2, 'aria-expanded': String(expanded), 'data-group': group.key });
    el.style.top = `${index * ROW_HEIGHT}px`;
    el.style.width = `${this.rowWidth()}px`;
    for (const [c, id] of this.columns.entries()) {
      const cell = this.cell(index, c, id);
      const st = group.stats[id];
      if (c === 0) cell.append(icon(expanded ? 'chevron-down' : 'chevron-right'), ` ${group.key} (${group.rows.length})`);
      else if (st) {
        cell.classList.add('num');
        cell.append(`${formatNumber(st.min)} / ${formatNumber(st.mean)} / ${formatNumber(st.max)}`);
        cell.title = `min ${st.min}, mean ${st.mean}, max ${st.max}`;
      }
      el.append(cell);
    }
    el.addEventListener('click', () => this.hooks.onToggleGroup(group.key));
    return el;
  }

  private fill(cell: HTMLElement, row: TableRow, id: string): void {
    if (id === 'run:state') return void cell.append(stateBadge(row.state));
    if (id === 'run:created') {
      cell.append(formatDate(row.createdAt));
      cell.title = row.createdAt ?? '';
      return;
    }
    const v = row.cells[id];
    if (typeof v === 'number') {
      cell.classList.add('num');
      cell.append(formatNumber(v));
      cell.title = String(v);
      return;
    }
    const text = cellText(row, id);
    cell.append(text);
    if (text.length > 12) cell.title = text;
  }

  private click(index: number, e: MouseEvent): void {
    this.select(index, e.shiftKey, e.ctrlKey || e.metaKey);
    this.element.focus();
  }

  private select(index: number, extend: boolean, toggle: boolean): void {
    const row = this.runAt(index);
    if (!row) return;
    if (extend) {
      this.selected.clear();
      const [a, b] = this.anchor <= index ? [this.anchor, index] : [index, this.anchor];
      for (let i = a; i <= b; i++) {
        const r = this.runAt(i);
        if (r) this.selected.add(r.runId);
      }
    } else if (toggle) {
      if (this.selected.has(row.runId)) this.selected.delete(row.runId);
      else this.selected.add(row.runId);
      this.anchor = index;
    } else {
      this.selected.clear();
      this.selected.add(row.runId);
      this.anchor = index;
    }
    this.active.row = index;
    this.refresh();
    this.element.setAttribute('aria-activedescendant', `cell-${index}-${this.active.col}`);
    this.hooks.onSelection();
  }

  private key(e: KeyboardEvent): void {
    if (this.rowCount === 0) return;
    const page = Math.max(1, Math.floor(this.element.clientHeight / ROW_HEIGHT) - 1);
    let row = this.active.row;
    let col = this.active.col;
    switch (e.key) {
      case 'ArrowDown':
        row++;
        break;
      case 'ArrowUp':
        row--;
        break;
      case 'ArrowRight':
        col++;
        break;
      case 'ArrowLeft':
        col--;
        break;
      case 'PageDown':
        row += page;
        break;
      case 'PageUp':
        row -= page;
        break;
      case 'Home':
        if (e.ctrlKey || e.metaKey) row = 0;
        else col = 0;
        break;
      case 'End':
        if (e.ctrlKey || e.metaKey) row = this.rowCount - 1;
        else col = this.columns.length - 1;
        break;
      case ' ':
        e.preventDefault();
        this.select(row, e.shiftKey, true);
        return;
      case 'Enter': {
        const item = this.hooks.itemAt(row);
        if (item?.kind === 'group') return this.hooks.onToggleGroup(item.group.key);
        const ids = this.selected.size ? this.selectedIds() : [this.runAt(row)?.runId].filter((x): x is string => !!x);
        if (ids.length) this.hooks.onOpen(ids);
        return;
      }
      case 'a':
        if (!(e.ctrlKey || e.metaKey)) return;
        e.preventDefault();
        for (let i = 0; i < this.rowCount; i++) {
          const r = this.runAt(i);
          if (r) this.selected.add(r.runId);
        }
        this.refresh();
        this.hooks.onSelection();
        return;
      default:
        return;
    }
    e.preventDefault();
    row = Math.max(0, Math.min(this.rowCount - 1, row));
    col = Math.max(0, Math.min(this.columns.length - 1, col));
    this.active = { row, col };
    this.scrollIntoView(row);
    if (e.shiftKey && row !== this.anchor) this.select(row, true, false);
    else {
      this.refresh();
      this.element.setAttribute('aria-activedescendant', `cell-${row}-${col}`);
    }
  }

  private scrollIntoView(row: number): void {
    const top = row * ROW_HEIGHT;
    const headH = this.head.offsetHeight;
    const view = this.element.clientHeight - headH;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + ROW_HEIGHT > this.element.scrollTop + view) this.element.scrollTop = top + ROW_HEIGHT - view;
  }
}
