/**
 * Presigned URLs expire (an hour on wandb.ai; the storage answers 403). When a download finds
 * its URL expired it asks for a fresh one; requests that arrive together are sent to the API
 * as one batch (`files(names: [...])`), so 2,000 expired URLs cost a few queries, not 2,000.
 */
export interface FileUrls {
  /** On the W&B server's own origin: gets the API key. */
  url?: string;
  /** Presigned storage URL: never gets the API key. */
  directUrl?: string;
}

export type RefreshUrls = (names: string[], signal: AbortSignal) => Promise<Map<string, FileUrls>>;

interface Waiter {
  name: string;
  resolve: (v: FileUrls | undefined) => void;
  reject: (e: unknown) => void;
}

export class UrlRefresher {
  private pending: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly refresh: RefreshUrls,
    private readonly signal: AbortSignal,
    private readonly batchSize = 100,
    private readonly gatherMs = 20,
  ) {}

  /** Fresh URLs for `name`, or undefined when the API no longer lists it. */
  get(name: string): Promise<FileUrls | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ name, resolve, reject });
      if (this.pending.length >= this.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.gatherMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0, this.batchSize);
    if (this.pending.length > 0) this.timer = setTimeout(() => this.flush(), 0);
    if (batch.length === 0) return;
    const names = [...new Set(batch.map((w) => w.name))];
    this.refresh(names, this.signal).then(
      (map) => batch.forEach((w) => w.resolve(map.get(w.name))),
      (e) => batch.forEach((w) => w.reject(e)),
    );
  }
}
