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

/** What `wandb-metadata.json` tells about how the run was started. */
export interface RunMetadata {
  command?: string;
  remote?: string;
  commit?: string;
  python?: string;
  host?: string;
}

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
  let host: string;
  let path: string;
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(remote.trim());
  if (scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    try {
      const u = new URL(remote.trim());
      if (!['https:', 'http:', 'ssh:', 'git:'].includes(u.protocol)) return undefined;
      host = u.hostname;
      path = u.pathname;
    } catch {
      return undefined;
    }
  }
  path = path.replace(/^\/+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  if (!path || !/^[\w.\-/~]+$/.test(path)) return undefined;
  const h = host.toLowerCase();
  if (h === 'github.com' || h.startsWith('gitlab.') || h.includes('github')) return `https://${host}/${path}/commit/${commit}`;
  if (h === 'bitbucket.org') return `https://${host}/${path}/commits/${commit}`;
  return undefined;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function decodeMetadata(text: string): RunMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const m = raw as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: RunMetadata = {};
  const program = s(m.program) ?? s(m.codePath);
  const args = Array.isArray(m.args) ? m.args.filter((a): a is string => typeof a === 'string') : [];
  if (program) out.command = ['python', program, ...args].map((p, i) => (i === 0 ? p : shellQuote(p))).join(' ');
  const git = m.git && typeof m.git === 'object' ? (m.git as Record<string, unknown>) : {};
  if (s(git.remote)) out.remote = s(git.remote);
  if (s(git.commit)) out.commit = s(git.commit);
  if (s(m.python)) out.python = s(m.python);
  if (s(m.host)) out.host = s(m.host);
  return out;
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

/** The download URL of one run file, or undefined when the run has no such file. */
export async function runFileUrl(api: WandbApi, ref: RunRef, name: string, signal?: AbortSignal): Promise<{ url: string; size: number } | undefined> {
  const page = await api.runFiles(ref, { first: 1, names: [name], signal });
  const f = page.items.find((x) => x.name === name);
  const url = f?.url ?? f?.directUrl;
  return f && url ? { url, size: f.sizeBytes } : undefined;
}

export async function loadMetadata(api: WandbApi, ref: RunRef, signal?: AbortSignal): Promise<RunMetadata | undefined> {
  const file = await runFileUrl(api, ref, 'wandb-metadata.json', signal);
  if (!file || file.size > 5_000_000) return undefined;
  const res = await api.client.get(file.url, { signal, label: 'GET wandb-metadata.json' });
  return decodeMetadata(await res.text());
}

export interface LogChunk {
  text: string;
  /** Bytes of the file read so far (the offset of the next read). */
  offset: number;
  /** The head of the file was left out (too large). */
  truncated: boolean;
  append: boolean;
}

/** Logs larger than this show their last part. */
export const MAX_LOG_BYTES = 4_000_000;

/**
 * Reads `output.log`, from `offset` when given (asks for a byte range; a server that ignores it
 * answers the whole file, which is then sliced). Undefined when the run has no log.
 */
export async function loadLog(api: WandbApi, ref: RunRef, offset: number, signal?: AbortSignal): Promise<LogChunk | undefined> {
  const file = await runFileUrl(api, ref, 'output.log', signal);
  if (!file) return undefined;
  if (offset > 0 && file.size > 0 && file.size <= offset) return { text: '', offset, truncated: false, append: true };
  const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
  const res = await api.client.get(file.url, { signal, headers, label: 'GET output.log' });
  let bytes = new Uint8Array(await res.arrayBuffer());
  let append = false;
  let start = 0;
  if (offset > 0) {
    if (res.status === 206) {
      append = true;
      start = offset;
    } else if (bytes.length >= offset) {
      bytes = bytes.subarray(offset);
      append = true;
      start = offset;
    }
  }
  const end = start + bytes.length;
  let truncated = false;
  if (!append && bytes.length > MAX_LOG_BYTES) {
    bytes = bytes.subarray(bytes.length - MAX_LOG_BYTES);
    truncated = true;
  }
  // Read up to the last complete UTF-8 sequence; the rest comes with the next read.
  const cut = completeUtf8Length(bytes);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, cut));
  return { text, offset: end - (bytes.length - cut), truncated, append };
}

/** Length of the longest prefix of `bytes` that does not end inside a multi-byte UTF-8 character. */
export function completeUtf8Length(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0 || bytes[i]! < 0xc0) return bytes.length;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return continuation + 1 < need ? i : bytes.length;
}

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };
export const MAX_IMAGE_BYTES = 8_000_000;

/** An image file of the run as a `data:` URI (the webview may load nothing else). SVG is refused. */
export async function loadImage(api: WandbApi, ref: RunRef, path: string, signal?: AbortSignal): Promise<string> {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  const mime = IMAGE_TYPES[ext];
  if (!mime) throw new WandbError('badRequest', `${path} is not an image the panel can show.`);
  const file = await runFileUrl(api, ref, path, signal);
  if (!file) throw new WandbError('notFound', `The run has no file ${path}.`);
  if (file.size > MAX_IMAGE_BYTES) throw new WandbError('badRequest', `${path} is too large to preview.`);
  const res = await api.client.get(file.url, { signal, label: 'GET image' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

/** Table files larger than this are not read for a preview (the browser shows them). */
export const MAX_TABLE_BYTES = 20_000_000;
/** Rows a table preview shows. */
export const TABLE_PREVIEW_ROWS = 100;

/** The first rows of a table file of the run (`table-file` values point at one). */
export async function loadTable(api: WandbApi, ref: RunRef, path: string, signal?: AbortSignal): Promise<TablePreview> {
  if (!path.endsWith('.json')) throw new WandbError('badRequest', `${path} is not a table file the panel can read.`);
  const file = await runFileUrl(api, ref, path, signal);
  if (!file) throw new WandbError('notFound', `The run has no file ${path}.`);
  if (file.size > MAX_TABLE_BYTES) throw new WandbError('badRequest', `${path} is too large to preview (${Math.round(file.size / 1_000_000)} MB).`);
  const res = await api.client.get(file.url, { signal, label: 'GET table' });
  try {
    return decodeTablePreview(await res.text(), TABLE_PREVIEW_ROWS);
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
  api: WandbApi,
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
    const [rows] = await api.sampledHistory(ref, [{ keys, samples, minStep: lo, maxStep: hi + 1 }], signal);
    return rowsToColumns(sortByStep(rowsWith(rows ?? [], key)), keys);
  }
  const [rows] = await api.sampledHistory(ref, [{ keys, samples }], signal);
  return rowsToColumns(sortByStep(rowsWith(rows ?? [], key)), keys);
}

/** Every row with `minStep <= _step < maxStep`, in pages of 1,000 steps. */
export async function historyRange(api: WandbApi, ref: RunRef, minStep: number, maxStep: number, signal?: AbortSignal): Promise<HistoryRow[]> {
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
export async function loadSystem(api: WandbApi, ref: RunRef, samples: number, signal?: AbortSignal): Promise<Columns> {
  const rows = sortByStep(await api.systemEvents(ref, samples, signal), '_timestamp');
  const keys = new Set<string>(['_runtime', '_timestamp', ...numericKeys(rows)]);
  return rowsToColumns(rows, [...keys]);
}
