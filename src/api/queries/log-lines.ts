import { defineDocument } from './document';
import type { RunLogLinesQuery, RunLogLinesQueryVariables } from './generated';

/**
 * A page of the run's streamed console lines (`Run.logLines`, a Relay connection), as the SDK's
 * `LogLines` paginator asks for them (`wandb/apis/public/log_lines.py`): `last` alone for a
 * tail, `first` + `after` (the last edge's cursor) to read on, `last` + `before` to page back.
 * `label` and `logLineCount`, which the SDK also asks for, are newer than the schema we support.
 */
export const RUN_LOG_LINES = defineDocument<RunLogLinesQuery, RunLogLinesQueryVariables>(`
query RunLogLines($entity: String!, $project: String!, $runId: String!, $first: Int, $after: String, $last: Int, $before: String) {
  project(name: $project, entityName: $entity) {
    run(name: $runId) {
      logLines(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { number line level timestamp } }
        pageInfo { hasNextPage hasPreviousPage }
      }
    }
  }
}`);
