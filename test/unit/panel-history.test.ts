import { describe, expect, it } from 'vitest';
import { chartPoints as chartPointsOf, filterRows as filterRowsOf, firstScreenRows, lastOf as lastOfColumns, mergeColumns as mergeOf, rowsAfter as rowsAfterOf, rowsToColumns } from '../../src/webviews/history-columns';
import { pick, viewIndices } from '../../src/webviews/decimate';
import { historyColumns as cols, plainColumns as plain } from './builders';

type Plain = Record<string, Array<number | null>>;
// The functions under test on plain arrays (null for no value), so the expectations stay readable.
const mergeColumns = (a: Plain, b: Plain, order?: string) => plain(mergeOf(cols(a), cols(b), order));
const rowsAfter = (c: Plain, after: number) => plain(rowsAfterOf(cols(c), after));
const filterRows = (c: Plain, key: string) => plain(filterRowsOf(cols(c), key));
const lastOf = (c: Plain) => lastOfColumns(cols(c));
const chartPoints = (c: Plain, key: string, x: string) => {
  const p = chartPointsOf(cols(c), key, x);
  return { x: [...p.x], y: Array.from(p.y, (v) => (v === v ? v : null)), steps: [...p.steps], values: p.values };
};

describe('rowsToColumns', () => {
  it('picks keys and turns anything but finite numbers into no value (NaN)', () => {
    const rows = [
      { _step: 0, loss: 1, acc: 'x' },
      { _step: 1, loss: Number.NaN },
      { _step: 2, loss: Infinity, acc: 0.5 },
    ];
    expect(plain(rowsToColumns(rows, ['_step', 'loss', 'acc']))).toEqual({ _step: [0, 1, 2], loss: [1, null, null], acc: [null, null, 0.5] });
  });
});

describe('mergeColumns', () => {
  const sampled = { _step: [0, 50, 100], loss: [1, 0.5, 0.2] };

  it('appends live rows past the last step (fast path), keeping base keys only', () => {
    const live = { _step: [101, 102], loss: [0.19, 0.18], other: [1, 2] };
    expect(mergeColumns(sampled, live)).toEqual({ _step: [0, 50, 100, 101, 102], loss: [1, 0.5, 0.2, 0.19, 0.18] });
  });

  it('never duplicates a step a poll returns twice: the newer row wins', () => {
    const live = { _step: [100, 101], loss: [0.21, 0.19] };
    expect(mergeColumns(sampled, live)).toEqual({ _step: [0, 50, 100, 101], loss: [1, 0.5, 0.21, 0.19] });
  });

  it('lays full-resolution rows of a zoomed range over the sampled rows in step order', () => {
    const detail = { _step: [49, 50, 51], loss: [0.52, 0.5, 0.49] };
    expect(mergeColumns(sampled, detail)).toEqual({ _step: [0, 49, 50, 51, 100], loss: [1, 0.52, 0.5, 0.49, 0.2] });
  });

  it('fills keys missing on the incoming side with null and leaves its inputs alone', () => {
    const base = { _step: [0, 1], loss: [1, 2], _runtime: [0, 1] };
    const inc = { _step: [2], loss: [3] };
    const out = mergeColumns(base, inc);
    expect(out).toEqual({ _step: [0, 1, 2], loss: [1, 2, 3], _runtime: [0, 1, null] });
    expect(base).toEqual({ _step: [0, 1], loss: [1, 2], _runtime: [0, 1] });
  });

  it('handles empty sides', () => {
    expect(mergeColumns({}, { _step: [1], loss: [2] })).toEqual({ _step: [1], loss: [2] });
    expect(mergeColumns(sampled, {})).toEqual(sampled);
  });

  it('works on another order key (system metrics by time)', () => {
    expect(mergeColumns({ _timestamp: [1, 3], cpu: [10, 30] }, { _timestamp: [2], cpu: [20] }, '_timestamp')).toEqual({ _timestamp: [1, 2, 3], cpu: [10, 20, 30] });
  });
});

describe('helpers', () => {
  it('lastOf, rowsAfter and filterRows', () => {
    const c = { _step: [0, 1, 2, 3], loss: [1, null, 3, null] };
    expect(lastOf(c)).toBe(3);
    expect(lastOf({ _step: [] })).toBeUndefined();
    expect(rowsAfter(c, 1)).toEqual({ _step: [2, 3], loss: [3, null] });
    expect(filterRows(c, 'loss')).toEqual({ _step: [0, 2], loss: [1, 3] });
    expect(filterRows(c, 'nope')).toEqual({});
  });
});

describe('chartPoints', () => {
  it('uses the chosen x column and keeps the step of each point', () => {
    const c = { _step: [0, 1, 2], _runtime: [0, 1.5, 3], loss: [3, 2, 1] };
    expect(chartPoints(c, 'loss', '_step')).toEqual({ x: [0, 1, 2], y: [3, 2, 1], steps: [0, 1, 2], values: 3 });
    expect(chartPoints(c, 'loss', '_runtime')).toEqual({ x: [0, 1.5, 3], y: [3, 2, 1], steps: [0, 1, 2], values: 3 });
  });

  it('falls back to wall time minus the start for relative time', () => {
    const c = { _step: [0, 1], _runtime: [null, null], _timestamp: [100, 104], loss: [1, 2] };
    expect(chartPoints(c, 'loss', '_runtime').x).toEqual([0, 4]);
  });

  it('sorts by another metric as x, keeps one point per x (the later), and skips rows without x', () => {
    const c = { _step: [0, 1, 2, 3], lr: [0.3, 0.1, 0.1, null], loss: [1, 2, 3, 4] };
    expect(chartPoints(c, 'loss', 'lr')).toEqual({ x: [0.1, 0.3], y: [3, 1], steps: [2, 0], values: 2 });
  });

  it('counts the points with a value (what the chart reports as its points), in order or sorted', () => {
    const c = { _step: [0, 1, 2, 3], lr: [0.4, 0.3, 0.2, 0.1], loss: [1, null, 3, null] };
    expect(chartPoints(c, 'loss', '_step').values).toBe(2);
    expect(chartPoints(c, 'loss', 'lr')).toEqual({ x: [0.1, 0.2, 0.3, 0.4], y: [null, 3, null, 1], steps: [3, 2, 1, 0], values: 2 });
  });
});

describe('firstScreenRows (what the host sends before every row)', () => {
  // A noisy decaying line with one spike, 10,000 steps; every third row lacks the metric.
  const n = 10_000;
  const step = Float64Array.from({ length: n }, (_, i) => i);
  const loss = Float64Array.from({ length: n }, (_, i) => (i % 3 === 2 ? NaN : i === 4321 ? 50 : Math.exp(-i / 3000) + Math.sin(i * 1.7) * 0.05));
  const runtime = Float64Array.from({ length: n }, (_, i) => i * 0.5);
  const rows = { _step: step, loss, _runtime: runtime };

  it('is the rows the chart itself would draw at that width, every key picked alike', () => {
    const columns = 300;
    const first = firstScreenRows(rows, 'loss', '_step', columns)!;
    const full = filterRowsOf(rows, 'loss');
    const idx = viewIndices(full._step!, [full.loss!], columns);
    expect([...first._step!]).toEqual(pick(full._step!, idx));
    expect([...first.loss!]).toEqual(pick(full.loss!, idx));
    expect([...first._runtime!]).toEqual(pick(full._runtime!, idx));
    expect(first._step!.length).toBeLessThan(full._step!.length / 4);
    // Given only these rows, the chart keeps them all: its first screen is the full one's.
    expect(viewIndices(first._step!, [first.loss!], columns)).toHaveLength(first._step!.length);
  });

  it('keeps the spike, the ends, and no row without the metric', () => {
    const first = firstScreenRows(rows, 'loss', '_step', 200)!;
    expect(first.loss!.includes(50)).toBe(true);
    expect(first._step![0]).toBe(0);
    expect(first._step![first._step!.length - 1]).toBe(n - 1);
    expect(first.loss!.every((v) => v === v)).toBe(true);
  });

  it('picks what filtering, checking order and decimating in turn pick', () => {
    // Seeded noise with gaps, flat runs, ties and the odd step out of order.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    for (let trial = 0; trial < 40; trial++) {
      const len = 200 + Math.floor(rand() * 6000);
      const gap = rand() * 0.6;
      const x = Float64Array.from({ length: len }, (_, i) => i * (1 + Math.floor(rand() * 3)) + (trial % 5 === 4 && i === len >> 1 ? -len * 5 : 0));
      for (let i = 1; i < len; i++) x[i] = Math.max(x[i]!, x[i - 1]! + (trial % 7 === 6 && i === 100 ? 0 : 1));
      const y = Float64Array.from({ length: len }, () => (rand() < gap ? NaN : rand() < 0.2 ? 1 : Math.round(rand() * 100)));
      const columns = 1 + Math.floor(rand() * 400);
      const c = { _step: x, loss: y };
      const full = filterRowsOf(c, 'loss');
      const fx = full._step ?? new Float64Array(0);
      let ascending = fx.length > 0;
      for (let i = 1; i < fx.length; i++) if (!(fx[i]! > fx[i - 1]!)) ascending = false;
      const idx = ascending ? viewIndices(fx, [full.loss!], columns) : [];
      const expected = ascending && idx.length < fx.length ? { _step: pick(fx, idx), loss: pick(full.loss!, idx) } : undefined;
      const got = firstScreenRows(c, 'loss', '_step', columns);
      expect(got && { _step: [...got._step!], loss: [...got.loss!] }, `trial ${trial}`).toEqual(expected);
    }
  });

  it('by relative or wall time over rows fetched by step: the rows the chart draws by that x', () => {
    // Irregular time per step (a slow evaluation every 500 steps), so time columns are not steps.
    const t0 = 1_760_000_000;
    const wall = Float64Array.from({ length: n }, (_, i) => t0 + i * 0.25 + Math.floor(i / 500) * 40 + (i % 7) * 0.01);
    const timed = { _step: step, loss, _timestamp: wall, _runtime: wall.map((t) => t - t0 + 3) };
    // An older run: no runtime anywhere, so relative time is wall time less the first.
    const older = { _step: step, loss, _timestamp: wall, _runtime: new Float64Array(n).fill(NaN) };
    for (const [c, xKey] of [[timed, '_runtime'], [timed, '_timestamp'], [older, '_runtime']] as const) {
      const columns = 250;
      const first = firstScreenRows(c, 'loss', xKey, columns)!;
      const points = chartPointsOf(filterRowsOf(c, 'loss'), 'loss', xKey);
      const idx = viewIndices(points.x, [points.y], columns);
      expect([...first._step!], xKey).toEqual(pick(points.steps, idx));
      expect([...first.loss!]).toEqual(pick(points.y, idx));
      // And by step, the pick differs: the time axis stretches the slow steps.
      expect([...first._step!]).not.toEqual([...firstScreenRows(c, 'loss', '_step', columns)!._step!]);
    }
    // A runtime on some rows only: the chart sorts those itself, so no first screen.
    const holes = { ...timed, _runtime: timed._runtime.map((v, i) => (i % 1000 === 5 ? NaN : v)) };
    expect(firstScreenRows(holes, 'loss', '_runtime', 250)).toBeUndefined();
  });

  it('is undefined when the chart draws every row anyway, or x is not ascending in row order', () => {
    // 6,667 rows with a value: at 2,000 columns (≥ 4 rows a column needed to thin) all are drawn.
    expect(firstScreenRows(rows, 'loss', '_step', 2_000)).toBeUndefined();
    const acc = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    expect(firstScreenRows({ ...rows, acc }, 'loss', 'acc', 100)).toBeUndefined();
    expect(firstScreenRows(rows, 'missing', '_step', 100)).toBeUndefined();
    expect(firstScreenRows(rows, 'loss', '_step', 0)).toBeUndefined();
  });
});
