/**
 * The download URLs of one plan. Presigned URLs of one plan were signed together and expire
 * together: the first file that finds its URL expired refreshes the URLs of every file not done
 * yet, in one go, and the others wait for that instead of asking one by one. Files the plan
 * gave no URL wait for the page of the first listing that has theirs, and are fetched while the
 * listing goes on.
 */
import type { ClientLogger } from '../client';
import { toFailure } from './failures';
import type { DownloadItem, FileUrls, RefreshUrls } from './types';

/** A file's URLs and the refresh they came from (0: the plan's own). */
export interface UrlsOf {
  urls: FileUrls;
  generation: number;
}

export class DownloadUrls {
  private readonly fresh = new Map<string, FileUrls>();
  /** The refresh each entry of `fresh` came from. */
  private readonly freshGeneration = new Map<string, number>();
  private generation = 0;
  private bulk: Promise<void> | undefined;
  /** Names of the files not done yet: a refresh asks for all of them. */
  private readonly remaining = new Set<string>();
  private listing: Promise<void> | undefined;
  /** Files (by name; two entries may share one) waiting for the page with their URL. */
  private readonly awaiting = new Map<string, Array<() => void>>();

  constructor(
    private readonly refreshUrls: RefreshUrls | undefined,
    private readonly signal: AbortSignal,
    private readonly log: ClientLogger,
  ) {}

  get canRefresh(): boolean {
    return this.refreshUrls !== undefined;
  }

  /** The files still to fetch (after the local checks). */
  track(names: Iterable<string>): void {
    this.remaining.clear();
    for (const n of names) this.remaining.add(n);
  }

  /** A file is done (or failed): later refreshes leave it out. */
  done(name: string): void {
    this.remaining.delete(name);
  }

  /** The URLs to try first for `item`. */
  current(item: DownloadItem): UrlsOf {
    const urls = item.ref ? { url: item.ref } : (this.fresh.get(item.name) ?? { url: item.url, directUrl: item.directUrl });
    return { urls, generation: this.freshGeneration.get(item.name) ?? 0 };
  }

  /**
   * Fresh URLs for `name`, whose URLs of `generation` failed: a new refresh of every remaining
   * file if none came after that generation, else what the latest one brought.
   */
  async refresh(name: string, generation: number): Promise<{ urls: FileUrls | undefined; generation: number }> {
    if (!this.refreshUrls) return { urls: undefined, generation: this.generation };
    if (generation === this.generation) {
      this.bulk ??= this.refreshAll(this.refreshUrls, name);
      await this.bulk;
    }
    return { urls: this.fresh.get(name), generation: this.generation };
  }

  private async refreshAll(refreshUrls: RefreshUrls, name: string): Promise<void> {
    try {
      const names = [...this.remaining];
      if (!names.includes(name)) names.push(name);
      this.log.info(`download: asking the API for fresh URLs of ${names.length} file(s)`);
      const map = await refreshUrls(names, this.signal);
      this.generation++;
      for (const [n, u] of map) {
        this.fresh.set(n, u);
        this.freshGeneration.set(n, this.generation);
      }
    } finally {
      this.bulk = undefined;
    }
  }

  /** Starts one listing of the URLs the plan left out; pages are taken as they arrive. */
  listMissing(names: string[]): void {
    if (names.length === 0 || !this.refreshUrls || this.signal.aborted) return;
    const take = (page: Map<string, FileUrls>) => {
      for (const [n, u] of page) {
        if (!this.fresh.has(n)) this.fresh.set(n, u);
        for (const r of this.awaiting.get(n) ?? []) r();
        this.awaiting.delete(n);
      }
    };
    this.listing = this.refreshUrls(names, this.signal, take)
      .then(take, (e: unknown) => {
        if (!this.signal.aborted) this.log.warn(`download: listing download URLs failed: ${toFailure(e).reason}`);
      })
      .finally(() => {
        this.listing = undefined;
        for (const rs of this.awaiting.values()) for (const r of rs) r();
        this.awaiting.clear();
      });
  }

  /** Waits, if the listing is still going on and `item` has no URL yet, for the page with it. */
  async listed(item: DownloadItem): Promise<void> {
    if (!this.listing || item.ref || item.url || item.directUrl || this.fresh.has(item.name)) return;
    await new Promise<void>((r) => this.awaiting.set(item.name, [...(this.awaiting.get(item.name) ?? []), r]));
  }

  /** Waits for the end of the listing, if one is going on. */
  async settled(): Promise<void> {
    await this.listing;
  }
}
