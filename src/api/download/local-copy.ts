/**
 * The copy already in a file's place, looked at before anything is fetched: refused when it is
 * a link or a folder, and "unchanged" when its MD5 is the expected one, read from the engine's
 * own records (`ChecksumBook`) while the file has not changed since, or else by hashing it.
 */
import { readdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { stampOf, type ChecksumBook } from './checksum-cache';
import { md5OfFile } from './digest';
import { FileFailure } from './failures';
import { ensureDirs, lstatOrUndefined } from './safe-fs';
import { foldName, type Target } from './target-claims';

/** A copy on disk with the expected MD5: nothing to fetch. */
export interface Unchanged {
  bytes: number;
  /** How it was known to be the same, for the report. */
  how: string;
}

export class LocalCopies {
  /** Folders created (or being created) under the destination. */
  private readonly dirs = new Map<string, Promise<void>>();
  /** Names in each folder when first seen (one readdir instead of an lstat per absent file). */
  private readonly listings = new Map<string, Promise<Set<string> | undefined>>();

  constructor(
    private readonly root: string,
    private readonly book: ChecksumBook | undefined,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Creates the target's folders and looks at what is in its place. Returns how it is known to
   * be unchanged; `differs` for a file whose MD5 is known not to be the expected one (a local
   * edit, or an older version); undefined when nothing is there, or when nothing tells whether
   * the copy is right (no MD5 from W&B). Throws a FileFailure for a link or folder.
   */
  async inspect(target: Target, expected: Buffer | undefined, size: number | undefined): Promise<Unchanged | 'differs' | undefined> {
    const parent = await ensureDirs(this.root, target.segments.slice(0, -1), this.dirs);
    // Absent from its folder's listing: nothing to look at (a file that appears meanwhile is
    // replaced by the rename, never followed). Listed: look at what it is.
    const names = await this.listing(parent);
    const existing = names && !names.has(foldName(target.segments[target.segments.length - 1]!)) ? undefined : await lstatOrUndefined(target.path);
    if (existing?.isSymbolicLink()) throw new FileFailure('unsafeName', 'refused: a symbolic link is in its place; links are never followed or replaced');
    if (existing?.isDirectory()) throw new FileFailure('disk', 'a folder of the same name is in its place');
    if (!existing?.isFile() || !expected) return undefined;
    if (size !== undefined && existing.size !== size) return 'differs';
    return this.sameDigest(target, existing, expected);
  }

  private async sameDigest(target: Target, existing: Stats, expected: Buffer): Promise<Unchanged | 'differs'> {
    // The engine's own record of this exact file (same size, times, inode) spares reading it.
    let have = this.book?.get(target.rel, stampOf(existing));
    let how = 'same size and times as when its MD5 was checked';
    if (!have) {
      have = await md5OfFile(target.path, this.signal, existing.size);
      how = 'same MD5';
      // Recorded only if the file did not change while it was read.
      const after = await lstatOrUndefined(target.path);
      if (this.book && after?.isFile() && sameStat(existing, after)) this.book.set(target.rel, stampOf(after), have);
    }
    return have.equals(expected) ? { bytes: existing.size, how } : 'differs';
  }

  private listing(dir: string): Promise<Set<string> | undefined> {
    let p = this.listings.get(dir);
    if (!p) {
      p = readdir(dir).then(
        (names) => new Set(names.map((n) => foldName(n))),
        () => undefined,
      );
      this.listings.set(dir, p);
    }
    return p;
  }
}

/** Same file, unchanged, by the parts of a stat any change moves. */
export function sameStat(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
