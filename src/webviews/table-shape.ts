/**
 * "See the shape" of the runs table, as data (pure: no DOM, no vscode): a column of the loaded
 * rows as a plot axis (numbers on a linear or log scale, anything else as ordered categories),
 * a position on the axis and back, brushes (a value range or a set of categories per column)
 * and the rows every brush keeps. The parallel-coordinates chart and the scatter plot draw with
 * it; the table shows the rows it keeps.
 */
import { cellText } from './runs-table-model';
import { parseColumnId, type TableRow } from './runs-table-protocol';

/** A value as plotted: a number, or a category's text. Undefined: the run has none. */
export type PlotValue = number | string;

export type Axis =
  | { column: string; kind: 'number'; scale: 'linear' | 'log'; min: number; max: number; present: number; missing: number }
  | { column: string; kind: 'category'; categories: string[]; present: number; missing: number };

/** Text W&B's non-finite numbers arrive as (the table's cells keep them as text). */
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** A span of this many decades or more, all values positive, is drawn on a log scale. */
const LOG_DECADES = 3;

/**
 * A row's value in a column, for plotting: numbers stay numbers (created as epoch ms, runtime
 * in seconds), booleans and text are categories, empty and non-finite are missing.
 */
export function plotValue(row: TableRow, column: string): PlotValue | undefined {
  const c = parseColumnId(column);
  if (!c) return undefined;
  if (c.source === 'run') {
    if (c.key === 'runtime') return row.runtime;
    if (c.key === 'created') {
      const t = row.createdAt ? Date.parse(row.createdAt) : NaN;
      return Number.isFinite(t) ? t : undefined;
    }
    return cellText(row, column) || undefined;
  }
  const v = row.cells[column];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return String(v);
  return NON_FINITE.has(v) ? undefined : v;
}

const byNaturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

/**
 * The axis of a column over these rows. Numeric when every value present is a number; else
 * categorical, categories in natural order (`run2` before `run10`, `false` before `true`).
 */
export function buildAxis(rows: readonly TableRow[], column: string): Axis {
  const values: PlotValue[] = [];
  for (const r of rows) {
    const v = plotValue(r, column);
    if (v !== undefined) values.push(v);
  }
  const missing = rows.length - values.length;
  if (values.every((v): v is number => typeof v === 'number')) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (values.length === 0) [min, max] = [0, 1];
    const log = min > 0 && max / min >= 10 ** LOG_DECADES;
    return { column, kind: 'number', scale: log ? 'log' : 'linear', min, max, present: values.length, missing };
  }
  const categories = [...new Set(values.map(String))].sort(byNaturalOrder);
  return { column, kind: 'category', categories, present: values.length, missing };
}

/**
 * Where a value sits on the axis, 0 (bottom/left) to 1; undefined for a value the axis does not
 * hold. Categories sit in the middle of equal bands; one value alone sits in the middle.
 */
export function axisPosition(axis: Axis, value: PlotValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(String(value));
    return i < 0 ? undefined : (i + 0.5) / axis.categories.length;
  }
  if (typeof value !== 'number') return undefined;
  if (axis.max === axis.min) return 0.5;
  if (axis.scale === 'log') return value > 0 ? (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min)) : undefined;
  return (value - axis.min) / (axis.max - axis.min);
}

/** The number at position `t` (0 to 1) of a numeric axis: the inverse of `axisPosition`. */
export function numberAt(axis: Extract<Axis, { kind: 'number' }>, t: number): number {
  if (axis.max === axis.min) return axis.min;
  if (axis.scale === 'log') return 10 ** (Math.log10(axis.min) + t * (Math.log10(axis.max) - Math.log10(axis.min)));
  return axis.min + t * (axis.max - axis.min);
}

/** What one column keeps: a closed range of numbers, or a set of categories. */
export type Brush = { kind: 'range'; lo: number; hi: number } | { kind: 'set'; values: string[] };

/** Brushes by column id; a row is kept when every brush keeps it. */
export type Brushes = ReadonlyMap<string, Brush>;

/**
 * The brush a drag from position `t0` to `t1` on an axis makes: the numbers between, or the
 * categories whose band centre is between (the nearest one for a drag inside one band).
 * Undefined on an axis with no values.
 */
export function brushFromDrag(axis: Axis, t0: number, t1: number): Brush | undefined {
  const lo = Math.max(0, Math.min(t0, t1));
  const hi = Math.min(1, Math.max(t0, t1));
  if (axis.kind === 'number') {
    if (!axis.present) return undefined;
    // The ends exactly: min + (max - min) need not be max in floating point.
    return { kind: 'range', lo: lo <= 0 ? axis.min : numberAt(axis, lo), hi: hi >= 1 ? axis.max : numberAt(axis, hi) };
  }
  const n = axis.categories.length;
  if (n === 0) return undefined;
  let values = axis.categories.filter((_, i) => (i + 0.5) / n >= lo && (i + 0.5) / n <= hi);
  if (values.length === 0) values = [axis.categories[Math.min(n - 1, Math.floor(((lo + hi) / 2) * n))]!];
  return { kind: 'set', values };
}

/**
 * A bound as the brush editor shows it in its input: exact (typed back, it is the same number),
 * a UTC date and time for the created column.
 */
export function boundText(column: string, value: number): string {
  if (!Number.isFinite(value)) return '';
  return column === 'run:created' ? new Date(value).toISOString() : String(value);
}

/** A typed bound: empty is an open end; thousands separators are allowed; dates for created. */
function parseBound(column: string, text: string): number | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  const v = column === 'run:created' ? Date.parse(t) : /^[-+]?[\d.,_]*(e[-+]?\d+)?$/i.test(t) ? Number(t.replace(/[,_]/g, '')) : NaN;
  return Number.isFinite(v) ? v : null;
}

/**
 * The range brush typed bounds make on a column (either end may be left open; reversed bounds
 * are put in order, as a drag's are), or what is wrong with them.
 */
export function rangeBrushFromText(column: string, fromText: string, toText: string): Brush | { error: string } {
  const from = parseBound(column, fromText);
  const to = parseBound(column, toText);
  const what = column === 'run:created' ? 'a date' : 'a number';
  if (from === null) return { error: `“${fromText.trim()}” is not ${what}.` };
  if (to === null) return { error: `“${toText.trim()}” is not ${what}.` };
  if (from === undefined && to === undefined) return { error: 'Type a lower bound, an upper bound, or both.' };
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  return { kind: 'range', lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
}

/** Whether a brush keeps a value: a missing value is never inside a brush. */
export function brushKeeps(brush: Brush, value: PlotValue | undefined): boolean {
  if (value === undefined) return false;
  if (brush.kind === 'set') return brush.values.includes(String(value));
  return typeof value === 'number' && value >= brush.lo && value <= brush.hi;
}

/** The rows every brush keeps, in their order (all rows when there is no brush). */
export function brushedRows(rows: readonly TableRow[], brushes: Brushes): TableRow[] {
  if (brushes.size === 0) return [...rows];
  const list = [...brushes];
  return rows.filter((r) => list.every(([column, b]) => brushKeeps(b, plotValue(r, column))));
}

/** The brush's span as positions on an axis (for drawing it), undefined when it holds nothing there. */
export function brushSpan(axis: Axis, brush: Brush): [number, number] | undefined {
  if (brush.kind === 'range') {
    if (axis.kind !== 'number') return undefined;
    const a = axisPosition(axis, Math.max(brush.lo, axis.min));
    const b = axisPosition(axis, Math.min(brush.hi, axis.max));
    return a === undefined || b === undefined || a > b ? undefined : [a, b];
  }
  if (axis.kind !== 'category') return undefined;
  const idx = brush.values.map((v) => axis.categories.indexOf(v)).filter((i) => i >= 0);
  if (idx.length === 0) return undefined;
  const n = axis.categories.length;
  return [Math.min(...idx) / n, (Math.max(...idx) + 1) / n];
}

/**
 * Columns a chart may plot: the table's columns with at least one value in the loaded rows,
 * numeric ones first (parallel coordinates start with those).
 */
export function plottableColumns(rows: readonly TableRow[], columns: readonly string[]): Axis[] {
  const axes = columns.map((c) => buildAxis(rows, c)).filter((a) => a.present > 0);
  return [...axes.filter((a) => a.kind === 'number'), ...axes.filter((a) => a.kind === 'category')];
}

/** How many rows lack a value in at least one of these columns (not drawn, but counted). */
export function rowsMissingAny(rows: readonly TableRow[], columns: readonly string[]): number {
  let n = 0;
  for (const r of rows) if (columns.some((c) => plotValue(r, c) === undefined)) n++;
  return n;
}
