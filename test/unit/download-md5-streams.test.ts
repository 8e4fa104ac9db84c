import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Md5Streams } from '../../src/api/download/md5-worker';

describe('Md5Streams', () => {
  it('gives the same digest inline (small or unknown size) and on the worker thread (large)', async () => {
    const data = Buffer.alloc(64 * 1024, 9);
    const want = createHash('md5').update(data).digest();
    const streams = new Md5Streams(32 * 1024);
    try {
      for (const size of [undefined, 1024, data.length]) {
        const s = streams.for(size);
        s.update(data);
        expect((await s.digest()).equals(want)).toBe(true);
      }
    } finally {
      await streams.close();
    }
  });
});
