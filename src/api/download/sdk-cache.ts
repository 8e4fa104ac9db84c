/**
 * The W&B SDK's artifact cache, shared: files by MD5 under
 * `<cache dir>/artifacts/obj/md5/<hex[:2]>/<hex[2:]>`, put there by renaming a finished temp
 * file from `<cache dir>/artifacts/tmp`, with mode 0666 less the umask. A file any W&B tool on
 * the machine already fetched is copied from there instead of fetched again, and a file this
 * engine fetched and checked is put there for the others.
 *
 * As the SDK (`wandb/sdk/artifacts/artifact_file_cache.py`, `ArtifactFileCache`), an entry
 * whose size matches is taken as the file of that MD5: entries are only ever written whole,
 * under the name of their digest, after the bytes were checked.
 * Plain Node: no `vscode` here.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, stat } from 'node:fs/promises';
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

/** A file in the cache, found by its MD5 and size. */
export interface CacheHit {
  path: string;
  size: number;
}

export class SdkArtifactCache {
  /** `<cache dir>/artifacts`, as `artifact_file_cache.artifacts_cache_dir`. */
  readonly root: string;
  private tmpReady: Promise<void> | undefined;

  constructor(cacheDir: string) {
    this.root = path.join(cacheDir, 'artifacts');
  }

  /** Where the file of this MD5 (raw digest) lives: hex, not W&B's base64 (`check_md5_obj_path`). */
  pathOf(md5: Buffer): string {
    const hex = md5.toString('hex');
    return path.join(this.root, 'obj', 'md5', hex.slice(0, 2), hex.slice(2));
  }

  /** The cached file of this MD5 when it is there with this size (`_check_or_create`). */
  async find(md5: Buffer, size: number): Promise<CacheHit | undefined> {
    const p = this.pathOf(md5);
    try {
      const st = await stat(p);
      return st.isFile() && st.size === size ? { path: p, size } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Copies a cached file to a new path (which must not exist: never writes through a link). */
  async copyOut(hit: CacheHit, to: string): Promise<void> {
    await copyFile(hit.path, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
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

  /** Writes a temp file in `tmp/` and renames it into place: readers see all of it or nothing. */
  private async put(md5: Buffer, write: (tmp: string) => Promise<void>): Promise<void> {
    const tmpDir = path.join(this.root, 'tmp');
    this.tmpReady ??= mkdir(tmpDir, { recursive: true }).then(() => undefined);
    await this.tmpReady;
    const tmp = path.join(tmpDir, `wbx-${randomBytes(8).toString('hex')}`);
    try {
      await write(tmp);
      const final = this.pathOf(md5);
      await mkdir(path.dirname(final), { recursive: true });
      await rename(tmp, final);
    } catch (e) {
      await removeQuietly(tmp);
      throw e;
    }
  }
}
