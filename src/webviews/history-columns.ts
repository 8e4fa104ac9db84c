/**
 * History as columns (one array per key, rows in step order) and the merges the charts need:
 * live rows appended past the last step, and full-resolution rows of a zoomed range laid over
 * the sampled ones. Pure: the extension builds columns, the webview merges them.
 */
import type { Columns } from './protocol';

type Row = Readonly<Record<string, unknown>>;

/** Picks `keys` out of rows; anything that is not a finite number becomes null. */
export function rowsToColumns(rows: readonly Row[], keys: readonly string[]): Columns {
  const out: Columns = {};
  for (const k of keys) {
    const col = new Array<number | null>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![k];
      col[i] = typeof v === 'number' && Number.isFinite(v) ? v : null;
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

/** The last value of `key` (its largest step), or undefined when empty. */
export function lastOf(c: Columns, key = '_step'): number | undefined {
  const col = c[key];
  if (!col) return undefined;
  for (let i = col.length - 1; i >= 0; i--) if (col[i] !== null && col[i] !== undefined) return col[i]!;
  return undefined;
}

/**
 * Merges `incoming` into `base` by `order` key (default `_step`), both sorted ascending: rows
 * of `incoming` replace rows of `base` with the same step, new steps are inserted in order.
 * The result has `base`'s keys (or `incoming`'s when `base` is empty); keys absent on one side
 * are null there. Neither input is modified.
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
  const out: Columns = {};
  for (const k of keys) out[k] = [];
  const take = (src: Columns, i: number) => {
    for (const k of keys) out[k]!.push(src[k]?.[i] ?? null);
  };
  let i = 0;
  let j = 0;
  // Fast path (live append): everything incoming is past the end of base.
  const lastA = a[baseLen - 1];
  const firstB = b[0];
  if (lastA !== null && lastA !== undefined && firstB !== null && firstB !== undefined && firstB > lastA) {
    for (const k of keys) {
      const src = base[k]!;
      const add = incoming[k];
      out[k] = src.concat(add ? add : new Array<number | null>(inLen).fill(null));
    }
    return out;
  }
  while (i < baseLen || j < inLen) {
    const sa = i < baseLen ? (a[i] ?? -Infinity) : Infinity;
    const sb = j < inLen ? (b[j] ?? -Infinity) : Infinity;
    if (sb < sa) take(incoming, j++);
    else if (sa < sb) take(base, i++);
    else {
      take(incoming, j++);
      i++;
    }
  }
  return out;
}

/** Rows of `c` whose `order` value lies past `after` (what a live poll adds). */
export function rowsAfter(c: Columns, after: number, order = '_step'): Columns {
  const col = c[order];
  const out: Columns = {};
  if (!col) return out;
  let start = col.length;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== null && v !== undefined && v > after) {
      start = i;
      break;
    }
  }
  for (const k of Object.keys(c)) out[k] = c[k]!.slice(start);
  return out;
}

function copy(c: Columns, keys: readonly string[], len = columnLength(c)): Columns {
  const out: Columns = {};
  for (const k of keys) out[k] = c[k] ? c[k]!.slice() : new Array<number | null>(len).fill(null);
  return out;
}

/** Only the rows where `key` holds a value (charts of one metric skip rows that lack it). */
export function filterRows(c: Columns, key: string): Columns {
  const col = c[key];
  if (!col) return {};
  let full = true;
  for (let i = 0; i < col.length; i++) {
    if (col[i] === null) {
      full = false;
      break;
    }
  }
  if (full) return c;
  const keep: number[] = [];
  for (let i = 0; i < col.length; i++) if (col[i] !== null) keep.push(i);
  const out: Columns = {};
  for (const k of Object.keys(c)) {
    const src = c[k]!;
    out[k] = keep.map((i) => src[i] ?? null);
  }
  return out;
}

/** x, y and step arrays for a chart from history columns; relative time falls back to wall time − start. */
export function chartPoints(cols: Columns, key: string, xKey: string): { x: number[]; y: Array<number | null>; steps: number[] } {
  const ys = cols[key] ?? [];
  const steps = cols._step ?? [];
  let xs = cols[xKey];
  if (xKey === '_runtime' && (!xs || xs.every((v) => v === null))) {
    const ts = cols._timestamp ?? [];
    const t0 = ts.find((v) => v !== null);
    xs = t0 === undefined || t0 === null ? undefined : ts.map((v) => (v === null ? null : v - t0));
  }
  if (xKey === '_step' && !xs) xs = steps;
  // Usual case (x strictly ascending, e.g. steps): copy without sorting or pairing.
  let plain = xs !== undefined;
  let prev = -Infinity;
  for (let i = 0; plain && i < ys.length; i++) {
    const x = xs![i];
    if (x === null || x === undefined || !(x > prev)) plain = false;
    else prev = x;
  }
  if (plain) {
    // The columns are never modified in place (merges make new ones), so they can be shared.
    const n = ys.length;
    const x = xs!.length === n ? (xs as number[]) : (xs!.slice(0, n) as number[]);
    let s = steps === xs ? x : undefined;
    if (!s) {
      s = new Array<number>(n);
      for (let i = 0; i < n; i++) s[i] = steps[i] ?? i;
    }
    return { x, y: ys, steps: s };
  }
  const pts: Array<[number, number | null, number]> = [];
  for (let i = 0; i < ys.length; i++) {
    const x = xs?.[i];
    if (x === null || x === undefined) continue;
    pts.push([x, ys[i] ?? null, steps[i] ?? i]);
  }
  let sorted = true;
  for (let i = 1; i < pts.length; i++) if (pts[i]![0] < pts[i - 1]![0]) sorted = false;
  if (!sorted) pts.sort((a, b) => a[0] - b[0]);
  const x: number[] = [];
  const y: Array<number | null> = [];
  const s: number[] = [];
  for (const [px, py, ps] of pts) {
    if (x.length > 0 && x[x.length - 1] === px) {
      y[y.length - 1] = py; // uPlot needs unique x: keep the later point
      s[s.length - 1] = ps;
      continue;
    }
    x.push(px);
    y.push(py);
    s.push(ps);
  }
  return { x, y, steps: s };
}
