import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchStall } from '../../src/api/stall-watch';

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

  it('watches many transfers of one length with one timer, each stalling on its own deadline', () => {
    const before = vi.getTimerCount();
    const stalled: number[] = [];
    const watches = Array.from({ length: 50 }, (_, i) => {
      vi.advanceTimersByTime(10); // started 10 ms apart
      return watchStall(777, () => stalled.push(i));
    });
    expect(vi.getTimerCount() - before).toBe(1);
    // Most end in time; two keep going, one goes quiet.
    for (const [i, w] of watches.entries()) if (i !== 20 && i !== 30 && i !== 40) w.stop();
    vi.advanceTimersByTime(300);
    // Handed around on its own, as a chunk callback.
    const seen30 = watches[30]!.seen;
    seen30();
    watches[40]!.seen();
    vi.advanceTimersByTime(500);
    // Quiet since its start (10 ms × 21 in, 777 ms long): stalled. The other two not yet.
    expect(stalled).toEqual([20]);
    expect(watches[20]!.stalled).toBe(true);
    watches[40]!.stop();
    vi.advanceTimersByTime(300);
    expect(stalled).toEqual([20, 30]);
    expect(watches[30]!.stalled).toBe(true);
    expect(watches[40]!.stalled).toBe(false);
    // Nothing left to watch: the timer is not armed again.
    vi.advanceTimersByTime(5000);
    expect(stalled).toEqual([20, 30]);
    expect(vi.getTimerCount()).toBe(before);
  });

  it('keeps watching the others when a stalled transfer starts a new watch from its handler', () => {
    const events: string[] = [];
    const first = watchStall(300, () => {
      events.push('first');
      watchStall(300, () => events.push('retry'));
    });
    const other = watchStall(300, () => events.push('other'));
    vi.advanceTimersByTime(150);
    other.seen();
    vi.advanceTimersByTime(150);
    expect(events).toEqual(['first']);
    expect(first.stalled).toBe(true);
    vi.advanceTimersByTime(150);
    expect(events).toEqual(['first', 'other']);
    vi.advanceTimersByTime(150);
    expect(events).toEqual(['first', 'other', 'retry']);
  });

  it('takes a timeout longer than setTimeout allows without firing early (a huge timeout setting)', async () => {
    vi.useRealTimers();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const onStall = vi.fn();
      const w = watchStall(2 ** 32, onStall);
      await new Promise((r) => setTimeout(r, 30));
      w.stop();
      expect(onStall).not.toHaveBeenCalled();
      // Node fires an over-long delay after 1 ms, with this warning.
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
