/** A benchmark figure: a judged value (ratio, count or size) against its goal, plus raw numbers. */
export interface Figure {
  /** Stable id, e.g. `tree.clientOverServer`. */
  id: string;
  /** Figure group: 1 tree, 2 paging, 3 downloads, 4 charts, 5 start-up and size, 6 memory, 7 local runs, 8 runs table, 9 media. */
  group: number;
  title: string;
  value: number | null;
  unit: string;
  /** `<= 1.1`, `>= 5`... or none (reported only). */
  goal?: { op: '<=' | '>=' | '<' | '>' | '=='; target: number };
  /** PASS/MISS by the goal; INFO without a goal; SKIP when it could not be measured. */
  status: 'PASS' | 'MISS' | 'INFO' | 'SKIP';
  /** Absolute numbers behind the value (reported, never judged). */
  detail: Record<string, unknown>;
  note?: string;
}

export function judge(value: number | null, goal: Figure['goal']): Figure['status'] {
  if (value === null || !Number.isFinite(value)) return 'SKIP';
  if (!goal) return 'INFO';
  const t = goal.target;
  const ok =
    goal.op === '<=' ? value <= t : goal.op === '>=' ? value >= t : goal.op === '<' ? value < t : goal.op === '>' ? value > t : value === t;
  return ok ? 'PASS' : 'MISS';
}

export function figure(f: Omit<Figure, 'status'> & { status?: Figure['status'] }): Figure {
  return { ...f, status: f.status ?? judge(f.value, f.goal) };
}

export function skipped(id: string, group: number, title: string, unit: string, goal: Figure['goal'], why: string): Figure {
  return { id, group, title, value: null, unit, goal, status: 'SKIP', detail: {}, note: why };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** `global.gc`, exposed at run time (the bench runs under plain `tsx`, without `--expose-gc`). */
export async function getGc(): Promise<() => void> {
  const g = globalThis as { gc?: () => void };
  if (g.gc) return g.gc;
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  g.gc = vm.runInNewContext('gc') as () => void;
  return g.gc;
}

/** Heap used after two full collections. */
export async function settledHeap(): Promise<number> {
  const gc = await getGc();
  gc();
  await new Promise((r) => setImmediate(r));
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * The whole run must stay inside 10 minutes on a busy 2-core machine: optional repeats and
 * variants are dropped when less than they need is left (BENCH_BUDGET_S, default 540 s).
 */
export const budget = {
  startedAt: Date.now(),
  limitMs: Number(process.env.BENCH_BUDGET_S ?? 540) * 1000,
  leftMs(): number {
    return this.limitMs - (Date.now() - this.startedAt);
  },
};
