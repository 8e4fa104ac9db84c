import { defineDocument, type NodeOf, type Present } from './document';
import type { ReportsQuery, ReportsQueryVariables } from './generated';

export type RawReport = NodeOf<Present<ReportsQuery['project']>['allViews']>;

/**
 * One page of a project's reports (views of type "runs", as the SDK's `Api.reports` asks); no
 * spec. `$viewName` narrows to reports of that name, as `Api.reports(path, name)` does.
 */
export const REPORTS = defineDocument<ReportsQuery, ReportsQueryVariables>(`
query Reports($entity: String!, $project: String!, $first: Int!, $after: String, $viewName: String) {
  project(name: $project, entityName: $entity) {
    allViews(viewType: "runs", viewName: $viewName, first: $first, after: $after) {
      totalCount
      edges { cursor node { id name displayName description createdAt updatedAt user { username name } } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);
