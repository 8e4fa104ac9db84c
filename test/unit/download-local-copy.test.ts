import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryChecksumCache, type ChecksumBook } from '../../src/api/download/checksum-cache';
import { FileFailure } from '../../src/api/download/failures';
import { LocalCopies } from '../../src/api/download/local-copy';
import { TargetClaims } from '../../src/api/download/target-claims';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest();
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
