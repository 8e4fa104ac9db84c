/**
 * Pages of a project's runs for the runs table: the fields every row shows plus only the config
 * and summary keys of the columns shown, sorted and filtered by the server.
 */
import { projectNotFound } from './errors';
import { decodeRunState, opt } from './model/decode';
import { parseWandbDate } from './model/dates';
import type { RunSummary } from './model/run';
import { decodeConfig, decodeJsonObject, type ConfigEntry, type WandbValue } from './model/values';
import { pageFromConnection, type Page } from './paginate';
import type { RunsTableQuery as RawRunsTable } from './queries/generated';
import type { NodeOf, Present } from './queries/document';
import { RUN_COLUMNS, RUNS_TABLE } from './queries/runs-table';
import { fetchKeys, type RunColumn } from './run-columns';
import { filtersArg, type PageRequest, type WandbApi } from './wandb-api';

export interface RunsTableQuery {
  entity: string;
  project: string;
  filters?: Record<string, unknown>;
  /** `-created_at`, `+config.lr.value`, `-summary_metrics.val/acc` (see `orderKey`). */
  order: string;
  /** The config and summary columns shown; only their keys are fetched. */
  columns: readonly RunColumn[];
  /** The fixed fields no default column shows, to read as well (their column is shown, or the rows are grouped by them). */
  fields?: readonly OnDemandField[];
}

/** Fixed fields read only when asked for (see `TABLE_VALUES`). */
export const ON_DEMAND_FIELDS = ['notes', 'group', 'jobType'] as const;
export type OnDemandField = (typeof ON_DEMAND_FIELDS)[number];

/** The config and summary values one run has for the columns asked for, and the fields asked for. */
export interface RunValues {
  config: Record<string, ConfigEntry>;
  summary: Record<string, WandbValue>;
  notes?: string;
  group?: string;
  jobType?: string;
}

/** What a table row shows of a run: its fixed columns (see `TABLE_RUN`, which names them shortly) and the values asked for. */
export type TableRun = Pick<RunSummary, 'runId' | 'displayName' | 'state' | 'createdAt' | 'heartbeatAt' | 'user' | 'tags' | 'group' | 'jobType' | 'notes'> & RunValues;

type RawTableRun = NodeOf<Present<RawRunsTable['project']>['runs']>;

function decodeTableRun(r: RawTableRun): TableRun {
  return {
    runId: r.n,
    displayName: opt(r.d) ?? r.n,
    state: decodeRunState(r.s),
    createdAt: parseWandbDate(r.c),
    heartbeatAt: parseWandbDate(r.h),
    user: opt(r.u?.n),
    tags: r.t ?? [],
    ...decodeValues(r),
  };
}

/** The values of the asked-for columns, under the aliases `TABLE_VALUES` gives them. */
function decodeValues(r: { cf?: string | null; sm?: string | null; o?: string | null; g?: string | null; j?: string | null }): RunValues {
  return { config: decodeConfig(r.cf), summary: decodeJsonObject(r.sm), notes: opt(r.o), group: opt(r.g), jobType: opt(r.j) };
}

function vars(q: RunsTableQuery, page: PageRequest) {
  return {
    entity: q.entity,
    project: q.project,
    filters: filtersArg(q.filters),
    order: q.order,
    first: page.first,
    after: page.after ?? null,
    ...fetchKeys(q.columns),
    ...onDemandVars(q.fields),
  };
}

/** The query's switches for the on-demand fields. */
export function onDemandVars(fields: readonly OnDemandField[] = []): { withNotes: boolean; withGroup: boolean; withJobType: boolean } {
  return { withNotes: fields.includes('notes'), withGroup: fields.includes('group'), withJobType: fields.includes('jobType') };
}

/** One page of rows; the first page (no `after`) carries the filtered total. */
export async function readRunsTablePage(api: WandbApi, q: RunsTableQuery, page: PageRequest): Promise<Page<TableRun>> {
  const data = await api.client.request(RUNS_TABLE, { ...vars(q, page), withCount: page.after === undefined }, page.signal);
  if (!data.project) throw projectNotFound(q, api.client.host);
  return pageFromConnection(
    data.project.runs,
    decodeTableRun,
    data.project.runCount ?? undefined,
  );
}

/**
 * Added columns for rows already loaded: the same filter and order, so the same runs in the same
 * sequence, with the run id and the new columns' keys (and the fields asked for, such as notes when their column is added) only.
 */
export async function readRunColumns(api: WandbApi, q: RunsTableQuery, page: PageRequest): Promise<Page<RunValues & { runId: string }>> {
  const data = await api.client.request(RUN_COLUMNS, vars(q, page), page.signal);
  if (!data.project) throw projectNotFound(q, api.client.host);
  return pageFromConnection(data.project.runs, (r) => ({ runId: r.n, ...decodeValues(r) }));
}
