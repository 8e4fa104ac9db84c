/**
 * Several runs' files, one run after another (Downloads.downloadRuns). A run that cannot be
 * listed is noted and the next one starts; a failure every later run would meet too (the key
 * was refused, the server does not answer) ends the whole instead of being met twenty times.
 */
import { WandbError } from '../api/errors';
import type { DownloadResult } from '../api/download/types';
import type { RunRef } from '../api/model/run';
import type { RunOutcome } from './download-report';

/** A failure that says nothing about one run: the API key, or the server as a whole. */
export function stopsTheRest(e: unknown): boolean {
  return e instanceof WandbError && (e.kind === 'auth' || e.kind === 'network');
}

export interface InTurn {
  outcomes: RunOutcome[];
  /** The person cancelled. */
  cancelled: boolean;
  /** A failure ended the whole before every run was tried (see stopsTheRest). */
  stopped: boolean;
}

/**
 * Downloads `runs` in turn with `one`. When the first run fails in a way that stops the rest,
 * that error is thrown as is (nothing was downloaded, and its own report offers Sign In).
 */
export async function downloadInTurn(
  runs: readonly RunRef[],
  label: (run: RunRef) => string,
  one: (run: RunRef, index: number) => Promise<DownloadResult>,
  isCancelled: () => boolean,
): Promise<InTurn> {
  const outcomes: RunOutcome[] = [];
  for (const [i, run] of runs.entries()) {
    if (isCancelled()) break;
    try {
      outcomes.push({ label: label(run), result: await one(run, i) });
    } catch (e) {
      // Cancelled while listing: the run is one of those not started.
      if (isCancelled()) break;
      if (stopsTheRest(e) && outcomes.length === 0) throw e;
      outcomes.push({ label: label(run), error: e instanceof Error ? e.message : String(e) });
      if (stopsTheRest(e)) return { outcomes, cancelled: false, stopped: true };
    }
  }
  return { outcomes, cancelled: isCancelled(), stopped: false };
}
