import { defineDocument } from './document';
import type { RawConnection } from '../paginate';
import { RUN_LIGHT, type RawRunLight } from './runs';

export interface RawSweep {
  id: string;
  name: string;
  displayName: string | null;
  state: string;
  method: string;
  /** The sweep configuration as YAML (or JSON) text: holds `metric: {name, goal}`. */
  config: string;
  runCount: number;
  bestLoss: number | null;
  createdAt: string | null;
}

export interface SweepsData {
  project: { totalSweeps?: number; sweeps: RawConnection<RawSweep> | null } | null;
}

/** One page of a project's sweeps, newest first, with what a sweep row shows. */
export const SWEEPS = defineDocument<SweepsData, { entity: string; project: string; first: number; after?: string | null; withCount: boolean }>(`
query Sweeps($entity: String!, $project: String!, $first: Int!, $after: String, $withCount: Boolean!) {
  project(name: $project, entityName: $entity) {
    totalSweeps @include(if: $withCount)
    sweeps(first: $first, after: $after) {
      edges { cursor node { id name displayName state method config runCount bestLoss createdAt } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

export interface SweepRunsData {
  project: {
    sweep: {
      runCount: number;
      runs: RawConnection<RawRunLight & { summaryMetrics?: string | null }> | null;
    } | null;
  } | null;
}

/**
 * One page of a sweep's runs, best first when `order` is the sweep metric
 * (`-summary_metrics.acc` to maximise), with only that metric's summary value.
 */
export const SWEEP_RUNS = defineDocument<
  SweepRunsData,
  { entity: string; project: string; sweep: string; first: number; after?: string | null; order?: string | null; keys: string[] }
>(`
query SweepRuns($entity: String!, $project: String!, $sweep: String!, $first: Int!, $after: String, $order: String, $keys: [String!]) {
  project(name: $project, entityName: $entity) {
    sweep(sweepName: $sweep) {
      runCount
      runs(first: $first, after: $after, order: $order) {
        edges { cursor node { ${RUN_LIGHT} summaryMetrics(keys: $keys) } }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`);
