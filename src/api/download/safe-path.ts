/**
 * File names from W&B are untrusted: a run file or manifest entry may be called `../../.bashrc`,
 * `/etc/passwd` or `C:\Windows\x`. These pure functions turn such a name into path segments
 * under a destination folder, or say why they refuse it.
 */
import * as path from 'node:path';

export type CheckedName = { ok: true; segments: readonly string[]; rel: string } | { ok: false; reason: string };

const CONTROL = /[\u0000-\u001f\u007f]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const WINDOWS_BAD_CHARS = /[<>:"|?*]/;

/**
 * Checks a remote name (a `/`-separated relative path) and returns its segments. Backslashes
 * count as separators so that `..\x` is seen for what it is. `.` and empty segments are dropped;
 * `..` anywhere is refused rather than resolved.
 */
export function checkRemoteName(name: unknown, platform: NodeJS.Platform = process.platform): CheckedName {
  if (typeof name !== 'string' || name.length === 0) return { ok: false, reason: 'the name is empty' };
  if (CONTROL.test(name)) return { ok: false, reason: 'the name contains a NUL or control character' };
  if (/^[\\/]/.test(name)) return { ok: false, reason: 'the name is an absolute path' };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, reason: 'the name starts with a drive letter' };
  // A plain split when there is no backslash: the same segments, several times cheaper for
  // the thousands of names of one download.
  const backslash = name.includes('\\');
  const parts = backslash ? name.split(/[\\/]+/) : name.split('/');
  const segments = parts.filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return { ok: false, reason: 'the name has no file part' };
  for (const s of segments) {
    if (s === '..') return { ok: false, reason: 'the name contains a ".." segment' };
    if (platform === 'win32') {
      if (WINDOWS_BAD_CHARS.test(s)) return { ok: false, reason: `"${s}" contains a character Windows does not allow in names` };
      if (WINDOWS_RESERVED.test(s)) return { ok: false, reason: `"${s}" is a reserved device name on Windows` };
      if (/[. ]$/.test(s)) return { ok: false, reason: `"${s}" ends in a dot or space, which Windows drops` };
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only long parts need counting.
    if (s.length > 85 && Buffer.byteLength(s, 'utf8') > 255) return { ok: false, reason: 'a part of the name is longer than 255 bytes' };
  }
  return { ok: true, segments, rel: !backslash && segments.length === parts.length ? name : segments.join('/') };
}

/**
 * The absolute path of `segments` under `root`, or undefined if it would land outside `root`
 * (a second check after `checkRemoteName`, in case the platform resolves something unexpectedly).
 */
export function resolveInside(root: string, segments: readonly string[], p: path.PlatformPath = path): string | undefined {
  return placesUnder(root, p)(segments);
}

/** `resolveInside` for many names under one root: the root is resolved once. */
export function placesUnder(root: string, p: path.PlatformPath = path): (segments: readonly string[]) => string | undefined {
  const base = p.resolve(root);
  // A resolved path is normalized (no `.` or `..` left), so it is inside the root exactly when
  // it starts with the root and a separator: a plain prefix test, several times cheaper than
  // `path.relative` for thousands of names. `..foo` and `...` stay ordinary names.
  const prefix = base.endsWith(p.sep) ? base : base + p.sep;
  // Names that resolve to themselves (no separator, no `.` or `..`, and on Windows no `:`, which
  // could name a drive) are joined as they are: what `resolve` would return, without its work.
  const windows = p.sep === '\\';
  const plain = (s: string) => s !== '' && s !== '.' && s !== '..' && !s.includes('/') && !(windows && (s.includes('\\') || s.includes(':')));
  return (segments) => {
    if (segments.length > 0 && segments.every(plain)) return prefix + segments.join(p.sep);
    const abs = p.resolve(base, ...segments);
    return abs.length > prefix.length && abs.startsWith(prefix) ? abs : undefined;
  };
}

/**
 * Removes `prefix` (a remote folder such as `media/images`) from the start of `name`, for
 * "Download folder" into a folder of its own. Returns undefined when `name` is not inside it.
 */
export function stripPrefix(name: string, prefix: string): string | undefined {
  const p = prefix.replace(/\/+$/, '');
  if (p === '') return name;
  return name.startsWith(`${p}/`) ? name.slice(p.length + 1) : undefined;
}

/**
 * Characters that would change how a report reads without being seen: C0/C1 controls and the
 * bidirectional overrides, embeddings and isolates (a name can otherwise show `exe.txt` for
 * `txt.exe`).
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

/** A name safe to show in one line (controls and bidi marks escaped, long names shortened). */
export function displayName(name: string): string {
  const visible = name.replace(INVISIBLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return visible.length > 200 ? `${visible.slice(0, 197)}…` : visible;
}
