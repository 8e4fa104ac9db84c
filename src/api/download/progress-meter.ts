/**
 * The progress of one download: files and bytes done out of all, bytes actually received (for
 * the rate), reported at most every 100 ms (and once more at the end).
 */
import type { DownloadItem, DownloadProgress } from './types';

/** Between two reports, at least this long (a final report is always given). */
const REPORT_EVERY_MS = 100;

/** A reference stored outside W&B (`s3://`, `gs://`...): listed but never fetched. */
export const isCloudReference = (item: DownloadItem) => !!item.ref && !/^https?:\/\//i.test(item.ref);

export class ProgressMeter {
  private readonly state: DownloadProgress;
  private lastReport = 0;

  constructor(
    items: readonly DownloadItem[],
    private readonly onProgress: ((p: DownloadProgress) => void) | undefined,
    private readonly started: number,
    private readonly now: () => number = Date.now,
  ) {
    this.state = {
      filesDone: 0,
      filesTotal: items.length,
      bytesDone: 0,
      bytesTotal: items.reduce((n, i) => n + (isCloudReference(i) ? 0 : Math.max(0, i.size ?? 0)), 0),
      bytesReceived: 0,
      elapsedMs: 0,
    };
  }

  /** Bytes that arrived. */
  received(n: number): void {
    this.state.bytesDone += n;
    this.state.bytesReceived += n;
    this.report();
  }

  /** Bytes that arrived but were dropped (a file started over or failed): no longer done. */
  takeBack(n: number): void {
    this.state.bytesDone -= n;
    this.state.bytesReceived -= n;
  }

  /** A file is finished, whatever its fate; `foundBytes`: the size of a copy found unchanged. */
  fileDone(foundBytes = 0): void {
    this.state.filesDone++;
    this.state.bytesDone += foundBytes;
    this.report();
  }

  /** Reports now unless one went out less than 100 ms ago; `final` reports in any case. */
  report(final = false): void {
    if (!this.onProgress) return;
    const now = this.now();
    if (!final && now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.onProgress({ ...this.state, elapsedMs: now - this.started });
  }
}
