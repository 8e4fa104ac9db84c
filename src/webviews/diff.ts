/**
 * Lines up the flattened configs (or summaries) of several runs by dot path, for the compare
 * panel: one row per leaf path, a cell per run (undefined where the run lacks the key), and
 * whether the runs disagree. Pure.
 */
import type { FlatRow } from './protocol';

export interface DiffRow {
  path: string;
  internal: boolean;
  cells: Array<FlatRow | undefined>;
  /** Not every run has the same value (a missing key counts as a value). */
  differs: boolean;
}

function sameValue(a: FlatRow | undefined, b: FlatRow | undefined): boolean {
  if (!a || !b) return a === b;
  return a.kind === b.kind && a.text === b.text;
}

/** Leaf rows (objects are spelled out by their children) in first-seen order across runs. */
export function diffRows(tables: ReadonlyArray<readonly FlatRow[]>): DiffRow[] {
  const index = new Map<string, DiffRow>();
  const out: DiffRow[] = [];
  tables.forEach((rows, run) => {
    for (const r of rows) {
      if (r.kind === 'object' && (r.children ?? 0) > 0) continue;
      let d = index.get(r.path);
      if (!d) {
        d = { path: r.path, internal: r.internal, cells: new Array<FlatRow | undefined>(tables.length).fill(undefined), differs: false };
        index.set(r.path, d);
        out.push(d);
      }
      d.cells[run] = r;
    }
  });
  for (const d of out) {
    const first = d.cells[0];
    d.differs = d.cells.some((c) => !sameValue(c, first));
  }
  return out;
}

/** `value − baseline` for two numeric cells, else undefined. */
export function numericDelta(value: FlatRow | undefined, baseline: FlatRow | undefined): number | undefined {
  if (value?.num === undefined || baseline?.num === undefined) return undefined;
  return value.num - baseline.num;
}
