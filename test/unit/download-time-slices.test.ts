import { describe, expect, it } from 'vitest';
import { inSlices } from '../../src/api/download/time-slices';

describe('inSlices', () => {
  it('runs every step in order and hands the event loop its turn between slices', async () => {
    const seen: number[] = [];
    let turns = 0;
    const counter = setInterval(() => turns++, 0);
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        // a step that takes a while
      }
    };
    await inSlices([0, 1, 2, 3, 4, 5, 6, 7], 2, (n, i) => {
      expect(n).toBe(i);
      seen.push(n);
      busy(1);
    });
    clearInterval(counter);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // 8 ms of steps in slices of 2 ms: the timer ran in between, not only after.
    expect(turns).toBeGreaterThanOrEqual(1);
  });
});
