import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineMd5, Md5Worker, type Md5Stream } from '../../src/api/download/md5-worker';
import { SlabWriter } from '../../src/api/download/slab-writer';
import { writeAll } from '../../src/api/download/write-all';

/** A file handle in memory whose writes finish when the test says, or write short. */
function fakeHandle(opts: { maxPerCall?: number; manual?: boolean; failAt?: number } = {}) {
  const file: number[] = [];
  const calls: number[] = [];
  const gates: Array<() => void> = [];
  const put = async (bufs: Uint8Array[], position: number) => {
    if (opts.manual) await new Promise<void>((r) => gates.push(r));
    const all = Buffer.concat(bufs);
    if (opts.failAt !== undefined && calls.length === opts.failAt) throw Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC', syscall: 'write' });
    const n = Math.min(all.length, opts.maxPerCall ?? Infinity);
    calls.push(n);
    for (let i = 0; i < n; i++) file[position + i] = all[i]!;
    return n;
  };
  const handle = {
    write: async (buf: Uint8Array, offset: number, length: number, position: number) => ({ bytesWritten: await put([buf.subarray(offset, offset + length)], position), buffer: buf }),
    writev: async (bufs: Uint8Array[], position: number) => ({ bytesWritten: await put(bufs, position), buffers: bufs }),
  };
  return { handle: handle as never, file, calls, gates };
}

const chunk = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('writeAll', () => {
  it('continues a short write where it stopped', async () => {
    const h = fakeHandle({ maxPerCall: 3 });
    await writeAll(h.handle, [chunk(4, 1), chunk(4, 2)], 10);
    expect(h.file.slice(10)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(h.calls).toEqual([3, 3, 2]);
  });
});

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest();
const turn = () => new Promise((r) => setImmediate(r));

/** An MD5 whose slabs are hashed when the test says (a worker that fell behind). */
function heldHash() {
  const inner = inlineMd5();
  const gates: Array<() => void> = [];
  const hash: Md5Stream = {
    ...inner,
    hashSlab: (slab) =>
      new Promise<void>((resolve) => {
        gates.push(() => {
          inner.update(slab);
          resolve();
        });
      }),
  };
  return { hash, gates };
}

describe('SlabWriter', () => {
  it('writes every byte at its place in the file and in the copy, and hashes the same bytes, across slab boundaries', async () => {
    const data = randomBytes(100_003);
    for (const hash of [inlineMd5(), undefined]) {
      const worker = hash ? undefined : new Md5Worker();
      try {
        const h = hash ?? worker!.stream();
        const file = fakeHandle({ maxPerCall: 7_000 });
        const copy = fakeHandle();
        const w = new SlabWriter(h, file.handle, 10, { copy: { handle: copy.handle, failed: () => expect.fail('the copy failed') }, slabBytes: 16_384, slabs: 3 });
        for (let off = 0; off < data.length; off += 4_099) {
          const wait = w.put(data.subarray(off, off + 4_099));
          if (wait) await wait;
        }
        await w.drain();
        expect(Buffer.from(file.file.slice(10)).equals(data)).toBe(true);
        expect(Buffer.from(copy.file.slice(10)).equals(data)).toBe(true);
        expect((await h.digest()).equals(md5(data))).toBe(true);
      } finally {
        await worker?.close();
      }
    }
  });

  it('makes the receiver wait while every slab is being hashed, and reuses the slabs without mixing bytes', async () => {
    const { hash, gates } = heldHash();
    const file = fakeHandle();
    const w = new SlabWriter(hash, file.handle, 0, { slabBytes: 4, slabs: 2 });
    expect(w.put(chunk(4, 1))).toBeUndefined();
    // The second slab is full too: no room for more until one is hashed.
    const wait = w.put(chunk(4, 2));
    expect(wait).toBeInstanceOf(Promise);
    let roomy = false;
    void wait!.then(() => (roomy = true));
    await turn();
    expect(roomy).toBe(false);
    gates.shift()!();
    await wait;
    expect(w.put(chunk(3, 3))).toBeUndefined();
    const drained = w.drain();
    while (gates.length > 0) {
      gates.shift()!();
      await turn();
    }
    await drained;
    expect(file.file).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
    expect((await hash.digest()).equals(md5(Uint8Array.from(file.file)))).toBe(true);
  });

  it("hands the file's first write error to the next put and to drain", async () => {
    const file = fakeHandle({ failAt: 0 });
    const w = new SlabWriter(inlineMd5(), file.handle, 0, { slabBytes: 2 });
    w.put(chunk(2, 1));
    await expect(w.drain()).rejects.toThrow(/ENOSPC/);
    expect(() => w.put(chunk(1, 2))).toThrow(/ENOSPC/);
  });

  it('drops the copy on its first write error, says so once, and still writes the file', async () => {
    const file = fakeHandle();
    const copy = fakeHandle({ failAt: 0 });
    const failures: unknown[] = [];
    const w = new SlabWriter(inlineMd5(), file.handle, 0, { slabBytes: 2, copy: { handle: copy.handle, failed: (e) => failures.push(e) } });
    for (let i = 0; i < 4; i++) await w.put(chunk(2, i));
    await w.drain();
    expect(file.file).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/ENOSPC/);
  });
});
