/**
 * The runs grid's header row: one column header per shown column with its sort arrow, a filter
 * mark, a menu button (sort, filter, move, pin, hide), an edge to drag or arrow-key to resize, and
 * drag-and-drop to reorder. Pinned headers stick to the left edge like their cells.
 */
import { isSortable, columnLabel } from '../runs-table-model';
import { MAX_WIDTH, MIN_WIDTH, pinnedOffsets, widthOf, type ColumnLayout } from '../runs-table-columns';
import type { TableSort } from '../runs-table-protocol';
import { clear, h, icon, iconButton } from './dom';

export interface HeaderHooks {
  onSort(column: string): void;
  onMenu(column: string, anchor: HTMLElement): void;
  onResize(column: string, width: number): void;
  /** A header was dropped before another (undefined: after the last). */
  onMoveBefore(column: string, before: string | undefined): void;
}

/** Pixels one arrow key press widens or narrows a column by. */
const KEY_STEP = 16;
const DRAG_TYPE = 'application/x-wandb-column';

/** Marks a cell of a pinned column: sticky at its offset, the last one with an edge. */
export function stickCell(cell: HTMLElement, layout: ColumnLayout, offsets: Map<string, number>, id: string): void {
  const left = offsets.get(id);
  if (left === undefined) return;
  cell.classList.add('pinned');
  if (layout.pinned[layout.pinned.length - 1] === id) cell.classList.add('pinned-last');
  cell.style.left = `${left}px`;
}

export function renderHeader(head: HTMLElement, layout: ColumnLayout, sort: TableSort, filtered: ReadonlySet<string>, hooks: HeaderHooks): void {
  // A resize from the keyboard redraws the header: the focus goes back to the same control.
  const focused = document.activeElement instanceof HTMLElement && head.contains(document.activeElement) ? document.activeElement : undefined;
  const refocus = focused && { column: focused.closest<HTMLElement>('.grid-th')?.dataset.column, cls: focused.classList.contains('th-resize') ? 'th-resize' : 'th-menu' };
  clear(head);
  const offsets = pinnedOffsets(layout);
  for (const [i, id] of layout.columns.entries()) {
    const label = columnLabel(id);
    const sorted = sort.column === id;
    const sortable = isSortable(id);
    const width = widthOf(layout, id);
    const menu = iconButton('ellipsis', `${label}: column menu`, (e) => {
      e.stopPropagation();
      hooks.onMenu(id, menu);
    }, 'th-menu');
    menu.setAttribute('aria-haspopup', 'menu');
    // Enter and arrows on the button are its own, not the grid's (which would open runs).
    menu.addEventListener('keydown', (e) => e.stopPropagation());
    const edge = resizeEdge(id, label, width, hooks);
    const th = h(
      'div',
      {
        class: `grid-cell grid-th${sortable ? ' sortable' : ''}${filtered.has(id) ? ' filtered' : ''}`,
        role: 'columnheader',
        'aria-colindex': i + 1,
        'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : 'none',
        title: sortable ? `${id} — click to sort on the server, drag to move` : `${id} — W&B cannot sort by this column; drag to move`,
        'data-column': id,
        draggable: 'true',
      },
      h('span', { class: 'th-label' }, label),
      sorted ? icon(sort.descending ? 'arrow-down' : 'arrow-up') : null,
      filtered.has(id) ? icon('filter-filled', 'Filtered') : null,
      menu,
      edge,
    );
    th.style.width = `${width}px`;
    stickCell(th, layout, offsets, id);
    if (sortable) th.addEventListener('click', () => hooks.onSort(id));
    th.addEventListener('dragstart', (e) => {
      e.dataTransfer?.setData(DRAG_TYPE, id);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
    });
    th.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      th.classList.add('drop-target');
    });
    th.addEventListener('dragleave', () => th.classList.remove('drop-target'));
    th.addEventListener('drop', (e) => {
      th.classList.remove('drop-target');
      const dragged = e.dataTransfer?.getData(DRAG_TYPE);
      if (!dragged || dragged === id) return;
      e.preventDefault();
      // The right half of a header drops after it.
      const box = th.getBoundingClientRect();
      const after = e.clientX > box.left + box.width / 2;
      hooks.onMoveBefore(dragged, after ? layout.columns[i + 1] : id);
    });
    head.append(th);
    if (refocus?.column === id) th.querySelector<HTMLElement>(`.${refocus.cls}`)?.focus();
  }
}

/** The right edge of a header: drag it, or focus it and press ←/→, to resize the column. */
function resizeEdge(id: string, label: string, width: number, hooks: HeaderHooks): HTMLElement {
  const edge = h('div', {
    class: 'th-resize',
    role: 'separator',
    tabindex: 0,
    'aria-orientation': 'vertical',
    'aria-label': `Resize ${label}`,
    'aria-valuemin': MIN_WIDTH,
    'aria-valuemax': MAX_WIDTH,
    'aria-valuenow': width,
  });
  edge.addEventListener('click', (e) => e.stopPropagation());
  edge.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    e.stopPropagation();
    hooks.onResize(id, width + (e.key === 'ArrowRight' ? KEY_STEP : -KEY_STEP));
  });
  edge.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    e.stopPropagation();
    const th = edge.parentElement!;
    const startX = e.clientX;
    let now = width;
    edge.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      now = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + ev.clientX - startX));
      th.style.width = `${now}px`;
    };
    const up = () => {
      edge.removeEventListener('pointermove', move);
      edge.removeEventListener('pointerup', up);
      edge.removeEventListener('pointercancel', up);
      if (now !== width) hooks.onResize(id, now);
    };
    edge.addEventListener('pointermove', move);
    edge.addEventListener('pointerup', up);
    edge.addEventListener('pointercancel', up);
  });
  // A header is draggable; its edge is not (a resize is not a move).
  edge.addEventListener('dragstart', (e) => e.preventDefault());
  return edge;
}
