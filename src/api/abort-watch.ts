/**
 * An AbortSignal's state, read from an object of one fixed shape. In Node no two AbortSignals
 * share a hidden class, so optimized code that reads `signal.aborted` is thrown away (deoptimized)
 * by the first signal it has not seen: every new download cost the per-file hot path (and every
 * request in flight) a round of deoptimization and recompilation until V8 gave the sites up as
 * megamorphic, five or so downloads later. Hot code reads `watchSignal(signal).aborted` instead,
 * and the code that starts a download makes the watch once, outside the hot path.
 *
 * One listener per signal, however many requests share it: every add and remove of an
 * EventTarget listener scans the others. Plain Node: no `vscode` here.
 */
export class SignalWatch {
  /** The signal aborted (set by its 'abort' event, in the same turn as `signal.aborted`). */
  aborted: boolean;
  private readonly stops = new Set<() => void>();

  constructor(readonly signal: AbortSignal) {
    this.aborted = signal.aborted;
    if (this.aborted) return;
    signal.addEventListener(
      'abort',
      () => {
        this.aborted = true;
        const all = [...this.stops];
        this.stops.clear();
        for (const stop of all) stop();
      },
      { once: true },
    );
  }

  /** Runs `stop` when the signal aborts, until `forget` (callers check `aborted` first). */
  onAbort(stop: () => void): void {
    if (!this.aborted) this.stops.add(stop);
  }

  forget(stop: () => void): void {
    this.stops.delete(stop);
  }
}

const watches = new WeakMap<AbortSignal, SignalWatch>();

/** The one watch of `signal`, made on first use. */
export function watchSignal(signal: AbortSignal): SignalWatch {
  let w = watches.get(signal);
  if (!w) {
    w = new SignalWatch(signal);
    watches.set(signal, w);
  }
  return w;
}
