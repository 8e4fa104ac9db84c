import { parseWandbJson } from '../api/model/json';
import { isMediaValue, type WandbValue } from '../api/model/values';

/**
 * Items in a `.wandb` log name their place by a key path (docs/LOCAL-RUNS.md, "Keys"): wandb-core
 * flattens a logged dict into one leaf item per path (`["eval", "acc"]`), the Python writer sends
 * the dict whole under its key. Both become the same nested value here; history rows are then
 * flattened the way W&B shows nested metrics (`eval.acc`), keeping each flat key's path.
 */

export type JsonObject = { [key: string]: WandbValue };

/** A number written as JSON takes the cheap road; everything else goes through the dialect parser. */
export function parseValueJson(text: string): WandbValue {
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 /* - */) {
    const n = Number(text);
    if (!Number.isNaN(n)) return n;
  }
  if (text === 'NaN') return Number.NaN;
  if (text === '') return null;
  try {
    return parseWandbJson(text) as WandbValue;
  } catch {
    // Not JSON at all (a damaged record): keep the text so nothing is silently lost.
    return text;
  }
}

function isPlainObject(v: unknown): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Sets `value` at `path` inside `target`, making the objects on the way. */
export function setPath(target: JsonObject, path: readonly string[], value: WandbValue): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next = node[key];
    if (!isPlainObject(next)) {
      next = {};
      node[key] = next;
    }
    node = next;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

/** Removes the value at `path`, if there is one. */
export function deletePath(target: JsonObject, path: readonly string[]): void {
  let node: WandbValue | undefined = target;
  for (let i = 0; i < path.length - 1; i++) {
    node = isPlainObject(node) ? node[path[i]!] : undefined;
  }
  const last = path[path.length - 1];
  if (isPlainObject(node) && last !== undefined) delete node[last];
}

/**
 * Flattens nested dicts into `a.b` keys, stopping at media values (objects with `_type`), arrays
 * and scalars. `paths` receives, for each flat key it has not seen yet, the path it stands for.
 */
export function flattenInto(
  out: JsonObject,
  value: JsonObject,
  paths: Map<string, readonly string[]>,
  prefix = '',
  parentPath: readonly string[] = [],
): void {
  for (const key of Object.keys(value)) {
    const v = value[key]!;
    const flat = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v) && !isMediaValue(v) && Object.keys(v).length > 0) {
      flattenInto(out, v, paths, flat, [...parentPath, key]);
    } else {
      out[flat] = v;
      if (!paths.has(flat)) paths.set(flat, parentPath.length ? [...parentPath, key] : [key]);
    }
  }
}

/** The type name W&B's `historyKeys` uses for a value: `number`, `string`, a media `_type`… */
export function valueTypeName(v: WandbValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  return isMediaValue(v) ? v._type : 'map';
}
