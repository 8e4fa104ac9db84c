import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineMd5, Md5Worker } from '../../src/api/download/md5-worker';

const md5 = (b: Buffer) => createHash('md5').update(b).digest();

describe('MD5 on a worker thread', () => {
  it('gives the same digests as on the main thread, for several files at once, in odd-sized chunks', async () => {
    const w = new Md5Worker();
    try {
      const a = randomBytes(9 * 1024 * 1024 + 17);
      const b = randomBytes(300_001);
      const sa = w.stream();
      const sb = w.stream();
      const dropped = w.stream();
      for (let off = 0; off < a.length; off += 65_537) {
        sa.update(a.subarray(off, off + 65_537));
        if (off < b.length) sb.update(b.subarray(off, off + 65_537));
        dropped.update(a.subarray(off, off + 10));
      }
      dropped.dispose();
      const [da, db] = await Promise.all([sa.digest(), sb.digest()]);
      expect(da.equals(md5(a))).toBe(true);
      expect(db.equals(md5(b))).toBe(true);
      expect((await w.stream().digest()).equals(md5(Buffer.alloc(0)))).toBe(true);
    } finally {
      await w.close();
    }
  });

  it('hashes slabs of shared memory where they are, each answered once hashed so that it can be filled again', async () => {
    const w = new Md5Worker();
    try {
      const s = w.stream();
      const want = createHash('md5');
      const slabs = [new Uint8Array(new SharedArrayBuffer(1024 * 1024)), new Uint8Array(new SharedArrayBuffer(1024 * 1024))];
      const busy: Array<Promise<void> | undefined> = [undefined, undefined];
      for (let i = 0; i < 12; i++) {
        const k = i % 2;
        await busy[k];
        // Different bytes each time: a slab refilled before it was hashed would change the digest.
        const bytes = randomBytes(slabs[k]!.byteLength - i);
        slabs[k]!.set(bytes);
        want.update(bytes);
        busy[k] = s.hashSlab(slabs[k]!.subarray(0, bytes.length));
      }
      expect((await s.digest()).equals(want.digest())).toBe(true);
    } finally {
      await w.close();
    }
  });

  it('rejects the slabs and digests of a worker that stopped, and hashes later files inline', async () => {
    const w = new Md5Worker();
    const s = w.stream();
    const slab = s.hashSlab(new Uint8Array(new SharedArrayBuffer(16)));
    await w.close();
    await expect(slab).rejects.toThrow(/exited/);
    await expect(s.digest()).rejects.toThrow(/exited/);
    const later = w.stream();
    later.update(Buffer.from('abc'));
    expect((await later.digest()).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('inline streams agree', async () => {
    const s = inlineMd5();
    s.update(Buffer.from('abc'));
    expect((await s.digest()).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});
