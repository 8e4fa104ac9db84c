import { parseWandbJson } from './json';
import { parseWandbDate } from './dates';
import { parseYaml } from '../../text/yaml';
import type { RawSweep } from '../queries/sweeps';

export type SweepGoal = 'maximize' | 'minimize';

/** A hyperparameter sweep, as its tree row shows it. */
export interface Sweep {
  id: string;
  entity: string;
  project: string;
  /** The sweep ID used in URLs and `sweep(sweepName:)`. */
  sweepId: string;
  displayName: string;
  /** RUNNING, FINISHED, CANCELED, PAUSED... as the server says. */
  state: string;
  /** grid, random, bayes. */
  method: string;
  metric?: { name: string; goal: SweepGoal };
  runCount: number;
  bestLoss?: number;
  createdAt?: Date;
}

export function decodeSweep(s: RawSweep, entity: string, project: string): Sweep {
  return {
    id: s.id,
    entity,
    project,
    sweepId: s.name,
    displayName: s.displayName || s.name,
    state: s.state,
    method: s.method,
    metric: sweepMetric(s.config),
    runCount: s.runCount ?? 0,
    bestLoss: typeof s.bestLoss === 'number' ? s.bestLoss : undefined,
    createdAt: parseWandbDate(s.createdAt),
  };
}

/**
 * The `metric: {name, goal}` of a sweep configuration, read as the SDK reads it
 * (`wandb/apis/public/sweeps.py`, `Sweep.config` through `util.load_yaml`, and `Sweep.order`:
 * goal defaults to minimize). W&B stores the configuration as YAML, sometimes as JSON (with bare
 * NaN), so comments, quoting and flow style are the YAML parser's business, not a regex's.
 */
export function sweepMetric(config: string | null | undefined): { name: string; goal: SweepGoal } | undefined {
  if (!config?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = config.trim().startsWith('{') ? parseWandbJson(config) : parseYaml(config);
  } catch {
    try {
      parsed = parseYaml(config);
    } catch {
      return undefined;
    }
  }
  const metric = parsed && typeof parsed === 'object' ? (parsed as { metric?: unknown }).metric : undefined;
  if (!metric || typeof metric !== 'object') return undefined;
  const { name, goal } = metric as { name?: unknown; goal?: unknown };
  if (typeof name !== 'string' || !name.trim()) return undefined;
  return { name: name.trim(), goal: goal === 'maximize' ? 'maximize' : 'minimize' };
}

/** The runs `order` that puts a sweep's best run first (`Sweep.order` in the SDK). */
export function sweepOrder(metric: { name: string; goal: SweepGoal }): string {
  return `${metric.goal === 'maximize' ? '-' : '+'}summary_metrics.${metric.name}`;
}
