/** History queries: step ranges, sampling that keeps the curve's shape, key summaries. */
import type { HistorySource, Row, TypeCount } from './model.js';

export function stepOf(r: Row): number {
  const s = r._step;
  return typeof s === 'number' ? s : 0;
}

/** First index whose `_step` >= step. */
export function lowerBound(h: HistorySource, step: number): number {
  if (h.indexOfStep) return h.indexOfStep(step);
  let lo = 0;
  let hi = h.length();
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stepOf(h.row(mid)) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Evenly spaced indices in [0, n) including both ends, at most `samples` of them. */
export function strideIndices(n: number, samples: number): number[] {
  if (n <= samples) return Array.from({ length: n }, (_, i) => i);
  if (samples <= 1) return samples === 1 ? [0] : [];
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const idx = Math.round((i * (n - 1)) / (samples - 1));
    if (out[out.length - 1] !== idx) out.push(idx);
  }
  return out;
}

/**
 * Down-sample rows to at most `samples`, keeping the first and last rows and, in each bucket
 * between them, the rows holding the minimum and maximum of `key` (so spikes survive).
 */
export function minMaxSample(rows: Row[], samples: number, key: string | undefined): Row[] {
  const n = rows.length;
  if (n <= samples) return rows;
  if (samples < 4 || key === undefined) return strideIndices(n, samples).map((i) => rows[i]!);
  const buckets = Math.floor((samples - 2) / 2);
  const interior = n - 2;
  const picked: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * interior) / buckets);
    const to = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (from >= to) continue;
    let minI = from;
    let maxI = from;
    let minV = Infinity;
    let maxV = -Infinity;
    for (let i = from; i < to; i++) {
      const v = rows[i]![key];
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      if (v < minV) {
        minV = v;
        minI = i;
      }
      if (v > maxV) {
        maxV = v;
        maxI = i;
      }
    }
    if (minI === maxI) picked.push(minI);
    else picked.push(Math.min(minI, maxI), Math.max(minI, maxI));
  }
  picked.push(n - 1);
  return picked.map((i) => rows[i]!);
}

/** Rows with minStep <= _step < maxStep. */
export function rowsInRange(h: HistorySource, minStep?: number | null, maxStep?: number | null): Row[] {
  const len = h.length();
  const start = minStep === null || minStep === undefined ? 0 : lowerBound(h, minStep);
  const end = maxStep === null || maxStep === undefined ? len : lowerBound(h, maxStep);
  const out: Row[] = [];
  for (let i = start; i < end; i++) out.push(h.row(i));
  return out;
}

export interface SampleSpec {
  keys: string[];
  samples?: number;
  minStep?: number;
  maxStep?: number;
}

export function parseSpec(text: string): SampleSpec {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch {
    throw new Error(`invalid sampledHistory spec: ${text}`);
  }
  const s = spec as Partial<SampleSpec>;
  if (!s || typeof s !== 'object' || !Array.isArray(s.keys) || !s.keys.every((k) => typeof k === 'string')) {
    throw new Error('invalid sampledHistory spec: "keys" must be a list of strings');
  }
  return s as SampleSpec;
}

/** One `sampledHistory` spec: rows holding at least one requested metric, projected to the keys. */
export function sampledHistory(h: HistorySource, spec: SampleSpec): Row[] {
  const samples = spec.samples ?? 500;
  const metricKeys = spec.keys.filter((k) => !k.startsWith('_'));
  const rows = rowsInRange(h, spec.minStep, spec.maxStep).filter(
    (r) => metricKeys.length === 0 || metricKeys.some((k) => r[k] !== undefined),
  );
  const sampled = minMaxSample(rows, samples, metricKeys[0]);
  return sampled.map((r) => {
    const out: Row = {};
    for (const k of spec.keys) if (r[k] !== undefined) out[k] = r[k];
    return out;
  });
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)._type;
    return typeof t === 'string' ? t : 'map';
  }
  return 'nil';
}

export interface HistoryKeys {
  lastStep: number;
  keys: Record<string, { typeCounts: TypeCount[] }>;
}

const keyCache = new WeakMap<HistorySource, { len: number; value: HistoryKeys }>();

/** Type counts per key, a dict's nested keys counted inside its `map` entry. */
class KeyCounter {
  private readonly counts = new Map<string, Map<string, { count: number; nested?: KeyCounter }>>();

  add(row: Row): void {
    for (const [k, v] of Object.entries(row)) {
      let m = this.counts.get(k);
      if (!m) this.counts.set(k, (m = new Map()));
      const t = typeName(v);
      let c = m.get(t);
      if (!c) m.set(t, (c = { count: 0 }));
      c.count++;
      if (t === 'map') (c.nested ??= new KeyCounter()).add(v as Row);
    }
  }

  typeCounts(): Record<string, TypeCount[]> {
    const out: Record<string, TypeCount[]> = {};
    for (const [k, m] of [...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      out[k] = [...m].map(([type, c]) => (c.nested ? { type, count: c.count, keys: c.nested.typeCounts() } : { type, count: c.count }));
    }
    return out;
  }
}

/** `historyKeys`: every key with its type counts, plus the last step (-1 when empty). */
export function historyKeys(h: HistorySource): HistoryKeys {
  const len = h.length();
  const hit = keyCache.get(h);
  if (hit && hit.len === len) return hit.value;
  let value: HistoryKeys;
  if (h.keyInfo) {
    value = h.keyInfo();
  } else {
    const counter = new KeyCounter();
    for (let i = 0; i < len; i++) counter.add(h.row(i));
    const keys: HistoryKeys['keys'] = {};
    for (const [k, typeCounts] of Object.entries(counter.typeCounts())) keys[k] = { typeCounts };
    value = { lastStep: len > 0 ? stepOf(h.row(len - 1)) : -1, keys };
  }
  keyCache.set(h, { len, value });
  return value;
}
