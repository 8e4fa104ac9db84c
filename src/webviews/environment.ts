/**
 * The facts a person looks for about where and how a run ran (OS, Python, CLI, host, GPUs,
 * CPUs, start, exit code, interpreter), gathered from `wandb-metadata.json`, the run and its
 * `_wandb` config, in the order the Overview shows them. Pure.
 */
import type { RunDetail } from '../api/model/run';
import type { RunMetadata } from '../api/model/metadata';
import type { EnvironmentRow } from './protocol';

/** The SDK version that logged the run: `_wandb.cli_version` of the config. */
export function cliVersionOf(detail: RunDetail): string | undefined {
  const w = detail.config._wandb?.value;
  const v = w && typeof w === 'object' && !Array.isArray(w) ? w.cli_version : undefined;
  return typeof v === 'string' && v ? v : undefined;
}

export function environmentRows(detail: RunDetail, meta: RunMetadata | undefined): EnvironmentRow[] {
  const rows: EnvironmentRow[] = [];
  const add = (label: string, value: string | number | undefined, kind?: EnvironmentRow['kind']) => {
    if (value === undefined || value === '') return;
    rows.push(kind ? { label, value: String(value), kind } : { label, value: String(value) });
  };
  add('OS', meta?.os);
  add('Python', meta?.python);
  add('W&B CLI', cliVersionOf(detail));
  add('Host', detail.host ?? meta?.host);
  if (meta?.gpu || meta?.gpuCount) add('GPU', meta.gpuCount ? `${meta.gpuCount} × ${meta.gpu ?? 'GPU'}` : meta.gpu);
  if (meta?.cpuCount !== undefined || meta?.cpuCountLogical !== undefined) {
    const logical = meta.cpuCountLogical !== undefined && meta.cpuCountLogical !== meta.cpuCount ? ` (${meta.cpuCountLogical} logical)` : '';
    add('CPUs', meta.cpuCount !== undefined ? `${meta.cpuCount}${logical}` : `${meta.cpuCountLogical} logical`);
  }
  add('Started', meta?.startedAt ?? detail.createdAt?.toISOString(), 'date');
  add('Exit code', detail.exitCode ?? meta?.exitCode);
  add('Executable', meta?.executable, 'code');
  return rows;
}
