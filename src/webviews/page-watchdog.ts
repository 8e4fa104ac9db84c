/**
 * Notices a panel page that never started. A page that fails to start (its script not loaded,
 * or the webview itself stuck) stays blank for good: no error, no 'ready', nothing the host
 * could answer. Seen in code-server under load when two panels opened a second apart; in one
 * such case the console showed two unexplained 404s, in another none, and there reloading did
 * not help either. So the host waits for the page's 'ready' while the panel is visible, sets
 * the page's HTML again when it does not come in time, and in the end tells the person.
 *
 * Panels here do not keep their page while hidden: every time a panel is shown its page loads
 * anew and says 'ready' again, so the wait starts over at each show.
 */
export interface PageWatchdogOptions {
  /** How long a visible page may take to say 'ready'. */
  readonly timeoutMs: number;
  /** How many times the page is loaded again before giving up. */
  readonly maxReloads: number;
  /** Loads the page again (a fresh HTML document). `attempt` counts from 1. */
  readonly reload: (attempt: number) => void;
  /** The page did not start after every reload. */
  readonly gaveUp: () => void;
}

export class PageWatchdog {
  private timer?: ReturnType<typeof setTimeout>;
  private reloads = 0;
  /** Gave up: quiet until the page says 'ready' after all (one error is enough). */
  private quiet = false;
  private done = false;

  constructor(private readonly options: PageWatchdogOptions) {}

  /** The panel was shown (or created visible): its page is loading and should say 'ready'. */
  shown(): void {
    if (this.done || this.quiet) return;
    this.arm();
  }

  /** The panel was hidden: its page is gone, so no 'ready' is due until it is shown again. */
  hidden(): void {
    this.cancel();
  }

  /** The page said 'ready'. A later reload of the page is a fresh start. */
  ready(): void {
    this.cancel();
    this.reloads = 0;
    this.quiet = false;
  }

  dispose(): void {
    this.done = true;
    this.cancel();
  }

  private arm(): void {
    this.cancel();
    this.timer = setTimeout(() => this.expired(), this.options.timeoutMs);
  }

  private expired(): void {
    this.timer = undefined;
    if (this.done) return;
    if (this.reloads >= this.options.maxReloads) {
      this.quiet = true;
      this.options.gaveUp();
      return;
    }
    this.reloads++;
    this.options.reload(this.reloads);
    this.arm();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
