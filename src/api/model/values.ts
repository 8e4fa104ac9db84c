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

type ConfigObject = { [key: string]: WandbValue };
const isConfigObject = (v: WandbValue | undefined): v is ConfigObject => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A run's config as the service returns it (`Run.config`) or a `config.yaml` holds it:
 * `{key: {value}}` (wandb-core), `{key: {desc, value}}` (the Python sender, the public API's
 * `Run.update`), or a plain value. Read as the SDK reads it (`wandb/apis/public/runs.py`
 * `Run._load_from_attrs`): an object holding `value` is an entry, anything else a plain value.
 */
export function decodeConfig(text: unknown): Record<string, ConfigEntry> {
  return unwrapConfig(decodeJsonObject(text), (v) => 'value' in v);
}

/**
 * The config a run's `.wandb` log rebuilds from its records: plain values, or `{value}` entries
 * where the writer wrapped them. Only an object of nothing but `value` and `desc` is an entry, so a
 * logged dictionary that happens to hold a `value` key stays whole.
 */
export function decodeLogConfig(tree: Record<string, WandbValue>): Record<string, ConfigEntry> {
  return unwrapConfig(tree, (v) => 'value' in v && Object.keys(v).every((k) => k === 'value' || k === 'desc'));
}

function unwrapConfig(raw: Record<string, WandbValue>, isEntry: (v: ConfigObject) => boolean): Record<string, ConfigEntry> {
  const out = emptyRecord<ConfigEntry>();
  for (const [key, v] of Object.entries(raw)) {
    if (isConfigObject(v) && isEntry(v)) {
      const entry: ConfigEntry = { value: v.value! };
      if (typeof v.desc === 'string' && v.desc.length > 0) entry.desc = v.desc;
      out[key] = entry;
    } else {
      out[key] = { value: v };
    }
  }
  return out;
}

/**
 * Config keys W&B keeps for its own bookkeeping; the UI hides them by default. Only these two,
 * as the SDK's `WANDB_INTERNAL_KEYS` (`wandb/apis/public/runs.py`): other `_` keys are the
 * user's (Hugging Face configs carry `_name_or_path`, `_commit_hash`…).
 */
export function isInternalConfigKey(key: string): boolean {
  return key === '_wandb' || key === 'wandb_version';
}

/** Summary keys W&B writes itself (`_step`, `_runtime`, `_timestamp`, `_wandb`): all start with `_`. */
export function isInternalSummaryKey(key: string): boolean {
  return key.startsWith('_');
}
