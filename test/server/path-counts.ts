/**
 * `Project.pathCounts(filters)`: for every config value path and summary metric of the matching
 * runs, how many runs have it. Flat dotted storage paths (`config.optimizer.value.lr`,
 * `summary_metrics.val/acc`), as filters and order keys name them.
 */
import type { RunRec } from './model.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Leaf paths of a config value: nested plain objects are walked, lists and media are leaves. */
function leafPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (isPlainObject(value) && typeof value._type !== 'string' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leafPaths(v, `${prefix}.${k}`, out);
  } else {
    out.add(prefix);
  }
}

export function pathCounts(runs: readonly RunRec[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of runs) {
    const paths = new Set<string>();
    for (const [key, wrapped] of Object.entries(r.config)) {
      const value = isPlainObject(wrapped) && 'value' in wrapped ? wrapped.value : wrapped;
      leafPaths(value, `config.${key}.value`, paths);
    }
    for (const key of Object.keys(r.summary)) paths.add(`summary_metrics.${key}`);
    for (const p of paths) counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}
