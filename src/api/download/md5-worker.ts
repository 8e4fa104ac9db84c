/**
 * MD5 of a large file on a worker thread, so that hashing runs beside the socket reads and the
 * writes instead of after each chunk on the main thread (MD5 runs at a few hundred MB/s per
 * core, about what one core can also read from a fast connection). The bytes come in slabs of
 * shared memory (see slab-writer): the worker hashes them where they are, without a copy or a
 * transfer, and answers each slab in order so that it can be filled again.
 * Plain Node: no `vscode` here.
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** What the engine needs of a running MD5. */
export interface Md5Stream {
  update(chunk: Uint8Array): void;
  /**
   * Hashes `slab` after the bytes given before it; settles once it is hashed (the slab may be
   * reused then). A worker's slab should be shared memory: other memory is copied to it.
   */
  hashSlab(slab: Uint8Array): Promise<void>;
  digest(): Promise<Buffer>;
  /** Drops the state (no digest will be asked for). */
  dispose(): void;
}

/** On the main thread (small files, or no worker available). */
export function inlineMd5(): Md5Stream {
  let h: Hash | undefined = createHash('md5');
  return {
    update: (chunk) => h!.update(chunk),
    hashSlab: async (slab) => {
      h!.update(slab);
    },
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
    h.update(m.b);
    parentPort.postMessage({ id: m.id, h: true });
  } else if (m.t === 'd') {
    const h = hashes.get(m.id) || createHash('md5');
    hashes.delete(m.id);
    const d = h.digest();
    parentPort.postMessage({ id: m.id, d: d.buffer.slice(d.byteOffset, d.byteOffset + d.length) });
  } else if (m.t === 'x') {
    hashes.delete(m.id);
    parentPort.postMessage({ id: m.id, x: true });
  }
});
`;

interface Pending<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

/** One file's stream on the worker: its slabs not yet hashed, in the order they were sent. */
interface WorkerFile {
  slabs: Array<Pending<void>>;
}

/**
 * One worker thread for the MD5s of one download's large files. `close()` ends it; a worker
 * that fails makes the streams that depend on it reject (the file is then hashed from disk).
 */
export class Md5Worker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Pending<Buffer>>();
  private readonly files = new Map<number, WorkerFile>();
  private failed: unknown;

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; d?: ArrayBuffer; h?: true; x?: true }) => {
      if (m.h) {
        this.files.get(m.id)?.slabs.shift()?.resolve();
        return;
      }
      // The answer to a digest or a dispose comes after those of the file's slabs.
      this.files.delete(m.id);
      if (m.x) return;
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      p?.resolve(Buffer.from(m.d!));
    });
    const fail = (e: unknown) => {
      this.failed = e ?? new Error('the MD5 worker stopped');
      for (const p of this.waiting.values()) p.reject(this.failed);
      this.waiting.clear();
      for (const f of this.files.values()) for (const s of f.slabs.splice(0)) s.reject(this.failed);
      this.files.clear();
      this.worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => {
      if (this.waiting.size > 0 || this.files.size > 0 || code !== 0) fail(new Error(`the MD5 worker exited (${code})`));
    });
    this.worker = w;
    return w;
  }

  stream(): Md5Stream {
    if (this.failed) return inlineMd5();
    const w = this.start();
    const id = this.nextId++;
    const file: WorkerFile = { slabs: [] };
    this.files.set(id, file);
    const send = (b: Uint8Array): Promise<void> => {
      if (this.failed) return Promise.reject(this.failed);
      return new Promise<void>((resolve, reject) => {
        file.slabs.push({ resolve, reject });
        w.postMessage({ t: 'u', id, b });
      });
    };
    return {
      // Not the large-file path (slabs are): a copy of the chunk goes over.
      update: (chunk) => void send(new Uint8Array(chunk)).catch(() => undefined),
      hashSlab: send,
      digest: () =>
        new Promise<Buffer>((resolve, reject) => {
          if (this.failed) {
            reject(this.failed);
            return;
          }
          this.waiting.set(id, { resolve, reject });
          w.postMessage({ t: 'd', id });
        }),
      dispose: () => {
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
