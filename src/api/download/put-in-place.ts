/**
 * Putting a received file into place: its temp file (beside the final name) is closed and
 * renamed over the final name, so the name only ever holds a whole, checked file. A small file
 * checked in memory is first written to its temp file with one call.
 */
import { rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { stampOf, type ChecksumBook, type FileStamp } from './checksum-cache';
import { lstatOrUndefined, openTemp, removeQuietly } from './safe-fs';
import type { Target } from './target-claims';
import { writeAll } from './write-all';

/** An open temp file beside a file's final name. */
export interface TempFile {
  path: string;
  handle: FileHandle;
}

/** A small file received and checked, not yet written. */
export interface InMemoryFile {
  parts: Uint8Array[];
  bytes: number;
  digest: Buffer;
  /** Checked against W&B's MD5 (not only its size). */
  verified: boolean;
}

/** Puts a small file received in memory into place (temp file, one write, rename) and records its MD5. */
export async function placeInMemoryFile(target: Target, got: InMemoryFile, book: ChecksumBook | undefined): Promise<void> {
  const t = await openTemp(target.path);
  try {
    await writeAll(t.handle, got.parts, 0);
    const stamp = await putInPlace(t, target.path, !!book && got.verified);
    if (book && got.verified && stamp?.size === got.bytes) book.set(target.rel, stamp, got.digest);
  } catch (e) {
    await t.handle.close().catch(() => undefined);
    await removeQuietly(t.path);
    throw e;
  }
}

/**
 * Closes the finished temp file and renames it over its final name. With `wantStamp`, returns
 * the stamp of the file now in place when it is known to be the one written.
 */
export async function putInPlace(t: TempFile, target: string, wantStamp: boolean): Promise<FileStamp | undefined> {
  if (process.platform === 'win32') {
    // Windows: closed before the rename; the file in place must still be the one written.
    const written = wantStamp ? await t.handle.stat() : undefined;
    await t.handle.close();
    await rename(t.path, target);
    if (!written) return undefined;
    const now = await lstatOrUndefined(target).catch(() => undefined);
    const same = now?.isFile() && now.ino === written.ino && now.size === written.size && now.mtimeMs === written.mtimeMs;
    return now && same ? stampOf(now) : undefined;
  }
  // rename() replaces a link planted meanwhile instead of following it, and fails on a folder.
  try {
    await rename(t.path, target);
  } catch (e) {
    await t.handle.close().catch(() => undefined);
    throw e;
  }
  // The open handle is the file written for sure; its stat includes the rename's change time.
  const st = wantStamp ? await t.handle.stat().catch(() => undefined) : undefined;
  try {
    await t.handle.close();
  } catch (e) {
    // A late write error (network file systems report them on close): the file is not good.
    await removeQuietly(target);
    throw e;
  }
  return st && stampOf(st);
}
