export interface ArtifactType {
  id: string;
  name: string;
}

export interface ArtifactCollection {
  id: string;
  name: string;
  type: string;
  description?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export type ArtifactState = 'PENDING' | 'COMMITTED' | 'DELETED' | (string & {});

/** One version of an artifact, e.g. `mnist-data:v3`. */
export interface ArtifactVersion {
  id: string;
  entity: string;
  project: string;
  /** Collection (sequence) name, e.g. `mnist-data`. */
  collection: string;
  type: string;
  versionIndex: number;
  /** `v{versionIndex}`. */
  version: string;
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
