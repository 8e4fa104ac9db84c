/**
 * Runs as the runs table's rows (no vscode): a column id as W&B's column, the config and summary
 * columns of a view, a value as a cell, and a decoded run as the row the page shows. The panel
 * posts these; the scroll benchmark builds the same rows.
 */
import type { WandbValue } from '../api/model/values';
import { isMediaValue } from '../api/model/values';
import { columnValue, RUN_FIELDS, type RunColumn } from '../api/run-columns';
import { ON_DEMAND_FIELDS, type OnDemandField, type TableRun } from '../api/runs-table';
import { parseColumnId, type Cell, type TableRow } from './runs-table-protocol';

/** A value as the page shows it: finite numbers stay numbers; NaN, media and objects become text. */
export function toCell(v: WandbValue | undefined): Cell | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (isMediaValue(v)) return `[${v._type}]`;
  const text = JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/**
 * The fixed fields to read with the rows: notes, group and job type only while their column is
 * shown or the rows are grouped by them (`groupBy`, a column id); no default column shows them.
 */
export function onDemandFields(columns: readonly string[], groupBy = ''): OnDemandField[] {
  return ON_DEMAND_FIELDS.filter((f) => columns.includes(`run:${f}`) || groupBy === `run:${f}`);
}

export function apiColumn(id: string): RunColumn | undefined {
  const c = parseColumnId(id);
  if (!c) return undefined;
  if (c.source !== 'run') return { source: c.source, key: c.key };
  const field = RUN_FIELDS.find((f) => f === c.key);
  return field && { source: 'run', key: field };
}

export function valueColumns(ids: readonly string[]): Array<{ id: string; column: RunColumn }> {
  const out: Array<{ id: string; column: RunColumn }> = [];
  for (const id of ids) {
    const column = apiColumn(id);
    if (column && column.source !== 'run') out.push({ id, column });
  }
  return out;
}

/**
 * What the rows already loaded need read when the view changes: the added config and summary
 * columns, and the on-demand fields needed now (`need`) that the rows were not read with (`read`).
 * The other fixed fields come with every row.
 */
export function addedReads(
  before: readonly string[],
  after: readonly string[],
  read: readonly OnDemandField[],
  need: readonly OnDemandField[],
): { columns: ReturnType<typeof valueColumns>; fields: OnDemandField[] } {
  const added = after.filter((c) => !before.includes(c));
  return { columns: valueColumns(added), fields: need.filter((f) => !read.includes(f)) };
}

export function cellsOf(values: Pick<TableRun, 'config' | 'summary'>, columns: ReturnType<typeof valueColumns>): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const { id, column } of columns) {
    const cell = toCell(columnValue(column, values.config, values.summary));
    if (cell !== undefined) cells[id] = cell;
  }
  return cells;
}

export function tableRow(r: TableRun, columns: ReturnType<typeof valueColumns>): TableRow {
  const created = r.createdAt?.getTime();
  const beat = r.heartbeatAt?.getTime();
  return {
    runId: r.runId,
    name: r.displayName,
    state: r.state,
    createdAt: r.createdAt?.toISOString(),
    runtime: created !== undefined && beat !== undefined && beat >= created ? Math.round((beat - created) / 1000) : undefined,
    user: r.user,
    tags: r.tags,
    group: r.group,
    jobType: r.jobType,
    notes: r.notes,
    cells: cellsOf(r, columns),
  };
}
