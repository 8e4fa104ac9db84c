/**
 * Quick file-system steps over many files (stats, small copies) as plain synchronous calls, in
 * slices: a slice runs until SLICE_MS have passed, then the event loop gets its turn (progress
 * reports, a cancel, other requests of the extension host) before the next one. Thousands of
 * such steps cost several times less in a loop than as that many promises through the thread pool.
 * Plain Node: no `vscode` here.
 */

/** The longest a slice keeps the event loop waiting (plus the one call that crosses it). */
export const SLICE_MS = 8;

/** The clock checked between steps; a step takes microseconds, so reading it is most of the cost. */
const now = () => performance.now();

/** Lets timers, I/O callbacks and other work run before the next slice. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `step` on each item in order, yielding to the event loop every `sliceMs` (default SLICE_MS). */
export async function inSlices<T>(items: readonly T[], sliceMs: number | undefined, step: (item: T, index: number) => void): Promise<void> {
  const budget = sliceMs ?? SLICE_MS;
  let sliceStart = now();
  for (let i = 0; i < items.length; i++) {
    step(items[i]!, i);
    if (now() - sliceStart >= budget) {
      await yieldToLoop();
      sliceStart = now();
    }
  }
}
