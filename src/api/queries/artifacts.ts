import { defineDocument } from './document';
import type { RawConnection } from '../paginate';

/** What every artifact-version listing asks (valid on servers since 2023: no ttl*, tags). */
const ARTIFACT_FIELDS = `
  id versionIndex digest state size fileCount description metadata createdAt updatedAt commitHash
  artifactType { name }
  artifactSequence { name project { name entityName } }
  aliases { alias artifactCollectionName }`;

export interface RawArtifact {
  id: string;
  versionIndex: number | null;
  digest: string;
  state: string;
  size: number | string;
  fileCount: number | string;
  description: string | null;
  metadata: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  commitHash: string | null;
  artifactType: { name: string };
  artifactSequence: { name: string; project: { name: string; entityName: string } | null };
  aliases: Array<{ alias: string; artifactCollectionName: string }>;
}

export interface ArtifactTypesData {
  project: { artifactTypes: RawConnection<{ id: string; name: string }> } | null;
}

export const ARTIFACT_TYPES = defineDocument<ArtifactTypesData, { entity: string; project: string; first: number; after?: string | null }>(`
query ArtifactTypes($entity: String!, $project: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    artifactTypes(first: $first, after: $after) {
      edges { cursor node { id name } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

export interface RawCollection {
  id: string;
  name: string;
  description: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface ArtifactCollectionsData {
  project: { artifactType: { artifactCollections: RawConnection<RawCollection> | null } | null } | null;
}

export const ARTIFACT_COLLECTIONS = defineDocument<ArtifactCollectionsData, { entity: string; project: string; type: string; first: number; after?: string | null }>(`
query ArtifactCollections($entity: String!, $project: String!, $type: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollections(first: $first, after: $after) {
        totalCount
        edges { cursor node { id name description createdAt updatedAt } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);

export interface ArtifactVersionsData {
  project: {
    artifactType: {
      artifactCollection: { artifacts: RawConnection<RawArtifact, { version?: string }> | null } | null;
    } | null;
  } | null;
}

export const ARTIFACT_VERSIONS = defineDocument<
  ArtifactVersionsData,
  { entity: string; project: string; type: string; collection: string; first: number; after?: string | null }
>(`
query ArtifactVersions($entity: String!, $project: String!, $type: String!, $collection: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollection(name: $collection) {
        artifacts(first: $first, after: $after) {
          totalCount
          edges { cursor version node { ${ARTIFACT_FIELDS} } }
          pageInfo { endCursor hasNextPage }
        }
      }
    }
  }
}`);

export interface ArtifactByNameData {
  project: { artifact: RawArtifact | null } | null;
}

/** `name:alias` lookup (alias may be `latest`, `vN`, a custom alias or a digest). */
export const ARTIFACT_BY_NAME = defineDocument<ArtifactByNameData, { entity: string; project: string; name: string }>(`
query ArtifactByName($entity: String!, $project: String!, $name: String!) {
  project(name: $project, entityName: $entity) {
    artifact(name: $name) { ${ARTIFACT_FIELDS} }
  }
}`);

export interface RunArtifactsData {
  project: {
    run: {
      outputArtifacts?: RawConnection<RawArtifact> | null;
      inputArtifacts?: RawConnection<RawArtifact, { usedAs?: string[] }> | null;
    } | null;
  } | null;
}

/** Artifacts a run logged (outputs). */
export const RUN_LOGGED_ARTIFACTS = defineDocument<RunArtifactsData, { entity: string; project: string; runId: string; first: number; after?: string | null }>(`
query RunLoggedArtifacts($entity: String!, $project: String!, $runId: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      outputArtifacts(first: $first, after: $after) {
        totalCount
        edges { cursor node { ${ARTIFACT_FIELDS} } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);

/** Artifacts a run used (inputs), with the names it used them as. */
export const RUN_USED_ARTIFACTS = defineDocument<RunArtifactsData, { entity: string; project: string; runId: string; first: number; after?: string | null }>(`
query RunUsedArtifacts($entity: String!, $project: String!, $runId: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      inputArtifacts(first: $first, after: $after) {
        totalCount
        edges { cursor usedAs node { ${ARTIFACT_FIELDS} } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);

export interface ArtifactManifestData {
  artifact: { currentManifest: { file: { directUrl: string; url: string | null } } | null } | null;
}

/** Where to fetch the manifest JSON (a presigned URL). */
export const ARTIFACT_MANIFEST = defineDocument<ArtifactManifestData, { id: string }>(`
query ArtifactManifest($id: ID!) {
  artifact(id: $id) {
    currentManifest { file { directUrl url } }
  }
}`);

export interface RawArtifactFile {
  id: string;
  name: string;
  sizeBytes: number | string;
  md5: string | null;
  digest: string | null;
  url: string | null;
  directUrl: string | null;
}

export interface ArtifactFilesData {
  artifact: { files: RawConnection<RawArtifactFile> } | null;
}

/** Download URLs of an artifact's files, by page or for chosen names (refreshes expired URLs). */
export const ARTIFACT_FILES = defineDocument<ArtifactFilesData, { id: string; first: number; after?: string | null; names?: string[] | null }>(`
query ArtifactFiles($id: ID!, $first: Int!, $after: String, $names: [String!]) {
  artifact(id: $id) {
    files(first: $first, after: $after, names: $names) {
      edges { cursor node { id name sizeBytes md5 digest url directUrl } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);
