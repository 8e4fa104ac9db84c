/**
 * Per-column filters from the table's headers (numeric range, equals, contains, is empty), as the
 * same Mongo-style clauses the Search Runs… grammar sends W&B (src/api/runs-filter.ts): config
 * values under `config.<key>.value`, summary under `summary_metrics.<key>`, fixed columns under
 * the run fields the runs query filters by. Pure: shared by the page and the extension.
 */
import { configStoragePath } from '../api/run-columns';
import { caseInsensitiveLiteral, typedValue } from '../api/runs-filter';
import { columnLabel } from './runs-table-model';
import { parseColumnId, type ColumnFilter, type ColumnFilterKind } from './runs-table-protocol';

export type { ColumnFilter, ColumnFilterKind };

/** The run field W&B filters a fixed column by; created and runtime take no column filter here. */
const RUN_FILTER_FIELDS: Record<string, string> = {
  state: 'state',
  name: 'display_name',
  user: 'username',
  tags: 'tags',
  group: 'group',
  jobType: 'job_type',
  notes: 'notes',
};

/**
 * The filter path of a column, or undefined when it takes no filter. `storagePath` is the key's
 * path as `pathCounts` reported it (a top-level config key may itself contain dots).
 */
export function filterField(id: string, storagePath?: string): string | undefined {
  const c = parseColumnId(id);
  if (!c) return undefined;
  if (c.source === 'run') return RUN_FILTER_FIELDS[c.key];
  if (c.source === 'summary') return `summary_metrics.${c.key}`;
  return storagePath?.startsWith('config.') ? storagePath : configStoragePath(c.key);
}

/** Which filters a column offers: a range only where values can be numbers (not the fixed text fields). */
export function filterKinds(id: string): ColumnFilterKind[] {
  if (!filterField(id)) return [];
  return parseColumnId(id)?.source === 'run' ? ['equals', 'contains', 'empty'] : ['range', 'equals', 'contains', 'empty'];
}

/**
 * One filter as a clause, or undefined for one that narrows nothing (a range without bounds, an
 * empty text). "Is empty" is `{field: null}`: W&B matches it for a missing, null or (tags) empty
 * value, as the SDK's QueryGenerator relies on.
 */
export function columnFilterClause(f: ColumnFilter, storagePath?: string): Record<string, unknown> | undefined {
  const field = filterField(f.column, storagePath);
  if (!field) return undefined;
  switch (f.kind) {
    case 'range': {
      const ops: Record<string, number> = {};
      if (f.min !== undefined && Number.isFinite(f.min)) ops.$gte = f.min;
      if (f.max !== undefined && Number.isFinite(f.max)) ops.$lte = f.max;
      return Object.keys(ops).length ? { [field]: ops } : undefined;
    }
    case 'equals':
      return f.value === '' ? undefined : { [field]: f.value };
    case 'contains':
      return f.text ? { [field]: { $regex: caseInsensitiveLiteral(f.text) } } : undefined;
    case 'empty':
      return { [field]: null };
  }
}

/** All column filters as one clause (each must hold), undefined for none. */
export function columnFiltersClause(filters: readonly ColumnFilter[], storagePath: (column: string) => string | undefined = () => undefined): Record<string, unknown> | undefined {
  const clauses = filters.map((f) => columnFilterClause(f, storagePath(f.column))).filter((c): c is Record<string, unknown> => !!c);
  return clauses.length === 0 ? undefined : clauses.length === 1 ? clauses[0] : { $and: clauses };
}

/** "val/acc 0.9–1", "optimizer.name = adam", for the chips under the toolbar. */
export function describeColumnFilter(f: ColumnFilter): string {
  const label = columnLabel(f.column);
  switch (f.kind) {
    case 'range':
      return f.min !== undefined && f.max !== undefined ? `${f.min} ≤ ${label} ≤ ${f.max}` : f.min !== undefined ? `${label} ≥ ${f.min}` : `${label} ≤ ${f.max ?? ''}`;
    case 'equals':
      return `${label} = ${String(f.value)}`;
    case 'contains':
      return `${label} contains "${f.text}"`;
    case 'empty':
      return `${label} is empty`;
  }
}

/** Run fields are text; a config or summary value is typed as the search grammar types it (0.1, true, "0.1"). */
export function equalsValue(column: string, text: string): string | number | boolean {
  if (parseColumnId(column)?.source === 'run') return text;
  try {
    return typedValue(text);
  } catch {
    return text;
  }
}
