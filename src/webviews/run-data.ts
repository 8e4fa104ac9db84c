/**
 * What the panels fetch, turned into the protocol's shapes: header, flattened tables, metric
 * lists, history columns, logs and images. No `vscode` here, so it is testable with a fake API.
 */
import type { WandbApi } from '../api/wandb-api';
import { WandbError } from '../api/errors';
import type { RunDetail, RunRef } from '../api/model/run';
import type { HistoryRow } from '../api/model/history';
import { runWebUrl } from '../api/urls';
import { decodeTablePreview, type TablePreview } from '../api/model/table';
import type { RunPatch } from '../run-changes';
import { flattenConfig, flattenSummary } from './flatten';
import { numericKeys, rowsToColumns } from './history-columns';
import type { Columns, MetricInfo, RunHeaderData } from './protocol';
import type { RunMetadata } from '../api/model/metadata';
import { readOne, type RunFileReader } from './run-file-reader';
import { parseRemote } from '../api/model/git-remote';
import { environmentRows } from './environment';
import { withTopLevelKeys } from '../api/model/nested-keys';

/**
 * What the history, system and live-update readers below need of a run's source: the W&B API,
 * or a run folder on disk (local-run-source.ts) answering the same calls.
 */
export type HistorySource = Pick<WandbApi, 'run' | 'sampledHistory' | 'historyPage' | 'systemEvents'>;

/** Base keys every history request carries, so any of the x axes can be drawn. */
export const X_KEYS = ['_step', '_runtime', '_timestamp'] as const;
/** Zoomed ranges up to this many steps are fetched at full resolution. */
export const FULL_RESOLUTION_STEPS = 5_000;
const HISTORY_PAGE_STEPS = 1_000;

export function metricsOf(detail: RunDetail): MetricInfo[] {
  return detail.historyKeys.keys
    .filter((k) => k.numeric && !k.system && !k.key.startsWith('_'))
    .map((k) => ({ key: k.key, count: k.typeCounts.number ?? k.count }));
}

export function systemKeysOf(detail: RunDetail): string[] {
  return Object.keys(detail.systemMetrics).filter((k) => typeof detail.systemMetrics[k] === 'number');
}

function iso(d: Date | undefined): string | undefined {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

/** Seconds the run ran: `_runtime` from the summary, else `_wandb.runtime`, else heartbeat − created. */
export function runtimeOf(detail: RunDetail): number | undefined {
  const s = detail.summary;
  if (typeof s._runtime === 'number' && Number.isFinite(s._runtime)) return s._runtime;
  const w = s._wandb;
  if (w && typeof w === 'object' && !Array.isArray(w) && typeof w.runtime === 'number') return w.runtime;
  if (detail.createdAt && detail.heartbeatAt) {
    const secs = (detail.heartbeatAt.getTime() - detail.createdAt.getTime()) / 1000;
    if (Number.isFinite(secs) && secs >= 0) return secs;
  }
  return undefined;
}

export function buildHeader(detail: RunDetail, meta: RunMetadata | undefined, appUrl: string): RunHeaderData {
  const h: RunHeaderData = {
    ref: { entity: detail.entity, project: detail.project, runId: detail.runId },
    name: detail.displayName,
    state: detail.state,
    tags: detail.tags,
    webUrl: runWebUrl(appUrl, detail.entity, detail.project, detail.runId),
    lastStep: detail.historyKeys.lastStep,
  };
  const set = <K extends keyof RunHeaderData>(k: K, v: RunHeaderData[K] | undefined) => {
    if (v !== undefined && v !== '') h[k] = v;
  };
  set('user', detail.user);
  set('createdAt', iso(detail.createdAt));
  set('heartbeatAt', iso(detail.heartbeatAt));
  set('runtime', runtimeOf(detail));
  set('host', detail.host ?? meta?.host);
  set('notes', detail.notes ?? detail.description);
  set('group', detail.group);
  set('jobType', detail.jobType);
  set('sweep', detail.sweepName);
  const commit = detail.commit ?? meta?.commit;
  set('commit', commit);
  set('remote', meta?.remote);
  if (commit && meta?.remote) set('commitUrl', commitWebUrl(meta.remote, commit));
  set('command', meta?.command);
  set('python', meta?.python);
  const environment = environmentRows(detail, meta);
  if (environment.length) h.environment = environment;
  return h;
}

/** The header with an edit of the run applied (a cleared note drops the field). */
export function patchHeader(header: RunHeaderData, patch: RunPatch): RunHeaderData {
  const out: RunHeaderData = { ...header, tags: [...(patch.tags ?? header.tags)] };
  if (patch.displayName !== undefined) out.name = patch.displayName;
  if ('notes' in patch) {
    if (patch.notes) out.notes = patch.notes;
    else delete out.notes;
  }
  return out;
}

/** The editable fields as a header shows them (what an edit rolls back to). */
export function headerFields(header: RunHeaderData): RunPatch {
  return { displayName: header.name, notes: header.notes, tags: [...header.tags] };
}

/**
 * The web page of a commit on GitHub, GitLab or Bitbucket from a git remote in any of its
 * spellings (`git@host:org/repo.git`, `ssh://git@host/org/repo`, `https://user:token@host/...`).
 */
export function commitWebUrl(remote: string, commit: string): string | undefined {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return undefined;
  const parts = parseRemote(remote);
  if (!parts?.host) return undefined;
  const { host, path } = parts;
  if (!/^[\w.\-/~]+$/.test(path)) return undefined;
  const h = host.toLowerCase();
  if (h === 'github.com' || h.startsWith('gitlab.') || h.includes('github')) return `https://${host}/${path}/commit/${commit}`;
  if (h === 'bitbucket.org') return `https://${host}/${path}/commits/${commit}`;
  return undefined;
}

export interface LoadedRun {
  detail: RunDetail;
  header: RunHeaderData;
  config: ReturnType<typeof flattenConfig>;
  summary: ReturnType<typeof flattenSummary>;
  metrics: MetricInfo[];
  systemKeys: string[];
}

export function shapeRun(detail: RunDetail, meta: RunMetadata | undefined, appUrl: string): LoadedRun {
  return {
    detail,
    header: buildHeader(detail, meta, appUrl),
    config: flattenConfig(detail.config),
    summary: flattenSummary(detail.summary),
    metrics: metricsOf(detail),
    systemKeys: systemKeysOf(detail),
  };
}

export const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };
export const MAX_IMAGE_BYTES = 8_000_000;

/** An image file of the run as a `data:` URI (the webview may load nothing else). SVG is refused. */
export async function loadImage(files: RunFileReader, path: string, signal?: AbortSignal): Promise<string> {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  const mime = IMAGE_TYPES[ext];
  if (!mime) throw new WandbError('badRequest', `${path} is not an image the panel can show.`);
  const bytes = await readOne(files, path, MAX_IMAGE_BYTES, signal);
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

/** Table files larger than this are not read for a preview (the browser shows them). */
export const MAX_TABLE_BYTES = 20_000_000;
/** Rows a table preview shows. */
export const TABLE_PREVIEW_ROWS = 100;

/** The first rows of a table file of the run (`table-file` values point at one). */
export async function loadTable(files: RunFileReader, path: string, signal?: AbortSignal): Promise<TablePreview> {
  if (!path.endsWith('.json')) throw new WandbError('badRequest', `${path} is not a table file the panel can read.`);
  const bytes = await readOne(files, path, MAX_TABLE_BYTES, signal);
  try {
    return decodeTablePreview(bytes.toString('utf8'), TABLE_PREVIEW_ROWS);
  } catch (e) {
    throw new WandbError('invalidResponse', `${path}: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

function historyKeysFor(key: string, xKey: string): string[] {
  const keys: string[] = [...X_KEYS];
  if (!keys.includes(xKey)) keys.push(xKey);
  if (!keys.includes(key)) keys.push(key);
  return keys;
}

/** Drops rows where `key` was not logged (sampled rows may hold only other keys). */
function rowsWith(rows: HistoryRow[], key: string): HistoryRow[] {
  return rows.filter((r) => r[key] !== undefined && r[key] !== null);
}

/**
 * One metric's history as columns (`_step`, `_runtime`, `_timestamp`, the x key, the metric):
 * sampled over the whole run, or, for a step range, at full resolution when the range is small
 * enough (history pages) and sampled within the range otherwise.
 */
export async function loadHistory(
  api: HistorySource,
  ref: RunRef,
  key: string,
  xKey: string,
  samples: number,
  range?: [number, number],
  signal?: AbortSignal,
): Promise<Columns> {
  const keys = historyKeysFor(key, xKey);
  if (range) {
    const lo = Math.floor(range[0]);
    const hi = Math.ceil(range[1]);
    if (hi - lo + 1 <= FULL_RESOLUTION_STEPS) {
      const rows = await historyRange(api, ref, lo, hi + 1, signal);
      return rowsToColumns(rowsWith(rows, key), keys);
    }
    const [rows] = await api.sampledHistory(ref, [{ keys: withTopLevelKeys(keys), samples, minStep: lo, maxStep: hi + 1 }], signal);
    return rowsToColumns(sortByStep(rowsWith(rows ?? [], key)), keys);
  }
  // A nested metric (`eval.acc`) is stored under its top-level key, as logged: ask for both.
  const [rows] = await api.sampledHistory(ref, [{ keys: withTopLevelKeys(keys), samples }], signal);
  return rowsToColumns(sortByStep(rowsWith(rows ?? [], key)), keys);
}

/** Every row with `minStep <= _step < maxStep`, in pages of 1,000 steps. */
export async function historyRange(api: HistorySource, ref: RunRef, minStep: number, maxStep: number, signal?: AbortSignal): Promise<HistoryRow[]> {
  const out: HistoryRow[] = [];
  for (let lo = minStep; lo < maxStep; lo += HISTORY_PAGE_STEPS) {
    const hi = Math.min(maxStep, lo + HISTORY_PAGE_STEPS);
    out.push(...(await api.historyPage(ref, lo, hi, signal)));
  }
  return sortByStep(out);
}

function sortByStep(rows: HistoryRow[], key = '_step'): HistoryRow[] {
  const v = (r: HistoryRow) => (typeof r[key] === 'number' ? (r[key] as number) : 0);
  for (let i = 1; i < rows.length; i++) {
    if (v(rows[i]!) < v(rows[i - 1]!)) return rows.slice().sort((a, b) => v(a) - v(b));
  }
  return rows;
}

/** Live rows as columns of every numeric key they carry. */
export function liveColumns(rows: HistoryRow[]): Columns {
  const keys = new Set<string>([...X_KEYS, ...numericKeys(rows)]);
  return rowsToColumns(rows, [...keys]);
}

/** System metric rows (sampled by the server), ordered by time. */
export async function loadSystem(api: HistorySource, ref: RunRef, samples: number, signal?: AbortSignal): Promise<Columns> {
  const rows = sortByStep(await api.systemEvents(ref, samples, signal), '_timestamp');
  const keys = new Set<string>(['_runtime', '_timestamp', ...numericKeys(rows)]);
  return rowsToColumns(rows, [...keys]);
}
