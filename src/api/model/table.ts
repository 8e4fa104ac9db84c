/**
 * A W&B table file (`*.table.json`, what `wandb.Table` writes): `{"columns": [...], "data":
 * [[...], ...]}` in Python's JSON dialect. Decoded into a preview: column names and the first
 * rows as display text, with the total row count. Cells that are media (`{_type, path}`) or
 * other objects become short text; nothing here is markup.
 */
import { parseWandbJson } from './json';
import { isMediaValue } from './values';

export interface TablePreview {
  columns: string[];
  /** The first rows, each with one text per column. */
  rows: string[][];
  /** Rows in the file. */
  total: number;
}

/** Cells longer than this are cut (the preview is for looking, not for copying data out). */
export const MAX_CELL_CHARS = 500;
/** Columns beyond this are left out of a preview. */
export const MAX_PREVIEW_COLUMNS = 100;

function cut(s: string): string {
  return s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS)}…` : s;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return cut(v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (isMediaValue(v)) {
    const path = (v as { path?: unknown }).path;
    return cut(typeof path === 'string' ? `${v._type}: ${path}` : v._type);
  }
  try {
    return cut(JSON.stringify(v) ?? '');
  } catch {
    return '';
  }
}

/** Throws (with a plain message) when the text is not a W&B table. */
export function decodeTablePreview(text: string, maxRows: number): TablePreview {
  let raw: unknown;
  try {
    raw = parseWandbJson(text);
  } catch {
    throw new Error('the table file is not valid JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('the table file has no columns and data');
  const t = raw as { columns?: unknown; data?: unknown };
  if (!Array.isArray(t.columns) || !Array.isArray(t.data)) throw new Error('the table file has no columns and data');
  const columns = t.columns.slice(0, MAX_PREVIEW_COLUMNS).map((c) => cellText(c));
  const rows = t.data.slice(0, Math.max(0, maxRows)).map((r) => {
    const cells = Array.isArray(r) ? r : [r];
    return columns.map((_, i) => cellText(cells[i]));
  });
  return { columns, rows, total: t.data.length };
}
