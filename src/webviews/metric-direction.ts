/**
 * Whether lower or higher is better for a metric, from what the compared runs said about it:
 * a metric definition's goal (`run.define_metric(name, goal=...)`), a lone `summary="min"` or
 * `"max"` (the SDK's replacement for `goal`), or the metric of the sweep a run belongs to.
 * Never from the metric's name: without a statement the direction is unknown. Pure; the page
 * and the extension both use it.
 */
import type { MetricDefinition } from '../api/model/metric-definitions';

export type Goal = 'minimize' | 'maximize';

/** One statement of a metric's direction, by one run (or the sweep it belongs to). */
export interface GoalFact {
  run: number;
  /** A metric name, or a glob prefix ending in `*` when `glob`. */
  name: string;
  glob: boolean;
  goal: Goal;
  /** What said so, as the tooltip words it: `define_metric goal=minimize`. */
  source: string;
}

export interface MetricDirection {
  /** Absent when unknown: no run said, or the runs disagree. */
  goal?: Goal;
  /** Why, in words: "lower is better: defined by define_metric goal=minimize". */
  why: string;
}

/** The summary aggregates `define_metric(summary=...)` keeps under a metric (`val/loss.min`). */
const AGGREGATES = new Set(['min', 'max', 'mean', 'best', 'last', 'first']);

/** The metric of the sweep run `run` belongs to. */
export interface RunSweepMetric {
  run: number;
  sweepId: string;
  metric: { name: string; goal: Goal };
}

/** The facts each run's definitions and sweep give; a run's definitions without a direction give none. */
export function goalFacts(definitions: ReadonlyArray<readonly MetricDefinition[]>, sweeps: readonly RunSweepMetric[] = []): GoalFact[] {
  const out: GoalFact[] = [];
  definitions.forEach((defs, run) => {
    for (const d of defs) {
      const min = d.summary.includes('min');
      const max = d.summary.includes('max');
      if (d.goal) out.push({ run, name: d.name, glob: d.glob, goal: d.goal, source: `define_metric goal=${d.goal}` });
      else if (min !== max) out.push({ run, name: d.name, glob: d.glob, goal: min ? 'minimize' : 'maximize', source: `define_metric summary=${min ? 'min' : 'max'}` });
    }
  });
  for (const s of sweeps) out.push({ run: s.run, name: s.metric.name, glob: false, goal: s.metric.goal, source: `sweep ${s.sweepId} metric goal=${s.metric.goal}` });
  return out;
}

/**
 * What one run said about a key: its exact definition of the key, else of the metric the key
 * aggregates (`val/loss.min` → `val/loss`), else a glob it matches.
 */
function factsOfRun(facts: readonly GoalFact[], run: number, names: readonly string[]): GoalFact[] {
  const own = facts.filter((f) => f.run === run);
  for (const name of names) {
    const exact = own.filter((f) => !f.glob && f.name === name);
    if (exact.length) return exact;
  }
  return own.filter((f) => f.glob && names.some((n) => n.startsWith(f.name.replace(/\*$/, ''))));
}

/**
 * The direction of summary key `key` over `runCount` runs. Runs that say nothing do not count
 * against the others; runs that contradict each other make it unknown.
 */
export function metricDirection(key: string, facts: readonly GoalFact[], runCount: number): MetricDirection {
  const dot = key.lastIndexOf('.');
  const names = dot > 0 && AGGREGATES.has(key.slice(dot + 1)) ? [key, key.slice(0, dot)] : [key];
  const said: GoalFact[] = [];
  let runs = 0;
  for (let run = 0; run < runCount; run++) {
    const f = factsOfRun(facts, run, names);
    if (f.length) runs++;
    said.push(...f);
  }
  if (said.length === 0) return { why: 'direction unknown: no run defines a goal for this metric (define_metric goal= or a sweep metric)' };
  const sources = [...new Set(said.map((f) => f.source))].join('; ');
  if (new Set(said.map((f) => f.goal)).size > 1) return { why: `direction unknown: the runs disagree (${sources})` };
  const goal = said[0]!.goal;
  const some = runs < runCount ? ` (${runs} of ${runCount} runs)` : '';
  return { goal, why: `${goal === 'minimize' ? 'lower' : 'higher'} is better: defined by ${sources}${some}` };
}

/** How a change compares: `delta` is value − baseline. Unknown direction or no change: neither. */
export function deltaVerdict(delta: number, direction: MetricDirection): 'better' | 'worse' | undefined {
  if (!direction.goal || delta === 0 || !Number.isFinite(delta)) return undefined;
  return (delta < 0) === (direction.goal === 'minimize') ? 'better' : 'worse';
}
