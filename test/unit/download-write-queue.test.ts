import { describe, expect, it } from 'vitest';
import { WriteQueue, writeAll } from '../../src/api/download/write-queue';

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

describe('WriteQueue', () => {
  it('writes chunks in order, batching those queued while a write is going on', async () => {
    const h = fakeHandle({ manual: true });
    const q = new WriteQueue(h.handle, 0);
    await q.put(chunk(2, 1));
    await q.put(chunk(2, 2));
    await q.put(chunk(2, 3));
    while (h.gates.length === 0) await new Promise((r) => setImmediate(r));
    h.gates.shift()!();
    const drained = q.drain();
    while (h.gates.length === 0) await new Promise((r) => setImmediate(r));
    h.gates.shift()!();
    await drained;
    expect(h.file).toEqual([1, 1, 2, 2, 3, 3]);
    expect(h.calls).toEqual([2, 4]);
  });

  it('makes the receiver wait while too many bytes are queued', async () => {
    const h = fakeHandle({ manual: true });
    const q = new WriteQueue(h.handle, 5, 4);
    await q.put(chunk(2, 1));
    let accepted = false;
    const second = q.put(chunk(2, 2)).then(() => (accepted = true));
    await new Promise((r) => setImmediate(r));
    expect(accepted).toBe(false);
    while (h.gates.length === 0) await new Promise((r) => setImmediate(r));
    h.gates.shift()!();
    await second;
    expect(accepted).toBe(true);
    while (h.gates.length === 0) await new Promise((r) => setImmediate(r));
    h.gates.shift()!();
    await q.drain();
    expect(h.file.slice(5)).toEqual([1, 1, 2, 2]);
  });

  it('hands the first write error to the next put and to drain', async () => {
    const h = fakeHandle({ failAt: 0 });
    const q = new WriteQueue(h.handle, 0);
    await q.put(chunk(1, 1));
    await expect(q.drain()).rejects.toThrow(/ENOSPC/);
    await expect(q.put(chunk(1, 2))).rejects.toThrow(/ENOSPC/);
  });
});
