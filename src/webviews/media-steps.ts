/**
 * Which step each media card shows and asks for: a run's value at the nearest logged step at or
 * before the chosen one, the shared slider's stops when several runs are compared, and the rule
 * that keeps a card from queueing asks (one in flight; moves meanwhile only change the next
 * ask). Pure, so the page and the tests share it.
 */
import type { MediaKind, MediaSeries } from './media-protocol';

/** Stops of a shared slider at most (as the index's MAX_MEDIA_STEPS per key). */
export const MAX_SHARED_STEPS = 2_000;

/** Index of the last of the ascending `steps` at or before `step`; -1 when all are later. */
export function indexAtOrBefore(steps: readonly number[], step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The steps of all runs together, ascending and each once: the shared slider's stops. More than
 * `max` are sampled evenly, keeping the first and the last.
 */
export function unionSteps(lists: ReadonlyArray<readonly number[]>, max = MAX_SHARED_STEPS): number[] {
  const all = [...new Set(lists.flat())].sort((a, b) => a - b);
  if (all.length <= max) return all;
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(all[Math.round((i * (all.length - 1)) / (max - 1))]!);
  return [...new Set(out)];
}

/** One card of the compare panel's Media tab: a key, and each run's series of it (if it logged it). */
export interface CompareMediaKey {
  key: string;
  /** The kind the first run that logged the key gives it. */
  kind: MediaKind;
  runs: Array<MediaSeries | undefined>;
}

/** Media keys any of the runs logged, in the order the runs list them (first run first). */
export function compareMediaKeys(runs: ReadonlyArray<readonly MediaSeries[]>): CompareMediaKey[] {
  const byKey = new Map<string, CompareMediaKey>();
  runs.forEach((series, run) => {
    for (const s of series) {
      let card = byKey.get(s.key);
      if (!card) byKey.set(s.key, (card = { key: s.key, kind: s.kind, runs: runs.map(() => undefined) }));
      card.runs[run] = s;
    }
  });
  return [...byKey.values()];
}

/**
 * One card's (or one compare column's) asks for its files. While an ask is in flight, moves only
 * change the wanted step; the answer's arrival asks for the step wanted then, so dragging across
 * a thousand steps fetches the steps actually shown, not every step passed over.
 */
export class StepAsks {
  /** Step whose value is on screen. */
  shown: number | undefined;
  /** Step asked for and not answered yet. */
  pending: number | undefined;

  /** The step to ask for now; undefined when it is on screen already, off screen, or an ask is in flight. */
  next(wanted: number, visible: boolean): number | undefined {
    if (!visible || this.pending !== undefined || this.shown === wanted) return undefined;
    this.pending = wanted;
    return wanted;
  }

  /** A value that needs no files is on screen at once. */
  showWithoutFiles(step: number): void {
    this.shown = step;
  }

  /** An answer arrived: true when it is the one in flight (it is then what the card shows). */
  answered(step: number): boolean {
    if (step !== this.pending) return false;
    this.pending = undefined;
    this.shown = step;
    return true;
  }

  /** Nothing shown (the column says there is no value at this step). */
  clear(): void {
    this.shown = undefined;
  }
}
