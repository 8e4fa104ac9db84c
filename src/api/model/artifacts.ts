export interface ArtifactType {
  id: string;
  name: string;
}

export interface ArtifactCollection {
  id: string;
  name: string;
  type: string;
  /**
   * A portfolio (`ArtifactPortfolio`: `link_artifact`, the legacy model registry): its versions
   * are links to versions logged in other collections. Otherwise a sequence of logged versions.
   */
  linked: boolean;
  description?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export type ArtifactState = 'PENDING' | 'COMMITTED' | 'DELETED' | (string & {});

/** Where a version lives: `entity/project/collection:version`, the name the SDK gives it. */
export interface ArtifactPath {
  entity: string;
  project: string;
  collection: string;
  /** `vN`: the version's index in that collection. */
  version: string;
}

/**
 * One version of an artifact as a member of one collection, e.g. `mnist-data:v3`. Listed from a
 * portfolio, `entity/project/collection:version` name the portfolio and the member's index
 * there (as the SDK names it); `linkedFrom` then names the version it links to.
 */
export interface ArtifactVersion {
  id: string;
  entity: string;
  project: string;
  /** Collection name, e.g. `mnist-data`. */
  collection: string;
  type: string;
  /** The version's index in this collection. */
  versionIndex: number;
  /** `v{versionIndex}`. */
  version: string;
  /** Set when this collection is not where the version was logged: the logged version. */
  linkedFrom?: ArtifactPath;
  /** Aliases in this collection other than `vN`, e.g. `latest`, `best`. */
  aliases: string[];
  description?: string;
  metadata: Record<string, unknown>;
  state: ArtifactState;
  size: number;
  fileCount: number;
  /** Hex MD5 of the manifest. */
  digest: string;
  commitHash?: string;
  createdAt?: Date;
  updatedAt?: Date;
  /** For used artifacts: the names the run used it as. */
  usedAs?: string[];
}

/** One entry of an artifact manifest. */
export interface ManifestEntry {
  /** Logical path inside the artifact. Untrusted. */
  path: string;
  /** Base64 MD5 for stored files; ETag or URI for references. */
  digest: string;
  size: number;
  /** Reference to external storage (`s3://`, `gs://`, `https://`...): not stored in W&B. */
  ref?: string;
  birthArtifactId?: string;
}

export interface ArtifactManifest {
  version: number;
  storagePolicy: string;
  storageLayout: 'V1' | 'V2' | (string & {});
  entries: ManifestEntry[];
}

/** A file of an artifact version with its download URLs. */
export interface ArtifactFile {
  id: string;
  name: string;
  sizeBytes: number;
  md5?: string;
  digest?: string;
  url?: string;
  directUrl?: string;
}

/** `entity/project/collection:version`. */
export function artifactPathText(p: ArtifactPath): string {
  return `${p.entity}/${p.project}/${p.collection}:${p.version}`;
}

/**
 * Why a version cannot be downloaded, or undefined. Only COMMITTED versions have a complete
 * manifest; the SDK lists no other state (`Artifacts.__init__`, filter `{"state": "COMMITTED"}`).
 */
export function notDownloadable(v: Pick<ArtifactVersion, 'state' | 'collection' | 'version'>): string | undefined {
  if (v.state === 'COMMITTED') return undefined;
  if (v.state === 'PENDING') return `${v.collection}:${v.version} is still pending: its run has not finished uploading it, so it has no complete manifest yet. Try again once it is committed.`;
  return `${v.collection}:${v.version} is ${v.state.toLowerCase()} and cannot be downloaded.`;
}
