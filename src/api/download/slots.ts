/**
 * Up to `size` tasks at once, the others waiting in order: p-limit's contract without its
 * per-call promises and microtask hops (it keeps each task's async context, which nothing here
 * needs). Thousands of small files pass through two of these, so each task costs one promise
 * more than the task itself. Plain Node: no `vscode` here.
 */
export class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Index of the next waiting task (the queue is only ever appended to and read forward). */
  private head = 0;

  constructor(private readonly size: number) {}

  /** Runs `task` once a slot is free; settles as it does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.size) return this.start(task);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => this.start(task).then(resolve, reject));
    });
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    this.active++;
    let running: Promise<T>;
    try {
      running = task();
    } catch (e) {
      running = Promise.reject(e);
    }
    running.then(this.next, this.next);
    return running;
  }

  private readonly next = (): void => {
    this.active--;
    if (this.head < this.waiting.length) {
      const go = this.waiting[this.head]!;
      this.waiting[this.head++] = noop;
      if (this.head === this.waiting.length) {
        this.waiting.length = 0;
        this.head = 0;
      }
      go();
    }
  };
}

const noop = () => undefined;
