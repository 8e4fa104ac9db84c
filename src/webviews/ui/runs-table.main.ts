/**
 * The runs table's page: a toolbar (search in the tree's grammar, columns, actions, export), the
 * column picker, and a virtual grid (grid/row/gridcell roles, keyboard navigation) that renders
 * only the rows in view and asks the extension for more as they come into view.
 */
import './panel.css';
import './runs-table.css';
import { formatCount } from '../../format';
import { columnLabel, groupRows, isSortable } from '../runs-table-model';
import { hideColumn, moveColumn, moveColumnBefore, normaliseLayout, pinColumn, resizeColumn, sameValueColumns, type ColumnLayout } from '../runs-table-columns';
import { describeColumnFilter } from '../runs-table-filters';
import { swapRows } from '../runs-table-live';
import type { ColumnFilter, TableHostMessage, TableKey, TableRow, TableView, TableWebviewMessage } from '../runs-table-protocol';
import { button, debounce, h, iconButton } from './dom';
import { ColumnMenu, type ColumnAction } from './column-menu';
import { initData, postMessage, saveState } from './host';
import { RunsGrid, type GridItem } from './runs-grid';
import { ColumnPicker } from './column-picker';
import { TableShapeView } from './table-shape-view';

const post = (m: TableWebviewMessage) => postMessage(m);
const init = initData() as { scope?: unknown } | null;
saveState({ scope: init?.scope });

let view: TableView | undefined;
let keys: TableKey[] = [];
let rows: TableRow[] = [];
let total = 0;
let complete = false;
let generation = -1;
/** The highest row index asked for in this generation (no second request for the same rows). */
let asked = -1;
/** Column id the rows are grouped by ('' for none), the groups shown open, and the grouped lines. */
let groupBy = '';
/** Grouping asked for and not yet answered by the host: the loaded rows may lack the field (group, job type). */
let groupPending = '';
const expanded = new Set<string>();
let lines: GridItem[] = [];
/** The plots over the loaded rows; their brushes narrow the rows shown (`brushed`, undefined: all). */
const shape = new TableShapeView(() => regroup());
let brushed: TableRow[] | undefined;

const app = document.getElementById('app')!;
const filter = h('input', {
  class: 'table-filter',
  type: 'search',
  placeholder: 'Search runs: state:finished config.optimizer.lr<0.001 summary.val/acc>=0.9 "name"',
  'aria-label': 'Search runs',
  spellcheck: 'false',
});
const filterError = h('div', { class: 'filter-error', role: 'alert', hidden: true });
const status = h('span', { class: 'table-status', role: 'status', 'aria-live': 'polite' });
const note = h('div', { class: 'hint scope-note', hidden: true });
const compareBtn = button('Compare', 'diff-multiple', () => post({ type: 'compare', runIds: grid.selectedIds() }), 'secondary');
const openBtn = button('Open', 'go-to-file', () => post({ type: 'open', runIds: grid.selectedIds() }), 'secondary');
const copyBtn = button('Copy Paths', 'copy', () => post({ type: 'copyPaths', runIds: grid.selectedIds() }), 'secondary');
const addTagsBtn = button('Add Tags', 'tag', () => post({ type: 'addTags', runIds: grid.selectedIds() }), 'secondary');
const removeTagsBtn = button('Remove Tags', 'close', () => post({ type: 'removeTags', runIds: grid.selectedIds() }), 'secondary');
const downloadBtn = button('Download Files', 'cloud-download', () => post({ type: 'download', runIds: grid.selectedIds() }), 'secondary');
const rowActions = [openBtn, copyBtn, addTagsBtn, removeTagsBtn, downloadBtn];
const picker = new ColumnPicker((columns) => view && sendView(withLayout(view, { ...layoutOf(view), columns })));
const differBox = h('input', { type: 'checkbox', class: 'only-differing' });
differBox.addEventListener('change', () => view && sendView({ ...view, onlyDiffering: differBox.checked }));
const differToggle = h('label', { class: 'toolbar-toggle', title: 'Hide config and summary columns whose value is the same in every loaded run' }, differBox, 'Only columns that differ');
const filterChips = h('div', { class: 'filter-chips', role: 'list', 'aria-label': 'Column filters', hidden: true });
const menu = new ColumnMenu((column, action) => columnAction(column, action));
const columnsBtn = button('Columns', 'list-selection', () => picker.toggle(columnsBtn, keys, view?.columns ?? []), 'secondary');
columnsBtn.setAttribute('aria-haspopup', 'dialog');
const exportBtns = (['csv', 'json', 'python'] as const).map((format) =>
  button(format === 'python' ? 'Python' : format.toUpperCase(), format === 'python' ? 'code' : 'export', () => post({ type: 'export', format }), 'secondary export-' + format),
);

const groupSelect = h('select', { class: 'group-by', 'aria-label': 'Group by' });
const groupNote = h('div', { class: 'hint group-note', hidden: true });
groupSelect.addEventListener('change', () => {
  groupBy = groupSelect.value;
  groupPending = groupBy;
  expanded.clear();
  // Before asking for the rest: group and job type are read only while grouped by or shown.
  post({ type: 'groupBy', column: groupBy });
  askForAll();
  regroup();
});

/** Grouping needs every row of the view: ask once for the rest. */
function askForAll(): void {
  if (!groupBy || complete || total - 1 <= asked) return;
  asked = total - 1;
  post({ type: 'more', until: asked });
}

const grid = new RunsGrid({
  itemAt: (i) => {
    if (groupBy) return lines[i];
    const row = brushed ? brushed[i] : rows[i];
    return row && { kind: 'run', row };
  },
  onToggleGroup: (key) => {
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    regroup();
  },
  onNeedRows: (until) => {
    if (complete || until <= asked) return;
    asked = until;
    post({ type: 'more', until });
  },
  onSort: (column) => {
    if (!view || !isSortable(column)) return;
    const descending = view.sort.column === column ? !view.sort.descending : true;
    sendView({ ...view, sort: { column, descending } });
  },
  onMenu: (column, anchor) => {
    if (!view) return;
    if (menu.open) return menu.hide();
    const l = normaliseLayout(layoutOf(view));
    const at = l.columns.indexOf(column);
    const pinned = l.pinned.includes(column);
    const sameSide = (c: string | undefined) => c !== undefined && l.pinned.includes(c) === pinned;
    menu.show(column, anchor, { pinned, first: !sameSide(l.columns[at - 1]), last: !sameSide(l.columns[at + 1]), filter: view.filters.find((f) => f.column === column) });
  },
  onResize: (column, width) => view && sendView(withLayout(view, resizeColumn(layoutOf(view), column, width))),
  onMoveBefore: (column, before) => view && sendView(withLayout(view, moveColumnBefore(layoutOf(view), column, before))),
  onOpen: (runIds) => post({ type: 'open', runIds }),
  onSelection: () => updateActions(),
});

app.append(
  h('div', { class: 'table-toolbar runs-toolbar', role: 'toolbar', 'aria-label': 'Runs table' }, filter, columnsBtn, differToggle, compareBtn, ...rowActions, h('span', { class: 'toolbar-label' }, 'Group by:'), groupSelect, shape.toggle, h('span', { class: 'toolbar-label' }, 'Export:'), ...exportBtns, status),
  filterError,
  filterChips,
  note,
  groupNote,
  shape.chip,
  shape.element,
  picker.element,
  menu.element,
  grid.element,
);

const layoutOf = (v: TableView): ColumnLayout => ({ columns: v.columns, widths: v.widths, pinned: v.pinned });
const withLayout = (v: TableView, l: ColumnLayout): TableView => ({ ...v, ...normaliseLayout(l) });

function columnAction(column: string, action: ColumnAction): void {
  if (!view) return;
  const l = layoutOf(view);
  switch (action.type) {
    case 'sort':
      return sendView({ ...view, sort: { column, descending: action.descending } });
    case 'move':
      return sendView(withLayout(view, moveColumn(l, column, action.delta)));
    case 'pin':
      return sendView(withLayout(view, pinColumn(l, column, action.pin)));
    case 'hide':
      return sendView({ ...withLayout(view, hideColumn(l, column)), filters: view.filters.filter((f) => f.column !== column) });
    case 'filter': {
      const others = view.filters.filter((f) => f.column !== column);
      return sendView({ ...view, filters: action.filter ? [...others, action.filter] : others });
    }
  }
}

/** The key of what the grid shows as columns, so new rows only redraw the header when it changed. */
let shownKey = '';

/**
 * The grid's columns: the view's, less (with the toggle on) config and summary columns whose value
 * is the same in every loaded row, which is why new rows and cells can change them.
 */
function showColumns(): void {
  if (!view) return;
  const same = view.onlyDiffering ? sameValueColumns(rows.filter(Boolean), view.columns) : new Set<string>();
  const l = normaliseLayout(layoutOf(view));
  const columns = l.columns.filter((c) => !same.has(c));
  const filtered = new Set(view.filters.map((f) => f.column));
  const key = JSON.stringify([columns, l.widths, l.pinned, view.sort, [...filtered]]);
  if (key === shownKey) return;
  shownKey = key;
  grid.setColumns({ ...l, columns, pinned: l.pinned.filter((c) => columns.includes(c)) }, view.sort, filtered);
  differToggle.title = view.onlyDiffering && same.size
    ? `Hiding ${same.size} column${same.size === 1 ? '' : 's'} with one value in every loaded run: ${[...same].map(columnLabel).join(', ')}`
    : 'Hide config and summary columns whose value is the same in every loaded run';
}

/** One chip per column filter, each removable. */
function showFilterChips(filters: readonly ColumnFilter[]): void {
  filterChips.hidden = filters.length === 0;
  filterChips.replaceChildren(
    ...filters.map((f) =>
      h(
        'span',
        { class: 'filter-chip', role: 'listitem', 'data-column': f.column },
        describeColumnFilter(f),
        iconButton('close', `Remove the filter on ${columnLabel(f.column)}`, () => view && sendView({ ...view, filters: view.filters.filter((x) => x.column !== f.column) })),
      ),
    ),
  );
}

/** Everything the page shows of a view: columns, toggle, chips and the group choices. */
function showView(v: TableView): void {
  view = v;
  differBox.checked = v.onlyDiffering;
  showFilterChips(v.filters);
  fillGroupChoices();
  showColumns();
}

/** Group choices: none, group, job type, and every config column shown. */
function fillGroupChoices(): void {
  const ids = ['run:group', 'run:jobType', ...(view?.columns ?? []).filter((c) => c.startsWith('config:'))];
  if (groupBy && !ids.includes(groupBy)) groupBy = '';
  groupSelect.replaceChildren(h('option', { value: '' }, 'None'), ...ids.map((id) => h('option', { value: id }, columnLabel(id))));
  groupSelect.value = groupBy;
}

/**
 * Grouping happens here, over every row of the view (read to the end first), not with W&B's
 * groupKeys/groupLevel arguments, and the note under the toolbar says so.
 */
function regroup(): void {
  const loaded = rows.filter(Boolean);
  shape.setRows(loaded, view?.columns ?? []);
  brushed = shape.keptRows();
  if (!groupBy) {
    groupNote.hidden = true;
    grid.setRowCount(brushed ? brushed.length : complete ? rows.length : total);
    return;
  }
  groupNote.hidden = false;
  if (groupPending === groupBy) {
    groupNote.textContent = `Reading ${columnLabel(groupBy)} of the loaded runs to group them…`;
    lines = [];
    grid.setRowCount(0);
    return;
  }
  if (!complete) {
    groupNote.textContent = `Reading all ${formatCount(total)} runs to group them (${formatCount(loaded.length)} so far)…`;
    lines = [];
    grid.setRowCount(0);
    return;
  }
  const groups = groupRows(brushed ?? loaded, groupBy, view?.columns ?? []);
  groupNote.textContent = `${formatCount(groups.length)} ${groups.length === 1 ? 'group' : 'groups'} of ${columnLabel(groupBy)}, made in the table over all ${formatCount(loaded.length)} runs (not by the server); each line shows min / mean / max.`;
  lines = groups.flatMap((g): GridItem[] => {
    const open = expanded.has(g.key);
    return [{ kind: 'group', group: g, expanded: open }, ...(open ? g.rows.map((row): GridItem => ({ kind: 'run', row })) : [])];
  });
  grid.setRowCount(lines.length);
}

function sendView(v: TableView): void {
  showView(v);
  post({ type: 'view', view: v });
}

function updateActions(): void {
  const n = grid.selectedIds().length;
  compareBtn.disabled = n < 2;
  for (const b of rowActions) b.disabled = n < 1;
  const loaded = rows.filter(Boolean).length;
  status.textContent = `${formatCount(total)} runs${loaded < total ? ` · ${formatCount(loaded)} loaded` : ''}${n ? ` · ${formatCount(n)} selected` : ''}`;
}

filter.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || !view) return;
  sendView({ ...view, filterText: filter.value.trim() });
});
filter.addEventListener(
  'input',
  debounce(() => {
    if (!filter.value.trim() && view?.filterText) sendView({ ...view, filterText: '' });
  }, 300),
);

window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as TableHostMessage;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'init':
      keys = m.keys;
      filter.value = m.view.filterText;
      note.hidden = !m.scope;
      note.textContent = m.scope ?? '';
      shownKey = '';
      showView(m.view);
      break;
    case 'rows':
      if (m.generation < generation) return;
      if (m.generation > generation) {
        generation = m.generation;
        rows = [];
        asked = -1;
        grid.reset();
        filterError.hidden = true;
        filter.removeAttribute('aria-invalid');
      }
      for (let i = 0; i < m.rows.length; i++) rows[m.offset + i] = m.rows[i]!;
      total = m.total;
      complete = m.complete;
      askForAll();
      showColumns();
      regroup();
      updateActions();
      break;
    case 'cells':
      if (m.generation !== generation) return;
      {
        const byId = new Map(m.cells.map((c) => [c.runId, c.cells]));
        for (const r of rows) if (r && byId.has(r.runId)) Object.assign(r.cells, byId.get(r.runId));
      }
      showColumns();
      regroup();
      grid.refresh();
      break;
    case 'groupReady':
      if (m.column !== groupPending) break;
      groupPending = '';
      regroup();
      break;
    case 'update': {
      if (m.generation !== generation) return;
      // In place: same indexes, so the scroll position and the selection (by run id) stay.
      rows = swapRows(rows, m.rows);
      showColumns();
      if (groupBy) regroup();
      else grid.refresh();
      break;
    }
    case 'search':
      // Only what the tree shares: a layout change the host has not seen yet must not be undone.
      if (!view) break;
      filter.value = m.filterText;
      showView({ ...view, filterText: m.filterText, sort: m.sort });
      break;
    case 'status':
      status.textContent = m.message;
      status.classList.toggle('error', m.error);
      break;
    case 'filterError':
      filterError.textContent = m.message;
      filterError.hidden = false;
      filter.setAttribute('aria-invalid', 'true');
      break;
  }
});

updateActions();
post({ type: 'ready' });
