/**
 * The runs table's column model and exports, shared by the page and the extension (pure: no
 * vscode, no DOM): column labels, default columns, the picker's groups, a cell as text, CSV and
 * JSON of the visible rows, the filter merge of a scope (sweep, group) with the search, and the
 * Python snippet that repeats the query with W&B's public API.
 */
import { formatDuration } from '../format';
import { FIXED_COLUMNS, FIXED_LABELS, parseColumnId, UNSORTABLE_FIXED, type FixedColumn, type TableKey, type TableRow } from './runs-table-protocol';

export function columnLabel(id: string): string {
  const c = parseColumnId(id);
  if (!c) return id;
  return c.source === 'run' ? FIXED_LABELS[c.key as FixedColumn] : c.key;
}

export function isSortable(id: string): boolean {
  const c = parseColumnId(id);
  return !!c && !(c.source === 'run' && (UNSORTABLE_FIXED as readonly string[]).includes(c.key));
}

const DEFAULT_FIXED: readonly FixedColumn[] = ['state', 'name', 'created', 'runtime', 'user', 'tags'];
const DEFAULT_PER_SOURCE = 5;

const depth = (key: string) => key.split('.').length;

/**
 * Columns a project opens with: the usual fixed ones, then five config keys and five summary
 * metrics, those most runs have first. Top-level config keys come before nested ones: they are
 * the arguments a script sets (`wandb.config.update(args)`), nested ones mostly come from files.
 */
export function defaultColumns(keys: readonly TableKey[]): string[] {
  const top = (source: TableKey['source']) =>
    keys
      .filter((k) => k.source === source)
      .sort((a, b) => (source === 'config' ? depth(a.key) - depth(b.key) : 0) || b.count - a.count || a.key.localeCompare(b.key))
      .slice(0, DEFAULT_PER_SOURCE)
      .map((k) => `${source}:${k.key}`);
  return [...DEFAULT_FIXED.map((k) => `run:${k}`), ...top('config'), ...top('summary')];
}

export interface PickerGroup {
  /** `config · optimizer`, `summary · val`, or `run` for the fixed columns. */
  label: string;
  items: Array<{ id: string; label: string; count?: number }>;
}

/** The prefix a key is grouped under: its first segment before `.` or `/`, when it has more. */
function prefixOf(key: string): string {
  const m = /^([^./]+)[./]/.exec(key);
  return m ? m[1]! : '';
}

/**
 * The column picker's groups for a search text (case-insensitive substring of the key): fixed
 * columns first, then config and summary keys grouped by prefix, groups by name, keys by name.
 */
export function pickerGroups(keys: readonly TableKey[], search: string): PickerGroup[] {
  const q = search.trim().toLowerCase();
  const match = (label: string) => !q || label.toLowerCase().includes(q);
  const out: PickerGroup[] = [];
  const fixed = FIXED_COLUMNS.filter((k) => match(FIXED_LABELS[k])).map((k) => ({ id: `run:${k}`, label: FIXED_LABELS[k] }));
  if (fixed.length) out.push({ label: 'run', items: fixed });
  for (const source of ['config', 'summary'] as const) {
    const groups = new Map<string, PickerGroup>();
    for (const k of keys) {
      if (k.source !== source || !match(k.key)) continue;
      const prefix = prefixOf(k.key);
      const label = prefix ? `${source} · ${prefix}` : source;
      const g = groups.get(label) ?? { label, items: [] };
      g.items.push({ id: `${source}:${k.key}`, label: k.key, count: k.count });
      groups.set(label, g);
    }
    for (const g of [...groups.values()].sort((a, b) => a.label.localeCompare(b.label))) {
      g.items.sort((a, b) => a.label.localeCompare(b.label));
      out.push(g);
    }
  }
  return out;
}

/** A cell as text, for the grid, its tooltips and CSV; empty when the run has no value. */
export function cellText(row: TableRow, id: string): string {
  const c = parseColumnId(id);
  if (!c) return '';
  if (c.source !== 'run') {
    const v = row.cells[id];
    return v === undefined || v === null ? '' : String(v);
  }
  switch (c.key as FixedColumn) {
    case 'state':
      return row.state;
    case 'name':
      return row.name;
    case 'created':
      return row.createdAt ?? '';
    case 'runtime':
      return row.runtime === undefined ? '' : formatDuration(row.runtime * 1000);
    case 'user':
      return row.user ?? '';
    case 'tags':
      return row.tags.join(', ');
    case 'group':
      return row.group ?? '';
    case 'jobType':
      return row.jobType ?? '';
    case 'notes':
      return row.notes ?? '';
  }
}

/** A cell's value for JSON: numbers stay numbers, tags a list, runtime in seconds. */
function cellJson(row: TableRow, id: string): unknown {
  const c = parseColumnId(id);
  if (!c) return null;
  if (c.source !== 'run') return row.cells[id] ?? null;
  if (c.key === 'tags') return row.tags;
  if (c.key === 'runtime') return row.runtime ?? null;
  return cellText(row, id) || null;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header of column labels (plus the run id first), one line per row, CRLF. */
export function toCsv(rows: readonly TableRow[], columns: readonly string[]): string {
  const lines = [['id', ...columns.map(columnLabel)].map(csvField).join(',')];
  for (const r of rows) lines.push([r.runId, ...columns.map((c) => cellText(r, c))].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** JSON: one object per row, keyed by column label (plus `id`). */
export function toJson(rows: readonly TableRow[], columns: readonly string[]): string {
  const out = rows.map((r) => {
    const o: Record<string, unknown> = { id: r.runId };
    for (const c of columns) o[columnLabel(c)] = cellJson(r, c);
    return o;
  });
  return JSON.stringify(out, null, 2) + '\n';
}

type Filter = Record<string, unknown>;

/**
 * The table's filter: the scope's (a sweep's or a group's runs), the search's and the column
 * filters', all must hold. Parts that are `$and`s already are flattened into one `$and`.
 */
export function mergeFilters(...filters: Array<Filter | undefined>): Filter | undefined {
  const present = filters.filter((f): f is Filter => !!f && Object.keys(f).length > 0);
  if (present.length <= 1) return present[0];
  const parts = (f: Filter) => (Object.keys(f).length === 1 && Array.isArray(f.$and) ? (f.$and as Filter[]) : [f]);
  return { $and: present.flatMap(parts) };
}

/** A JSON value as a Python literal (True/False/None; strings and keys JSON-quoted, which Python reads). */
export function pythonLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'float("inf")' : v < 0 ? '-float("inf")' : 'float("nan")';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${JSON.stringify(k)}: ${pythonLiteral(x)}`)
    .join(', ')}}`;
}

/** A Python snippet that runs the same query with `wandb.Api().runs` and prints the visible columns. */
export function pythonSnippet(path: string, filters: Filter | undefined, order: string, columns: readonly string[]): string {
  const reads: string[] = [];
  for (const id of columns) {
    const c = parseColumnId(id);
    if (!c || c.source === 'run') continue;
    const segs = c.key.split('.');
    if (c.source === 'summary') reads.push(`run.summary.get(${JSON.stringify(c.key)})`);
    else reads.push(segs.reduce((expr, s, i) => (i === 0 ? `run.config.get(${JSON.stringify(s)})` : `(${expr} or {}).get(${JSON.stringify(s)})`), ''));
  }
  return [
    'import wandb',
    '',
    'api = wandb.Api()',
    `runs = api.runs(`,
    `    ${JSON.stringify(path)},`,
    `    filters=${pythonLiteral(filters ?? {})},`,
    `    order=${JSON.stringify(order)},`,
    ')',
    'for run in runs:',
    `    print(${['run.id', 'run.name', ...reads].join(', ')})`,
    '',
  ].join('\n');
}

export interface ColumnStats {
  min: number;
  mean: number;
  max: number;
}

export interface RowGroup {
  /** The shared value as text (`(none)` for runs without one). */
  key: string;
  rows: TableRow[];
  /** Per numeric column of the group's runs (columns without a number in it are absent). */
  stats: Record<string, ColumnStats>;
}

export const NO_VALUE = '(none)';

/**
 * Groups rows by one column's value (group, job type or a config key), in the order each value
 * first appears, with count and min/mean/max of every numeric column. Done over rows the table
 * holds: the server's grouping arguments are not used (see the README).
 */
export function groupRows(rows: readonly TableRow[], by: string, columns: readonly string[]): RowGroup[] {
  const groups = new Map<string, TableRow[]>();
  for (const r of rows) {
    const key = cellText(r, by) || NO_VALUE;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups].map(([key, members]) => {
    const stats: Record<string, ColumnStats> = {};
    for (const c of columns) {
      const nums = members.map((r) => r.cells[c]).filter((v): v is number => typeof v === 'number');
      if (nums.length === 0) continue;
      stats[c] = { min: Math.min(...nums), mean: nums.reduce((a, b) => a + b, 0) / nums.length, max: Math.max(...nums) };
    }
    return { key, rows: members, stats };
  });
}
