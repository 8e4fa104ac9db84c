import { parseWandbJson } from './json';
import { flattenNested } from './nested-keys';
import type { WandbValue } from './values';

/** One logged row: `_step`, `_runtime`, `_timestamp` and the metrics of that `wandb.log` call. */
export type HistoryRow = Record<string, WandbValue>;

/** What `historyKeys` says of one key: how often each value type was logged. */
export interface HistoryKeyInfo {
  key: string;
  /** Type name to count, e.g. `{number: 100}` or `{"image-file": 10}`. */
  typeCounts: Record<string, number>;
  /** Logged as a number at least once: a chartable metric. */
  numeric: boolean;
  /** Times logged in all. */
  count: number;
  /** `system/...` or `system.` keys are system metrics. */
  system: boolean;
}

export interface HistoryKeys {
  /** Last step logged, -1 when nothing was (as the SDK reads a missing value). */
  lastStep: number;
  keys: HistoryKeyInfo[];
}

/**
 * One entry of a key's `typeCounts`. A dict logged under the key counts as type `map`, with
 * `keys` holding each nested key's own type counts (a list, nesting again for dicts in dicts).
 */
interface RawTypeCount {
  type?: unknown;
  count?: unknown;
  keys?: unknown;
}

type RawTypeCounts = Map<string, RawTypeCount[]>;

function typeCountList(v: unknown): RawTypeCount[] {
  return Array.isArray(v) ? (v.filter((tc) => tc && typeof tc === 'object') as RawTypeCount[]) : [];
}

/** Every key with its type counts, nested `map` keys under their dot paths (`eval.acc`). */
function collectKeys(out: RawTypeCounts, key: string, counts: RawTypeCount[]): void {
  out.set(key, [...(out.get(key) ?? []), ...counts]);
  for (const tc of counts) {
    if (tc.type !== 'map' || !tc.keys || typeof tc.keys !== 'object' || Array.isArray(tc.keys)) continue;
    for (const [sub, subCounts] of Object.entries(tc.keys as Record<string, unknown>)) collectKeys(out, `${key}.${sub}`, typeCountList(subCounts));
  }
}

/**
 * Decodes `Run.historyKeys` (already an object, not a string) into a sorted key list; the
 * leaves of nested dicts come as dot-path keys beside their top-level `map` key.
 */
export function decodeHistoryKeys(raw: unknown): HistoryKeys {
  const obj = (typeof raw === 'string' ? parseWandbJson(raw) : raw) as { lastStep?: unknown; keys?: unknown } | null | undefined;
  const lastStep = typeof obj?.lastStep === 'number' ? obj.lastStep : -1;
  const rawKeys = obj?.keys && typeof obj.keys === 'object' ? (obj.keys as Record<string, { typeCounts?: unknown } | null>) : {};
  const all: RawTypeCounts = new Map();
  for (const [key, info] of Object.entries(rawKeys)) collectKeys(all, key, typeCountList(info?.typeCounts));
  const keys: HistoryKeyInfo[] = [];
  for (const [key, list] of all) {
    const typeCounts: Record<string, number> = {};
    let count = 0;
    for (const tc of list) {
      if (typeof tc.type === 'string' && typeof tc.count === 'number') {
        typeCounts[tc.type] = (typeCounts[tc.type] ?? 0) + tc.count;
        count += tc.count;
      }
    }
    keys.push({ key, typeCounts, numeric: (typeCounts.number ?? 0) > 0, count, system: key.startsWith('system/') || key.startsWith('system.') });
  }
  keys.sort((a, b) => a.key.localeCompare(b.key));
  return { lastStep, keys };
}

/** One decoded row with its nested dicts under dot paths, as `historyKeys` names them. */
function decodeRow(r: unknown): HistoryRow {
  const row = typeof r === 'string' ? parseWandbJson(r) : r;
  return row && typeof row === 'object' && !Array.isArray(row) ? flattenNested(row as HistoryRow) : {};
}

/** `history`/`events` return rows as JSON strings (possibly with bare NaN). */
export function decodeHistoryRows(rows: readonly string[]): HistoryRow[] {
  const out = new Array<HistoryRow>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = decodeRow(rows[i]);
  return out;
}

/** `sampledHistory` returns, per spec, a list of row objects (already decoded JSON). */
export function decodeSampledHistory(result: unknown): HistoryRow[][] {
  if (!Array.isArray(result)) return [];
  return result.map((rows) => (Array.isArray(rows) ? rows.map(decodeRow) : []));
}
