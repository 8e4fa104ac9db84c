import { describe, expect, it } from 'vitest';
import { decimateRange, lowerBound, nearestIndex, pick, upperBound, viewIndices } from '../../src/webviews/decimate';

/** A noisy decaying curve with a few spikes, like a loss. */
function series(n: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    x.push(i);
    y.push(Math.exp(-i / n) + (s / 4294967296 - 0.5) * 0.1 + (i % 9973 === 500 ? 5 : 0));
  }
  return { x, y };
}

/** Per pixel column, the lowest and highest y a polyline through the points reaches there. */
function columnSpans(x: number[], y: number[], lo: number, hi: number, columns: number): Array<[number, number]> {
  const spans: Array<[number, number]> = Array.from({ length: columns }, () => [Infinity, -Infinity]);
  const colOf = (v: number) => Math.min(columns - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * columns)));
  const mark = (c: number, v: number) => {
    const s = spans[c]!;
    s[0] = Math.min(s[0], v);
    s[1] = Math.max(s[1], v);
  };
  for (let i = 0; i < x.length; i++) {
    mark(colOf(x[i]!), y[i]!);
    if (i > 0) {
      // The segment from the previous point touches every column between them.
      const c0 = colOf(x[i - 1]!);
      const c1 = colOf(x[i]!);
      for (let c = c0; c <= c1; c++) {
        const edge = lo + ((c === c0 ? c + 1 : c) / columns) * (hi - lo);
        const t = Math.min(1, Math.max(0, (edge - x[i - 1]!) / (x[i]! - x[i - 1]!)));
        mark(c, y[i - 1]! + t * (y[i]! - y[i - 1]!));
      }
    }
  }
  return spans;
}

describe('decimateRange (min/max per pixel column)', () => {
  it('keeps every point when there are few per column', () => {
    const { x, y } = series(100);
    expect(decimateRange(x, [y], 0, 100, 0, 99, 50)).toEqual([...Array(100).keys()]);
  });

  it('keeps first, last, lowest and highest of each column, in order', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [5, 1, 9, 3, 4, 0, 7, 2, 8, 6];
    // Two columns: [0, 5) and [5, 9]; per column first, min, max, last.
    expect(decimateRange(x, [y], 0, 10, 0, 10, 2)).toEqual([0, 1, 2, 4, 5, 8, 9]);
  });

  it('draws the same pixels as the full line, spikes included, with far fewer points', () => {
    const { x, y } = series(100_000);
    const columns = 900;
    const idx = decimateRange(x, [y], 0, x.length, 0, x.length - 1, columns);
    expect(idx.length).toBeLessThanOrEqual(columns * 4 + 4);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(x.length - 1);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
    const full = columnSpans(x, y, 0, x.length - 1, columns);
    const dec = columnSpans(pick(x, idx), pick(y, idx), 0, x.length - 1, columns);
    for (let c = 0; c < columns; c++) {
      expect(dec[c]![0]).toBeCloseTo(full[c]![0], 9);
      expect(dec[c]![1]).toBeCloseTo(full[c]![1], 9);
    }
    expect(Math.max(...pick(y, idx))).toBe(Math.max(...y));
    expect(Math.min(...pick(y, idx))).toBe(Math.min(...y));
  });

  it('keeps the extremes of every series it is given (raw and smoothed share the x)', () => {
    const x = [...Array(1000).keys()];
    const a = x.map((i) => (i === 123 ? 100 : 0));
    const b = x.map((i) => (i === 456 ? -100 : 0));
    const idx = decimateRange(x, [a, b], 0, 1000, 0, 999, 10);
    expect(idx).toContain(123);
    expect(idx).toContain(456);
  });

  it('handles more than two series by merging their picks', () => {
    const x = [...Array(1000).keys()];
    const ys = [123, 456, 789].map((at) => x.map((i) => (i === at ? 1 : 0)));
    const idx = decimateRange(x, ys, 0, 1000, 0, 999, 10);
    for (const at of [0, 123, 456, 789, 999]) expect(idx).toContain(at);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
  });

  it('ignores nulls and NaN when looking for extremes', () => {
    const x = [...Array(100).keys()];
    const y = x.map((i) => (i % 2 ? null : i === 40 ? Number.NaN : i));
    const idx = decimateRange(x, [y], 0, 100, 0, 100, 1);
    expect(idx).toEqual([0, 98, 99]);
  });
});

describe('viewIndices (zoom)', () => {
  it('shows the zoomed range at full resolution and keeps the rest coarse', () => {
    const { x, y } = series(100_000);
    const full = viewIndices(x, [y], 500);
    const zoomed = viewIndices(x, [y], 500, [40_000, 40_999], full);
    // 1,000 points in range, fewer than 4 per column: all of them, plus one either side.
    for (let i = 39_999; i <= 41_000; i++) expect(zoomed).toContain(i);
    // Still spans the whole extent, so a reset has everything to show.
    expect(zoomed[0]).toBe(0);
    expect(zoomed[zoomed.length - 1]).toBe(x.length - 1);
    for (let k = 1; k < zoomed.length; k++) expect(zoomed[k]!).toBeGreaterThan(zoomed[k - 1]!);
    expect(zoomed.length).toBeLessThan(full.length + 1_100);
  });

  it('is the full decimation without a zoom, and empty without points', () => {
    const { x, y } = series(10_000);
    expect(viewIndices(x, [y], 100)).toEqual(decimateRange(x, [y], 0, x.length, 0, x.length - 1, 100));
    expect(viewIndices([], [[]], 100)).toEqual([]);
  });
});

describe('binary searches', () => {
  const x = [1, 2, 2, 4, 8];
  it('finds bounds and the nearest point', () => {
    expect(lowerBound(x, 2)).toBe(1);
    expect(upperBound(x, 2)).toBe(3);
    expect(lowerBound(x, 0)).toBe(0);
    expect(upperBound(x, 9)).toBe(5);
    expect(nearestIndex(x, 5.9)).toBe(3);
    expect(nearestIndex(x, 6.1)).toBe(4);
    expect(nearestIndex(x, -3)).toBe(0);
    expect(nearestIndex(x, 30)).toBe(4);
  });
});
