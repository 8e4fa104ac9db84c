/**
 * Live updates of running runs, shared by the run and compare panels: when a run counts as
 * live, the poll timer (one tick at a time, only while wanted), and fetching just the history
 * rows logged since the last tick. No `vscode` here, so it is testable with a fake API.
 */
import type { RunRef } from '../api/model/run';
import { lastOf, mergeColumns } from './history-columns';
import type { Columns } from './protocol';
import { historyRange, liveColumns, type HistorySource } from './run-data';

const LIVE_STATES = new Set(['running', 'pending']);
/** At most this many steps are fetched per live tick (a burst between ticks keeps its end). */
export const MAX_LIVE_STEPS = 5_000;

export function isLiveState(state: string): boolean {
  return LIVE_STATES.has(state);
}

export interface NewRows {
  columns: Columns;
  /** The last step now held. */
  lastStep: number;
}

/**
 * The rows of `ref` past `lastStep` up to the run's `newLast` (from its historyKeys), as
 * columns of every numeric key; undefined when the run has logged nothing new.
 */
export async function rowsPast(api: HistorySource, ref: RunRef, lastStep: number, newLast: number, signal?: AbortSignal): Promise<NewRows | undefined> {
  if (newLast <= lastStep) return undefined;
  const from = Math.max(lastStep + 1, newLast + 1 - MAX_LIVE_STEPS);
  const rows = await historyRange(api, ref, from, newLast + 1, signal);
  const columns = liveColumns(rows);
  return { columns, lastStep: Math.max(lastStep, lastOf(columns) ?? newLast) };
}

/** Lays new rows over every cached history entry `which` selects (all by default). */
export function appendToCache(cache: Map<string, Columns>, columns: Columns, which: (cacheKey: string) => boolean = () => true): void {
  for (const [k, c] of cache) if (which(k)) cache.set(k, mergeColumns(c, columns));
}

/**
 * The poll timer of a panel: ticks every `delayMs()` while `wanted()` (something is live and
 * the panel visible), never two ticks at once, and schedules the next tick after each one.
 */
export class LivePoll {
  private timer?: ReturnType<typeof setTimeout>;
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly wanted: () => boolean,
    private readonly delayMs: () => number,
  ) {}

  /** Plans the next tick (after `delay`, default the setting) if polling is wanted now. */
  schedule(delay = this.delayMs()): void {
    this.cancel();
    if (this.stopped || !this.wanted()) return;
    this.timer = setTimeout(() => void this.run(), delay);
  }

  /** No tick until the next `schedule` (the panel was hidden). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** For good (the panel closed). */
  dispose(): void {
    this.stopped = true;
    this.cancel();
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      await this.tick();
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }
}
