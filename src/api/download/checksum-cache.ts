/**
 * What the engine knows about files it wrote or hashed itself: their MD5 as of an exact file
 * stamp (size, modification and change times, inode, device). A file whose stamp still matches
 * is the same file with the same bytes, so an unchanged download can skip it without reading
 * it again. Any write, truncation, replacement, rename over it or `touch` changes the stamp (the
 * change time cannot be set back by programs), and a record is only ever made after the bytes
 * were checked. Records live outside the destination folder, so Verify never sees them as extra.
 * Plain Node: no `vscode` here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { isBase64Md5 } from './digest';
import { removeQuietlySync } from './safe-fs';

/** The parts of a file's stat that any change to it moves. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** Records of one destination folder, by `/`-separated path inside it. */
export interface ChecksumBook {
  /** The MD5 recorded for `rel`, if the file still has exactly the stamp it had then. */
  get(rel: string, now: FileStamp): Buffer | undefined;
  /**
   * `get` in W&B's own form (base64 of the 16 bytes, as manifests and `md5` fields give it):
   * an unchanged download compares it with the entry's digest as it is, without decoding either.
   */
  digest(rel: string, now: FileStamp): string | undefined;
  /** Whether anything is recorded for `rel`, whatever its stamp. */
  has(rel: string): boolean;
  /** Records the MD5 of a file the engine has just written or hashed, with its stamp. */
  set(rel: string, stamp: FileStamp, md5: Buffer): void;
  delete(rel: string): void;
  /** Keeps the records (best effort: a lost record only costs a re-hash). */
  save(): Promise<void>;
}

/** Where books come from: one per destination folder (its real path). */
export interface ChecksumCache {
  open(root: string): Promise<ChecksumBook>;
}

type Entry = [size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number, md5: string];

/**
 * File systems with whole-second times (FAT, some network shares) cannot tell two writes in
 * the same second apart: a record made within this long after such a file's modification time
 * is not trusted (the file is hashed again next time, as before the cache existed).
 */
const COARSE_CLOCK_MARGIN_MS = 2_000;

/** Records files of this many destination folders are kept parsed in memory. */
const RECORDS_KEPT = 4;

/** Same file, unchanged, by the parts of a stat any change moves (a Stats is a FileStamp too). */
export function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

export function stampOf(st: Stats): FileStamp {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev };
}

function sameStamp(e: Entry, s: FileStamp): boolean {
  return e[0] === s.size && e[1] === s.mtimeMs && e[2] === s.ctimeMs && e[3] === s.ino && e[4] === s.dev;
}

class Book implements ChecksumBook {
  dirty = false;
  constructor(
    readonly entries: Map<string, Entry>,
    private readonly persist?: (entries: Map<string, Entry>) => Promise<void>,
  ) {}

  get(rel: string, now: FileStamp): Buffer | undefined {
    const d = this.digest(rel, now);
    return d === undefined ? undefined : Buffer.from(d, 'base64');
  }

  digest(rel: string, now: FileStamp): string | undefined {
    const e = this.entries.get(rel);
    return e && sameStamp(e, now) ? e[5] : undefined;
  }

  has(rel: string): boolean {
    return this.entries.has(rel);
  }

  set(rel: string, s: FileStamp, md5: Buffer): void {
    if (md5.length !== 16) {
      this.delete(rel);
      return;
    }
    const coarse = s.mtimeMs % 1000 === 0 && s.ctimeMs % 1000 === 0;
    if (coarse && Date.now() - Math.max(s.mtimeMs, s.ctimeMs) < COARSE_CLOCK_MARGIN_MS) {
      this.delete(rel);
      return;
    }
    this.entries.set(rel, [s.size, s.mtimeMs, s.ctimeMs, s.ino, s.dev, md5.toString('base64')]);
    this.dirty = true;
  }

  delete(rel: string): void {
    if (this.entries.delete(rel)) this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.persist) return;
    this.dirty = false;
    await this.persist(this.entries);
  }
}

/** Records kept in memory only (tests, one session). */
export class MemoryChecksumCache implements ChecksumCache {
  private readonly books = new Map<string, Book>();
  async open(root: string): Promise<ChecksumBook> {
    let b = this.books.get(root);
    if (!b) this.books.set(root, (b = new Book(new Map())));
    return b;
  }
}

/**
 * One JSON file per destination folder in `dir` (the extension's global storage), named by a
 * hash of the folder's real path. Written atomically; unreadable or foreign files count as empty.
 */
export class FileChecksumCache implements ChecksumCache {
  /**
   * Each records file as this process last read or wrote it, with that file's stamp: opening
   * the same folder's records again (a download again) copies them instead of parsing the JSON,
   * while the file is unchanged. Another process writes by rename, which changes the stamp.
   */
  private readonly known = new Map<string, { stamp: FileStamp; entries: Map<string, Entry> }>();

  constructor(private readonly dir: string) {}

  fileFor(root: string): string {
    return path.join(this.dir, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`);
  }

  async open(root: string): Promise<ChecksumBook> {
    const file = this.fileFor(root);
    // Plain calls: the parse and the JSON text are synchronous work anyway, and reading or
    // writing one file at once is quicker than waiting for a thread-pool thread behind others.
    const now = statOf(file);
    const seen = this.known.get(file);
    let entries: Map<string, Entry>;
    if (now && seen && sameFile(seen.stamp, now)) entries = new Map(seen.entries);
    else {
      entries = this.read(file, root);
      if (now) this.remember(file, now, entries);
      else this.known.delete(file);
    }
    return new Book(entries, async (all) => {
      mkdirSync(this.dir, { recursive: true });
      this.known.delete(file);
      if (all.size === 0) {
        removeQuietlySync(file);
        return;
      }
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        writeFileSync(tmp, JSON.stringify({ version: 1, root, files: Object.fromEntries(all) }));
        renameSync(tmp, file);
      } catch (e) {
        removeQuietlySync(tmp);
        throw e;
      }
      const written = statOf(file);
      if (written) this.remember(file, written, all);
    });
  }

  /** Keeps a copy of a records file's entries (of the few folders used last). */
  private remember(file: string, stamp: FileStamp, entries: Map<string, Entry>): void {
    this.known.delete(file);
    this.known.set(file, { stamp, entries: new Map(entries) });
    for (const [old] of this.known) if (this.known.size > RECORDS_KEPT) this.known.delete(old);
  }

  /** The records in `file`, if it holds this folder's; unreadable or foreign files count as empty. */
  private read(file: string, root: string): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; root?: unknown; files?: Record<string, unknown> };
      if (data.version === 1 && data.root === root && data.files && typeof data.files === 'object') {
        for (const [rel, e] of Object.entries(data.files)) if (isEntry(e)) entries.set(rel, e);
      }
    } catch {
      // none yet, or unreadable: start empty
    }
    return entries;
  }
}

function statOf(file: string): FileStamp | undefined {
  const st = lstatSync(file, { throwIfNoEntry: false });
  return st?.isFile() ? stampOf(st) : undefined;
}

/** A well-formed record: its digest is checked once here, so a lookup can compare it as a string. */
function isEntry(e: unknown): e is Entry {
  return Array.isArray(e) && e.length === 6 && e.slice(0, 5).every((x) => typeof x === 'number') && typeof e[5] === 'string' && isBase64Md5(e[5]);
}
