/**
 * Transfers that must not go quiet: `onStall` runs once no progress was seen for `ms`.
 *
 * Every watch with the same `ms` shares one timer, armed for the earliest deadline among them.
 * A download of thousands of small files used to set and clear a timer (two, with the wait for
 * the response head) for each file; now a file costs a set entry, and the timer fires about
 * once per `ms` to move on to the next deadline. Progress only writes a timestamp.
 * Plain Node: no `vscode` here.
 */
export interface StallWatch {
  /** Progress just now (bytes arrived). */
  seen(): void;
  /** The transfer ended (either way): no `onStall` from now on. */
  stop(): void;
  /** `onStall` ran. */
  readonly stalled: boolean;
}

/** The longest delay `setTimeout` takes as given (2^31 - 1 ms). */
const MAX_DELAY_MS = 2 ** 31 - 1;

class Watched implements StallWatch {
  last = Date.now();
  stalled = false;

  constructor(
    private readonly sweep: StallSweep,
    readonly onStall: () => void,
  ) {}

  /** Bound: handed around as a chunk callback. */
  readonly seen = (): void => {
    this.last = Date.now();
  };

  stop(): void {
    this.sweep.drop(this);
  }
}

/** The watches of one length and their timer. */
class StallSweep {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly ms: number) {}

  add(onStall: () => void): Watched {
    const w = new Watched(this, onStall);
    this.watched.add(w);
    // A new watch's deadline is the latest of all (the others started or moved earlier): an
    // armed timer is still due first.
    if (!this.timer) this.arm(w.last + this.ms);
    return w;
  }

  /**
   * Stopped watches only leave the set: the timer, when it fires, finds the next deadline or
   * none (and is not armed again). It never keeps the process alive on its own.
   */
  drop(w: Watched): void {
    this.watched.delete(w);
  }

  private arm(at: number): void {
    // Node fires a longer delay at once; an early fire only arms the timer again.
    this.timer = setTimeout(this.fire, Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())));
    this.timer.unref?.();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = Date.now();
    let next = Infinity;
    const stalled: Watched[] = [];
    for (const w of this.watched) {
      const deadline = w.last + this.ms;
      if (deadline <= now) stalled.push(w);
      else if (deadline < next) next = deadline;
    }
    if (next !== Infinity) this.arm(next);
    // Told after the sweep, so that whatever a handler does cannot upset it.
    for (const w of stalled) {
      this.watched.delete(w);
      w.stalled = true;
      w.onStall();
    }
  };
}

const sweeps = new Map<number, StallSweep>();

/** Watches a transfer: `onStall` runs once, when `seen` was not called for `ms` (from now, then from each call). */
export function watchStall(ms: number, onStall: () => void): StallWatch {
  let sweep = sweeps.get(ms);
  if (!sweep) sweeps.set(ms, (sweep = new StallSweep(ms)));
  return sweep.add(onStall);
}
