/**
 * A run's config as the service stores it and as its SDK writes `config.yaml`. wandb-core (every
 * SDK since the legacy Python service was dropped) sends and writes `{key: {value}}`; the Python
 * sender before it, and the public API's `Run.update`, `{key: {desc: null, value}}`.
 */
import { stringify } from 'yaml';
import { toYaml } from './yaml.js';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A stored entry: the SDK's reader takes any object with a `value` for one (`Run._load_from_attrs`). */
const isEntry = (v: unknown): v is Obj & { value: unknown } => isObject(v) && 'value' in v;

/**
 * Plain `{k: v}` or stored `{k: {value}}` / `{k: {desc, value}}`: an entry is kept as its SDK
 * wrote it, a plain value wrapped as wandb-core sends every key (`runupserter.go`, the config
 * serialized by `RunConfig.Serialize(FormatJson)`).
 */
export function wrapConfigValues(config: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(config)) out[k] = isEntry(v) ? v : { value: v };
  return out;
}

/**
 * A run's `config.yaml` in the dialect of the SDK that stored `config`. wandb-core writes
 * `{key: {value}}` with Go's yaml.v3 (`core/internal/runconfig/runconfig.go`
 * `RunConfig.Serialize(FormatYaml)`): no version line, keys sorted, four-space indents. The Python
 * sender (`wandb/sdk/lib/config_util.py` `save_config_file_from_dict`) wrote `wandb_version: 1`, a
 * blank line, then `{desc, value}` per key in the order set, through PyYAML; the dev server
 * writes that for a run whose stored config carries `desc`, as those runs' configs do.
 */
export function configYaml(config: Obj): string {
  return Object.values(config).some((v) => isObject(v) && 'desc' in v) ? pythonConfigYaml(config) : coreConfigYaml(config);
}

function coreConfigYaml(config: Obj): string {
  if (Object.keys(config).length === 0) return '{}\n';
  return stringify(config, { indent: 4, indentSeq: true, lineWidth: 0, sortMapEntries: (a, b) => naturalOrder(String(a.key), String(b.key)) });
}

/** yaml.v3's key order: runs of digits compare as numbers (`"2"` before `"12"`), the rest by code point. */
function naturalOrder(a: string, b: string): number {
  const runs = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const [ra, rb] = [runs(a), runs(b)];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const [x, y] = [ra[i]!, rb[i]!];
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

function pythonConfigYaml(config: Obj): string {
  const entries: Obj = {};
  for (const [k, v] of Object.entries(config)) entries[k] = isEntry(v) ? { desc: v.desc ?? null, value: v.value } : { desc: null, value: v };
  // The SDK leaves an empty config's dump out ("adding an empty dictionary here causes a parse error").
  return Object.keys(entries).length ? 'wandb_version: 1\n\n' + toYaml(entries) : 'wandb_version: 1';
}
