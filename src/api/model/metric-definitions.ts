/**
 * A run's metric definitions (`run.define_metric(...)`), as W&B keeps them in the run's config:
 * `_wandb.value.m` is a list of `MetricRecord` protos encoded with field numbers as keys
 * (`"1"` name, `"2"` glob name, `"5"` one-based index of the step metric in the list,
 * `"6"` the set `MetricOptions` fields, `"7"` the set `MetricSummary` fields, `"8"` the goal:
 * 1 minimize, 2 maximize). See `wandb/proto/wandb_internal.proto` `MetricRecord` and the
 * encoders `wandb/sdk/lib/proto_util.py` `proto_encode_to_dict` and
 * `core/internal/corelib/protolib.go` `ProtoEncodeToDict`.
 */
import type { ConfigEntry } from './values';
import type { SweepGoal } from './sweeps';

/** `MetricSummary` fields by number (the `"7"` list). */
const SUMMARY_FIELDS = ['', 'min', 'max', 'mean', 'best', 'last', 'none', 'copy', 'first'] as const;
export type MetricSummaryKind = Exclude<(typeof SUMMARY_FIELDS)[number], ''>;

export interface MetricDefinition {
  /** The metric's name, or its glob (`val/*`: a prefix followed by `*`) when `glob`. */
  name: string;
  glob: boolean;
  /** `define_metric(goal=...)`: absent when the run did not say. */
  goal?: SweepGoal;
  /** `define_metric(summary=...)`: the aggregates kept in the summary. */
  summary: MetricSummaryKind[];
}

/** The metric definitions in a decoded run config; none when it holds none (or something else). */
export function metricDefinitions(config: Record<string, ConfigEntry>): MetricDefinition[] {
  const wandb = config._wandb?.value;
  const list = wandb && typeof wandb === 'object' && !Array.isArray(wandb) ? wandb.m : undefined;
  if (!Array.isArray(list)) return [];
  const out: MetricDefinition[] = [];
  for (const rec of list) {
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) continue;
    const name = typeof rec['1'] === 'string' && rec['1'] ? rec['1'] : undefined;
    const glob = typeof rec['2'] === 'string' && rec['2'] ? rec['2'] : undefined;
    if (!name && !glob) continue;
    const goalNumber = rec['8'];
    const summaryFields = Array.isArray(rec['7']) ? rec['7'] : [];
    const summary = summaryFields
      .map((n) => (typeof n === 'number' ? SUMMARY_FIELDS[n] : undefined))
      .filter((k): k is MetricSummaryKind => !!k);
    const def: MetricDefinition = { name: (name ?? glob)!, glob: !name, summary };
    if (goalNumber === 1) def.goal = 'minimize';
    else if (goalNumber === 2) def.goal = 'maximize';
    out.push(def);
  }
  return out;
}
