import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileChecksumCache, MemoryChecksumCache, type FileStamp } from '../../src/api/download/checksum-cache';

const md5 = Buffer.from('0123456789abcdef');
const old = Date.now() - 60_000;
const stamp = (over: Partial<FileStamp> = {}): FileStamp => ({ size: 10, mtimeMs: old + 0.123, ctimeMs: old + 0.456, ino: 7, dev: 1, ...over });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbdl-records-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checksum records', () => {
  it('answer only for exactly the stamp recorded', async () => {
    const book = await new MemoryChecksumCache().open('/root');
    book.set('a/b.bin', stamp(), md5);
    expect(book.get('a/b.bin', stamp())).toEqual(md5);
    for (const change of [{ size: 11 }, { mtimeMs: old + 1 }, { ctimeMs: old + 1 }, { ino: 8 }, { dev: 2 }]) {
      expect(book.get('a/b.bin', stamp(change)), JSON.stringify(change)).toBeUndefined();
    }
    expect(book.get('other', stamp())).toBeUndefined();
    expect(book.digest('a/b.bin', stamp())).toBe(md5.toString('base64'));
    expect(book.digest('a/b.bin', stamp({ size: 11 }))).toBeUndefined();
    expect([book.has('a/b.bin'), book.has('other')]).toEqual([true, false]);
  });

  it('do not trust a whole-second file system right after a write', async () => {
    const book = await new MemoryChecksumCache().open('/root');
    const now = Math.floor(Date.now() / 1000) * 1000;
    book.set('fresh', stamp({ mtimeMs: now, ctimeMs: now }), md5);
    expect(book.get('fresh', stamp({ mtimeMs: now, ctimeMs: now }))).toBeUndefined();
    book.set('settled', stamp({ mtimeMs: now - 10_000, ctimeMs: now - 10_000 }), md5);
    expect(book.get('settled', stamp({ mtimeMs: now - 10_000, ctimeMs: now - 10_000 }))).toEqual(md5);
  });

  it('are kept in one file per folder outside it, and survive a new cache object', async () => {
    const cache = new FileChecksumCache(path.join(dir, 'records'));
    const book = await cache.open('/data/a');
    book.set('x', stamp(), md5);
    await book.save();
    const other = await cache.open('/data/b');
    other.set('x', stamp(), md5);
    await other.save();
    expect(await readdir(path.join(dir, 'records'))).toHaveLength(2);
    const again = await new FileChecksumCache(path.join(dir, 'records')).open('/data/a');
    expect(again.get('x', stamp())).toEqual(md5);
    again.delete('x');
    await again.save();
    expect(await readdir(path.join(dir, 'records'))).toHaveLength(1);
  });

  it('opened again in the same process: not parsed again while the file is unchanged, read again once it was replaced', async () => {
    const cache = new FileChecksumCache(dir);
    const book = await cache.open('/data/a');
    book.set('x', stamp(), md5);
    await book.save();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const again = await cache.open('/data/a');
      expect(again.get('x', stamp())).toEqual(md5);
      expect(parse).not.toHaveBeenCalled();
      // Each book has its own records until saved.
      again.set('y', stamp(), md5);
      expect((await cache.open('/data/a')).get('y', stamp())).toBeUndefined();
      // Another process writes its own records (by rename, as this one does).
      const other = Buffer.from('fedcba9876543210');
      const tmp = `${cache.fileFor('/data/a')}.other`;
      await writeFile(tmp, JSON.stringify({ version: 1, root: '/data/a', files: { z: [10, old + 0.123, old + 0.456, 7, 1, other.toString('base64')] } }));
      await rename(tmp, cache.fileFor('/data/a'));
      const replaced = await cache.open('/data/a');
      expect(parse).toHaveBeenCalledTimes(1);
      expect(replaced.get('z', stamp())).toEqual(other);
      expect(replaced.get('x', stamp())).toBeUndefined();
    } finally {
      parse.mockRestore();
    }
  });

  it('start empty from an unreadable or foreign file', async () => {
    const cache = new FileChecksumCache(dir);
    await writeFile(cache.fileFor('/data/a'), '{not json');
    expect((await cache.open('/data/a')).get('x', stamp())).toBeUndefined();
    await writeFile(cache.fileFor('/data/a'), JSON.stringify({ version: 1, root: '/elsewhere', files: { x: [10, old + 0.123, old + 0.456, 7, 1, md5.toString('base64')] } }));
    expect((await cache.open('/data/a')).get('x', stamp())).toBeUndefined();
    // A record whose digest is not base64 of 16 bytes is dropped: digests compare as strings.
    await writeFile(cache.fileFor('/data/a'), JSON.stringify({ version: 1, root: '/data/a', files: { x: [10, old + 0.123, old + 0.456, 7, 1, 'not-an-md5'], y: [10, old + 0.123, old + 0.456, 7, 1, md5.toString('base64')] } }));
    const book = await cache.open('/data/a');
    expect([book.has('x'), book.digest('y', stamp())]).toEqual([false, md5.toString('base64')]);
  });
});
