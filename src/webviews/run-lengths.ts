/**
 * Runs of very different lengths squeeze the short ones against the axis when charted by step.
 * These rules say when to offer another x axis (an `epoch` the runs logged, or relative time),
 * and which. Pure; the compare page uses them.
 */

/** Offer to align when the longest run has more than this many times the steps of the shortest. */
export const LENGTH_RATIO = 5;

/** A run's length in steps: its history rows, else its last step + 1 (0: nothing logged yet). */
export function stepCount(run: { historyLineCount?: number; lastStep: number }): number {
  return run.historyLineCount && run.historyLineCount > 0 ? run.historyLineCount : Math.max(0, run.lastStep + 1);
}

export interface LengthMismatch {
  /** Longest ÷ shortest, over the runs that logged something. */
  ratio: number;
  longest: number;
  shortest: number;
}

/** The mismatch when the lengths differ by more than LENGTH_RATIO×; runs with no steps do not count. */
export function lengthMismatch(steps: readonly number[]): LengthMismatch | undefined {
  const logged = steps.filter((n) => Number.isFinite(n) && n > 0);
  if (logged.length < 2) return undefined;
  const longest = Math.max(...logged);
  const shortest = Math.min(...logged);
  const ratio = longest / shortest;
  return ratio > LENGTH_RATIO ? { ratio, longest, shortest } : undefined;
}

/** The x axes to offer instead of steps: `epoch` when a run logged it, and relative time. */
export function alignAxes(metricKeys: readonly string[]): Array<{ xKey: string; label: string }> {
  const out: Array<{ xKey: string; label: string }> = [];
  if (metricKeys.includes('epoch')) out.push({ xKey: 'epoch', label: 'Align by epoch' });
  out.push({ xKey: '_runtime', label: 'Align by relative time' });
  return out;
}
