import { WandbError } from '../api/errors';
import type { Page } from '../api/paginate';

/**
 * The loaded pages of one paged tree level. One request per page; a second `loadNext` while a
 * page is loading joins the one in flight (so double clicks on "Load more" do nothing more).
 * Errors are kept to be shown, never cached as data: the next `loadNext` tries again.
 */
export class PagedList<T> {
  items: T[] = [];
  total: number | undefined;
  error: WandbError | undefined;
  private cursor: string | undefined;
  private more = true;
  private loaded = false;
  private inFlight: Promise<void> | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly fetchPage: (after: string | undefined, signal: AbortSignal) => Promise<Page<T>>) {}

  get hasMore(): boolean {
    return this.more;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  get isLoading(): boolean {
    return this.inFlight !== undefined;
  }

  /** Loads the first page if nothing is loaded yet. */
  ensureFirstPage(): Promise<void> {
    return this.loaded || this.error ? (this.inFlight ?? Promise.resolve()) : this.loadNext();
  }

  loadNext(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.loaded && !this.more) return Promise.resolve();
    this.error = undefined;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.inFlight = this.fetchPage(this.cursor, signal)
      .then((page) => {
        if (signal.aborted) return;
        this.items.push(...page.items);
        this.cursor = page.endCursor;
        this.more = page.hasNextPage;
        if (page.totalCount !== undefined) this.total = page.totalCount;
        this.loaded = true;
      })
      .catch((e: unknown) => {
        if (signal.aborted) return;
        this.error = e instanceof WandbError ? e : new WandbError('invalidResponse', String(e));
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Forgets everything (Refresh); aborts a page in flight. */
  reset(): void {
    this.controller?.abort();
    this.inFlight = undefined;
    this.items = [];
    this.total = undefined;
    this.error = undefined;
    this.cursor = undefined;
    this.more = true;
    this.loaded = false;
  }

  dispose(): void {
    this.controller?.abort();
  }
}
