/**
 * Runs `filters` (a JSON string of a Mongo-style object) and `order`, as W&B's runs query takes
 * them. Unknown operators, unknown fields and malformed JSON throw a FilterError whose message
 * becomes the GraphQL error.
 */
import type { RunRec } from './model.js';
import { parseWbDate } from './wbjson.js';

export class FilterError extends Error {}

const DATE_FIELDS = new Set(['createdAt', 'heartbeatAt', 'updatedAt']);

const FIELD_ALIASES: Record<string, string> = {
  state: 'state',
  name: 'name',
  id: 'name',
  displayName: 'displayName',
  display_name: 'displayName',
  tags: 'tags',
  group: 'group',
  jobType: 'jobType',
  job_type: 'jobType',
  username: 'username',
  user: 'username',
  createdAt: 'createdAt',
  created_at: 'createdAt',
  heartbeatAt: 'heartbeatAt',
  heartbeat_at: 'heartbeatAt',
  updatedAt: 'updatedAt',
  updated_at: 'updatedAt',
  sweep: 'sweepName',
  sweepName: 'sweepName',
  sweep_name: 'sweepName',
  host: 'host',
  notes: 'notes',
  description: 'description',
};

/** Descend into an object by dotted segments, matching keys that themselves contain dots. */
function descend(obj: unknown, segs: string[]): unknown {
  if (segs.length === 0) return obj;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const o = obj as Record<string, unknown>;
  for (let take = segs.length; take >= 1; take--) {
    const key = segs.slice(0, take).join('.');
    if (Object.prototype.hasOwnProperty.call(o, key)) {
      const v = descend(o[key], segs.slice(take));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Value of `config.<k>` / `config.<k>.value[.<sub>]` from the stored `{k: {value, desc}}` form. */
function configValue(config: Record<string, unknown>, segs: string[]): unknown {
  for (let take = segs.length; take >= 1; take--) {
    const key = segs.slice(0, take).join('.');
    if (!Object.prototype.hasOwnProperty.call(config, key)) continue;
    const wrapped = config[key] as Record<string, unknown> | null;
    let rest = segs.slice(take);
    const hasValue = wrapped !== null && typeof wrapped === 'object' && 'value' in wrapped;
    const base = hasValue ? wrapped.value : wrapped;
    if (rest[0] === 'value' && hasValue) rest = rest.slice(1);
    else if (rest.length === 1 && rest[0] === 'desc' && hasValue) return wrapped.desc;
    const v = descend(base, rest);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function runField(run: RunRec, path: string): unknown {
  if (path.startsWith('config.')) return configValue(run.config, path.slice(7).split('.'));
  for (const prefix of ['summary_metrics.', 'summaryMetrics.', 'summary.']) {
    if (path.startsWith(prefix)) return descend(run.summary, path.slice(prefix.length).split('.'));
  }
  if (path.startsWith('system_metrics.') || path.startsWith('systemMetrics.')) {
    return descend(run.systemMetrics, path.slice(path.indexOf('.') + 1).split('.'));
  }
  const field = FIELD_ALIASES[path];
  if (!field) throw new FilterError(`invalid filters: unknown field "${path}"`);
  return (run as unknown as Record<string, unknown>)[field];
}

function isDateField(path: string): boolean {
  const f = FIELD_ALIASES[path];
  return f !== undefined && DATE_FIELDS.has(f);
}

function normalise(path: string, v: unknown): unknown {
  if (isDateField(path) && typeof v === 'string') {
    const t = parseWbDate(v);
    if (Number.isNaN(t)) throw new FilterError(`invalid filters: "${v}" is not a date`);
    return t;
  }
  return v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return (a === undefined && b === null) || (a === null && b === undefined);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * No value, as the backend's SQL sees it: null, absent, or an empty tag list. Such a value equals
 * `null` and nothing else, and `$ne` / `$nin` never match it (a comparison with NULL is not
 * true), which is why the SDK's QueryGenerator (`wandb/apis/public/query_generator.py`,
 * `_to_mongo_individual`) writes "not tagged x" as `{"$or":[{"tags":null},{"tags":{"$ne":x}}]}`.
 */
function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function eq(fieldValue: unknown, q: unknown): boolean {
  if (q === null) return isMissing(fieldValue);
  if (Array.isArray(fieldValue) && !Array.isArray(q)) return fieldValue.some((x) => deepEqual(x, q));
  return deepEqual(fieldValue, q);
}

function cmp(fieldValue: unknown, q: unknown, op: (c: number) => boolean): boolean {
  const one = (v: unknown): boolean => {
    if (typeof v === 'number' && typeof q === 'number') return !Number.isNaN(v) && op(v - q);
    if (typeof v === 'string' && typeof q === 'string') return op(v < q ? -1 : v > q ? 1 : 0);
    if (typeof v === 'boolean' && typeof q === 'boolean') return op(Number(v) - Number(q));
    return false;
  };
  if (Array.isArray(fieldValue)) return fieldValue.some(one);
  return one(fieldValue);
}

function regexMatch(fieldValue: unknown, pattern: unknown, options: unknown): boolean {
  if (typeof pattern !== 'string') throw new FilterError('invalid filters: $regex needs a string');
  let re: RegExp;
  try {
    re = new RegExp(pattern, typeof options === 'string' ? options.replace(/[^imsu]/g, '') : '');
  } catch (e) {
    throw new FilterError(`invalid filters: bad $regex ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const one = (v: unknown): boolean => typeof v === 'string' && re.test(v);
  return Array.isArray(fieldValue) ? fieldValue.some(one) : one(fieldValue);
}

function needList(op: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new FilterError(`invalid filters: ${op} needs a list`);
  return v;
}

function matchOps(path: string, fieldValue: unknown, ops: Record<string, unknown>): boolean {
  for (const [op, raw] of Object.entries(ops)) {
    switch (op) {
      case '$eq':
        if (!eq(fieldValue, normalise(path, raw))) return false;
        break;
      case '$ne':
        if (isMissing(fieldValue) || eq(fieldValue, normalise(path, raw))) return false;
        break;
      case '$gt':
        if (!cmp(fieldValue, normalise(path, raw), (c) => c > 0)) return false;
        break;
      case '$gte':
        if (!cmp(fieldValue, normalise(path, raw), (c) => c >= 0)) return false;
        break;
      case '$lt':
        if (!cmp(fieldValue, normalise(path, raw), (c) => c < 0)) return false;
        break;
      case '$lte':
        if (!cmp(fieldValue, normalise(path, raw), (c) => c <= 0)) return false;
        break;
      case '$in':
        if (!needList(op, raw).some((q) => eq(fieldValue, normalise(path, q)))) return false;
        break;
      case '$nin':
        if (isMissing(fieldValue) || needList(op, raw).some((q) => eq(fieldValue, normalise(path, q)))) return false;
        break;
      case '$exists':
        if ((fieldValue !== undefined && fieldValue !== null) !== Boolean(raw)) return false;
        break;
      case '$regex':
        if (!regexMatch(fieldValue, raw, ops.$options)) return false;
        break;
      case '$options':
        break;
      case '$not':
        if (raw === null || typeof raw !== 'object') throw new FilterError('invalid filters: $not needs an object');
        if (matchOps(path, fieldValue, raw as Record<string, unknown>)) return false;
        break;
      default:
        throw new FilterError(`invalid filters: unknown operator "${op}"`);
    }
  }
  return true;
}

function matchNode(run: RunRec, node: unknown): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new FilterError('invalid filters: expected an object');
  }
  for (const [key, val] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(val)) throw new FilterError(`invalid filters: ${key} needs a list`);
      const results = val.map((sub) => matchNode(run, sub));
      if (key === '$and' && !results.every(Boolean)) return false;
      if (key === '$or' && val.length > 0 && !results.some(Boolean)) return false;
      if (key === '$nor' && results.some(Boolean)) return false;
      continue;
    }
    if (key.startsWith('$')) throw new FilterError(`invalid filters: unknown operator "${key}"`);
    const fieldValue = runField(run, key);
    const isOps =
      val !== null && typeof val === 'object' && !Array.isArray(val) && Object.keys(val).some((k) => k.startsWith('$'));
    if (isOps) {
      if (!matchOps(key, fieldValue, val as Record<string, unknown>)) return false;
    } else if (!eq(fieldValue, normalise(key, val))) {
      return false;
    }
  }
  return true;
}

/** Parse a `filters` argument and return a predicate. Empty / null filters match everything. */
export function compileFilters(filters: string | null | undefined): (run: RunRec) => boolean {
  if (filters === null || filters === undefined || filters.trim() === '') return () => true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(filters);
  } catch {
    throw new FilterError(`invalid filters: not valid JSON: ${filters}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FilterError('invalid filters: expected a JSON object');
  }
  // Validate once up front (so a bad operator fails even when no run would reach it).
  validate(parsed);
  return (run) => matchNode(run, parsed);
}

function validate(node: unknown): void {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new FilterError('invalid filters: expected an object');
  for (const [key, val] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(val)) throw new FilterError(`invalid filters: ${key} needs a list`);
      val.forEach(validate);
    } else if (key.startsWith('$')) {
      throw new FilterError(`invalid filters: unknown operator "${key}"`);
    } else {
      if (!key.startsWith('config.') && !/^(summary_metrics|summaryMetrics|summary|system_metrics|systemMetrics)\./.test(key) && !FIELD_ALIASES[key]) {
        throw new FilterError(`invalid filters: unknown field "${key}"`);
      }
      if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
        for (const [op, raw] of Object.entries(val as Record<string, unknown>)) {
          if (!op.startsWith('$')) continue;
          if (!['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex', '$options', '$not'].includes(op)) {
            throw new FilterError(`invalid filters: unknown operator "${op}"`);
          }
          if ((op === '$in' || op === '$nin') && !Array.isArray(raw)) throw new FilterError(`invalid filters: ${op} needs a list`);
          if (op === '$regex') regexMatch('', raw, (val as Record<string, unknown>).$options);
        }
      }
    }
  }
}

/**
 * Sort runs by an `order` string: `[+|-]<field>` where field is created_at / createdAt,
 * heartbeat_at, updated_at, display_name, name, state, `config.<k>[.value]` or
 * `summary_metrics.<k>`. `+` or no sign = ascending, `-` = descending. Runs without the value
 * go last. No order = `-created_at` (newest first).
 */
export function sortRuns(runs: RunRec[], order: string | null | undefined): RunRec[] {
  const o = order && order.trim() !== '' ? order.trim() : '-created_at';
  const desc = o.startsWith('-');
  const path = o.replace(/^[+-]/, '');
  let key: (r: RunRec) => unknown;
  if (path.startsWith('config.') || /^(summary_metrics|summaryMetrics|summary|system_metrics|systemMetrics)\./.test(path) || FIELD_ALIASES[path]) {
    key = (r) => runField(r, path);
  } else {
    throw new FilterError(`invalid order: unknown field "${path}"`);
  }
  const withKeys = runs.map((r) => ({ r, k: key(r) }));
  const rank = (v: unknown): number => (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) ? 1 : 0);
  withKeys.sort((a, b) => {
    const ra = rank(a.k);
    const rb = rank(b.k);
    if (ra !== rb) return ra - rb;
    let c = 0;
    if (ra === 0) {
      if (typeof a.k === 'number' && typeof b.k === 'number') c = a.k - b.k;
      else {
        const sa = typeof a.k === 'string' ? a.k : JSON.stringify(a.k);
        const sb = typeof b.k === 'string' ? b.k : JSON.stringify(b.k);
        c = sa < sb ? -1 : sa > sb ? 1 : 0;
      }
    }
    if (c === 0) c = a.r.createdAt - b.r.createdAt || (a.r.name < b.r.name ? -1 : a.r.name > b.r.name ? 1 : 0);
    return desc ? -c : c;
  });
  return withKeys.map((x) => x.r);
}
