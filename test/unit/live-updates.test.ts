import { afterEach, describe, expect, it, vi } from 'vitest';
import { historyColumns, plainColumns } from './builders';
import { appendToCache, isLiveState, LivePoll, MAX_LIVE_STEPS, rowsPast } from '../../src/webviews/live-updates';
import type { WandbApi } from '../../src/api/wandb-api';
import type { HistoryRow } from '../../src/api/model/history';
import type { Columns } from '../../src/webviews/protocol';

const ref = { entity: 'e', project: 'p', runId: 'r' };

/** An API whose history has one row per step below `rows`, and which records the pages asked for. */
function fakeApi(rows: number) {
  const asked: Array<[number, number]> = [];
  const api = {
    historyPage: async (_ref: unknown, lo: number, hi: number): Promise<HistoryRow[]> => {
      asked.push([lo, hi]);
      const out: HistoryRow[] = [];
      for (let s = lo; s < Math.min(hi, rows); s++) out.push({ _step: s, _runtime: s / 2, _timestamp: 1e9 + s, loss: 1 / (s + 1) });
      return out;
    },
  } as unknown as WandbApi;
  return { api, asked };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('live updates', () => {
  it('running and pending runs are live', () => {
    expect(['running', 'pending', 'finished', 'crashed'].map(isLiveState)).toEqual([true, true, false, false]);
  });

  it('rowsPast fetches only the steps after the last one held', async () => {
    const { api, asked } = fakeApi(120);
    expect(await rowsPast(api, ref, 99, 99)).toBeUndefined();
    expect(asked).toEqual([]);
    const got = await rowsPast(api, ref, 99, 119);
    expect(asked).toEqual([[100, 120]]);
    expect([...(got?.columns._step ?? [])]).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(got?.columns.loss).toHaveLength(20);
    expect(got?.lastStep).toBe(119);
  });

  it('rowsPast keeps only the end of a burst larger than a tick may fetch', async () => {
    const { api, asked } = fakeApi(20_000);
    const got = await rowsPast(api, ref, 9, 19_999);
    expect(asked[0]![0]).toBe(20_000 - MAX_LIVE_STEPS);
    expect(got?.columns._step).toHaveLength(MAX_LIVE_STEPS);
    expect(got?.lastStep).toBe(19_999);
  });

  it('appendToCache lays the rows over the chosen entries only', () => {
    const cache = new Map<string, Columns>([
      ['0\u0000_step\u0000loss', historyColumns({ _step: [0, 1], loss: [1, 0.5] })],
      ['1\u0000_step\u0000loss', historyColumns({ _step: [0], loss: [2] })],
    ]);
    appendToCache(cache, historyColumns({ _step: [2], loss: [0.25], acc: [0.9] }), (k) => k.startsWith('0\u0000'));
    expect(plainColumns(cache.get('0\u0000_step\u0000loss')!)).toEqual({ _step: [0, 1, 2], loss: [1, 0.5, 0.25] });
    expect(plainColumns(cache.get('1\u0000_step\u0000loss')!)).toEqual({ _step: [0], loss: [2] });
  });

  it('LivePoll ticks while wanted, one at a time, and stops when not wanted or disposed', async () => {
    vi.useFakeTimers();
    let wanted = true;
    let ticks = 0;
    let release: (() => void) | undefined;
    const poll = new LivePoll(
      () => {
        ticks++;
        return new Promise<void>((r) => (release = r));
      },
      () => wanted,
      () => 1_000,
    );
    poll.schedule();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ticks).toBe(1);
    // A tick in flight: asking again (the panel shown) does not start a second one.
    poll.schedule(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ticks).toBe(1);
    release?.();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ticks).toBe(2);
    // Hidden: the tick in flight ends, the next one is dropped; shown again: it resumes at once.
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    poll.cancel();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ticks).toBe(2);
    poll.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toBe(3);
    // Nothing live any more: the tick ends and no next one is planned.
    wanted = false;
    release?.();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ticks).toBe(3);
    wanted = true;
    poll.dispose();
    poll.schedule(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ticks).toBe(3);
  });
});
