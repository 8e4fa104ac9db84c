import { describe, expect, it } from 'vitest';
import { ProgressMeter, isCloudReference } from '../../src/api/download/progress-meter';
import type { DownloadProgress } from '../../src/api/download/types';

/** A meter on a clock the test moves. */
function meter(items: ConstructorParameters<typeof ProgressMeter>[0]) {
  let now = 1000;
  const seen: DownloadProgress[] = [];
  const m = new ProgressMeter(items, (p) => seen.push(p), 1000, () => now);
  return { m, seen, tick: (ms: number) => (now += ms) };
}

describe('ProgressMeter', () => {
  it('counts the bytes of files to fetch, not of references stored outside W&B', () => {
    const { m, seen } = meter([{ name: 'a', size: 10 }, { name: 'b', size: 5, ref: 'https://x/b' }, { name: 'c', size: 99, ref: 's3://bucket/c' }, { name: 'd' }]);
    m.report(true);
    expect(seen[0]).toMatchObject({ filesTotal: 4, bytesTotal: 15, filesDone: 0, bytesDone: 0 });
  });

  it('reports at most every 100 ms, always when final, with the elapsed time', () => {
    const { m, seen, tick } = meter([{ name: 'a', size: 100 }]);
    m.received(10);
    m.received(10);
    expect(seen).toHaveLength(1);
    tick(99);
    m.received(10);
    expect(seen).toHaveLength(1);
    tick(1);
    m.received(10);
    expect(seen.map((p) => p.bytesDone)).toEqual([10, 40]);
    m.report(true);
    expect(seen.at(-1)).toMatchObject({ bytesDone: 40, bytesReceived: 40, elapsedMs: 100 });
  });

  it('takes back dropped bytes and adds the size of files found unchanged to the done bytes only', () => {
    const { m, seen, tick } = meter([{ name: 'a', size: 100 }, { name: 'b', size: 50 }]);
    m.received(30);
    m.takeBack(30);
    tick(200);
    m.fileDone(50);
    expect(seen.at(-1)).toMatchObject({ filesDone: 1, bytesDone: 50, bytesReceived: 0 });
  });

  it('tells references stored outside W&B from http ones', () => {
    expect(isCloudReference({ name: 'a', ref: 'gs://b/a' })).toBe(true);
    expect(isCloudReference({ name: 'a', ref: 'HTTPS://host/a' })).toBe(false);
    expect(isCloudReference({ name: 'a' })).toBe(false);
  });
});
