import { defineDocument, type NodeOf, type Present } from './document';
import type { SweepRunsQuery, SweepRunsQueryVariables, SweepsQuery, SweepsQueryVariables } from './generated';
import { RUN_LIGHT } from './runs';

/** A sweep row; its `config` is YAML (or JSON) text that holds `metric: {name, goal}`. */
export type RawSweep = NodeOf<Present<SweepsQuery['project']>['sweeps']>;

/** One page of a project's sweeps, newest first, with what a sweep row shows. */
export const SWEEPS = defineDocument<SweepsQuery, SweepsQueryVariables>(`
query Sweeps($entity: String!, $project: String!, $first: Int!, $after: String, $withCount: Boolean!) {
  project(name: $project, entityName: $entity) {
    totalSweeps @include(if: $withCount)
    sweeps(first: $first, after: $after) {
      edges { cursor node { id name displayName state method config runCount bestLoss createdAt } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

/**
 * One page of a sweep's runs, best first when `order` is the sweep metric
 * (`-summary_metrics.acc` to maximise), with only that metric's summary value.
 */
export const SWEEP_RUNS = defineDocument<SweepRunsQuery, SweepRunsQueryVariables>(`
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
