/**
 * The runs table's message contract (extension ↔ page), apart from the run and compare panels'
 * protocol.ts. Plain JSON both ways; `parseTableMessage` checks every field of what the page sends.
 */

/** A column: a fixed run field, or a config or summary key. Its id is `source:key`. */
export interface TableColumn {
  source: 'run' | 'config' | 'summary';
  key: string;
}

/** A config or summary key the picker offers, with how many runs have it. */
export interface TableKey {
  source: 'config' | 'summary';
  key: string;
  count: number;
}

/** A cell as the page shows and exports it: numbers as numbers, NaN/Infinity and objects as text. */
export type Cell = string | number | boolean | null;

export interface TableRow {
  runId: string;
  name: string;
  state: string;
  /** ISO time. */
  createdAt?: string;
  /** Seconds from creation to the last heartbeat. */
  runtime?: number;
  user?: string;
  tags: string[];
  group?: string;
  jobType?: string;
  notes?: string;
  /** Config and summary cells by column id; a missing id means the run has no value. */
  cells: Record<string, Cell>;
}

export interface TableSort {
  /** Column id. */
  column: string;
  descending: boolean;
}

/** A filter from a column's header; fixed columns take equals, contains and is-empty. */
export type ColumnFilter =
  | { column: string; kind: 'range'; min?: number; max?: number }
  | { column: string; kind: 'equals'; value: string | number | boolean }
  | { column: string; kind: 'contains'; text: string }
  | { column: string; kind: 'empty' };

export type ColumnFilterKind = ColumnFilter['kind'];

/**
 * What the table shows: the search text (the tree's grammar), the order, the columns by id (pinned
 * ones first), their widths, the column filters, and whether columns that never differ are hidden.
 */
export interface TableView {
  filterText: string;
  sort: TableSort;
  columns: string[];
  widths: Record<string, number>;
  pinned: string[];
  filters: ColumnFilter[];
  onlyDiffering: boolean;
}

export type ExportFormat = 'csv' | 'json' | 'python';

// Extension → page
export type TableHostMessage =
  | { type: 'init'; title: string; keys: TableKey[]; view: TableView; scope?: string }
  /** Rows from `offset`; a new `generation` (new filter or order) replaces every row. */
  | { type: 'rows'; generation: number; offset: number; rows: TableRow[]; total: number; complete: boolean }
  /** Values of added columns for rows already shown. */
  | { type: 'cells'; generation: number; cells: Array<{ runId: string; cells: Record<string, Cell> }> }
  /** Running rows read again (live): the page replaces them where they are. */
  | { type: 'update'; generation: number; rows: TableRow[] }
  /** The rows already loaded now carry what grouping by `column` needs (answers the page's `groupBy`). */
  | { type: 'groupReady'; column: string }
  /** The search or order changed in the tree: the page shows them (rows follow); its columns stay. */
  | { type: 'search'; filterText: string; sort: TableSort }
  | { type: 'status'; message: string; error: boolean }
  | { type: 'filterError'; message: string };

// Page → extension
export type TableWebviewMessage =
  | { type: 'ready' }
  | { type: 'view'; view: TableView }
  | { type: 'more'; until: number }
  /** The column the page groups its rows by, '' for none. */
  | { type: 'groupBy'; column: string }
  | { type: 'open'; runIds: string[] }
  | { type: 'compare'; runIds: string[] }
  | { type: 'copyPaths'; runIds: string[] }
  | { type: 'addTags'; runIds: string[] }
  | { type: 'removeTags'; runIds: string[] }
  | { type: 'download'; runIds: string[] }
  | { type: 'export'; format: ExportFormat };

const MAX_IDS = 10_000;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const shortStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function runIds(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_IDS) return undefined;
  return v.every((x) => shortStr(x, 128) && /^[\w.-]+$/.test(x)) ? [...(v as string[])] : undefined;
}

const isNum = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));

/** Checks a filter sent by the page; undefined for anything malformed. */
export function parseColumnFilter(v: unknown): ColumnFilter | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.column !== 'string' || o.column.length > 1_000 || !parseColumnId(o.column)) return undefined;
  const column = o.column;
  switch (o.kind) {
    case 'range':
      return isNum(o.min) && isNum(o.max) && (o.min !== undefined || o.max !== undefined) ? { column, kind: 'range', min: o.min as number | undefined, max: o.max as number | undefined } : undefined;
    case 'equals':
      return (typeof o.value === 'string' && o.value.length <= 1_000) || typeof o.value === 'boolean' || (typeof o.value === 'number' && Number.isFinite(o.value)) ? { column, kind: 'equals', value: o.value } : undefined;
    case 'contains':
      return typeof o.text === 'string' && o.text.length > 0 && o.text.length <= 1_000 ? { column, kind: 'contains', text: o.text } : undefined;
    case 'empty':
      return { column, kind: 'empty' };
    default:
      return undefined;
  }
}

const isColumnList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 500 && v.every((c) => shortStr(c, 1_000) && !!parseColumnId(c));

function widths(v: unknown): Record<string, number> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, w] of Object.entries(v)) {
    if (!parseColumnId(k) || typeof w !== 'number' || !Number.isFinite(w) || w <= 0 || w > 10_000) return undefined;
    out[k] = w;
  }
  return out;
}

function view(v: unknown): TableView | undefined {
  if (!isObj(v) || !shortStr(v.filterText, 4_000) || !isObj(v.sort) || !isColumnList(v.columns) || !isColumnList(v.pinned)) return undefined;
  const { column, descending } = v.sort;
  if (!shortStr(column, 1_000) || typeof descending !== 'boolean' || typeof v.onlyDiffering !== 'boolean') return undefined;
  const w = widths(v.widths);
  if (!w || !Array.isArray(v.filters) || v.filters.length > 100) return undefined;
  const filters = v.filters.map(parseColumnFilter);
  if (filters.some((f) => !f)) return undefined;
  return {
    filterText: v.filterText,
    sort: { column, descending },
    columns: [...v.columns],
    widths: w,
    pinned: [...v.pinned],
    filters: filters as ColumnFilter[],
    onlyDiffering: v.onlyDiffering,
  };
}

/** Checks a message from the page; undefined for anything malformed. */
export function parseTableMessage(raw: unknown): TableWebviewMessage | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'view': {
      const v = view(raw.view);
      return v && { type: 'view', view: v };
    }
    case 'more':
      return typeof raw.until === 'number' && Number.isInteger(raw.until) && raw.until >= 0 && raw.until < 10_000_000 ? { type: 'more', until: raw.until } : undefined;
    case 'groupBy':
      return raw.column === '' || (shortStr(raw.column, 1_000) && parseColumnId(raw.column)) ? { type: 'groupBy', column: raw.column as string } : undefined;
    case 'open':
    case 'compare':
    case 'copyPaths':
    case 'addTags':
    case 'removeTags':
    case 'download': {
      const ids = runIds(raw.runIds);
      return ids && { type: raw.type, runIds: ids };
    }
    case 'export':
      return raw.format === 'csv' || raw.format === 'json' || raw.format === 'python' ? { type: 'export', format: raw.format } : undefined;
    default:
      return undefined;
  }
}

export function columnId(c: TableColumn): string {
  return `${c.source}:${c.key}`;
}

export function parseColumnId(id: string): TableColumn | undefined {
  const m = /^(run|config|summary):(.+)$/s.exec(id);
  if (!m) return undefined;
  const source = m[1] as TableColumn['source'];
  if (source === 'run' && !(FIXED_COLUMNS as readonly string[]).includes(m[2]!)) return undefined;
  return { source, key: m[2]! };
}

/** The fixed columns, in their order. */
export const FIXED_COLUMNS = ['state', 'name', 'created', 'runtime', 'user', 'tags', 'group', 'jobType', 'notes'] as const;
export type FixedColumn = (typeof FIXED_COLUMNS)[number];

export const FIXED_LABELS: Record<FixedColumn, string> = {
  state: 'State',
  name: 'Name',
  created: 'Created',
  runtime: 'Runtime',
  user: 'User',
  tags: 'Tags',
  group: 'Group',
  jobType: 'Job type',
  notes: 'Notes',
};

/** Fixed columns the server cannot sort by (W&B has no order key for them). */
export const UNSORTABLE_FIXED: readonly FixedColumn[] = ['runtime', 'tags', 'notes'];
