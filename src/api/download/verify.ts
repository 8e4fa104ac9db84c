/**
 * Verify a downloaded artifact folder against its manifest, as the Python SDK's
 * `Artifact.verify` does: every stored entry must be there with the manifest's MD5; files the
 * manifest does not name are extra. Never follows symbolic links. Plain Node: no `vscode` here.
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import pLimit from 'p-limit';
import type { ManifestEntry } from '../model/artifacts';
import { md5Bytes, md5OfFile } from './digest';
import { resolveInside } from './safe-path';
import { lstatOrUndefined, TEMP_SUFFIX } from './safe-fs';
import { isArtifactRef } from './sources';
import { checkName } from './target-claims';
import { formatCount } from '../../format';

export interface VerifyResult {
  root: string;
  /** Entries present with the right digest (or right size for references). */
  ok: string[];
  missing: string[];
  changed: Array<{ path: string; reason: string }>;
  /** Files (and links) in the folder that the manifest does not list, `/`-separated. */
  extra: string[];
  /** Reference entries not present locally (stored outside W&B; not checked). */
  references: Array<{ path: string; ref: string }>;
  /** Manifest entries whose names are unsafe, never looked up on disk. */
  refused: Array<{ path: string; reason: string }>;
  ms: number;
}

export interface VerifyOptions {
  signal?: AbortSignal;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  platform?: NodeJS.Platform;
}

export async function verifyFolder(root: string, entries: ManifestEntry[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const started = Date.now();
  const r: VerifyResult = { root, ok: [], missing: [], changed: [], extra: [], references: [], refused: [], ms: 0 };
  const expected = new Set<string>();
  const limit = pLimit(options.concurrency ?? 4);
  let done = 0;
  await Promise.all(
    entries.map((e) =>
      limit(async () => {
        options.signal?.throwIfAborted();
        try {
          // The download's own memo: a folder verified after its download checks no name twice.
          const checked = checkName(e.path, options.platform);
          const abs = checked.ok ? resolveInside(root, checked.segments) : undefined;
          if (!checked.ok || !abs) {
            r.refused.push({ path: e.path, reason: checked.ok ? 'resolves outside the folder' : checked.reason });
            return;
          }
          expected.add(checked.rel);
          // A reference into another W&B artifact is a stored file (its digest that file's MD5):
          // checked and fetched like one. Other references are outside W&B.
          const outside = e.ref !== undefined && !isArtifactRef(e.ref);
          const st = await lstatOrUndefined(abs);
          if (!st) {
            if (outside) r.references.push({ path: e.path, ref: e.ref! });
            else r.missing.push(e.path);
            return;
          }
          if (st.isSymbolicLink() || !st.isFile()) {
            r.changed.push({ path: e.path, reason: st.isSymbolicLink() ? 'is a symbolic link' : 'is not a regular file' });
            return;
          }
          const sizeKnown = !(e.size === 0 && e.digest !== '1B2M2Y8AsgTpgAmY7PhCfg=='); // 0 on a non-empty digest: no size given (as in artifact references)
          if (sizeKnown && st.size !== e.size) {
            r.changed.push({ path: e.path, reason: `size ${st.size} bytes, expected ${e.size}` });
            return;
          }
          const want = md5Bytes(e.digest);
          if (outside || !want) {
            r.ok.push(e.path); // references: only the size can be checked
            return;
          }
          const have = await md5OfFile(abs, options.signal, st.size);
          if (have.equals(want)) r.ok.push(e.path);
          else r.changed.push({ path: e.path, reason: `MD5 ${have.toString('base64')}, expected ${e.digest}` });
        } finally {
          options.onProgress?.(++done, entries.length);
        }
      }),
    ),
  );
  for (const rel of await walk(root)) if (!expected.has(rel)) r.extra.push(rel);
  for (const list of [r.ok, r.missing, r.extra]) list.sort();
  r.changed.sort((a, b) => (a.path < b.path ? -1 : 1));
  r.ms = Date.now() - started;
  return r;
}

/** Every file and link under `root` as `/`-separated relative paths; links are not entered. */
async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, rel: string) => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await visit(path.join(dir, d.name), r);
      else out.push(r);
    }
  };
  await visit(root, '');
  return out;
}

export function isClean(r: VerifyResult): boolean {
  return r.missing.length === 0 && r.changed.length === 0 && r.extra.length === 0 && r.refused.length === 0;
}

/** "1,998 ok, 1 missing, 1 changed, 2 extra". */
export function describeVerify(r: VerifyResult): string {
  const parts = [`${formatCount(r.ok.length)} ok`];
  if (r.missing.length) parts.push(`${r.missing.length} missing`);
  if (r.changed.length) parts.push(`${r.changed.length} changed`);
  if (r.extra.length) parts.push(`${r.extra.length} extra`);
  if (r.references.length) parts.push(`${r.references.length} references not downloaded`);
  if (r.refused.length) parts.push(`${r.refused.length} unsafe names`);
  return parts.join(', ');
}

/** Leftover temp files of an interrupted download. */
export function isTempFile(rel: string): boolean {
  return rel.endsWith(TEMP_SUFFIX);
}
