import { defineDocument, type NodeOf, type Present } from './document';
import type { RunFileListQuery, RunFileListQueryVariables, RunFilesQuery, RunFilesQueryVariables } from './generated';

/** A run file with its download URLs. */
export type RawFile = NodeOf<Present<Present<RunFilesQuery['project']>['run']>['files']>;
/** A run file as the side bar lists it: no URLs. */
export type RawFileRow = NodeOf<Present<Present<RunFileListQuery['project']>['run']>['files']>;

/** One page of a run's files; `names` (exact) or `pattern` (SQL LIKE) narrow it. */
export const RUN_FILES = defineDocument<RunFilesQuery, RunFilesQueryVariables>(`
query RunFiles($entity: String!, $project: String!, $runId: String!, $first: Int!, $after: String, $names: [String], $pattern: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      fileCount
      files(first: $first, after: $after, names: $names, pattern: $pattern) {
        edges { cursor node { id name sizeBytes md5 mimetype updatedAt url directUrl } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);

/** One page of a run's file names and sizes for the side bar: no download URLs (those are signed per file). */
export const RUN_FILE_LIST = defineDocument<RunFileListQuery, RunFileListQueryVariables>(`
query RunFileList($entity: String!, $project: String!, $runId: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      fileCount
      files(first: $first, after: $after) {
        edges { cursor node { id name sizeBytes mimetype updatedAt } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);
