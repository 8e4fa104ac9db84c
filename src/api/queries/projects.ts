import { defineDocument, type NodeOf } from './document';
import type { ProjectsQuery, ProjectsQueryVariables } from './generated';

export type RawProject = NodeOf<ProjectsQuery['models']>;

/** One page of an entity's projects (what the SDK's `Api.projects` asks). */
export const PROJECTS = defineDocument<ProjectsQuery, ProjectsQueryVariables>(`
query Projects($entity: String!, $first: Int!, $after: String) {
  models(entityName: $entity, first: $first, after: $after) {
    edges {
      cursor
      node { id name entityName description createdAt updatedAt lastActive runCount }
    }
    pageInfo { endCursor hasNextPage }
  }
}`);
