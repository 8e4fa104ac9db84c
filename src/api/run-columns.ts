/**
 * Columns of runs as W&B's runs query sees them: which top-level keys to ask `config(keys:)` and
 * `summaryMetrics(keys:)` for, the `order` key that sorts by a column on the server, and a
 * column's value in a decoded run. Pure (no vscode).
 */
import type { ConfigEntry, WandbValue } from './model/values';

/** Fields every run has, shown as the table's fixed columns. */
export const RUN_FIELDS = ['state', 'name', 'created', 'runtime', 'user', 'tags', 'group', 'jobType', 'notes'] as const;
export type RunField = (typeof RUN_FIELDS)[number];

export type RunColumn = { source: 'run'; key: RunField } | { source: 'config' | 'summary'; key: string };

/** The order field W&B's runs query sorts a fixed column by; runtime, tags and notes have none. */
const RUN_FIELD_ORDER: Partial<Record<RunField, string>> = {
  state: 'state',
  name: 'display_name',
  created: 'created_at',
  user: 'username',
  group: 'group',
  jobType: 'job_type',
};

/** W&B stores config as `{key: {value, desc}}`: the value path of `optimizer.lr` is `config.optimizer.value.lr`. */
export function configStoragePath(key: string): string {
  const segs = key.split('.');
  return ['config', segs[0], 'value', ...segs.slice(1)].join('.');
}

/**
 * The `order` argument that sorts by a column on the server (`-config.lr.value`,
 * `+summary_metrics.val/acc`, `-created_at`), or undefined when the server cannot sort by it.
 * `storagePath` is the key's path as `pathCounts` reported it (a top-level config key may itself
 * contain dots); without it a config key is read as top-level key plus nested keys.
 */
export function orderKey(column: RunColumn, descending: boolean, storagePath?: string): string | undefined {
  let field: string | undefined;
  if (column.source === 'run') field = RUN_FIELD_ORDER[column.key];
  else if (!column.key) field = undefined;
  else if (column.source === 'config') field = storagePath?.startsWith('config.') ? storagePath : configStoragePath(column.key);
  else field = `summary_metrics.${column.key}`;
  return field === undefined ? undefined : `${descending ? '-' : '+'}${field}`;
}

/** Every dotted prefix of a key: `a.b.c` → `a`, `a.b`, `a.b.c` (a top-level key may contain dots). */
function prefixes(key: string): string[] {
  const segs = key.split('.');
  return segs.map((_, i) => segs.slice(0, i + 1).join('.'));
}

/** The top-level keys to ask `config(keys:)` and `summaryMetrics(keys:)` for, to show these columns. */
export function fetchKeys(columns: readonly RunColumn[]): { configKeys: string[]; summaryKeys: string[] } {
  const config = new Set<string>();
  const summary = new Set<string>();
  for (const c of columns) {
    if (c.source === 'config') for (const p of prefixes(c.key)) config.add(p);
    else if (c.source === 'summary') for (const p of prefixes(c.key)) summary.add(p);
  }
  return { configKeys: [...config], summaryKeys: [...summary] };
}

/** Descends by dotted segments, trying the longest key first (keys may contain dots). */
function descend(value: WandbValue | undefined, segs: string[]): WandbValue | undefined {
  if (segs.length === 0) return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (let take = segs.length; take >= 1; take--) {
    const k = segs.slice(0, take).join('.');
    if (Object.prototype.hasOwnProperty.call(value, k)) {
      const v = descend(value[k], segs.slice(take));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** A config or summary column's value in a run, undefined when the run has none. */
export function columnValue(
  column: RunColumn,
  config: Record<string, ConfigEntry>,
  summary: Record<string, WandbValue>,
): WandbValue | undefined {
  if (column.source === 'summary') return descend(summary, column.key.split('.'));
  if (column.source !== 'config') return undefined;
  const segs = column.key.split('.');
  for (let take = segs.length; take >= 1; take--) {
    const entry = config[segs.slice(0, take).join('.')];
    if (!entry) continue;
    const v = descend(entry.value, segs.slice(take));
    if (v !== undefined) return v;
  }
  return undefined;
}
