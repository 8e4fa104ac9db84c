/**
 * Turns a run's config or summary into table rows: nested objects become dot paths (with a
 * collapsible row for the object itself), lists stay one row, media values (`_type`) become a
 * `MediaView` the webview draws as what it is. Pure: used by the run and compare panels.
 */
import { isInternalConfigKey, isInternalSummaryKey, isMediaValue, type ConfigEntry, type WandbValue } from '../api/model/values';
import type { FlatRow, MediaView } from './protocol';
import { formatCount } from '../format';

const MAX_DEPTH = 40;
/** Lists longer than this show their first items only (the row says how many there are). */
const LIST_TEXT_LIMIT = 200_000;

export function flattenConfig(config: Record<string, ConfigEntry>): FlatRow[] {
  const out: FlatRow[] = [];
  for (const key of Object.keys(config)) {
    const entry = config[key]!;
    const start = out.length;
    pushValue(out, key, key, entry.value, 0, isInternalConfigKey(key));
    if (entry.desc && out[start]) out[start]!.desc = entry.desc;
  }
  return out;
}

export function flattenSummary(summary: Record<string, WandbValue>): FlatRow[] {
  const out: FlatRow[] = [];
  for (const key of Object.keys(summary)) pushValue(out, key, key, summary[key]!, 0, isInternalSummaryKey(key));
  return out;
}

function pushValue(out: FlatRow[], path: string, key: string, v: WandbValue | undefined, depth: number, internal: boolean): void {
  if (v === null || v === undefined) {
    out.push({ path, depth, key, kind: 'null', text: 'null', internal });
  } else if (typeof v === 'number') {
    const row: FlatRow = { path, depth, key, kind: 'number', text: numberText(v), internal };
    if (Number.isFinite(v)) row.num = v;
    out.push(row);
  } else if (typeof v === 'string') {
    out.push({ path, depth, key, kind: 'string', text: v, internal });
  } else if (typeof v === 'boolean') {
    out.push({ path, depth, key, kind: 'bool', text: String(v), internal });
  } else if (Array.isArray(v)) {
    let text = jsonText(v);
    if (text.length > LIST_TEXT_LIMIT) text = `${text.slice(0, LIST_TEXT_LIMIT)}…`;
    out.push({ path, depth, key, kind: 'list', text, internal, children: v.length });
  } else if (isMediaValue(v)) {
    const media = mediaView(v as Record<string, WandbValue>);
    out.push({ path, depth, key, kind: 'media', text: mediaLabel(media), internal, media });
  } else {
    const keys = Object.keys(v);
    if (depth >= MAX_DEPTH) {
      out.push({ path, depth, key, kind: 'string', text: jsonText(v), internal });
      return;
    }
    out.push({ path, depth, key, kind: 'object', text: keys.length === 1 ? '{1 key}' : `{${keys.length} keys}`, internal, children: keys.length });
    for (const k of keys) pushValue(out, `${path}.${k}`, k, v[k], depth + 1, internal);
  }
}

/** Numbers as W&B writes them: `NaN`, `Infinity`, `-Infinity` included. */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** Compact JSON with non-finite numbers written bare, as W&B shows them. */
export function jsonText(v: WandbValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonText).join(', ')}]`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}: ${jsonText(v[k]!)}`)
    .join(', ')}}`;
}

function num(v: WandbValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function numbers(v: WandbValue | undefined): number[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0)) : [];
}

/** What a `_type`d value is, reduced to what the table draws. */
export function mediaView(v: Record<string, WandbValue>): MediaView {
  const type = String(v._type);
  if (type === 'image-file' && typeof v.path === 'string') {
    const m: MediaView = { type: 'image', path: v.path };
    const w = num(v.width);
    const h = num(v.height);
    if (w !== undefined) m.width = w;
    if (h !== undefined) m.height = h;
    if (typeof v.format === 'string') m.format = v.format;
    return m;
  }
  if (type === 'images/separated' || type === 'images') {
    const filenames = Array.isArray(v.filenames) ? v.filenames.filter((f): f is string => typeof f === 'string') : [];
    const count = num(v.count) ?? filenames.length;
    const first = filenames[0];
    if (first) {
      const m: MediaView = { type: 'image', path: first.startsWith('media/') ? first : `media/images/${first}`, count };
      const w = num(v.width);
      const h = num(v.height);
      if (w !== undefined) m.width = w;
      if (h !== undefined) m.height = h;
      return m;
    }
    return { type: 'other', label: `${count} images` };
  }
  if (type === 'histogram') {
    const values = numbers(v.values);
    let bins = numbers(v.bins);
    const packed = v.packedBins;
    if (bins.length === 0 && packed && typeof packed === 'object' && !Array.isArray(packed)) {
      const min = num(packed.min) ?? 0;
      const size = num(packed.size) ?? 1;
      const count = num(packed.count) ?? values.length;
      bins = Array.from({ length: count + 1 }, (_, i) => min + i * size);
    }
    return { type: 'histogram', values, bins };
  }
  if (type === 'table-file' || type === 'partitioned-table' || type === 'joined-table' || type === 'table') {
    const m: MediaView = { type: 'table' };
    if (typeof v.path === 'string') m.path = v.path;
    const rows = num(v.nrows);
    const cols = num(v.ncols);
    if (rows !== undefined) m.rows = rows;
    if (cols !== undefined) m.cols = cols;
    return m;
  }
  const kind = type.replace(/-file$/, '');
  return { type: 'other', label: typeof v.path === 'string' ? `${kind}: ${v.path}` : kind };
}

export function mediaLabel(m: MediaView): string {
  switch (m.type) {
    case 'image': {
      const size = m.width && m.height ? ` ${m.width}×${m.height}` : '';
      return m.count && m.count > 1 ? `${m.count} images${size}` : `image${size}${m.format ? ` ${m.format}` : ''}`;
    }
    case 'histogram':
      return `histogram, ${m.values.length} bins`;
    case 'table':
      return m.rows !== undefined ? `table, ${formatCount(m.rows)} rows` : 'table';
    case 'other':
      return m.label;
  }
}

/** Every image path the rows refer to: the only files a webview may ask the extension to fetch. */
export function mediaPaths(rows: readonly FlatRow[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows) if (r.media?.type === 'image') out.add(r.media.path);
  return out;
}

/** Every table file path the rows refer to: the only tables a webview may ask to preview. */
export function tablePaths(rows: readonly FlatRow[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows) if (r.media?.type === 'table' && r.media.path) out.add(r.media.path);
  return out;
}
