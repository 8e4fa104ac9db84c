import { defineDocument } from './document';

export interface SweepConfigData {
  project: { sweep: { id: string; name: string; displayName: string | null; config: string } | null } | null;
}

/** A sweep's configuration as W&B stores it (YAML, sometimes JSON), for showing it read-only. */
export const SWEEP_CONFIG = defineDocument<SweepConfigData, { entity: string; project: string; sweepId: string }>(`
query SweepConfig($entity: String!, $project: String!, $sweepId: String!) {
  project(name: $project, entityName: $entity) {
    sweep(sweepName: $sweepId) { id name displayName config }
  }
}`);
