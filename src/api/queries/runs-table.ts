import { defineDocument } from './document';
import type {
  RunColumnsQuery,
  RunColumnsQueryVariables,
  RunKeysQuery,
  RunKeysQueryVariables,
  RunsTableQuery,
  RunsTableQueryVariables,
} from './generated';

/**
 * The config and summary keys of a project's runs with how many runs have each, and how many
 * runs match: one request, never a download of every run's config.
 */
export const RUN_KEYS = defineDocument<RunKeysQuery, RunKeysQueryVariables>(`
query RunKeys($entity: String!, $project: String!, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    pathCounts(filters: $filters)
    runCount(filters: $filters)
  }
}`);

/**
 * The fields of a run the table's fixed columns show by default, and nothing else: no storage
 * `id`, `sweepName`, `readOnly` or the user's full name (the tree's light fields carry those for
 * its menus; here they were a fifth of the first page's bytes). Each field has a short alias: the
 * answer repeats every key name on every row, and the full names were an eighth of a first page
 * of 100 runs (8 KB of 65 KB). `decodeTableRun` turns them back into named fields. Group, job type
 * and notes are in `TABLE_VALUES`: read only while their column is shown or the rows are grouped
 * by them.
 */
export const TABLE_RUN = `n: name d: displayName s: state c: createdAt h: heartbeatAt t: tags u: user { n: username }`;

/**
 * The values of the shown columns only (`config(keys:)`, `summaryMetrics(keys:)` take top-level
 * keys), and the fixed fields no default column shows only while asked for: notes (free text, the
 * longest fixed field), group and job type (2.6 KB of a first page of 100 runs).
 */
const TABLE_VALUES = `cf: config(keys: $configKeys) sm: summaryMetrics(keys: $summaryKeys) o: notes @include(if: $withNotes) g: group @include(if: $withGroup) j: jobType @include(if: $withJobType)`;

const PAGE_VARS = `$entity: String!, $project: String!, $filters: JSONString, $order: String, $first: Int!, $after: String, $configKeys: [String!], $summaryKeys: [String!], $withNotes: Boolean!, $withGroup: Boolean!, $withJobType: Boolean!`;

/**
 * One page of the runs table: the fixed columns' fields plus only the values of the columns shown.
 * No per-edge cursor (3.6 KB of 100 rows): the next page starts at `pageInfo.endCursor`, as W&B's
 * SDK pages its relay connections (`Connection.next_cursor` in `wandb/_pydantic/pagination.py`).
 */
export const RUNS_TABLE = defineDocument<RunsTableQuery, RunsTableQueryVariables>(`
query RunsTable(${PAGE_VARS}, $withCount: Boolean!) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters) @include(if: $withCount)
    runs(filters: $filters, order: $order, first: $first, after: $after) {
      edges { node { ${TABLE_RUN} ${TABLE_VALUES} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);

/** Columns added to rows already shown: the run id and the new values only, same filter and order. */
export const RUN_COLUMNS = defineDocument<RunColumnsQuery, RunColumnsQueryVariables>(`
query RunColumns(${PAGE_VARS}) {
  project(name: $project, entityName: $entity) {
    runs(filters: $filters, order: $order, first: $first, after: $after) {
      edges { node { n: name ${TABLE_VALUES} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`);
