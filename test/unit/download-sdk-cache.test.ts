import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SdkArtifactCache } from '../../src/api/download/sdk-cache';

const md5 = (s: string) => createHash('md5').update(s).digest();

let dir: string;
let cache: SdkArtifactCache;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbsdkcache-'));
  cache = new SdkArtifactCache(path.join(dir, 'wandb'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Makes the cache entry of `key`'s MD5 with `make`, in the SDK's layout. */
async function entry(key: string, make: (p: string) => Promise<unknown>): Promise<string> {
  const p = cache.pathOf(md5(key));
  await mkdir(path.dirname(p), { recursive: true });
  await make(p);
  return p;
}

describe('SdkArtifactCache', () => {
  it('finds only regular files under a digest: a link, a folder or a pipe there is a miss (a pipe would block a copy)', async () => {
    const real = await entry('regular', (p) => writeFile(p, 'regular'));
    await entry('link', (p) => symlink(real, p));
    await entry('folder', (p) => mkdir(p));
    await entry('pipe', async (p) => execFileSync('mkfifo', [p]));
    const find = cache.finder();
    expect(find(md5('regular'))).toEqual({ path: real });
    expect(find(md5('link'))).toBeUndefined();
    expect(find(md5('folder'))).toBeUndefined();
    expect(find(md5('pipe'))).toBeUndefined();
    expect(find(md5('absent'))).toBeUndefined();
  });

  it('finds nothing, without failing, when the cache folder does not exist', () => {
    expect(new SdkArtifactCache(path.join(dir, 'none')).finder()(md5('x'))).toBeUndefined();
  });

  it('places a copy of the right size by renaming its temp file, and refuses one of another size leaving nothing behind', async () => {
    await entry('twelve bytes', (p) => writeFile(p, 'twelve bytes'));
    const hit = cache.finder()(md5('twelve bytes'))!;
    const dest = path.join(dir, 'dest');
    await mkdir(dest);
    const placed = cache.placeCopySync(hit, path.join(dest, '.a.tmp'), path.join(dest, 'a'), 12);
    expect(placed?.size).toBe(12);
    expect(await readFile(path.join(dest, 'a'), 'utf8')).toBe('twelve bytes');
    expect(() => cache.placeCopySync(hit, path.join(dest, '.b.tmp'), path.join(dest, 'b'), 13)).toThrow('the cached copy has 12 bytes, not 13');
    expect((await readdir(dest)).sort()).toEqual(['a']);
  });
});
