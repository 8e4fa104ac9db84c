/**
 * The runs table's column layout, pure (shared by the page and the extension): which columns show
 * in which order, their widths, which are pinned to the left edge, and which config and summary
 * columns carry the same value in every loaded row (the "Only columns that differ" toggle).
 */
import { parseColumnId, type TableRow } from './runs-table-protocol';

/** The part of a table's view that is about columns; kept per project with the rest of the view. */
export interface ColumnLayout {
  /** Shown columns in their order; pinned ones come first. */
  columns: string[];
  /** Widths set by the person, in CSS pixels; others take their default. */
  widths: Record<string, number>;
  /** Columns stuck to the left edge while scrolling sideways, in their order. */
  pinned: string[];
}

export const MIN_WIDTH = 48;
export const MAX_WIDTH = 800;

const FIXED_WIDTHS: Record<string, number> = { state: 100, name: 210, created: 150, runtime: 90, user: 100, tags: 140, group: 120, jobType: 100, notes: 200 };

export function defaultWidth(id: string): number {
  const c = parseColumnId(id);
  return (c?.source === 'run' ? FIXED_WIDTHS[c.key] : undefined) ?? 120;
}

export function widthOf(layout: Pick<ColumnLayout, 'widths'>, id: string): number {
  return layout.widths[id] ?? defaultWidth(id);
}

/**
 * The layout with its invariants restored: pinned columns are shown ones, shown columns are
 * unique, pinned first; widths only of shown columns and within bounds.
 */
export function normaliseLayout(l: ColumnLayout): ColumnLayout {
  const columns = [...new Set(l.columns)];
  const pinned = [...new Set(l.pinned)].filter((c) => columns.includes(c));
  const widths: Record<string, number> = {};
  for (const c of columns) {
    const w = l.widths[c];
    if (typeof w === 'number' && Number.isFinite(w)) widths[c] = clampWidth(w);
  }
  return { columns: [...pinned, ...columns.filter((c) => !pinned.includes(c))], widths, pinned };
}

function clampWidth(w: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));
}

export function resizeColumn(l: ColumnLayout, id: string, width: number): ColumnLayout {
  return normaliseLayout({ ...l, widths: { ...l.widths, [id]: clampWidth(width) } });
}

/** Moves a column one place left (-1) or right (+1), staying inside its part (pinned or not). */
export function moveColumn(l: ColumnLayout, id: string, delta: -1 | 1): ColumnLayout {
  const n = normaliseLayout(l);
  const i = n.columns.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= n.columns.length || n.pinned.includes(id) !== n.pinned.includes(n.columns[j]!)) return n;
  const columns = [...n.columns];
  [columns[i], columns[j]] = [columns[j]!, columns[i]!];
  const pinned = columns.filter((c) => n.pinned.includes(c));
  return normaliseLayout({ ...n, columns, pinned });
}

/**
 * Drops a dragged column before another (at the end of its part when `before` is undefined). A
 * column dropped among the pinned ones becomes pinned, among the others unpinned.
 */
export function moveColumnBefore(l: ColumnLayout, id: string, before: string | undefined): ColumnLayout {
  const n = normaliseLayout(l);
  if (!n.columns.includes(id) || id === before) return n;
  const rest = n.columns.filter((c) => c !== id);
  const at = before === undefined ? rest.length : rest.indexOf(before);
  if (at < 0) return n;
  const columns = [...rest.slice(0, at), id, ...rest.slice(at)];
  const pinnedAfter = before !== undefined && n.pinned.includes(before);
  const pinned = columns.filter((c) => (c === id ? pinnedAfter : n.pinned.includes(c)));
  return normaliseLayout({ ...n, columns, pinned });
}

/** Pins a column (last of the pinned ones) or unpins it (first of the others). */
export function pinColumn(l: ColumnLayout, id: string, pin: boolean): ColumnLayout {
  const n = normaliseLayout(l);
  if (!n.columns.includes(id) || n.pinned.includes(id) === pin) return n;
  const pinned = pin ? [...n.pinned, id] : n.pinned.filter((c) => c !== id);
  const others = n.columns.filter((c) => !pinned.includes(c) && c !== id);
  return normaliseLayout({ ...n, pinned, columns: pin ? [...pinned, ...others] : [...pinned, id, ...others] });
}

/** Hides a column: it leaves the shown ones (the column picker brings it back, last). */
export function hideColumn(l: ColumnLayout, id: string): ColumnLayout {
  return normaliseLayout({ ...l, columns: l.columns.filter((c) => c !== id) });
}

/** Left offsets of the pinned columns, for `position: sticky`. */
export function pinnedOffsets(l: ColumnLayout): Map<string, number> {
  const out = new Map<string, number>();
  let left = 0;
  for (const c of l.columns) {
    if (!l.pinned.includes(c)) break;
    out.set(c, left);
    left += widthOf(l, c);
  }
  return out;
}

const valueKey = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));

/**
 * Config and summary columns whose value is the same in every loaded row (a run without the key
 * counts as a value of its own), which the "Only columns that differ" toggle hides. Fixed columns
 * always stay; with fewer than two rows nothing differs, so nothing is hidden.
 */
export function sameValueColumns(rows: readonly TableRow[], columns: readonly string[]): Set<string> {
  const same = new Set<string>();
  if (rows.length < 2) return same;
  for (const id of columns) {
    if (parseColumnId(id)?.source === 'run') continue;
    const first = valueKey(rows[0]!.cells[id]);
    if (rows.every((r) => valueKey(r.cells[id]) === first)) same.add(id);
  }
  return same;
}
