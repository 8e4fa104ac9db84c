/**
 * Manifests already read in this session, so that a second look at the same committed version
 * (the tree, a download, Verify, the same download again) costs only the version's query, not
 * the manifest file's transfer and parse. A committed version's files never change: the W&B
 * SDK keeps each fetched artifact, manifest included, by its id for the life of the process
 * (`wandb/sdk/artifacts/artifact.py`, `Artifact._from_id` returns the `artifact_instance_cache`
 * entry without asking the server). This memo is stricter: the query is still made every time
 * (the version may have been deleted), and a manifest is reused only while the version is
 * COMMITTED and its current manifest has the same id and digest as when it was read.
 * Plain Node: no `vscode` here.
 */
import type { ArtifactManifest } from './model/artifacts';

/** What identifies one manifest's content: the version, and its manifest's id and digest. */
export interface ManifestKey {
  artifactId: string;
  manifestId: string;
  digest: string;
}

/** Manifests kept at once, and their entries in all: a few recent versions, never a huge one's worth of memory twice. */
const MAX_MANIFESTS = 8;
const MAX_ENTRIES = 250_000;

export class ManifestMemo {
  /** In use order, the most recent last. */
  private readonly kept = new Map<string, ArtifactManifest>();
  private entries = 0;

  constructor(
    private readonly maxManifests = MAX_MANIFESTS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get(key: ManifestKey): ArtifactManifest | undefined {
    const k = keyOf(key);
    const m = this.kept.get(k);
    if (m) {
      this.kept.delete(k);
      this.kept.set(k, m);
    }
    return m;
  }

  /** Keeps a decoded manifest; its entries are frozen, since every reader now shares them. */
  set(key: ManifestKey, manifest: ArtifactManifest): void {
    const n = manifest.entries.length;
    if (n > this.maxEntries || !key.manifestId || !key.digest) return;
    const k = keyOf(key);
    this.drop(k);
    for (const e of manifest.entries) Object.freeze(e);
    Object.freeze(manifest.entries);
    this.kept.set(k, Object.freeze(manifest));
    this.entries += n;
    for (const [old] of this.kept) {
      if (this.kept.size <= this.maxManifests && this.entries <= this.maxEntries) break;
      this.drop(old);
    }
  }

  private drop(k: string): void {
    const m = this.kept.get(k);
    if (!m) return;
    this.kept.delete(k);
    this.entries -= m.entries.length;
  }
}

const keyOf = (k: ManifestKey) => `${k.artifactId}\n${k.manifestId}\n${k.digest}`;
