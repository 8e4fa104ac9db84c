import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SdkArtifactCache } from '../../src/api/download/sdk-cache';
import { SmallFileWorkers } from '../../src/api/download/small-file-workers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbsdkput-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const md5 = (text: string) => createHash('md5').update(text).digest();
/** Two texts whose entries share the `obj/md5/<hex[:2]>` folder. */
function sameFolderPair(): [string, string] {
  const seen = new Map<string, string>();
  for (let i = 0; ; i++) {
    const text = `text ${i}`;
    const folder = md5(text).toString('hex').slice(0, 2);
    const other = seen.get(folder);
    if (other !== undefined) return [other, text];
    seen.set(folder, text);
  }
}

describe("putting files into the SDK's cache", () => {
  it('makes an entry folder again when a cleanup removed it after the first entry', async () => {
    const cache = new SdkArtifactCache(path.join(dir, 'c'));
    const [a, b] = sameFolderPair();
    await cache.putBytes(md5(a), [Buffer.from(a)]);
    await rm(path.join(cache.root, 'obj'), { recursive: true });
    await cache.putBytes(md5(b), [Buffer.from(b)]);
    expect(await readFile(cache.pathOf(md5(b)), 'utf8')).toBe(b);
  });

  it.runIf(SmallFileWorkers.supported)('the same on a worker thread', async () => {
    const cache = new SdkArtifactCache(path.join(dir, 'c'));
    const workers = new SmallFileWorkers();
    try {
      const [a, b] = sameFolderPair();
      const put = (text: string) =>
        workers.place({ tmp: path.join(dir, `.${text}.tmp`), target: path.join(dir, text), parts: [Buffer.from(text)], wantStamp: false, keep: cache.entryPaths(md5(text)) });
      expect(await put(a)).toMatchObject({ cacheError: undefined });
      await rm(path.join(cache.root, 'obj'), { recursive: true });
      expect(await put(b)).toMatchObject({ cacheError: undefined });
      expect(await readFile(cache.pathOf(md5(b)), 'utf8')).toBe(b);
    } finally {
      await workers.close();
    }
  });

  it('finds an entry in a folder listed once, and misses in a cache with no folders', async () => {
    const cache = new SdkArtifactCache(path.join(dir, 'c'));
    expect(await cache.finder()(md5('absent'))).toBeUndefined();
    await cache.putBytes(md5('present'), [Buffer.from('present')]);
    const find = cache.finder();
    expect(await find(md5('present'))).toEqual({ path: cache.pathOf(md5('present')) });
    expect(await find(md5('absent'))).toBeUndefined();
  });
});
