import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryChecksumCache, type ChecksumBook } from '../../src/api/download/checksum-cache';
import { FileFailure } from '../../src/api/download/failures';
import { LocalCopies } from '../../src/api/download/local-copy';
import { TargetClaims } from '../../src/api/download/target-claims';

/** An MD5 as W&B gives it (base64). */
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const never = new AbortController().signal;

let root: string;
let book: ChecksumBook;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wblocal-'));
  book = await new MemoryChecksumCache().open(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LocalCopies', () => {
  it('creates the folders of a file that is not there yet and asks for it', async () => {
    const t = new TargetClaims(root).claim('a/b/c.txt');
    expect(await new LocalCopies(root, book, never).inspect(t, md5('x'), 1)).toBeUndefined();
    expect(await readdir(path.join(root, 'a', 'b'))).toEqual([]);
  });

  it('finds a copy with the expected MD5 unchanged by hashing it, then by its record alone', async () => {
    await writeFile(path.join(root, 'c.txt'), 'hello');
    const t = new TargetClaims(root).claim('c.txt');
    expect(await new LocalCopies(root, book, never).inspect(t, md5('hello'), 5)).toEqual({ bytes: 5, how: 'same MD5' });
    expect(await new LocalCopies(root, book, never).inspect(t, md5('hello'), 5)).toEqual({ bytes: 5, how: 'same size and times as when its MD5 was checked' });
  });

  it('by its record: an edit of the same size, a replaced file or a removed one is seen; a hex MD5 matches too', async () => {
    const file = path.join(root, 'd', 'c.txt');
    await mkdir(path.dirname(file));
    await writeFile(file, 'hello');
    const t = new TargetClaims(root).claim('d/c.txt');
    const hex = createHash('md5').update('hello').digest('hex');
    expect(await new LocalCopies(root, book, never).inspect(t, md5('hello'), 5)).toEqual({ bytes: 5, how: 'same MD5' });
    expect(book.has('d/c.txt')).toBe(true);
    expect(await new LocalCopies(root, book, never).inspect(t, hex, 5)).toEqual({ bytes: 5, how: 'same size and times as when its MD5 was checked' });
    // Same size, other bytes: the stamp moved, so the record no longer answers and the bytes do.
    await writeFile(file, 'HELLO');
    expect(await new LocalCopies(root, book, never).inspect(t, md5('hello'), 5)).toBe('differs');
    // Replaced by another file (rename over it) with the expected bytes: hashed, found the same.
    await writeFile(`${file}.new`, 'hello');
    await rename(`${file}.new`, file);
    expect(await new LocalCopies(root, book, never).inspect(t, md5('hello'), 5)).toEqual({ bytes: 5, how: 'same MD5' });
    await rm(file);
    expect(await new LocalCopies(root, book, never).inspect(t, md5('hello'), 5)).toBeUndefined();
  });

  it('asks for a copy with another size or MD5, or when no MD5 is known', async () => {
    await writeFile(path.join(root, 'c.txt'), 'hello');
    const t = new TargetClaims(root).claim('c.txt');
    const copies = new LocalCopies(root, undefined, never);
    expect(await copies.inspect(t, md5('hello'), 6)).toBe('differs');
    expect(await copies.inspect(t, md5('HELLO'), 5)).toBe('differs');
    expect(await copies.inspect(t, undefined, 5)).toBeUndefined();
  });

  it('refuses a link or a folder in the place of a file', async () => {
    await writeFile(path.join(root, 'elsewhere'), 'x');
    await symlink(path.join(root, 'elsewhere'), path.join(root, 'link.txt'));
    await mkdir(path.join(root, 'dir.txt'));
    const claims = new TargetClaims(root);
    const copies = new LocalCopies(root, book, never);
    const link = await copies.inspect(claims.claim('link.txt'), md5('x'), 1).catch((e: unknown) => e);
    expect(link).toBeInstanceOf(FileFailure);
    expect(link).toMatchObject({ kind: 'unsafeName' });
    const dir = await copies.inspect(claims.claim('dir.txt'), md5('x'), 1).catch((e: unknown) => e);
    expect(dir).toMatchObject({ kind: 'disk', message: 'a folder of the same name is in its place' });
  });
});
