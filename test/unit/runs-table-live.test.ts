// The runs table's live cells: which rows a tick reads again, the timer (the tree's interval,
// one tick at a time, only while wanted, stopped by dispose) and the swap of fresh rows in place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveRunIds, MAX_LIVE_ROWS, startLiveCells, swapRows } from '../../src/webviews/runs-table-live';

afterEach(() => {
  vi.useRealTimers();
});

const row = (runId: string, state: string, loss?: number) => ({ runId, state, loss });

describe('runs table live cells', () => {
  it('reads again only the running and pending rows, in table order', () => {
    const rows = [row('a', 'finished'), row('b', 'running'), row('c', 'crashed'), row('d', 'pending'), row('e', 'failed'), row('f', 'running')];
    expect(liveRunIds(rows)).toEqual(['b', 'd', 'f']);
    expect(liveRunIds([row('a', 'finished'), row('b', 'killed')])).toEqual([]);
  });

  it('reads at most the first MAX_LIVE_ROWS running rows loaded (one request)', () => {
    const rows = Array.from({ length: MAX_LIVE_ROWS + 50 }, (_, i) => row(`r${i}`, i % 2 ? 'running' : 'finished'));
    const ids = liveRunIds([...rows, ...rows.map((r) => ({ ...r, runId: `x${r.runId}`, state: 'running' }))]);
    expect(ids).toHaveLength(MAX_LIVE_ROWS);
    expect(ids.slice(0, 3)).toEqual(['r1', 'r3', 'r5']);
  });

  it('swaps fresh rows in at their own places: same order, same length, holes kept', () => {
    const rows = [row('a', 'running', 1), undefined, row('b', 'finished', 2), row('c', 'running', 3)];
    const merged = swapRows(rows, [row('c', 'finished', 0.5), row('a', 'running', 0.9), row('zzz', 'running', 7)]);
    expect(merged).toEqual([row('a', 'running', 0.9), undefined, row('b', 'finished', 2), row('c', 'finished', 0.5)]);
    expect(rows[0]).toEqual(row('a', 'running', 1)); // the loaded rows are not changed in place
  });

  it('ticks on the interval while wanted, and skips when nothing is running or the table is hidden', async () => {
    vi.useFakeTimers();
    let rows = [row('a', 'running'), row('b', 'finished')];
    let visible = true;
    const polled: string[][] = [];
    const live = startLiveCells(
      15,
      () => visible && liveRunIds(rows).length > 0,
      async () => void polled.push(liveRunIds(rows)),
    );
    await vi.advanceTimersByTimeAsync(14_999);
    expect(polled).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(polled).toEqual([['a']]);
    visible = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(polled).toHaveLength(1);
    visible = true;
    rows = [row('a', 'finished'), row('b', 'finished')];
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polled).toHaveLength(1);
    rows = [row('a', 'finished'), row('b', 'running')];
    await vi.advanceTimersByTimeAsync(15_000);
    expect(polled).toEqual([['a'], ['b']]);
    live!.dispose();
  });

  it('never runs two ticks at once: a slow read makes the next due tick skip', async () => {
    vi.useFakeTimers();
    let started = 0;
    let finish = () => {};
    const live = startLiveCells(
      1,
      () => true,
      () => {
        started++;
        return new Promise<void>((r) => (finish = r));
      },
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(2);
    live!.dispose();
  });

  it('a failed read does not stop the timer', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const live = startLiveCells(1, () => true, () => (calls++, Promise.reject(new Error('offline'))));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBe(3);
    live!.dispose();
  });

  it('stops for good on dispose, and never starts when the setting is 0', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const tick = async () => void calls++;
    const live = startLiveCells(2, () => true, tick);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(calls).toBe(2);
    live!.dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
    expect(startLiveCells(0, () => true, tick)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
