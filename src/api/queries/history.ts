import { defineDocument } from './document';

export interface SampledHistoryData {
  project: { run: { sampledHistory: unknown[] } | null } | null;
}

/** Server-side sampled history; one spec per line: `{"keys":["_step","loss"],"samples":1500}`. */
export const SAMPLED_HISTORY = defineDocument<SampledHistoryData, { entity: string; project: string; runId: string; specs: string[] }>(`
query SampledHistory($entity: String!, $project: String!, $runId: String!, $specs: [JSONString!]!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { sampledHistory(specs: $specs) }
  }
}`);

export interface HistoryPageData {
  project: { run: { history: string[] } | null } | null;
}

/** Full-resolution rows with `minStep <= _step < maxStep` (scan_history's page query). */
export const HISTORY_PAGE = defineDocument<HistoryPageData, { entity: string; project: string; runId: string; minStep: number; maxStep: number; samples: number }>(`
query HistoryPage($entity: String!, $project: String!, $runId: String!, $minStep: Int64!, $maxStep: Int64!, $samples: Int!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { history(minStep: $minStep, maxStep: $maxStep, samples: $samples) }
  }
}`);

export interface EventsData {
  project: { run: { events: string[] } | null } | null;
}

/** System-metric rows (CPU, memory, GPU, network, disk), sampled by the server. */
export const SYSTEM_EVENTS = defineDocument<EventsData, { entity: string; project: string; runId: string; samples: number }>(`
query SystemEvents($entity: String!, $project: String!, $runId: String!, $samples: Int!) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) { events(samples: $samples) }
  }
}`);
