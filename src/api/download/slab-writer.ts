/**
 * The bytes of a streamed file, copied once into a few slabs of shared memory: each full slab is
 * written to the file (and to a second copy, W&B's artifact cache entry, when there is one) and
 * hashed from the same memory, on the MD5 worker thread for large files. The socket's chunks are
 * let go as soon as they are copied, so they die young instead of piling up in the old
 * generation while writes are queued (full garbage collections were most of the main thread's
 * time on a 1 GB file), and the cache entry is written as the bytes arrive instead of copied
 * from the finished file.
 * Plain Node: no `vscode` here.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Md5Stream } from './md5-worker';
import { writeAll } from './write-all';

/** Bytes per slab: a few hundred socket chunks per write and per message to the worker. */
export const SLAB_BYTES = 4 * 1024 * 1024;
/**
 * Slabs of one file: 32 MiB being filled, written or hashed, about 50 ms of hashing, so that
 * neither thread starves when the other is descheduled for a while on a busy machine.
 */
export const SLABS_PER_FILE = 8;

type Writable = Pick<FileHandle, 'write' | 'writev'>;

/** The second copy: written beside the file; a failure drops it and never fails the file. */
export interface SideCopy {
  handle: Writable;
  /** Called once, on the first write error of the copy. */
  failed(e: unknown): void;
}

export interface SlabWriterOptions {
  /** Written with the same bytes at the same positions. */
  copy?: SideCopy;
  /** Expected size: a smaller file gets one slab of its size. */
  size?: number;
  slabBytes?: number;
  slabs?: number;
}

/**
 * One attempt's writes of a file from byte `at` on, hashed as they go. `put` waits only when
 * every slab is still being written or hashed (backpressure on the socket).
 */
export class SlabWriter {
  private readonly slabBytes: number;
  private readonly maxSlabs: number;
  private readonly free: Uint8Array[] = [];
  private allocated = 0;
  private current: Uint8Array | undefined;
  private filled = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private waiter: (() => void) | undefined;
  private error: unknown;
  private copy: SideCopy | undefined;

  constructor(
    private readonly hash: Md5Stream,
    private readonly file: Writable,
    private at: number,
    options: SlabWriterOptions = {},
  ) {
    const wanted = options.slabBytes ?? SLAB_BYTES;
    const rest = options.size === undefined ? wanted : options.size - at;
    this.slabBytes = Math.max(1, Math.min(wanted, rest));
    this.maxSlabs = Math.max(1, options.slabs ?? SLABS_PER_FILE);
    this.copy = options.copy;
  }

  /** Copies `chunk` in; a promise when the caller must wait for a slab before giving more. */
  put(chunk: Uint8Array): Promise<void> | undefined {
    if (this.error) throw this.error;
    let off = 0;
    while (off < chunk.byteLength) {
      const slab = this.current ?? this.take();
      if (!slab) {
        // Every slab is busy: wait for one, then take the rest of the chunk.
        return this.roomThen(chunk.subarray(off));
      }
      this.current = slab;
      const k = Math.min(slab.byteLength - this.filled, chunk.byteLength - off);
      slab.set(chunk.subarray(off, off + k), this.filled);
      this.filled += k;
      off += k;
      if (this.filled === slab.byteLength) this.dispatch();
    }
    return this.current || this.free.length > 0 || this.allocated < this.maxSlabs ? undefined : this.room();
  }

  /** Writes and hashes what is left in the slab being filled; waits for every write; throws the first write error. */
  async drain(): Promise<void> {
    this.dispatch();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    if (this.error) throw this.error;
  }

  private async roomThen(rest: Uint8Array): Promise<void> {
    await this.room();
    await this.put(rest);
  }

  private room(): Promise<void> {
    return new Promise<void>((resolve) => {
      const before = this.waiter;
      this.waiter = () => {
        before?.();
        resolve();
      };
    });
  }

  private take(): Uint8Array | undefined {
    const slab = this.free.pop();
    if (slab) return slab;
    if (this.allocated >= this.maxSlabs) return undefined;
    this.allocated++;
    // Shared memory: the worker hashes the very bytes being written, without a copy or a transfer.
    return new Uint8Array(new SharedArrayBuffer(this.slabBytes));
  }

  /** Sends the slab being filled to the file, the copy and the hash; it comes back once all three are done. */
  private dispatch(): void {
    const slab = this.current;
    const n = this.filled;
    this.current = undefined;
    this.filled = 0;
    if (!slab || n === 0) {
      if (slab) this.free.push(slab);
      return;
    }
    const bytes = slab.subarray(0, n);
    const at = this.at;
    this.at += n;
    const copy = this.copy;
    const work = Promise.all([
      writeAll(this.file, [bytes], at).catch((e: unknown) => {
        this.error ??= e;
      }),
      copy &&
        writeAll(copy.handle, [bytes], at).catch((e: unknown) => {
          if (this.copy !== copy) return;
          this.copy = undefined;
          copy.failed(e);
        }),
      // A hash that failed (its worker stopped) shows in its digest; the file is then hashed from disk.
      this.hash.hashSlab(bytes).catch(() => undefined),
    ]).then(() => {
      this.inFlight.delete(work);
      this.free.push(slab);
      const w = this.waiter;
      this.waiter = undefined;
      w?.();
    });
    this.inFlight.add(work);
  }
}
