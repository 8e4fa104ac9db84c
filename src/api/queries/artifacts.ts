import { defineDocument, type NodeOf, type Present } from './document';
import type {
  ArtifactByNameQuery,
  ArtifactByNameQueryVariables,
  ArtifactCollectionsQuery,
  ArtifactCollectionsQueryVariables,
  ArtifactFileUrlsQuery,
  ArtifactFileUrlsQueryVariables,
  ArtifactFilesQuery,
  ArtifactFilesQueryVariables,
  ArtifactManifestQuery,
  ArtifactManifestQueryVariables,
  ArtifactMetadataQuery,
  ArtifactMetadataQueryVariables,
  ArtifactTypesQuery,
  ArtifactTypesQueryVariables,
  ArtifactVersionsQuery,
  ArtifactVersionsQueryVariables,
  RunLoggedArtifactsQuery,
  RunLoggedArtifactsQueryVariables,
  RunUsedArtifactsQuery,
  RunUsedArtifactsQueryVariables,
} from './generated';

/**
 * The aliases of a version in every collection it belongs to, each with its collection's name,
 * entity and project: a version belongs to a collection only when all three match
 * (`Artifact._assign_attrs` in the SDK), so a link's alias never shows on its source.
 */
export const ALIAS_FIELDS = `aliases { alias artifactCollection { name project { name entityName } } }`;

/** What every artifact-version listing asks (valid on servers since 2023: no ttl*, tags). */
const ARTIFACT_FIELDS = `
  id versionIndex digest state size fileCount description metadata createdAt updatedAt commitHash
  artifactType { name }
  artifactSequence { name project { name entityName } }
  ${ALIAS_FIELDS}`;

/** The SDK lists a collection's versions with this filter unless told otherwise (`Artifacts.__init__`). */
export const COMMITTED_ONLY = JSON.stringify({ state: 'COMMITTED' });

/** An artifact version with every field a listing asks (`ARTIFACT_FIELDS`). */
export type RawArtifact = Present<Present<ArtifactByNameQuery['project']>['artifact']>;
/** One file of an artifact version, with its download URLs. */
export type RawArtifactFile = NodeOf<Present<ArtifactFilesQuery['artifact']>['files']>;

export const ARTIFACT_TYPES = defineDocument<ArtifactTypesQuery, ArtifactTypesQueryVariables>(`
query ArtifactTypes($entity: String!, $project: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    artifactTypes(first: $first, after: $after) {
      edges { cursor node { id name } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

export const ARTIFACT_COLLECTIONS = defineDocument<ArtifactCollectionsQuery, ArtifactCollectionsQueryVariables>(`
query ArtifactCollections($entity: String!, $project: String!, $type: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollections(first: $first, after: $after) {
        totalCount
        edges { cursor node { __typename id name description createdAt updatedAt } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);

export const ARTIFACT_VERSIONS = defineDocument<ArtifactVersionsQuery, ArtifactVersionsQueryVariables>(`
query ArtifactVersions($entity: String!, $project: String!, $type: String!, $collection: String!, $first: Int!, $after: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollection(name: $collection) {
        artifacts(first: $first, after: $after, filters: $filters) {
          totalCount
          edges { cursor version node { ${ARTIFACT_FIELDS} } }
          pageInfo { endCursor hasNextPage }
        }
      }
    }
  }
}`);

/** `name:alias` lookup (alias may be `latest`, `vN`, a custom alias or a digest). */
export const ARTIFACT_BY_NAME = defineDocument<ArtifactByNameQuery, ArtifactByNameQueryVariables>(`
query ArtifactByName($entity: String!, $project: String!, $name: String!) {
  project(name: $project, entityName: $entity) {
    artifact(name: $name) { ${ARTIFACT_FIELDS} }
  }
}`);

/** Artifacts a run logged (outputs). */
export const RUN_LOGGED_ARTIFACTS = defineDocument<RunLoggedArtifactsQuery, RunLoggedArtifactsQueryVariables>(`
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
export const RUN_USED_ARTIFACTS = defineDocument<RunUsedArtifactsQuery, RunUsedArtifactsQueryVariables>(`
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

/** Where to fetch the manifest JSON (a presigned URL); the state says why there is none. */
export const ARTIFACT_MANIFEST = defineDocument<ArtifactManifestQuery, ArtifactManifestQueryVariables>(`
query ArtifactManifest($id: ID!) {
  artifact(id: $id) {
    state versionIndex artifactSequence { name }
    currentManifest { id digest file { directUrl url } }
  }
}`);

/** One version's metadata, asked when it is shown: tree rows leave it out (it can be large). */
export const ARTIFACT_METADATA = defineDocument<ArtifactMetadataQuery, ArtifactMetadataQueryVariables>(`
query ArtifactMetadata($id: ID!) {
  artifact(id: $id) { id metadata }
}`);

/** Download URLs of an artifact's files, by page or for chosen names (refreshes expired URLs). */
export const ARTIFACT_FILES = defineDocument<ArtifactFilesQuery, ArtifactFilesQueryVariables>(`
query ArtifactFiles($id: ID!, $first: Int!, $after: String, $names: [String!]) {
  artifact(id: $id) {
    files(first: $first, after: $after, names: $names) {
      edges { cursor node { id name sizeBytes md5 digest url directUrl } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

/**
 * Only the names and presigned URLs of an artifact's files, page by page: what a download's
 * first listing needs (the manifest gave the digests and sizes), asked as the SDK asks it
 * (`Artifact._fetch_file_urls`, `FileWithUrlFragment`: name and directUrl). Half the bytes of
 * ARTIFACT_FILES for the same files, and less for the server to build.
 */
export const ARTIFACT_FILE_URLS = defineDocument<ArtifactFileUrlsQuery, ArtifactFileUrlsQueryVariables>(`
query ArtifactFileUrls($id: ID!, $first: Int!, $after: String) {
  artifact(id: $id) {
    files(first: $first, after: $after) {
      edges { node { name directUrl } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);
