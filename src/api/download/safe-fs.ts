/**
 * File-system steps that never follow or create symbolic links inside the destination:
 * folders are created one level at a time after an lstat, temp files are opened with O_EXCL
 * (and O_NOFOLLOW), and the final name is only ever replaced by rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, lstatSync, mkdirSync, unlinkSync, type Stats } from 'node:fs';
import { lstat, open, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/** A refusal to write: something in the destination is not what it should be. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/** Suffix of every temp file the engine writes; Verify lists leftovers of it as extra. */
export const TEMP_SUFFIX = '.wandb-partial';

const tempPrefix = randomBytes(6).toString('hex');
let tempCounter = 0;

/**
 * Creates the folders `segments` (checked names: see safe-path) under `root` (a resolved path
 * that exists), one level at a time, refusing symbolic links and files in the way. Remembers
 * folders already checked in `known`. Synchronous: one stat per new folder, called for
 * thousands of files in slices (see time-slices).
 */
export function ensureDirsSync(root: string, segments: readonly string[], known: Set<string>): string {
  let dir = root;
  for (const seg of segments) {
    // Checked segments (no `.`, `..` or separators) need no normalizing: a plain join.
    dir = dir.endsWith(path.sep) ? dir + seg : dir + path.sep + seg;
    if (known.has(dir)) continue;
    ensureOneDirSync(dir);
    known.add(dir);
  }
  return dir;
}

function ensureOneDirSync(dir: string): void {
  let st = lstatSyncOrUndefined(dir);
  if (!st) {
    try {
      mkdirSync(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    st = lstatSync(dir);
  }
  if (st.isSymbolicLink()) throw new UnsafePathError(`${dir} is a symbolic link; links are never followed`);
  if (!st.isDirectory()) throw new UnsafePathError(`${dir} exists and is not a folder`);
}

/** The lstat of `p`, or undefined when nothing is there. */
export function lstatSyncOrUndefined(p: string): Stats | undefined {
  return lstatSync(p, { throwIfNoEntry: false });
}

export async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * A new temp file name next to `target` (same folder, so the final rename is atomic):
 * unpredictable per process, then a counter. Whoever creates it must use O_EXCL.
 */
export function tempPathFor(target: string): string {
  // Called for thousands of files: the last separator found by hand, not by path.dirname/join.
  const cut = Math.max(target.lastIndexOf(path.sep), path.sep === '\\' ? target.lastIndexOf('/') : -1);
  if (cut < 0 || cut === target.length - 1) return path.join(path.dirname(target), tempName(path.basename(target)));
  return target.slice(0, cut + 1) + tempName(target.slice(cut + 1));
}

function tempName(base: string): string {
  // Names may be up to 255 bytes already: a long one gets a short stand-in (UTF-8 takes at most
  // 3 bytes per UTF-16 unit, so only long names need counting).
  const stem = base.length > 40 && Buffer.byteLength(base, 'utf8') > 120 ? createHash('sha1').update(base).digest('hex').slice(0, 20) : base;
  return `.${stem}.${tempPrefix}${(tempCounter++).toString(36)}${TEMP_SUFFIX}`;
}

/**
 * Opens a new temp file next to `target`. O_EXCL: never opens an existing file or a link
 * planted under the temp name; a collision is a retry, not a risk.
 */
export async function openTemp(target: string): Promise<{ path: string; handle: FileHandle }> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  for (let i = 0; ; i++) {
    const tmp = tempPathFor(target);
    try {
      return { path: tmp, handle: await open(tmp, flags, 0o666) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 5) throw e;
    }
  }
}

/** Deletes a file if it is there; never throws. */
export function removeQuietlySync(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // gone already, or not ours to worry about
  }
}

/** Deletes a file if it is there; never throws. */
export async function removeQuietly(p: string): Promise<void> {
  try {
    await unlink(p);
  } catch {
    // gone already, or not ours to worry about
  }
}
