import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchStall } from '../../src/api/download/stall-watch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('watchStall', () => {
  it('fires once no bytes were seen for the whole time, not before', () => {
    const onStall = vi.fn();
    const w = watchStall(1000, onStall);
    vi.advanceTimersByTime(600);
    w.seen();
    vi.advanceTimersByTime(600); // 1,200 ms in, 600 since the last bytes
    expect(onStall).not.toHaveBeenCalled();
    expect(w.stalled).toBe(false);
    vi.advanceTimersByTime(400);
    expect(onStall).toHaveBeenCalledTimes(1);
    expect(w.stalled).toBe(true);
  });

  it('never fires once stopped', () => {
    const onStall = vi.fn();
    const w = watchStall(1000, onStall);
    w.stop();
    vi.advanceTimersByTime(5000);
    expect(onStall).not.toHaveBeenCalled();
  });
});
