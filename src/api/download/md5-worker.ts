/**
 * MD5 of a large file on a worker thread, so that hashing runs beside the socket reads and the
 * writes instead of after each chunk on the main thread (MD5 runs at a few hundred MB/s per
 * core, about what one core can also read from a fast connection). Bytes are copied into
 * staging buffers that are handed over (transferred, not copied again) a few MiB at a time and
 * handed back once hashed, to be filled again: a fixed few buffers per file instead of a new
 * one per 4 MiB. When the hash falls behind, `room()` makes the reader wait (the socket then
 * pushes back on the sender) instead of queuing the file in memory.
 * Plain Node: no `vscode` here.
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** What the engine needs of a running MD5. */
export interface Md5Stream {
  update(chunk: Uint8Array): void;
  /** A promise while the hash is too far behind the bytes given to it; wait on it before giving more. */
  room(): Promise<void> | undefined;
  digest(): Promise<Buffer>;
  /** Drops the state (no digest will be asked for). */
  dispose(): void;
}

/** On the main thread (small files, or no worker available). */
export function inlineMd5(): Md5Stream {
  let h: Hash | undefined = createHash('md5');
  return {
    update: (chunk) => h!.update(chunk),
    room: () => undefined,
    digest: async () => h!.digest(),
    dispose: () => {
      h = undefined;
    },
  };
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'u') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('md5')));
    h.update(new Uint8Array(m.b, 0, m.n));
    parentPort.postMessage({ id: m.id, b: m.b }, [m.b]);
  } else if (m.t === 'd') {
    const h = hashes.get(m.id) || createHash('md5');
    hashes.delete(m.id);
    const d = h.digest();
    parentPort.postMessage({ id: m.id, d: d.buffer.slice(d.byteOffset, d.byteOffset + d.length) });
  } else if (m.t === 'x') {
    hashes.delete(m.id);
  }
});
`;

const STAGE = 4 * 1024 * 1024;
/**
 * Staging buffers of one file that may be on their way to (or in) the worker: 32 MiB, about
 * 50 ms of hashing, so that neither thread starves when the other is descheduled for a while
 * on a busy machine.
 */
const STAGES_IN_FLIGHT = 8;
/** Hashed staging buffers kept for the next files. */
const SPARE_STAGES = 8;

/** One file's stream on the worker: its staging buffers in flight, and who waits for one back. */
interface WorkerFile {
  inFlight: number;
  wake: (() => void) | undefined;
}

/**
 * One worker thread for the MD5s of one download's large files. `close()` ends it; a worker
 * that fails makes the streams that depend on it reject their digest (the file is then tried
 * again, hashed on the main thread).
 */
export class Md5Worker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (d: Buffer) => void; reject: (e: unknown) => void }>();
  private readonly files = new Map<number, WorkerFile>();
  /** Staging buffers the worker handed back, ready to be filled again. */
  private readonly spare: ArrayBuffer[] = [];
  private failed: unknown;

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; d?: ArrayBuffer; b?: ArrayBuffer }) => {
      if (m.b) {
        this.handedBack(m.id, m.b);
        return;
      }
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      p?.resolve(Buffer.from(m.d!));
    });
    const fail = (e: unknown) => {
      this.failed = e ?? new Error('the MD5 worker stopped');
      for (const p of this.waiting.values()) p.reject(this.failed);
      this.waiting.clear();
      // Nothing comes back from a stopped worker: readers waiting for room go on (their digest fails).
      for (const f of this.files.values()) this.wakeFile(f);
      this.files.clear();
      this.worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => {
      if (this.waiting.size > 0 || code !== 0) fail(new Error(`the MD5 worker exited (${code})`));
    });
    this.worker = w;
    return w;
  }

  private handedBack(id: number, b: ArrayBuffer): void {
    if (this.spare.length < SPARE_STAGES) this.spare.push(b);
    const f = this.files.get(id);
    if (!f) return;
    f.inFlight--;
    this.wakeFile(f);
  }

  private wakeFile(f: WorkerFile): void {
    const wake = f.wake;
    f.wake = undefined;
    wake?.();
  }

  private stage(): Uint8Array {
    const b = this.spare.pop();
    return b ? new Uint8Array(b) : new Uint8Array(STAGE);
  }

  stream(): Md5Stream {
    if (this.failed) return inlineMd5();
    const w = this.start();
    const id = this.nextId++;
    const file: WorkerFile = { inFlight: 0, wake: undefined };
    this.files.set(id, file);
    let stage = this.stage();
    let n = 0;
    const flush = () => {
      if (n === 0) return;
      const b = stage.buffer as ArrayBuffer;
      file.inFlight++;
      w.postMessage({ t: 'u', id, b, n }, [b]);
      stage = this.stage();
      n = 0;
    };
    const forget = () => {
      this.files.delete(id);
      this.wakeFile(file);
    };
    return {
      update: (chunk) => {
        let off = 0;
        while (off < chunk.byteLength) {
          const k = Math.min(STAGE - n, chunk.byteLength - off);
          stage.set(chunk.subarray(off, off + k), n);
          n += k;
          off += k;
          if (n === STAGE) flush();
        }
      },
      room: () => {
        if (file.inFlight < STAGES_IN_FLIGHT || this.failed || !this.files.has(id)) return undefined;
        return new Promise<void>((resolve) => {
          const before = file.wake;
          file.wake = () => {
            before?.();
            resolve();
          };
        });
      },
      digest: () => {
        flush();
        forget();
        return new Promise<Buffer>((resolve, reject) => {
          if (this.failed) {
            reject(this.failed);
            return;
          }
          this.waiting.set(id, { resolve, reject });
          w.postMessage({ t: 'd', id });
        });
      },
      dispose: () => {
        n = 0;
        forget();
        if (!this.failed) w.postMessage({ t: 'x', id });
      },
    };
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/**
 * The MD5s of one download's files: on the main thread below `workerFrom` bytes (or when the
 * size is unknown), else on one worker thread shared by the download, started when first needed.
 */
export class Md5Streams {
  private worker: Md5Worker | undefined;

  constructor(private readonly workerFrom: number) {}

  for(size: number | undefined): Md5Stream {
    return size !== undefined && size >= this.workerFrom ? (this.worker ??= new Md5Worker()).stream() : inlineMd5();
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }
}
