/**
 * The W&B SDK's artifact cache, shared: files by MD5 under
 * `<cache dir>/artifacts/obj/md5/<hex[:2]>/<hex[2:]>`, put there by renaming a finished temp
 * file from `<cache dir>/artifacts/tmp`, with mode 0666 less the umask. A file any W&B tool on
 * the machine already fetched is copied from there instead of fetched again, and a file this
 * engine fetched and checked is put there for the others: written as its bytes arrive, beside
 * the file in the destination, and renamed under its digest once they checked out.
 *
 * As the SDK (`wandb/sdk/artifacts/artifact_file_cache.py`, `ArtifactFileCache`), an entry
 * whose size matches is taken as the file of that MD5, without reading it again: entries are
 * only ever written whole, under the name of their digest, after the bytes were checked. The
 * size is checked on the copy itself (a truncated entry is a miss), and the cache's folders are
 * listed once per download instead of a stat per file. Small files are copied with plain
 * synchronous calls, in slices; large ones through the thread pool.
 * Plain Node: no `vscode` here.
 */
import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, lstatSync, readdirSync, renameSync, type Stats } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeQuietly, removeQuietlySync } from './safe-fs';
import { writeAll } from './write-all';

/**
 * The SDK's cache folder: `$WANDB_CACHE_DIR`, else platformdirs' `user_cache_dir("wandb")`
 * (`wandb/env.py`, `get_cache_dir`).
 */
export function sdkCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  const set = env.WANDB_CACHE_DIR;
  if (set) return set;
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'), 'wandb', 'wandb', 'Cache');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'wandb');
  const xdg = env.XDG_CACHE_HOME?.trim();
  return path.posix.join(xdg || path.posix.join(home, '.cache'), 'wandb');
}

/** Temp names in the cache's tmp/: unpredictable per process, then a counter (one random draw, not one per file). */
const tmpPrefix = randomBytes(8).toString('hex');
let tmpCounter = 0;

/** A file in the cache, found by its MD5. */
export interface CacheHit {
  path: string;
}

/** Never over an existing name; a copy-on-write clone where the file system has them. */
const COPY_FLAGS = constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE;

/** A copy of another size is not the file of that MD5 (`_check_or_create` compares sizes). */
function checkCopy(copied: Stats, size: number): void {
  if (!copied.isFile() || copied.size !== size) throw new Error(`the cached copy has ${copied.size} bytes, not ${size}`);
}

/** The stat of the file now in place, if it is the copy that was renamed there. */
function placedCopy(copied: Stats, placed: Stats | undefined, size: number): Stats | undefined {
  return placed?.isFile() && placed.ino === copied.ino && placed.size === size ? placed : undefined;
}

export class SdkArtifactCache {
  /** `<cache dir>/artifacts`, as `artifact_file_cache.artifacts_cache_dir`. */
  readonly root: string;
  private tmpReady: Promise<void> | undefined;
  /** Entry folders (`obj/md5/<hex[:2]>`) created by this process: one mkdir each, not one per file. */
  private readonly madeDirs = new Map<string, Promise<void>>();

  constructor(cacheDir: string) {
    this.root = path.join(cacheDir, 'artifacts');
  }

  /** Where the file of this MD5 (raw digest) lives: hex, not W&B's base64 (`check_md5_obj_path`). */
  pathOf(md5: Buffer): string {
    const hex = md5.toString('hex');
    return path.join(this.root, 'obj', 'md5', hex.slice(0, 2), hex.slice(2));
  }

  /**
   * A finder for one download: the cached file of an MD5, if its folder lists it as a regular
   * file (the folder's entry types come with the listing: no stat per file, and a link, a pipe
   * or a folder under a digest's name is a miss). The `md5` folder is listed first, then each
   * two-digit folder it holds, once per finder (an entry added meanwhile is only a miss).
   * Synchronous: called for thousands of files in slices (see time-slices). The size is not
   * known yet: the copy is checked, as `_check_or_create` checks the entry's.
   */
  finder(): (md5: Buffer) => CacheHit | undefined {
    const md5Dir = path.join(this.root, 'obj', 'md5');
    const listings = new Map<string, Set<string> | undefined>();
    const filesIn = (dir: string): Set<string> | undefined => {
      try {
        return new Set(readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name));
      } catch {
        return undefined;
      }
    };
    let prefixes: Set<string> | undefined;
    try {
      prefixes = new Set(readdirSync(md5Dir));
    } catch {
      prefixes = new Set();
    }
    // Paths by concatenation (md5Dir is normalized, the rest is hex): no path.join per file.
    const under = md5Dir + path.sep;
    return (md5) => {
      const hex = md5.toString('hex');
      const prefix = hex.slice(0, 2);
      if (!prefixes.has(prefix)) return undefined;
      let names = listings.get(prefix);
      if (!listings.has(prefix)) listings.set(prefix, (names = filesIn(under + prefix)));
      const rest = hex.slice(2);
      return names?.has(rest) ? { path: under + prefix + path.sep + rest } : undefined;
    };
  }

  /**
   * Copies a cached file to `tmp` (which must not exist: never writes through a link) and
   * renames it to `to` when its size is `size`; returns the placed file's stat. A copy of the
   * wrong size is removed and refused: the entry is not the file of that MD5. The stat is
   * undefined when something else took the name right after the rename.
   */
  async placeCopy(hit: CacheHit, tmp: string, to: string, size: number): Promise<Stats | undefined> {
    let copied: Stats;
    try {
      await copyFile(hit.path, tmp, COPY_FLAGS);
      copied = await lstat(tmp);
      checkCopy(copied, size);
      await rename(tmp, to);
    } catch (e) {
      await removeQuietly(tmp);
      throw e;
    }
    return placedCopy(copied, await lstat(to).catch(() => undefined), size);
  }

  /**
   * `placeCopy` in plain calls, for small files copied by the thousand in slices: a copy of a
   * few kilobytes takes tens of microseconds, far less than a trip through the thread pool.
   */
  placeCopySync(hit: CacheHit, tmp: string, to: string, size: number): Stats | undefined {
    let copied: Stats;
    try {
      copyFileSync(hit.path, tmp, COPY_FLAGS);
      copied = lstatSync(tmp);
      checkCopy(copied, size);
      renameSync(tmp, to);
    } catch (e) {
      removeQuietlySync(tmp);
      throw e;
    }
    return placedCopy(copied, lstatSync(to, { throwIfNoEntry: false }), size);
  }

  /** Puts checked bytes held in memory into the cache under their MD5. */
  async putBytes(md5: Buffer, parts: Uint8Array[]): Promise<void> {
    await this.put(md5, async (tmp) => {
      const h = await open(tmp, 'wx', 0o666);
      try {
        await writeAll(h, parts, 0);
      } finally {
        await h.close();
      }
    });
  }

  /**
   * A new entry to write as the bytes arrive: a temp file in `tmp/`, renamed under its MD5 by
   * `commit` once the bytes checked out (readers see all of it or nothing), else removed.
   */
  async openEntry(): Promise<CacheEntryWriter> {
    const tmp = this.newTmp();
    await this.tmpDirReady();
    const handle = await open(tmp, 'wx', 0o666);
    let isOpen = true;
    const close = async () => {
      if (!isOpen) return;
      isOpen = false;
      await handle.close();
    };
    return {
      handle,
      commit: async (md5) => {
        try {
          await close();
          await this.placeEntry(tmp, this.pathOf(md5));
        } catch (e) {
          await removeQuietly(tmp);
          throw e;
        }
      },
      abandon: async () => {
        await close().catch(() => undefined);
        await removeQuietly(tmp);
      },
    };
  }

  /**
   * Where an entry for `md5` is written: a new temp name in `tmp/` (whose folder may not exist
   * yet) and the entry it is renamed to, whose folder may not exist either.
   */
  entryPaths(md5: Buffer): { tmp: string; final: string } {
    return { tmp: this.newTmp(), final: this.pathOf(md5) };
  }

  private newTmp(): string {
    return path.join(this.root, 'tmp', `wbx-${tmpPrefix}${(tmpCounter++).toString(36)}`);
  }

  private tmpDirReady(): Promise<void> {
    this.tmpReady ??= mkdir(path.join(this.root, 'tmp'), { recursive: true }).then(() => undefined);
    return this.tmpReady;
  }

  /** Writes a temp file in `tmp/` and renames it into place: readers see all of it or nothing. */
  private async put(md5: Buffer, write: (tmp: string) => Promise<void>): Promise<void> {
    const { tmp, final } = this.entryPaths(md5);
    await this.tmpDirReady();
    try {
      await write(tmp);
      await this.placeEntry(tmp, final);
    } catch (e) {
      await removeQuietly(tmp);
      throw e;
    }
  }

  /** Renames a finished temp file to its entry, making the entry's folder when needed. */
  private async placeEntry(tmp: string, final: string): Promise<void> {
    const dir = path.dirname(final);
    let made = this.madeDirs.get(dir);
    if (!made) {
      this.madeDirs.set(dir, (made = mkdir(dir, { recursive: true }).then(() => undefined)));
      made.catch(() => this.madeDirs.delete(dir));
    }
    await made;
    await rename(tmp, final).catch(async (e: unknown) => {
      // The folder was removed since (a cache cleanup): made again once.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(dir, { recursive: true });
      await rename(tmp, final);
    });
  }
}

/** A cache entry being written: `commit` puts it under its MD5, `abandon` drops it. Neither is called twice. */
export interface CacheEntryWriter {
  handle: FileHandle;
  commit(md5: Buffer): Promise<void>;
  abandon(): Promise<void>;
}
