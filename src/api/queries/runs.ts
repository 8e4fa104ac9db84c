import { defineDocument, type NodeOf, type Present } from './document';
import type {
  RunQuery,
  RunQueryVariables,
  RunStatesQuery,
  RunStatesQueryVariables,
  RunsQuery,
  RunsQueryVariables,
  RunsWithMetricsQuery,
  RunsWithMetricsQueryVariables,
} from './generated';

/** Fields a tree row shows. No config, summary or history: those are large. */
export const RUN_LIGHT = `
  id name displayName state createdAt heartbeatAt tags group jobType sweepName notes readOnly
  user { username name }`;

/**
 * A run as a tree row has it (`readOnly`: the viewer may not change it, e.g. someone else's
 * public project).
 */
export type RawRunLight = NodeOf<Present<RunsQuery['project']>['runs']>;
/** Everything the run panel reads of one run. */
export type RawRunDetail = Present<Present<RunQuery['project']>['run']>;

/**
 * One page of a project's runs, light fields only. `filters` is a Mongo-style filter object,
 * JSON-encoded; `order` is `-created_at`, `+heartbeat_at`, `summary_metrics.loss`...;
 * `withCount` asks for the total (first page only: counting is the server's slowest part).
 */
export const RUNS = defineDocument<RunsQuery, RunsQueryVariables>(`
query Runs($entity: String!, $project: String!, $filters: JSONString, $order: String, $first: Int!, $after: String, $withCount: Boolean!) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters) @include(if: $withCount)
    runs(filters: $filters, order: $order, first: $first, after: $after) {
      edges { cursor node { ${RUN_LIGHT} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

/**
 * The tree's runs page when the user chose summary metrics to show for the project: the light
 * fields plus only those summary keys (`summaryMetrics(keys:)`), never the whole summary.
 */
export const RUNS_WITH_METRICS = defineDocument<RunsWithMetricsQuery, RunsWithMetricsQueryVariables>(`
query RunsWithMetrics($entity: String!, $project: String!, $filters: JSONString, $order: String, $first: Int!, $after: String, $withCount: Boolean!, $keys: [String!]) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters) @include(if: $withCount)
    runs(filters: $filters, order: $order, first: $first, after: $after) {
      edges { cursor node { ${RUN_LIGHT} summaryMetrics(keys: $keys) } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

/** Everything the run panel shows of one run. */
export const RUN = defineDocument<RunQuery, RunQueryVariables>(`
query Run($entity: String!, $project: String!, $runId: String!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      ${RUN_LIGHT}
      config summaryMetrics systemMetrics historyKeys historyLineCount
      host commit description updatedAt fileCount exitcode
    }
  }
}`);

/** Fresh state of a few runs at once (live tree refresh of running runs). */
export const RUN_STATES = defineDocument<RunStatesQuery, RunStatesQueryVariables>(`
query RunStates($entity: String!, $project: String!, $filters: JSONString!, $first: Int!) {
  project(name: $project, entityName: $entity) {
    runs(filters: $filters, first: $first) {
      edges { node { name state heartbeatAt } }
    }
  }
}`);
