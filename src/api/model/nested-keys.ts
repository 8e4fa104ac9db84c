/**
 * Nested metrics: `wandb.log({"eval": {"acc": 0.9}})` keeps the dict in history rows and
 * summaries; the web app charts and sorts its leaves under dot paths (`eval.acc`). These turn
 * rows into dot-path keys, read a dot path out of a summary, and name the top-level key a
 * dot path lives under (what a server is asked for: it stores rows as they were logged).
 */
import { isMediaValue, type WandbValue } from './values';

type Dict = { [key: string]: WandbValue };

/** A dict to descend into: not media (`_type`), not a list, not empty. */
function isNestedDict(v: WandbValue | undefined): v is Dict {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !isMediaValue(v) && Object.keys(v).length > 0;
}

/** The row with every nested dict spread into dot-path keys; the same object when it has none. */
export function flattenNested(row: Dict): Dict {
  let nested = false;
  for (const k in row) {
    if (isNestedDict(row[k])) {
      nested = true;
      break;
    }
  }
  if (!nested) return row;
  const out: Dict = {};
  const put = (prefix: string, value: Dict) => {
    for (const [k, v] of Object.entries(value)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isNestedDict(v)) put(key, v);
      else out[key] = v;
    }
  };
  put('', row);
  return out;
}

/**
 * The value at a key of a summary: the key itself when the summary has it (a key may contain
 * dots), else the dot path through nested dicts (`eval.acc`). Undefined when neither exists.
 */
export function valueAtPath(summary: Dict, key: string): WandbValue | undefined {
  if (Object.hasOwn(summary, key)) return summary[key];
  const parts = key.split('.');
  let node: WandbValue | undefined = summary;
  for (const p of parts) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, p)) return undefined;
    node = (node as Dict)[p];
  }
  return node;
}

/**
 * The keys to ask a server for so that `keys` can be read: each key, and for a dot path also
 * its top-level key, under which a nested value is stored as logged.
 */
export function withTopLevelKeys(keys: readonly string[]): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    out.add(k);
    const dot = k.indexOf('.');
    if (dot > 0) out.add(k.slice(0, dot));
  }
  return [...out];
}
