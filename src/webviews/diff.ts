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
  /**
   * Per run: its value differs from the one most runs share (the odd one out). All false when
   * no value is shared by more runs than any other (two runs that disagree: neither is odd).
   */
  odd: boolean[];
  /**
   * The runs differ and no value is the majority (every run different, or a tie such as two
   * runs that disagree): no run is singled out, every cell of the row is tinted alike.
   */
  split: boolean;
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
        d = { path: r.path, internal: r.internal, cells: new Array<FlatRow | undefined>(tables.length).fill(undefined), differs: false, odd: [], split: false };
        index.set(r.path, d);
        out.push(d);
      }
      d.cells[run] = r;
    }
  });
  for (const d of out) {
    const first = d.cells[0];
    d.differs = d.cells.some((c) => !sameValue(c, first));
    d.odd = oddOnesOut(d.cells);
    d.split = d.differs && !d.odd.some(Boolean);
  }
  return out;
}

/**
 * The odd ones out: the cells whose value differs from the majority value, the one held by at
 * least two runs and by more runs than any other value (a missing key counts as a value).
 * None when there is no such value (every run different, or a tie).
 */
export function oddOnesOut(cells: ReadonlyArray<FlatRow | undefined>): boolean[] {
  const keyOf = (c: FlatRow | undefined) => (c ? `${c.kind}:${c.text}` : '');
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top || ranked.length === 1 || top[1] < 2 || (second && second[1] === top[1])) return cells.map(() => false);
  return cells.map((c) => keyOf(c) !== top[0]);
}

/** `value − baseline` for two numeric cells, else undefined. */
export function numericDelta(value: FlatRow | undefined, baseline: FlatRow | undefined): number | undefined {
  if (value?.num === undefined || baseline?.num === undefined) return undefined;
  return value.num - baseline.num;
}
