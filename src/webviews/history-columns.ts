/**
 * History as columns (one array per key, rows in step order) and the merges the charts need:
 * live rows appended past the last step, and full-resolution rows of a zoomed range laid over
 * the sampled ones. Pure: the extension builds columns, the webview merges them.
 */
import { valuedScreenPicks } from './decimate';
import type { Columns } from './protocol';

type Row = Readonly<Record<string, unknown>>;

/** Picks `keys` out of rows; anything that is not a finite number becomes NaN (no value). */
export function rowsToColumns(rows: readonly Row[], keys: readonly string[]): Columns {
  const out: Columns = {};
  for (const k of keys) {
    const col = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![k];
      col[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
    out[k] = col;
  }
  return out;
}

/** Keys of rows whose value is a number at least once (the chartable ones). */
export function numericKeys(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (typeof r[k] === 'number') seen.add(k);
  return [...seen];
}

export function columnLength(c: Columns): number {
  for (const k in c) return c[k]!.length;
  return 0;
}

/** A column of `n` rows without values. */
function emptyColumn(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** The last value of `key` (its largest step), or undefined when empty. */
export function lastOf(c: Columns, key = '_step'): number | undefined {
  const col = c[key];
  if (!col) return undefined;
  for (let i = col.length - 1; i >= 0; i--) if (col[i] === col[i]) return col[i]!;
  return undefined;
}

/**
 * Merges `incoming` into `base` by `order` key (default `_step`), both sorted ascending: rows
 * of `incoming` replace rows of `base` with the same step, new steps are inserted in order.
 * The result has `base`'s keys (or `incoming`'s when `base` is empty); keys absent on one side
 * have no value (NaN) there. Neither input is modified.
 */
export function mergeColumns(base: Columns, incoming: Columns, order = '_step'): Columns {
  const baseLen = columnLength(base);
  const keys = baseLen > 0 || Object.keys(base).length > 0 ? Object.keys(base) : Object.keys(incoming);
  const inLen = columnLength(incoming);
  if (inLen === 0) return copy(base, keys);
  if (baseLen === 0) return copy(incoming, keys, inLen);
  const a = base[order];
  const b = incoming[order];
  if (!a || !b) return copy(base, keys);
  // Fast path (live append): everything incoming is past the end of base.
  const lastA = a[baseLen - 1]!;
  const firstB = b[0]!;
  if (firstB > lastA) {
    const out: Columns = {};
    for (const k of keys) {
      const col = new Float64Array(baseLen + inLen);
      col.set(base[k]!, 0);
      const add = incoming[k];
      if (add) col.set(add, baseLen);
      else col.fill(NaN, baseLen);
      out[k] = col;
    }
    return out;
  }
  // Which side each output row comes from: base row i (≥ 0) or incoming row j (encoded −1 − j).
  const from: number[] = [];
  let i = 0;
  let j = 0;
  while (i < baseLen || j < inLen) {
    const sa = i < baseLen ? numOr(a[i]!, -Infinity) : Infinity;
    const sb = j < inLen ? numOr(b[j]!, -Infinity) : Infinity;
    if (sb < sa) from.push(-1 - j++);
    else if (sa < sb) from.push(i++);
    else {
      from.push(-1 - j++);
      i++;
    }
  }
  const out: Columns = {};
  for (const k of keys) {
    const col = new Float64Array(from.length);
    const fromBase = base[k];
    const fromIn = incoming[k];
    for (let r = 0; r < from.length; r++) {
      const f = from[r]!;
      col[r] = f >= 0 ? (fromBase ? fromBase[f]! : NaN) : fromIn ? fromIn[-1 - f]! : NaN;
    }
    out[k] = col;
  }
  return out;
}

function numOr(v: number, fallback: number): number {
  return v === v ? v : fallback;
}

/** Rows of `c` whose `order` value lies past `after` (what a live poll adds). */
export function rowsAfter(c: Columns, after: number, order = '_step'): Columns {
  const col = c[order];
  const out: Columns = {};
  if (!col) return out;
  let start = col.length;
  for (let i = 0; i < col.length; i++) {
    if (col[i]! > after) {
      start = i;
      break;
    }
  }
  for (const k of Object.keys(c)) out[k] = c[k]!.slice(start);
  return out;
}

function copy(c: Columns, keys: readonly string[], len = columnLength(c)): Columns {
  const out: Columns = {};
  for (const k of keys) out[k] = c[k] ? c[k]!.slice() : emptyColumn(len);
  return out;
}

/** Only the rows where `key` holds a value (charts of one metric skip rows that lack it). */
export function filterRows(c: Columns, key: string): Columns {
  const col = c[key];
  if (!col) return {};
  let kept = 0;
  for (let i = 0; i < col.length; i++) if (col[i] === col[i]) kept++;
  if (kept === col.length) return c;
  const out: Columns = {};
  for (const k of Object.keys(c)) {
    const src = c[k]!;
    const dst = new Float64Array(kept);
    let n = 0;
    for (let i = 0; i < col.length; i++) if (col[i] === col[i]) dst[n++] = src[i]!;
    out[k] = dst;
  }
  return out;
}

/** A chart's points: ascending unique x, y (NaN: no value) and the step of each point. */
export interface ChartPoints {
  x: Float64Array;
  y: Float64Array;
  steps: Float64Array;
  /** How many of the points have a y value, counted on the way, so a chart need not count again. */
  values: number;
}

/** x, y and step arrays for a chart from history columns; relative time falls back to wall time − start. */
export function chartPoints(cols: Columns, key: string, xKey: string): ChartPoints {
  const empty = new Float64Array(0);
  const ys = cols[key] ?? empty;
  const steps = cols._step;
  let xs = cols[xKey];
  if (xKey === '_runtime' && (!xs || xs.every((v) => v !== v))) {
    const ts = cols._timestamp ?? empty;
    const t0 = ts.find((v) => v === v);
    xs = t0 === undefined ? undefined : ts.map((v) => v - t0);
  }
  if (xKey === '_step' && !xs) xs = steps;
  // Usual case (x strictly ascending, e.g. steps): share the columns, no sorting or pairing.
  let plain = xs !== undefined;
  let prev = -Infinity;
  let values = 0;
  // One pass over a long run's points before its first paint: the order check and the count.
  for (let i = 0; plain && i < ys.length; i++) {
    const x = xs![i];
    if (x === undefined || !(x > prev)) plain = false;
    else prev = x;
    if (ys[i] === ys[i]) values++;
  }
  if (plain) {
    // The columns are never modified in place (merges make new ones), so they can be shared.
    const n = ys.length;
    const x = xs!.length === n ? xs! : xs!.subarray(0, n);
    let s = steps === xs ? x : undefined;
    if (!s) {
      s = new Float64Array(n);
      for (let i = 0; i < n; i++) s[i] = steps && i < steps.length && steps[i] === steps[i] ? steps[i]! : i;
    }
    return { x, y: ys, steps: s, values };
  }
  const order: number[] = [];
  for (let i = 0; i < ys.length; i++) if (xs && xs[i] === xs[i]) order.push(i);
  let sorted = true;
  for (let k = 1; k < order.length; k++) if (xs![order[k]!]! < xs![order[k - 1]!]!) sorted = false;
  // Stable, so of two points at one x the later row stays last.
  if (!sorted) order.sort((a, b) => xs![a]! - xs![b]! || a - b);
  const x: number[] = [];
  const y: number[] = [];
  const s: number[] = [];
  for (const i of order) {
    const px = xs![i]!;
    const ps = steps && steps[i] === steps[i] ? steps[i]! : i;
    if (x.length > 0 && x[x.length - 1] === px) {
      y[y.length - 1] = ys[i]!; // uPlot needs unique x: keep the later point
      s[s.length - 1] = ps;
      continue;
    }
    x.push(px);
    y.push(ys[i]!);
    s.push(ps);
  }
  values = 0;
  for (const v of y) if (v === v) values++;
  return { x: Float64Array.from(x), y: Float64Array.from(y), steps: Float64Array.from(s), values };
}

/**
 * The rows of `key` a chart `pixelColumns` device pixels wide draws over their whole extent,
 * by `xKey` (ascending): the same min/max-per-column pick the chart makes (decimate.ts), so a
 * chart given these rows first paints what it would paint given them all. Undefined when that
 * is every row, or when x is not strictly ascending in row order (a metric as x axis: the chart
 * sorts those itself).
 */
export function firstScreenRows(cols: Columns, key: string, xKey: string, pixelColumns: number): Columns | undefined {
  const y = cols[key];
  const x = y && drawnX(cols, y, xKey);
  if (!x || !y || !(pixelColumns >= 1)) return undefined;
  const idx = valuedScreenPicks(x, y, pixelColumns);
  if (!idx) return undefined;
  const out: Columns = {};
  for (const k of Object.keys(cols)) {
    const src = cols[k]!;
    const dst = new Float64Array(idx.length);
    for (let j = 0; j < idx.length; j++) dst[j] = src[idx[j]!]!;
    out[k] = dst;
  }
  return out;
}

/**
 * The x a chart draws `y` by, as chartPoints picks it over the rows that hold a value: relative
 * time is wall time less the first one when none of those rows has a runtime (older runs), the
 * same subtraction, so a first screen picked by it matches the chart's to the last bit.
 */
function drawnX(cols: Columns, y: Float64Array, xKey: string): Float64Array | undefined {
  const x = cols[xKey];
  if (xKey !== '_runtime') return x;
  if (x) for (let i = 0; i < y.length; i++) if (y[i] === y[i] && x[i] === x[i]) return x;
  const ts = cols._timestamp;
  if (!ts) return undefined;
  for (let i = 0; i < y.length; i++) {
    const t0 = ts[i]!;
    if (y[i] === y[i] && t0 === t0) return ts.map((v) => v - t0);
  }
  return undefined;
}
