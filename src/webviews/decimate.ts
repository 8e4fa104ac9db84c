/**
 * Decimation for line charts: of the points falling in each pixel column keep the first, the
 * last, and the lowest and highest of every y series. A line through those points, in order,
 * lights exactly the pixels the full line would at that width (the spikes, the flat stretches
 * and the ends are all there), and a chart draws a few thousand points instead of a million.
 * Pure and index-based: the caller keeps the full arrays for hover values and zoom.
 */

/** Keep everything when there are fewer points than this many per column. */
const MIN_PER_COLUMN = 4;

/**
 * Indices (ascending, unique) of the points of `x[from..to)` to draw when `[lo, hi]` spans
 * `columns` pixel columns. `x` is ascending; each of `ys` is as long as `x`, nulls ignored.
 * Without enough points to be worth it, every index of the range is returned.
 */
export function decimateRange(
  x: ArrayLike<number>,
  ys: ReadonlyArray<ArrayLike<number | null>>,
  from: number,
  to: number,
  lo: number,
  hi: number,
  columns: number,
): number[] {
  const out: number[] = [];
  const n = to - from;
  if (n <= 0) return out;
  if (!(columns > 0) || n <= columns * MIN_PER_COLUMN || !(hi > lo)) {
    for (let i = from; i < to; i++) out.push(i);
    return out;
  }
  // Two series at a time (raw and smoothed), with plain locals: this loop runs once per point,
  // usually before the page's JIT has warmed up, so it does as little as it can.
  if (ys.length > 2) {
    const parts = [];
    for (let k = 0; k < ys.length; k += 2) parts.push(decimateRange(x, ys.slice(k, k + 2), from, to, lo, hi, columns));
    return [...new Set(parts.flat())].sort((a, b) => a - b);
  }
  const y0 = ys[0] ?? [];
  const y1 = ys[1];
  const width = (hi - lo) / columns;
  const picked = [0, 0, 0, 0, 0, 0];
  let first = -1;
  let last = -1;
  let min0 = -1;
  let max0 = -1;
  let lo0 = 0;
  let hi0 = 0;
  let min1 = -1;
  let max1 = -1;
  let lo1 = 0;
  let hi1 = 0;
  let edge = -Infinity; // where the current column ends
  for (let i = from; i < to; i++) {
    const xi = x[i]!;
    if (xi >= edge) {
      if (first >= 0) pushColumn(out, picked, first, min0, max0, min1, max1, last);
      edge = columnEnd(xi, lo, width);
      first = i;
      min0 = max0 = min1 = max1 = -1;
    }
    last = i;
    const v0 = y0[i];
    // Not null, undefined or NaN (NaN is the one value unequal to itself).
    if (v0 !== null && v0 !== undefined && v0 === v0) {
      if (min0 < 0) {
        min0 = max0 = i;
        lo0 = hi0 = v0;
      } else if (v0 < lo0) {
        min0 = i;
        lo0 = v0;
      } else if (v0 > hi0) {
        max0 = i;
        hi0 = v0;
      }
    }
    if (y1 === undefined) continue;
    const v1 = y1[i];
    if (v1 !== null && v1 !== undefined && v1 === v1) {
      if (min1 < 0) {
        min1 = max1 = i;
        lo1 = hi1 = v1;
      } else if (v1 < lo1) {
        min1 = i;
        lo1 = v1;
      } else if (v1 > hi1) {
        max1 = i;
        hi1 = v1;
      }
    }
  }
  if (first >= 0) pushColumn(out, picked, first, min0, max0, min1, max1, last);
  return out;
}

/** Where the pixel column holding `xi` ends, columns `width` wide from `lo`. */
function columnEnd(xi: number, lo: number, width: number): number {
  let col = Math.floor((xi - lo) / width);
  let edge = lo + (col + 1) * width;
  while (edge <= xi) edge = lo + (++col + 1) * width;
  return edge;
}

/**
 * What `decimateRange` picks from the rows of `y` that hold a value (y not NaN) over their whole
 * extent, as indices into `y` itself, checking on the way that x is strictly ascending over
 * those rows; undefined when it is not, or when the pick would be every such row.
 *
 * The extension host runs this on a long run's columns before the chart's first paint, usually
 * before V8 has compiled it. So the points are scanned a pixel column at a time by a small
 * function (`scanColumn`) that V8 compiles whole after a few columns, where one long loop waits
 * for an on-stack replacement that takes much longer to compile and is thrown away at the loop's
 * exit: 7–12 ms for the first 100k points instead of 17–21, measured in fresh Node processes.
 */
export function valuedScreenPicks(x: Float64Array, y: Float64Array, columns: number): number[] | undefined {
  let a = 0;
  let b = y.length - 1;
  while (a <= b && y[a] !== y[a]) a++;
  while (b >= a && y[b] !== y[b]) b--;
  // Too few rows to thin (decimateRange keeps all of n ≤ 4 per column), or no extent.
  if (!(columns > 0) || b - a + 1 <= columns * MIN_PER_COLUMN) return undefined;
  const lo = x[a]!;
  const hi = x[b]!;
  if (!(hi > lo)) return undefined;
  const width = (hi - lo) / columns;
  const out: number[] = [];
  const scan = new Float64Array(SCAN_FIELDS);
  scan[PREV_X] = -Infinity;
  for (let i = a; i <= b; ) {
    const xi = x[i]!; // undefined past a shorter x: fails the order check
    if (!(xi > scan[PREV_X]!)) return undefined;
    const next = scanColumn(x, y, i, b, columnEnd(xi, lo, width), scan);
    if (next < 0) return undefined;
    // first ≤ min, max ≤ last: the column's picks in order, each once.
    const p = Math.min(scan[MIN_AT]!, scan[MAX_AT]!);
    const q = Math.max(scan[MIN_AT]!, scan[MAX_AT]!);
    const last = scan[LAST_AT]!;
    out.push(i);
    if (p !== i) out.push(p);
    if (q !== p) out.push(q);
    if (last !== q) out.push(last);
    i = next;
  }
  const count = scan[COUNT]!;
  return count <= columns * MIN_PER_COLUMN || out.length >= count ? undefined : out;
}

/** What `scanColumn` carries from column to column and hands back, in one small typed array. */
const PREV_X = 0;
const COUNT = 1;
const MIN_AT = 2;
const MAX_AT = 3;
const LAST_AT = 4;
const SCAN_FIELDS = 5;

/**
 * Scans the valued points of one pixel column from `i` (valued, its first) to before `edge`:
 * their lowest, highest and last into `scan`. Returns where the next column starts (`b + 1` at
 * the end), or −1 when x does not rise strictly.
 */
function scanColumn(x: Float64Array, y: Float64Array, i: number, b: number, edge: number, scan: Float64Array): number {
  let prev = x[i]!;
  let count = scan[COUNT]! + 1;
  let min = i;
  let max = i;
  let last = i;
  let low = y[i]!;
  let high = low;
  for (i++; i <= b; i++) {
    const v = y[i]!;
    if (v !== v) continue;
    const xi = x[i]!;
    if (!(xi > prev)) return -1;
    if (xi >= edge) break;
    prev = xi;
    count++;
    last = i;
    if (v < low) {
      min = i;
      low = v;
    } else if (v > high) {
      max = i;
      high = v;
    }
  }
  scan[PREV_X] = prev;
  scan[COUNT] = count;
  scan[MIN_AT] = min;
  scan[MAX_AT] = max;
  scan[LAST_AT] = last;
  return i;
}

/**
 * Appends one column's picks to `out`, in order and once each (−1: that series had no value).
 * A function of its own, not a closure: a closure would move the scan's counters off registers.
 */
function pushColumn(out: number[], picked: number[], first: number, min0: number, max0: number, min1: number, max1: number, last: number): void {
  let c = 0;
  picked[c++] = first;
  if (min0 >= 0) {
    picked[c++] = min0;
    picked[c++] = max0;
  }
  if (min1 >= 0) {
    picked[c++] = min1;
    picked[c++] = max1;
  }
  picked[c++] = last;
  // At most six indices: an insertion sort, then the distinct ones in order.
  for (let a = 1; a < c; a++) {
    const v = picked[a]!;
    let b = a - 1;
    while (b >= 0 && picked[b]! > v) {
      picked[b + 1] = picked[b]!;
      b--;
    }
    picked[b + 1] = v;
  }
  let prev = -1;
  for (let a = 0; a < c; a++) {
    const i = picked[a]!;
    if (i !== prev) out.push(i);
    prev = i;
  }
}

/** First index whose x is ≥ `v` (x ascending). */
export function lowerBound(x: ArrayLike<number>, v: number): number {
  let a = 0;
  let b = x.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (x[mid]! < v) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** First index whose x is > `v` (x ascending). */
export function upperBound(x: ArrayLike<number>, v: number): number {
  let a = 0;
  let b = x.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (x[mid]! <= v) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** Index of the x nearest to `v` (x ascending, not empty); ties go to the earlier point. */
export function nearestIndex(x: ArrayLike<number>, v: number): number {
  const i = lowerBound(x, v);
  if (i <= 0) return 0;
  if (i >= x.length) return x.length - 1;
  return v - x[i - 1]! <= x[i]! - v ? i - 1 : i;
}

/**
 * The indices to draw for a view: the whole series decimated over its full extent, and when
 * zoomed to `[zlo, zhi]`, the points inside (plus one either side, so the line reaches the
 * edges) decimated at the zoomed scale instead. The points outside stay, coarse, so the data
 * still spans the whole extent and a reset shows everything.
 */
export function viewIndices(
  x: ArrayLike<number>,
  ys: ReadonlyArray<ArrayLike<number | null>>,
  columns: number,
  zoom?: [number, number],
  full?: number[],
): number[] {
  const n = x.length;
  if (n === 0) return [];
  const all = full ?? decimateRange(x, ys, 0, n, x[0]!, x[n - 1]!, columns);
  if (!zoom) return all;
  const a = Math.max(0, lowerBound(x, zoom[0]) - 1);
  const b = Math.min(n, upperBound(x, zoom[1]) + 1);
  const inside = decimateRange(x, ys, a, b, zoom[0], zoom[1], columns);
  const out: number[] = [];
  for (const i of all) if (i < a) out.push(i);
  for (const i of inside) out.push(i);
  for (const i of all) if (i >= b) out.push(i);
  return out;
}

/** `src` at `idx`. */
export function pick<T>(src: ArrayLike<T>, idx: readonly number[]): T[] {
  const out = new Array<T>(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k]!]!;
  return out;
}
