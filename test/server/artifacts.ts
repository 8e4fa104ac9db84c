/** Artifact manifests and digests in W&B's format (API-FACTS §8). */
import { createHash } from 'node:crypto';
import type { ArtifactRec, ManifestEntry } from './model.js';

export async function entryDigest(e: ManifestEntry): Promise<string> {
  if (e.refTo) return entryDigest(e.refTo);
  if (e.ref !== undefined) return e.refDigest ?? '';
  return (await e.blob!.md5()).toString('base64');
}

/** Total size of an artifact's entries. */
export function artifactSize(a: ArtifactRec): number {
  let n = 0;
  for (const e of a.entries) n += e.size;
  return n;
}

/** The manifest file (`wandb_manifest.json`) as W&B stores it. */
export async function manifestBytes(a: ArtifactRec): Promise<Buffer> {
  if (a.cachedManifest) return a.cachedManifest;
  const contents: Record<string, unknown> = {};
  for (const e of a.entries) {
    const entry: Record<string, unknown> = { digest: await entryDigest(e) };
    if (e.ref !== undefined) entry.ref = e.ref;
    entry.size = e.size;
    if (e.ref === undefined) entry.birthArtifactID = e.birthArtifactID;
    if (e.extra) entry.extra = e.extra;
    contents[e.path] = entry;
  }
  const manifest = {
    version: 1,
    storagePolicy: 'wandb-storage-policy-v1',
    storagePolicyConfig: { storageLayout: 'V2' },
    contents,
  };
  a.cachedManifest = Buffer.from(JSON.stringify(manifest, null, 4), 'utf8');
  return a.cachedManifest;
}

/**
 * Artifact digest: hex MD5 of `"wandb-artifact-manifest-v1\n"` followed by `"<path>:<digest>\n"`
 * for each entry sorted by path.
 */
export async function artifactDigest(a: ArtifactRec): Promise<string> {
  const h = createHash('md5');
  h.update('wandb-artifact-manifest-v1\n');
  const sorted = [...a.entries].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  for (const e of sorted) h.update(`${e.path}:${await entryDigest(e)}\n`);
  return h.digest('hex');
}
