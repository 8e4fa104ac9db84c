import { defineDocument } from './document';
import type { RawConnection } from '../paginate';
import type { RawArtifact } from './artifacts';

/**
 * What a side-bar row of an artifact version shows: version, aliases, size, file count, dates,
 * description. No metadata (free-form JSON that can be large) and no commit hash.
 */
const ARTIFACT_ROW = `
  id versionIndex digest state size fileCount description createdAt updatedAt
  artifactType { name }
  artifactSequence { name project { name entityName } }
  aliases { alias artifactCollectionName }`;

export type RawArtifactRow = Omit<RawArtifact, 'metadata' | 'commitHash'>;

export interface ArtifactVersionRowsData {
  project: {
    artifactType: { artifactCollection: { artifacts: RawConnection<RawArtifactRow> | null } | null } | null;
  } | null;
}

/** One page of a collection's versions (newest first) for the tree. */
export const ARTIFACT_VERSION_ROWS = defineDocument<
  ArtifactVersionRowsData,
  { entity: string; project: string; type: string; collection: string; first: number; after?: string | null }
>(`
query ArtifactVersionRows($entity: String!, $project: String!, $type: String!, $collection: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollection(name: $collection) {
        artifacts(first: $first, after: $after) {
          totalCount
          edges { cursor node { ${ARTIFACT_ROW} } }
          pageInfo { endCursor hasNextPage }
        }
      }
    }
  }
}`);

export interface RunArtifactRowsData {
  project: {
    run: {
      outputArtifacts?: RawConnection<RawArtifactRow> | null;
      inputArtifacts?: RawConnection<RawArtifactRow, { usedAs?: string[] }> | null;
    } | null;
  } | null;
}

/** One page of the artifacts a run logged, for the tree. */
export const RUN_LOGGED_ARTIFACT_ROWS = defineDocument<RunArtifactRowsData, { entity: string; project: string; runId: string; first: number; after?: string | null }>(`
query RunLoggedArtifactRows($entity: String!, $project: String!, $runId: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      outputArtifacts(first: $first, after: $after) {
        totalCount
        edges { cursor node { ${ARTIFACT_ROW} } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);

/** One page of the artifacts a run used, with the names it used them as, for the tree. */
export const RUN_USED_ARTIFACT_ROWS = defineDocument<RunArtifactRowsData, { entity: string; project: string; runId: string; first: number; after?: string | null }>(`
query RunUsedArtifactRows($entity: String!, $project: String!, $runId: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      inputArtifacts(first: $first, after: $after) {
        totalCount
        edges { cursor usedAs node { ${ARTIFACT_ROW} } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);
