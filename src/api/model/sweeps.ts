import { parseWandbJson } from './json';
import { parseWandbDate } from './dates';
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
 * The `metric: {name, goal}` of a sweep configuration. W&B stores the configuration as YAML
 * (sometimes JSON); only this one mapping is read, block or flow style. Goal defaults to minimize.
 */
export function sweepMetric(config: string | null | undefined): { name: string; goal: SweepGoal } | undefined {
  if (!config) return undefined;
  let name: string | undefined;
  let goal: string | undefined;
  const trimmed = config.trim();
  if (trimmed.startsWith('{')) {
    try {
      const obj = parseWandbJson(trimmed) as { metric?: { name?: unknown; goal?: unknown } };
      if (typeof obj?.metric?.name === 'string') name = obj.metric.name;
      if (typeof obj?.metric?.goal === 'string') goal = obj.metric.goal;
    } catch {
      // fall through to the YAML reading
    }
  }
  if (name === undefined) {
    const lines = config.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\s*)metric\s*:\s*(.*)$/.exec(lines[i]!);
      if (!m) continue;
      const indent = m[1]!.length;
      const rest = m[2]!.trim();
      if (rest.startsWith('{')) {
        name = /\bname\s*:\s*([^,}]+)/.exec(rest)?.[1];
        goal = /\bgoal\s*:\s*([^,}]+)/.exec(rest)?.[1];
      } else {
        for (let j = i + 1; j < lines.length; j++) {
          const line = lines[j]!;
          if (!line.trim() || line.trim().startsWith('#')) continue;
          const lead = /^(\s*)/.exec(line)![1]!.length;
          if (lead <= indent) break;
          const kv = /^\s*(name|goal)\s*:\s*(.+?)\s*$/.exec(line);
          if (kv?.[1] === 'name') name = kv[2];
          if (kv?.[1] === 'goal') goal = kv[2];
        }
      }
      if (indent === 0) break;
    }
  }
  name = name?.trim().replace(/^["']|["']$/g, '');
  goal = goal?.trim().replace(/^["']|["']$/g, '');
  if (!name) return undefined;
  return { name, goal: goal === 'maximize' ? 'maximize' : 'minimize' };
}
