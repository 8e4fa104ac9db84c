/**
 * The copy already in a file's place, looked at before anything is fetched: refused when it is
 * a link or a folder, and "unchanged" when its MD5 is the expected one, read from the engine's
 * own records (`ChecksumBook`) while the file has not changed since, or else by hashing it.
 * Everything but the hashing is synchronous stats, for many files in slices (see time-slices).
 */
import { readdirSync, type Stats } from 'node:fs';
import { sameFile, stampOf, type ChecksumBook } from './checksum-cache';
import { md5Bytes, md5OfFile } from './digest';
import { FileFailure } from './failures';
import { ensureDirsSync, lstatOrUndefined, lstatSyncOrUndefined } from './safe-fs';
import { foldName, type Target } from './target-claims';

/** A copy on disk with the expected MD5: nothing to fetch. */
export interface Unchanged {
  bytes: number;
  /** How it was known to be the same, for the report. */
  how: string;
}

/** A regular file of the right size is there, with no record of its MD5: only reading it tells. */
export interface NeedsHash {
  onDisk: Stats;
  /** The MD5 it must have. */
  expected: Buffer;
}

/** What is in a file's place, as far as a stat and the records tell. */
export type Look = Unchanged | 'differs' | NeedsHash | undefined;

export const needsHash = (l: Look): l is NeedsHash => typeof l === 'object' && 'onDisk' in l;

const BY_RECORD = 'same size and times as when its MD5 was checked';

export class LocalCopies {
  /** Folders created or checked under the destination. */
  private readonly dirs = new Set<string>();
  /** Each folder's path by its `/`-separated path inside the destination. */
  private readonly parents = new Map<string, string>();
  /** Names in each folder when first seen (one readdir instead of an lstat per absent file). */
  private readonly listings = new Map<string, Set<string> | undefined>();

  constructor(
    private readonly root: string,
    private readonly book: ChecksumBook | undefined,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * Creates the target's folders and looks at what is in its place. `md5` is the file's MD5 as
   * W&B gives it (base64, or hex). Returns how it is known to be unchanged; `differs` for a file
   * whose MD5 is known not to be the expected one (a local edit, or an older version); undefined
   * when nothing is there, or when nothing tells whether the copy is right (no MD5 from W&B).
   * Throws a FileFailure for a link or folder.
   */
  async inspect(target: Target, md5: string | undefined, size: number | undefined): Promise<Unchanged | 'differs' | undefined> {
    const look = this.look(target, md5, size);
    return needsHash(look) ? this.hash(target, look.onDisk, look.expected) : look;
  }

  /**
   * `inspect` without reading any file: synchronous stats only (meant for many files in
   * slices). A copy that only its bytes can tell about comes back as NeedsHash, for `hash`.
   */
  look(target: Target, md5: string | undefined, size: number | undefined): Look {
    const parent = this.parentOf(target);
    // A file with a record was there after the last download: one lstat tells. Else, absent
    // from its folder's listing: nothing to look at (a file that appears meanwhile is replaced
    // by the rename, never followed). Listed: look at what it is.
    const names = this.book?.has(target.rel) ? undefined : this.listing(parent);
    const existing = names && !names.has(foldName(target.segments[target.segments.length - 1]!)) ? undefined : lstatSyncOrUndefined(target.path);
    if (existing?.isSymbolicLink()) throw new FileFailure('unsafeName', 'refused: a symbolic link is in its place; links are never followed or replaced');
    if (existing?.isDirectory()) throw new FileFailure('disk', 'a folder of the same name is in its place');
    if (!existing?.isFile() || !md5) return undefined;
    // The engine's own record of this exact file (same size, times, inode) spares reading it.
    // Records hold W&B's base64 form, checked when read: the same string is the same MD5.
    const recorded = this.book?.digest(target.rel, existing);
    if (recorded === md5 && (size === undefined || existing.size === size)) return { bytes: existing.size, how: BY_RECORD };
    const expected = md5Bytes(md5);
    if (!expected) return undefined;
    if (size !== undefined && existing.size !== size) return 'differs';
    if (recorded === undefined) return { onDisk: existing, expected };
    return Buffer.from(recorded, 'base64').equals(expected) ? { bytes: existing.size, how: BY_RECORD } : 'differs';
  }

  /** Reads the copy a `look` could not tell about, and records its MD5 if it did not change meanwhile. */
  async hash(target: Target, existing: Stats, expected: Buffer): Promise<Unchanged | 'differs'> {
    const have = await md5OfFile(target.path, this.signal, existing.size);
    const after = await lstatOrUndefined(target.path);
    if (this.book && after?.isFile() && sameFile(existing, after)) this.book.set(target.rel, stampOf(after), have);
    return have.equals(expected) ? { bytes: existing.size, how: 'same MD5' } : 'differs';
  }

  /** The target's folder, created or checked once per folder (not once per file). */
  private parentOf(target: Target): string {
    if (target.folder === '') return this.root;
    let dir = this.parents.get(target.folder);
    if (dir === undefined) this.parents.set(target.folder, (dir = ensureDirsSync(this.root, target.segments.slice(0, -1), this.dirs)));
    return dir;
  }

  private listing(dir: string): Set<string> | undefined {
    if (this.listings.has(dir)) return this.listings.get(dir);
    let names: Set<string> | undefined;
    try {
      names = new Set(readdirSync(dir).map((n) => foldName(n)));
    } catch {
      names = undefined;
    }
    this.listings.set(dir, names);
    return names;
  }
}
