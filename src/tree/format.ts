/** Short texts for tree descriptions and tooltips. Pure. */
import type { RunSummary } from '../api/model/run';
import { formatDuration } from '../format';

/** A summary value in a few characters: 0.91234 → 0.9123, 12345.678 → 12346, strings as-is. */
export function formatMetric(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
    return String(Number(v.toPrecision(4)));
  }
  if (typeof v === 'string') return v.length > 24 ? `${v.slice(0, 23)}…` : v;
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '–';
  return (v as { _type?: string })._type ?? 'object';
}

/** Markdown-escapes text from W&B (names, notes, tags) so it shows as text, never as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r?\n/g, '  \n');
}

/** The run tooltip (markdown): id, user, created, runtime, tags, group, job type, notes. */
export function runTooltipMarkdown(r: RunSummary): string {
  const rows: Array<[string, string | undefined]> = [
    ['ID', `\`${r.runId.replace(/`/g, '')}\``],
    ['State', escapeMarkdown(r.state)],
    ['User', r.user ? escapeMarkdown(r.user) : undefined],
    ['Created', r.createdAt ? r.createdAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : undefined],
    ['Runtime', r.createdAt && r.heartbeatAt ? formatDuration(r.heartbeatAt.getTime() - r.createdAt.getTime()) : undefined],
    ['Tags', r.tags.length ? r.tags.map(escapeMarkdown).join(', ') : undefined],
    ['Group', r.group ? escapeMarkdown(r.group) : undefined],
    ['Job type', r.jobType ? escapeMarkdown(r.jobType) : undefined],
    ['Sweep', r.sweepName ? escapeMarkdown(r.sweepName) : undefined],
  ];
  for (const [k, v] of Object.entries(r.metrics ?? {})) rows.push([escapeMarkdown(k), escapeMarkdown(formatMetric(v))]);
  const lines = [`**${escapeMarkdown(r.displayName)}**`, '', ...rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}  `)];
  if (r.notes) lines.push('', '---', '', escapeMarkdown(r.notes));
  return lines.join('\n');
}
