/**
 * The runs page the official Python client (`wandb.Api().runs(...)`) asks for: its `Runs` query
 * with `RunFragment` (config, summaryMetrics, systemMetrics, historyKeys... for every run), minus
 * `Project.internalId`, which older servers (and the dev server's schema) do not have.
 * Used only as the baseline of the "response bytes" figure.
 */
export const PYTHON_CLIENT_RUNS_QUERY = `
query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters)
    readOnly
    runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
      edges {
        node {
          ...RunFragment
        }
        cursor
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}

fragment RunFragment on Run {
  id
  tags
  name
  displayName
  sweepName
  state
  config
  group
  jobType
  commit
  readOnly
  createdAt
  heartbeatAt
  description
  notes
  systemMetrics
  summaryMetrics
  historyLineCount
  user {
    name
    username
  }
  historyKeys
}
`;
