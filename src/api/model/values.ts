import { parseWandbJson } from './json';

/**
 * A value from a run's config, summary or history after decoding: JSON data where numbers may
 * be NaN/±Infinity, and rich media kept as objects tagged with `_type`.
 */
export type WandbValue = null | boolean | number | string | WandbValue[] | { [key: string]: WandbValue };

/** Rich values W&B logs (images, histograms, tables...). `_type` names the kind. */
export type MediaValue =
  | { _type: 'image-file'; path: string; sha256?: string; size?: number; width?: number; height?: number; format?: string }
  | { _type: 'images/separated'; width?: number; height?: number; format?: string; count?: number; captions?: string[] }
  | { _type: 'histogram'; values: number[]; bins: number[] }
  | { _type: 'table-file'; path: string; sha256?: string; size?: number; nrows?: number; ncols?: number }
  | { _type: string; [key: string]: WandbValue };

/** True when `v` is a media object (`{_type: "..."}`), which the UI shows as what it is. */
export function isMediaValue(v: unknown): v is MediaValue {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { _type?: unknown })._type === 'string';
}

/** Decodes a JSONString field holding an object; null, empty, or non-object text gives `{}`. */
export function decodeJsonObject(text: unknown): Record<string, WandbValue> {
  if (text === null || text === undefined || text === '') return {};
  const parsed = typeof text === 'string' ? parseWandbJson(text) : text;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, WandbValue>) : {};
}

/**
 * An empty object without a prototype, for records keyed by names from W&B: a config key
 * `__proto__` (or `constructor`) is then an ordinary key, never the object's prototype.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** An entry of a run's config: its value and the optional description W&B stores beside it. */
export interface ConfigEntry {
  value: WandbValue;
  desc?: string;
}

/**
 * Run config arrives as `{key: {value, desc}}` (public API and Python SDK) or `{key: {value}}`
 * (wandb-core) or, rarely, as plain values. Unwraps to `{key: ConfigEntry}`.
 */
export function decodeConfig(text: unknown): Record<string, ConfigEntry> {
  const raw = decodeJsonObject(text);
  const out = emptyRecord<ConfigEntry>();
  for (const [key, v] of Object.entries(raw)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in v && Object.keys(v).every((k) => k === 'value' || k === 'desc')) {
      const entry: ConfigEntry = { value: (v as { value: WandbValue }).value };
      const desc = (v as { desc?: unknown }).desc;
      if (typeof desc === 'string' && desc.length > 0) entry.desc = desc;
      out[key] = entry;
    } else {
      out[key] = { value: v };
    }
  }
  return out;
}

/** Keys W&B uses for its own bookkeeping; the UI hides them by default. */
export function isInternalKey(key: string): boolean {
  return key.startsWith('_') || key === 'wandb_version';
}
