/**
 * The dev server's sense of time. Everything the server does by the clock reads it: presigned URL
 * expiry, the live demo run's growth and heartbeat, record times (uploads, edits, the request
 * log), Retry-After dates, and the `latency` and `trickle` faults. The CLI and the demo use the
 * real clock; tests pass a `ManualClock` and move it forward instead of waiting for time to pass.
 */

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Resolves once `ms` of this clock's time has passed. */
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

interface Sleeper {
  until: number;
  wake: () => void;
}

/** A clock that stands still until a test moves it; its sleepers wake when it passes their time. */
export class ManualClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];

  /** Starts at `startMs` (default: the real time now, so dates look current). */
  constructor(startMs: number = Date.now()) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));
  }

  /** Moves the clock forward and wakes every sleeper whose time has come, earliest first. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`a clock only moves forward (advance by ${ms} ms)`);
    this.time += ms;
    const due = this.sleepers.filter((s) => s.until <= this.time).sort((a, b) => a.until - b.until);
    this.sleepers = this.sleepers.filter((s) => s.until > this.time);
    for (const s of due) s.wake();
  }

  /** How many sleeps are waiting for the clock: lets a test see that the server is waiting. */
  get waiting(): number {
    return this.sleepers.length;
  }
}
