import { defineDocument } from './document';
import type { RawConnection } from '../paginate';

/** Fields a tree row shows. No config, summary or history: those are large. */
export const RUN_LIGHT = `
  id name displayName state createdAt heartbeatAt tags group jobType sweepName notes readOnly
  user { username name }`;

export interface RawRunLight {
  id: string;
  name: string;
  displayName: string | null;
  state: string | null;
  createdAt: string | null;
  heartbeatAt: string | null;
  tags: string[] | null;
  group: string | null;
  jobType: string | null;
  sweepName: string | null;
  notes: string | null;
  /** True when the viewer may not change the run (someone else's public project). */
  readOnly: boolean | null;
  user: { username: string | null; name: string | null } | null;
}

export interface RunsData {
  project: {
    runCount?: number;
    runs: RawConnection<RawRunLight> | null;
  } | null;
}

export interface RunsVars {
  entity: string;
  project: string;
  /** Mongo-style filter object, JSON-encoded (W&B's `filters: JSONString`). */
  filters?: string | null;
  /** `-created_at`, `+heartbeat_at`, `summary_metrics.loss`... */
  order?: string | null;
  first: number;
  after?: string | null;
  /** Ask for the total (first page only: counting is the server's slowest part). */
  withCount: boolean;
}

/** One page of a project's runs, light fields only. */
export const RUNS = defineDocument<RunsData, RunsVars>(`
query Runs($entity: String!, $project: String!, $filters: JSONString, $order: String, $first: Int!, $after: String, $withCount: Boolean!) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters) @include(if: $withCount)
    runs(filters: $filters, order: $order, first: $first, after: $after) {
      edges { cursor node { ${RUN_LIGHT} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

export interface RunsWithMetricsData {
  project: {
    runCount?: number;
    runs: RawConnection<RawRunLight & { summaryMetrics: string | null }> | null;
  } | null;
}

/**
 * The tree's runs page when the user chose summary metrics to show for the project: the light
 * fields plus only those summary keys (`summaryMetrics(keys:)`), never the whole summary.
 */
export const RUNS_WITH_METRICS = defineDocument<RunsWithMetricsData, RunsVars & { keys: string[] }>(`
query RunsWithMetrics($entity: String!, $project: String!, $filters: JSONString, $order: String, $first: Int!, $after: String, $withCount: Boolean!, $keys: [String!]) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters) @include(if: $withCount)
    runs(filters: $filters, order: $order, first: $first, after: $after) {
      edges { cursor node { ${RUN_LIGHT} summaryMetrics(keys: $keys) } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

export interface RawRunDetail extends RawRunLight {
  config: string | null;
  summaryMetrics: string | null;
  systemMetrics: string | null;
  historyKeys: unknown;
  historyLineCount: number | null;
  host: string | null;
  commit: string | null;
  description: string | null;
  updatedAt: string | null;
  fileCount: number | null;
}

export interface RunData {
  project: { run: RawRunDetail | null } | null;
}

/** Everything the run panel shows of one run. */
export const RUN = defineDocument<RunData, { entity: string; project: string; runId: string }>(`
query Run($entity: String!, $project: String!, $runId: String!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      ${RUN_LIGHT}
      config summaryMetrics systemMetrics historyKeys historyLineCount
      host commit description updatedAt fileCount
    }
  }
}`);

export interface RunStateData {
  project: { runs: RawConnection<{ name: string; state: string | null; heartbeatAt: string | null }> | null } | null;
}

/** Fresh state of a few runs at once (live tree refresh of running runs). */
export const RUN_STATES = defineDocument<RunStateData, { entity: string; project: string; filters: string; first: number }>(`
query RunStates($entity: String!, $project: String!, $filters: JSONString!, $first: Int!) {
  project(name: $project, entityName: $entity) {
    runs(filters: $filters, first: $first) {
      edges { node { name state heartbeatAt } }
    }
  }
}`);
