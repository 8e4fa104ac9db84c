import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../src/webviews/smoothing';

describe('emaSmooth (time-weighted, debiased EMA)', () => {
  it('matches hand-computed values for evenly spaced points', () => {
    // w = 0.5: 1; (0.5·1 + 2)/(0.5 + 1) = 5/3; (0.25·1 + 0.5·2 + 3)/(0.25 + 0.5 + 1) = 17/7
    const out = emaSmooth([0, 1, 2], [1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(5 / 3, 12);
    expect(out[2]).toBeCloseTo(17 / 7, 12);
  });

  it('equals TensorBoard’s debiased EMA when spacing is even', () => {
    const ys = [0.9, 0.7, 0.75, 0.5, 0.52, 0.4, 0.41, 0.3];
    const w = 0.8;
    let last = 0;
    const tb = ys.map((y, i) => {
      last = last * w + (1 - w) * y;
      return last / (1 - Math.pow(w, i + 1));
    });
    const out = emaSmooth(ys.map((_, i) => i * 10), ys, w);
    out.forEach((v, i) => expect(v).toBeCloseTo(tb[i]!, 12));
  });

  it('decays by w^(Δx / mean Δx) across uneven gaps', () => {
    // x = 0, 1, 3: mean Δx = 1.5; decays 0.5^(2/3) = 0.629960…, 0.5^(4/3) = 0.396850…
    const out = emaSmooth([0, 1, 3], [1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.6135117904356906, 12);
    expect(out[2]).toBeCloseTo(2.455414810231366, 12);
  });

  it('passes values through at weight 0 and leaves gaps as gaps', () => {
    expect([...emaSmooth([0, 1, 2], [1, null, 3], 0)]).toEqual([1, NaN, 3]);
    const out = emaSmooth([0, 1, 2], [1, Number.NaN, 3], 0.5);
    expect(out[1]).toBeNaN();
    // The gap does not reset the average; spacing is measured between the points that have values.
    expect(out[2]).toBeCloseTo((0.5 * 1 + 3) / (0.5 + 1), 12);
  });

  it('keeps a constant series constant and handles empty input', () => {
    expect([...emaSmooth([0, 5, 6, 100], [2, 2, 2, 2], 0.99)]).toEqual([2, 2, 2, 2]);
    expect(emaSmooth([], [], 0.6)).toHaveLength(0);
  });
});
