import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stampOf } from '../../src/api/download/checksum-cache';
import { SdkArtifactCache } from '../../src/api/download/sdk-cache';
import { SmallFileWorkers, type SmallFileOutcome } from '../../src/api/download/small-file-workers';

let dir: string;
let workers: SmallFileWorkers;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbsfw-'));
  workers = new SmallFileWorkers();
});
afterEach(async () => {
  await workers.close();
  await rm(dir, { recursive: true, force: true });
});

const own = (text: string) => [Buffer.from(text)];
const md5 = (text: string) => createHash('md5').update(text).digest();
const job = (name: string, text: string, extra: { keep?: { tmp: string; final: string }; wantStamp?: boolean; md5?: Buffer } = {}) => ({
  tmp: path.join(dir, `.${name}.partial`),
  target: path.join(dir, name),
  parts: own(text),
  wantStamp: extra.wantStamp ?? true,
  keep: extra.keep,
  md5: extra.md5,
});
/** The answer of a file that was placed (or handed back): not one whose bytes were found wrong. */
const placedOf = (o: SmallFileOutcome) => (o && 'wrongMd5' in o ? expect.fail(`bytes found wrong: ${o.wrongMd5.toString('base64')}`) : o);

describe.runIf(SmallFileWorkers.supported)('SmallFileWorkers', () => {
  it('puts a file into place through its temp name and answers the stamp of the file now there', async () => {
    const placed = placedOf(await workers.place(job('a.txt', 'alpha')));
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('alpha');
    expect(placed?.stamp).toEqual(stampOf(await lstat(path.join(dir, 'a.txt'))));
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it("copies it into the SDK's cache under its MD5 with mode 0666 less the umask, nothing left in tmp/", async () => {
    const cache = new SdkArtifactCache(path.join(dir, 'cache'));
    const placed = placedOf(await workers.place(job('b.txt', 'beta', { keep: cache.entryPaths(md5('beta')) })));
    expect(placed?.cacheError).toBeUndefined();
    const umask = process.umask(0o022);
    process.umask(umask);
    expect(await readFile(cache.pathOf(md5('beta')), 'utf8')).toBe('beta');
    expect((await stat(cache.pathOf(md5('beta')))).mode & 0o777).toBe(0o666 & ~umask);
    expect(await readdir(path.join(cache.root, 'tmp'))).toEqual([]);
  });

  it('replaces a symbolic link planted at the final name instead of writing through it', async () => {
    await writeFile(path.join(dir, 'outside.txt'), 'original');
    await symlink(path.join(dir, 'outside.txt'), path.join(dir, 'c.txt'));
    expect(await workers.place(job('c.txt', 'new'))).toBeDefined();
    expect((await lstat(path.join(dir, 'c.txt'))).isFile()).toBe(true);
    expect(await readFile(path.join(dir, 'outside.txt'), 'utf8')).toBe('original');
  });

  it('hands a file back, leaving no temp file, when its place is a folder', async () => {
    await mkdir(path.join(dir, 'd.txt'));
    expect(await workers.place(job('d.txt', 'delta'))).toBeUndefined();
    expect(await readdir(dir)).toEqual(['d.txt']);
    expect(await readdir(path.join(dir, 'd.txt'))).toEqual([]);
  });

  it('never opens an existing file or link at the temp name', async () => {
    await writeFile(path.join(dir, 'target-of-link'), 'untouched');
    await symlink(path.join(dir, 'target-of-link'), path.join(dir, '.e.txt.partial'));
    expect(await workers.place(job('e.txt', 'epsilon'))).toBeUndefined();
    expect(await readFile(path.join(dir, 'target-of-link'), 'utf8')).toBe('untouched');
    expect((await readdir(dir)).sort()).toEqual(['.e.txt.partial', 'target-of-link']);
  });

  it('places the file and says why when the cache cannot be written', async () => {
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const cache = new SdkArtifactCache(path.join(dir, 'not-a-folder'));
    const placed = placedOf(await workers.place(job('f.txt', 'phi', { keep: cache.entryPaths(md5('phi')) })));
    expect(placed?.cacheError).toMatch(/ENOTDIR|EEXIST/);
    expect(await readFile(path.join(dir, 'f.txt'), 'utf8')).toBe('phi');
  });

  it('places many files handed over at once, each with its own bytes', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `many-${i}.txt`);
    const placed = await Promise.all(names.map((n) => workers.place(job(n, `bytes of ${n}`, { wantStamp: false }))));
    expect(placed.every((p) => p !== undefined && placedOf(p)?.stamp === undefined)).toBe(true);
    for (const n of names) expect(await readFile(path.join(dir, n), 'utf8')).toBe(`bytes of ${n}`);
    expect((await readdir(dir)).length).toBe(300);
  });

  it('writes exactly the bytes of files in several parts, empty ones included, handed over in one turn', async () => {
    // The batch's buffer is not zeroed first: each file must get its parts and nothing else.
    const files = [
      { name: 'parts.bin', parts: [Buffer.from('ab'), Buffer.alloc(0), Buffer.from('cdef')] },
      { name: 'empty.bin', parts: [] },
      { name: 'one-empty-part.bin', parts: [Buffer.alloc(0)] },
      { name: 'big.bin', parts: [Buffer.alloc(70_000, 7), Buffer.alloc(3, 9)] },
    ];
    await Promise.all(files.map((f) => workers.place({ ...job(f.name, ''), parts: f.parts, wantStamp: false })));
    for (const f of files) expect(await readFile(path.join(dir, f.name))).toEqual(Buffer.concat(f.parts));
  });

  it('checks the MD5 first when given: right bytes are placed, wrong ones answer their MD5 and nothing of them is written', async () => {
    const cache = new SdkArtifactCache(path.join(dir, 'cache'));
    const right = placedOf(await workers.place(job('h.txt', 'eta', { md5: md5('eta'), keep: cache.entryPaths(md5('eta')) })));
    expect(right?.stamp).toBeDefined();
    expect(await readFile(path.join(dir, 'h.txt'), 'utf8')).toBe('eta');
    const wrong = await workers.place(job('i.txt', 'iota, damaged', { md5: md5('iota'), keep: cache.entryPaths(md5('iota')) }));
    expect(wrong).toEqual({ wrongMd5: md5('iota, damaged') });
    expect((await readdir(dir)).sort()).toEqual(['cache', 'h.txt']);
    await expect(stat(cache.pathOf(md5('iota')))).rejects.toThrow(/ENOENT/);
    expect(await readdir(path.join(cache.root, 'tmp'))).toEqual([]);
  });

  it("makes the cache's folders again for the next download after they were removed, and places files after going idle", async () => {
    const idle = new SmallFileWorkers(4, 20);
    try {
      const cache = new SdkArtifactCache(path.join(dir, 'cache'));
      expect(placedOf(await idle.place(job('j.txt', 'first', { keep: cache.entryPaths(md5('first')) })))?.cacheError).toBeUndefined();
      await rm(cache.root, { recursive: true });
      idle.startDownload();
      expect(placedOf(await idle.place(job('k.txt', 'second', { keep: cache.entryPaths(md5('second')) })))?.cacheError).toBeUndefined();
      expect(await readFile(cache.pathOf(md5('second')), 'utf8')).toBe('second');
      // Idle, the threads end; the next file starts one again.
      await vi.waitFor(() => expect(idle.threads).toBe(0));
      expect(placedOf(await idle.place(job('l.txt', 'third')))).toBeDefined();
      expect(await readFile(path.join(dir, 'l.txt'), 'utf8')).toBe('third');
    } finally {
      await idle.close();
    }
  });

  it('hands back the files not yet answered when the workers are closed, writing nothing of them', async () => {
    const pending = workers.place(job('g.txt', 'gamma'));
    await workers.close();
    expect(await pending).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });
});
