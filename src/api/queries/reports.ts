import { defineDocument } from './document';
import type { RawConnection } from '../paginate';

export interface RawReport {
  id: string;
  name: string | null;
  displayName: string | null;
  description: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  user: { username: string | null; name: string | null } | null;
}

export interface ReportsData {
  project: { allViews: (RawConnection<RawReport> & { totalCount?: number }) | null } | null;
}

/** One page of a project's reports (views of type "runs", as the SDK's `Api.reports` asks); no spec. */
export const REPORTS = defineDocument<ReportsData, { entity: string; project: string; first: number; after?: string | null }>(`
query Reports($entity: String!, $project: String!, $first: Int!, $after: String) {
  project(name: $project, entityName: $entity) {
    allViews(viewType: "runs", first: $first, after: $after) {
      totalCount
      edges { cursor node { id name displayName description createdAt updatedAt user { username name } } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);
