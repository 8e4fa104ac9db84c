import { defineDocument } from './document';
import type {
  HistoryPageQuery,
  HistoryPageQueryVariables,
  SampledHistoryQuery,
  SampledHistoryQueryVariables,
  SystemEventsQuery,
  SystemEventsQueryVariables,
} from './generated';

/** Server-side sampled history; one spec per line: `{"keys":["_step","loss"],"samples":1500}`. */
export const SAMPLED_HISTORY = defineDocument<SampledHistoryQuery, SampledHistoryQueryVariables>(`
query SampledHistory($entity: String!, $project: String!, $runId: String!, $specs: [JSONString!]!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { sampledHistory(specs: $specs) }
  }
}`);

/** Full-resolution rows with `minStep <= _step < maxStep` (scan_history's page query). */
export const HISTORY_PAGE = defineDocument<HistoryPageQuery, HistoryPageQueryVariables>(`
query HistoryPage($entity: String!, $project: String!, $runId: String!, $minStep: Int64!, $maxStep: Int64!, $samples: Int!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { history(minStep: $minStep, maxStep: $maxStep, samples: $samples) }
  }
}`);

/** System-metric rows (CPU, memory, GPU, network, disk), sampled by the server. */
export const SYSTEM_EVENTS = defineDocument<SystemEventsQuery, SystemEventsQueryVariables>(`
query SystemEvents($entity: String!, $project: String!, $runId: String!, $samples: Int!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { events(samples: $samples) }
  }
}`);
