import { parseWandbJson } from './json';
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

interface RawTypeCount {
  type?: unknown;
  count?: unknown;
}

/** Decodes `Run.historyKeys` (already an object, not a string) into a sorted key list. */
export function decodeHistoryKeys(raw: unknown): HistoryKeys {
  const obj = (typeof raw === 'string' ? parseWandbJson(raw) : raw) as { lastStep?: unknown; keys?: unknown } | null | undefined;
  const lastStep = typeof obj?.lastStep === 'number' ? obj.lastStep : -1;
  const keys: HistoryKeyInfo[] = [];
  const rawKeys = obj?.keys && typeof obj.keys === 'object' ? (obj.keys as Record<string, { typeCounts?: RawTypeCount[] }>) : {};
  for (const [key, info] of Object.entries(rawKeys)) {
    const typeCounts: Record<string, number> = {};
    let count = 0;
    for (const tc of info?.typeCounts ?? []) {
      if (typeof tc?.type === 'string' && typeof tc.count === 'number') {
        typeCounts[tc.type] = (typeCounts[tc.type] ?? 0) + tc.count;
        count += tc.count;
      }
    }
    keys.push({ key, typeCounts, numeric: (typeCounts.number ?? 0) > 0, count, system: key.startsWith('system/') || key.startsWith('system.') });
  }
  keys.sort((a, b) => a.key.localeCompare(b.key));
  return { lastStep, keys };
}

/** `history`/`events` return rows as JSON strings (possibly with bare NaN). */
export function decodeHistoryRows(rows: readonly string[]): HistoryRow[] {
  const out = new Array<HistoryRow>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = parseWandbJson(rows[i] as string) as HistoryRow;
  return out;
}

/** `sampledHistory` returns, per spec, a list of row objects (already decoded JSON). */
export function decodeSampledHistory(result: unknown): HistoryRow[][] {
  if (!Array.isArray(result)) return [];
  return result.map((rows) =>
    Array.isArray(rows) ? rows.map((r) => (typeof r === 'string' ? (parseWandbJson(r) as HistoryRow) : (r as HistoryRow))) : [],
  );
}
