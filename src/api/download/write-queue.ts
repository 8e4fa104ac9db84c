/**
 * The writes of a file being received: queued chunks written in order, a batch per call, while
 * the next bytes arrive; the caller waits only when too much is queued.
 */
import type { FileHandle } from 'node:fs/promises';

/** Bytes of one file that may wait to be written while more arrive. */
export const WRITE_AHEAD = 16 * 1024 * 1024;

/** Writes `bufs` at `position`, all of them (a short write continues where it stopped). */
export async function writeAll(handle: Pick<FileHandle, 'write' | 'writev'>, bufs: Uint8Array[], position: number): Promise<void> {
  let total = 0;
  for (const b of bufs) total += b.byteLength;
  if (total === 0) return;
  const first = bufs.length === 1 ? await handle.write(bufs[0]!, 0, total, position) : await handle.writev(bufs, position);
  let done = first.bytesWritten;
  if (done === total) return;
  const rest = Buffer.concat(bufs);
  while (done < total) done += (await handle.write(rest, done, total - done, position + done)).bytesWritten;
}

/**
 * The writes of one file, in order, each batch of queued chunks in one call, while the caller
 * goes on receiving. `put` waits only when WRITE_AHEAD bytes are queued (backpressure).
 */
export class WriteQueue {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private running: Promise<void> | undefined;
  private error: unknown;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly handle: Pick<FileHandle, 'write' | 'writev'>,
    private at: number,
    private readonly writeAhead = WRITE_AHEAD,
  ) {}

  async put(buf: Uint8Array): Promise<void> {
    if (this.error) throw this.error;
    this.pending.push(buf);
    this.pendingBytes += buf.byteLength;
    this.running ??= this.pump();
    while (this.pendingBytes >= this.writeAhead && this.running) await new Promise<void>((r) => this.waiters.push(r));
    if (this.error) throw this.error;
  }

  /** Waits for every queued write; throws the first write error. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    if (this.error) throw this.error;
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let n = 0;
        for (const b of batch) n += b.byteLength;
        await writeAll(this.handle, batch, this.at);
        this.at += n;
        this.pendingBytes -= n;
        this.wake();
      }
    } catch (e) {
      this.error = e;
      this.pending = [];
      this.pendingBytes = 0;
    } finally {
      this.running = undefined;
      this.wake();
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
