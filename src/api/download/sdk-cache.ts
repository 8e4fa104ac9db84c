/**
 * The W&B SDK's artifact cache, shared: files by MD5 under
 * `<cache dir>/artifacts/obj/md5/<hex[:2]>/<hex[2:]>`, put there by renaming a finished temp
 * file from `<cache dir>/artifacts/tmp`, with mode 0666 less the umask. A file any W&B tool on
 * the machine already fetched is copied from there instead of fetched again, and a file this
 * engine fetched and checked is put there for the others.
 *
 * As the SDK (`wandb/sdk/artifacts/artifact_file_cache.py`, `ArtifactFileCache`), an entry
 * whose size matches is taken as the file of that MD5, without reading it again: entries are
 * only ever written whole, under the name of their digest, after the bytes were checked. The
 * size is checked on the copy itself (a truncated entry is a miss), and the cache's folders are
 * listed once per download instead of a stat per file.
 * Plain Node: no `vscode` here.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, rename } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeQuietly } from './safe-fs';
import { writeAll } from './write-queue';

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
   * A finder for one download: the cached file of an MD5, if its folder lists it. Each folder
   * is listed once per finder (an entry or folder added meanwhile is only a miss). The size is
   * not known yet: `placeCopy` checks it on the copy, as `_check_or_create` checks the entry's.
   */
  finder(): (md5: Buffer) => Promise<CacheHit | undefined> {
    const top = path.join(this.root, 'obj', 'md5');
    const listOf = (dir: string) => readdir(dir).then((names) => new Set(names), () => undefined);
    // The <hex[:2]> folders there are: an empty or small cache costs one listing, not 256.
    let folders: Promise<Set<string> | undefined> | undefined;
    const listings = new Map<string, Promise<Set<string> | undefined>>();
    const listing = async (sub: string) => {
      if (!(await (folders ??= listOf(top)))?.has(sub)) return undefined;
      let p = listings.get(sub);
      if (!p) listings.set(sub, (p = listOf(path.join(top, sub))));
      return p;
    };
    return async (md5) => {
      const hex = md5.toString('hex');
      return (await listing(hex.slice(0, 2)))?.has(hex.slice(2)) ? { path: path.join(top, hex.slice(0, 2), hex.slice(2)) } : undefined;
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
      await copyFile(hit.path, tmp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      copied = await lstat(tmp);
      if (!copied.isFile() || copied.size !== size) throw new Error(`the cached copy has ${copied.size} bytes, not ${size}`);
      await rename(tmp, to);
    } catch (e) {
      await removeQuietly(tmp);
      throw e;
    }
    const placed = await lstat(to).catch(() => undefined);
    return placed?.isFile() && placed.ino === copied.ino && placed.size === size ? placed : undefined;
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

  /** Puts a checked file (copied from `from`) into the cache under its MD5. */
  async putFile(md5: Buffer, from: string): Promise<void> {
    await this.put(md5, (tmp) => copyFile(from, tmp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE));
  }

  /**
   * Where an entry for `md5` is written: a new temp name in `tmp/` (whose folder may not exist
   * yet) and the entry it is renamed to, whose folder may not exist either.
   */
  entryPaths(md5: Buffer): { tmp: string; final: string } {
    return { tmp: path.join(this.root, 'tmp', `wbx-${tmpPrefix}${(tmpCounter++).toString(36)}`), final: this.pathOf(md5) };
  }

  /** Writes a temp file in `tmp/` and renames it into place: readers see all of it or nothing. */
  private async put(md5: Buffer, write: (tmp: string) => Promise<void>): Promise<void> {
    const { tmp, final } = this.entryPaths(md5);
    this.tmpReady ??= mkdir(path.dirname(tmp), { recursive: true }).then(() => undefined);
    await this.tmpReady;
    try {
      await write(tmp);
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
    } catch (e) {
      await removeQuietly(tmp);
      throw e;
    }
  }
}
