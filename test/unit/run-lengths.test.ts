import { describe, expect, it } from 'vitest';
import { LENGTH_RATIO, alignAxes, lengthMismatch, stepCount } from '../../src/webviews/run-lengths';

describe('runs of different lengths', () => {
  it('counts steps from history rows, else the last step', () => {
    expect(stepCount({ historyLineCount: 7000, lastStep: 6999 })).toBe(7000);
    expect(stepCount({ lastStep: 99 })).toBe(100);
    expect(stepCount({ historyLineCount: 0, lastStep: -1 })).toBe(0);
  });

  it(`offers to align only past ${LENGTH_RATIO}× between the longest and the shortest run`, () => {
    expect(lengthMismatch([100_000, 7_000, 8_000])).toEqual({ ratio: 100_000 / 7_000, longest: 100_000, shortest: 7_000 });
    expect(lengthMismatch([5_000, 1_000])).toBeUndefined(); // exactly 5×
    expect(lengthMismatch([5_001, 1_000])?.ratio).toBeCloseTo(5.001);
    // A run with nothing logged yet (pending) does not make every comparison "different".
    expect(lengthMismatch([0, 1_000, 1_200])).toBeUndefined();
    expect(lengthMismatch([1_000])).toBeUndefined();
  });

  it('offers epoch only when a run logged it, relative time always', () => {
    expect(alignAxes(['train/loss', 'epoch']).map((a) => a.xKey)).toEqual(['epoch', '_runtime']);
    expect(alignAxes(['train/loss']).map((a) => a.xKey)).toEqual(['_runtime']);
  });
});
