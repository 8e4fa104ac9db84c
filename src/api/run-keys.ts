/**
 * The config and summary keys of a project's runs, with how many runs have each, from W&B's
 * `Project.pathCounts(filters)`: the runs table's column picker reads this instead of every
 * run's config.
 *
 * `pathCounts` is a JSON string of W&B storage paths and run counts. No public client reads it,
 * so its exact nesting is not pinned: the decoder takes flat dotted paths
 * (`{"config.lr.value": 3}`) and nested trees of counts (`{"config": {"lr": {"value": 3}}}`)
 * alike, and keeps only config values and summary metrics.
 */
import { parseWandbJson } from './model/json';
import { isInternalConfigKey, isInternalSummaryKey } from './model/values';
import { projectNotFound } from './errors';
import { RUN_KEYS } from './queries/runs-table';
import { filtersArg, type WandbApi } from './wandb-api';

export type RunKeySource = 'config' | 'summary';

export interface RunKey {
  source: RunKeySource;
  /** What a person types and reads: `optimizer.lr`, `val/acc`. */
  key: string;
  /** The W&B storage path, as filters and order keys name it: `config.optimizer.value.lr`, `summary_metrics.val/acc`. */
  path: string;
  /** Runs that have a value at this path. */
  count: number;
}

/** Flattens nested counts into dotted paths; a number is a leaf. */
function flattenCounts(node: unknown, prefix: string, out: Map<string, number>): void {
  if (typeof node === 'number') {
    if (Number.isFinite(node) && prefix) out.set(prefix, Math.max(out.get(prefix) ?? 0, node));
    return;
  }
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) flattenCounts(v, prefix ? `${prefix}.${k}` : k, out);
}

/** A storage path as a column key, or undefined for paths that are not config values or summary metrics. */
export function runKeyOfPath(path: string): Pick<RunKey, 'source' | 'key'> | undefined {
  const summary = /^(summary_metrics|summaryMetrics)\.(.+)$/.exec(path);
  if (summary) return { source: 'summary', key: summary[2]! };
  const config = /^config\.(.+?)\.value(?:\.(.+))?$/.exec(path);
  if (config) return { source: 'config', key: config[2] ? `${config[1]}.${config[2]}` : config[1]! };
  return undefined;
}

/**
 * Decodes `pathCounts` into keys, most common first, then by name. W&B bookkeeping is dropped:
 * `_wandb` and `wandb_version` in config, every `_` key in the summary (`_runtime`, `_step`…).
 */
export function decodePathCounts(text: unknown): RunKey[] {
  const parsed = typeof text === 'string' ? (text ? parseWandbJson(text) : {}) : text;
  const flat = new Map<string, number>();
  flattenCounts(parsed, '', flat);
  const out: RunKey[] = [];
  const seen = new Set<string>();
  for (const [path, count] of flat) {
    const k = runKeyOfPath(path);
    if (!k) continue;
    const parts = k.key.split('.');
    if (parts.some((s) => s === '')) continue;
    if (k.source === 'config' ? isInternalConfigKey(parts[0]!) : isInternalSummaryKey(parts[0]!)) continue;
    const id = `${k.source}:${k.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ ...k, path, count });
  }
  return out.sort((a, b) => b.count - a.count || a.source.localeCompare(b.source) || a.key.localeCompare(b.key));
}

/** A project's run keys and how many runs match `filters` (one request). */
export async function readRunKeys(
  api: WandbApi,
  q: { entity: string; project: string; filters?: Record<string, unknown> },
  signal?: AbortSignal,
): Promise<{ keys: RunKey[]; runCount: number }> {
  const data = await api.client.request(RUN_KEYS, { entity: q.entity, project: q.project, filters: filtersArg(q.filters) }, signal);
  if (!data.project) throw projectNotFound(q, api.client.host);
  return { keys: decodePathCounts(data.project.pathCounts), runCount: data.project.runCount };
}
