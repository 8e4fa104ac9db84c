/**
 * Bytes of small files received and checked that may wait in memory to be written. Request
 * slots hold on to their file only while the budget is used up (backpressure on the network
 * when the disk is slower); a file is let in whenever the budget is not used up, so one larger
 * than what is left still goes through.
 */
export class MemoryBudget {
  private used = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Bytes reserved and not yet released. */
  get bytes(): number {
    return this.used;
  }

  /** Waits while the budget is used up, then takes `n` bytes of it. */
  async reserve(n: number): Promise<void> {
    while (this.used >= this.limit) await new Promise<void>((r) => this.waiters.push(r));
    this.used += n;
  }

  /** Gives back `n` bytes and lets the waiting files try again. */
  release(n: number): void {
    this.used -= n;
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
