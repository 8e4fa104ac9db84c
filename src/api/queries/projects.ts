import { defineDocument } from './document';
import type { RawConnection } from '../paginate';

export interface RawProject {
  id: string;
  name: string;
  entityName: string;
  description: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  lastActive: string | null;
  runCount: number | null;
}

export interface ProjectsData {
  models: RawConnection<RawProject> | null;
}

/** One page of an entity's projects (what the SDK's `Api.projects` asks). */
export const PROJECTS = defineDocument<ProjectsData, { entity: string; first: number; after?: string | null }>(`
query Projects($entity: String!, $first: Int!, $after: String) {
  models(entityName: $entity, first: $first, after: $after) {
    edges {
      cursor
      node { id name entityName description createdAt updatedAt lastActive runCount }
    }
    pageInfo { endCursor hasNextPage }
  }
}`);
