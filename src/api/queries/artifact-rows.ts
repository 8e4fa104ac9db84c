import { ALIAS_FIELDS } from './artifacts';
import { defineDocument, type NodeOf, type Present } from './document';
import type {
  ArtifactVersionRowsQuery,
  ArtifactVersionRowsQueryVariables,
  RunLoggedArtifactRowsQuery,
  RunLoggedArtifactRowsQueryVariables,
  RunUsedArtifactRowsQuery,
  RunUsedArtifactRowsQueryVariables,
} from './generated';

/**
 * What a side-bar row of an artifact version shows: version, aliases, size, file count, dates,
 * description. No metadata (free-form JSON that can be large) and no commit hash.
 */
const ARTIFACT_ROW = `
  id versionIndex digest state size fileCount description createdAt updatedAt
  artifactType { name }
  artifactSequence { name project { name entityName } }
  ${ALIAS_FIELDS}`;

/** An artifact version as a tree row has it. */
export type RawArtifactRow = NodeOf<Present<Present<Present<ArtifactVersionRowsQuery['project']>['artifactType']>['artifactCollection']>['artifacts']>;

/**
 * One page of a collection's versions (newest first) for the tree. The edge's `version` names
 * the member in this collection (`Artifacts._convert` in the SDK): in a portfolio it differs
 * from the linked version's own `versionIndex`.
 */
export const ARTIFACT_VERSION_ROWS = defineDocument<ArtifactVersionRowsQuery, ArtifactVersionRowsQueryVariables>(`
query ArtifactVersionRows($entity: String!, $project: String!, $type: String!, $collection: String!, $first: Int!, $after: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollection(name: $collection) {
        artifacts(first: $first, after: $after, filters: $filters) {
          totalCount
          edges { cursor version node { ${ARTIFACT_ROW} } }
          pageInfo { endCursor hasNextPage }
        }
      }
    }
  }
}`);

/** One page of the artifacts a run logged, for the tree. */
export const RUN_LOGGED_ARTIFACT_ROWS = defineDocument<RunLoggedArtifactRowsQuery, RunLoggedArtifactRowsQueryVariables>(`
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
export const RUN_USED_ARTIFACT_ROWS = defineDocument<RunUsedArtifactRowsQuery, RunUsedArtifactRowsQueryVariables>(`
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
