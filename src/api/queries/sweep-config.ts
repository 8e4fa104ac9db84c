import { defineDocument } from './document';
import type { SweepConfigQuery, SweepConfigQueryVariables } from './generated';

/** A sweep's configuration as W&B stores it (YAML, sometimes JSON), for showing it read-only. */
export const SWEEP_CONFIG = defineDocument<SweepConfigQuery, SweepConfigQueryVariables>(`
query SweepConfig($entity: String!, $project: String!, $sweepId: String!) {
  project(name: $project, entityName: $entity) {
    sweep(sweepName: $sweepId) { id name displayName config }
  }
}`);
