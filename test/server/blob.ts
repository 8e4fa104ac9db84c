/**
 * File contents the server can serve: stored bytes, lazily built bytes, or a deterministic
 * stream that is never held in memory (the demo's 1 GB file). MD5 is computed on first need
 * and cached.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Blob {
  readonly size: number;
  readonly mimetype: string;
  /** Bytes [start, end) as a stream of chunks. */
  read(start?: number, end?: number): AsyncIterable<Buffer>;
  /** Raw MD5 digest (16 bytes); cached after the first call. */
  md5(): Promise<Buffer>;
  /** Whether md5() has already been computed (cheap to ask). */
  md5Known(): boolean;
  /** Whole content in memory (only for small blobs). */
  bytes(): Promise<Buffer>;
}

export function md5Base64(b: Buffer): string {
  return b.toString('base64');
}

class BufferBlob implements Blob {
  private cached?: Buffer;
  private digest?: Buffer;
  constructor(
    private readonly make: () => Buffer,
    readonly mimetype: string,
    private knownSize?: number,
  ) {}
  private buf(): Buffer {
    if (!this.cached) this.cached = this.make();
    return this.cached;
  }
  get size(): number {
    if (this.knownSize === undefined) this.knownSize = this.buf().length;
    return this.knownSize;
  }
  async *read(start = 0, end = this.size): AsyncIterable<Buffer> {
    const b = this.buf();
    const CH = 64 * 1024;
    for (let i = start; i < end; i += CH) yield b.subarray(i, Math.min(end, i + CH));
  }
  async md5(): Promise<Buffer> {
    if (!this.digest) this.digest = createHash('md5').update(this.buf()).digest();
    return this.digest;
  }
  md5Known(): boolean {
    return this.digest !== undefined || this.cached !== undefined;
  }
  async bytes(): Promise<Buffer> {
    return this.buf();
  }
}

/** A blob over fixed bytes. */
export function bufferBlob(data: Buffer | string, mimetype = 'application/octet-stream'): Blob {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return new BufferBlob(() => b, mimetype, b.length);
}

/** A blob whose bytes are built on first use (and then kept). */
export function lazyBlob(make: () => Buffer | string, mimetype = 'application/octet-stream'): Blob {
  return new BufferBlob(() => {
    const v = make();
    return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  }, mimetype);
}

const BLOCK = 64 * 1024;
/** Bytes per socket write of a generated blob. */
const WRITE = 1024 * 1024;

/** Deterministic pseudo-random bytes of any size, generated block by block on demand. */
class StreamBlob implements Blob {
  private digest?: Buffer;
  private digestPromise?: Promise<Buffer>;
  constructor(
    readonly size: number,
    private readonly seed: number,
    readonly mimetype: string,
  ) {}
  private base?: Buffer;
  /** The fixed pseudo-random 64 KiB block every block is stamped from. */
  private baseBlock(): Buffer {
    if (!this.base) {
      const words = new Uint32Array(BLOCK / 4);
      let x = this.seed >>> 0 || 1;
      for (let i = 0; i < words.length; i++) {
        // xorshift32
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        words[i] = x;
      }
      this.base = Buffer.from(words.buffer);
    }
    return this.base;
  }
  /** Writes block `index` whole into `to` at `at`: the base block with the block number stamped
   *  into every 4 KiB. Changing this changes every digest: bump the `v2` in cacheFile() too. */
  private fillBlock(index: number, to: Buffer, at: number): void {
    const base = this.baseBlock();
    base.copy(to, at);
    const stamp = Math.imul(index + 1, 0x9e3779b1);
    for (let off = 0; off < BLOCK; off += 4096) to.writeUInt32LE((base.readUInt32LE(off) ^ stamp) >>> 0, at + off);
  }
  /** Block `index` (the last one may be short). */
  private block(index: number): Buffer {
    const b = Buffer.allocUnsafe(BLOCK);
    this.fillBlock(index, b, 0);
    const blockEnd = Math.min(this.size, (index + 1) * BLOCK);
    return b.subarray(0, blockEnd - index * BLOCK);
  }
  /**
   * Bytes [start, end) in writes of up to WRITE bytes, as an object store sends a large object
   * (a few large socket writes rather than one per generated block). Whole blocks are stamped
   * straight into the write's buffer; only a range's partial first and last blocks are cut.
   */
  async *read(start = 0, end = this.size): AsyncIterable<Buffer> {
    let pos = start;
    while (pos < end) {
      const out = Buffer.allocUnsafe(Math.min(WRITE, end - pos));
      let n = 0;
      while (n < out.length) {
        const bi = Math.floor(pos / BLOCK);
        const from = pos - bi * BLOCK;
        const want = out.length - n;
        if (from === 0 && want >= BLOCK && (bi + 1) * BLOCK <= this.size) {
          this.fillBlock(bi, out, n);
          n += BLOCK;
          pos += BLOCK;
        } else {
          const piece = this.block(bi).subarray(from, Math.min(BLOCK, from + want, end - bi * BLOCK));
          piece.copy(out, n);
          n += piece.length;
          pos += piece.length;
        }
      }
      yield out;
    }
  }
  /** Digests of big generated blobs are cached on disk so later server starts skip the hashing. */
  private cacheFile(): string {
    return join(tmpdir(), `wandb-dev-server-md5-v2-${this.seed >>> 0}-${this.size}`);
  }
  md5(): Promise<Buffer> {
    if (this.digest) return Promise.resolve(this.digest);
    if (!this.digestPromise) {
      try {
        const cached = Buffer.from(readFileSync(this.cacheFile(), 'utf8').trim(), 'hex');
        if (cached.length === 16) {
          this.digest = cached;
          return Promise.resolve(cached);
        }
      } catch {
        /* not cached yet */
      }
      this.digestPromise = (async () => {
        const h = createHash('md5');
        let n = 0;
        for await (const chunk of this.read()) {
          h.update(chunk);
          // Yield to the event loop now and then so the server stays responsive.
          if (++n % 256 === 0) await new Promise((r) => setImmediate(r));
        }
        this.digest = h.digest();
        if (this.size >= 16 * 1024 * 1024) {
          try {
            const tmp = `${this.cacheFile()}.${process.pid}`;
            writeFileSync(tmp, this.digest.toString('hex'));
            renameSync(tmp, this.cacheFile());
          } catch {
            /* cache is best effort */
          }
        }
        return this.digest;
      })();
    }
    return this.digestPromise;
  }
  md5Known(): boolean {
    return this.digest !== undefined;
  }
  async bytes(): Promise<Buffer> {
    if (this.size > 64 * 1024 * 1024) throw new Error('blob too large to hold in memory');
    const parts: Buffer[] = [];
    for await (const c of this.read()) parts.push(Buffer.from(c));
    return Buffer.concat(parts);
  }
}

export function streamBlob(size: number, seed: number, mimetype = 'application/octet-stream'): Blob {
  return new StreamBlob(size, seed, mimetype);
}

export function mimeFor(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const map: Record<string, string> = {
    json: 'application/json',
    jsonl: 'application/json',
    yaml: 'text/plain',
    yml: 'text/plain',
    txt: 'text/plain',
    log: 'text/plain',
    md: 'text/markdown',
    py: 'text/x-python',
    csv: 'text/csv',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    svg: 'image/svg+xml',
    html: 'text/html',
    patch: 'text/plain',
  };
  return map[ext] ?? 'application/octet-stream';
}
