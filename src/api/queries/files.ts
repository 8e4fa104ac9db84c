import { defineDocument } from './document';
import type { RawConnection } from '../paginate';

export interface RawFile {
  id: string;
  name: string;
  sizeBytes: number | string | null;
  md5: string | null;
  mimetype: string | null;
  updatedAt: string | null;
  url: string | null;
  directUrl: string | null;
}

export interface RunFilesData {
  project: { run: { fileCount: number | null; files: RawConnection<RawFile> | null } | null } | null;
}

/** One page of a run's files; `names` (exact) or `pattern` (SQL LIKE) narrow it. */
export const RUN_FILES = defineDocument<
  RunFilesData,
  { entity: string; project: string; runId: string; first: number; after?: string | null; names?: string[] | null; pattern?: string | null }
>(`
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

export interface RunFileListData {
  project: {
    run: { fileCount: number | null; files: RawConnection<Pick<RawFile, 'id' | 'name' | 'sizeBytes' | 'mimetype' | 'updatedAt'>> | null } | null;
  } | null;
}

/** One page of a run's file names and sizes for the side bar: no download URLs (those are signed per file). */
export const RUN_FILE_LIST = defineDocument<RunFileListData, { entity: string; project: string; runId: string; first: number; after?: string | null }>(`
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
