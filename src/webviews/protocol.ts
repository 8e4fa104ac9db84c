/**
 * The message contract between the extension and its webviews (run panel, compare panel).
 * Both sides import this file; it imports nothing from `vscode` or Node.
 *
 * Everything that crosses is plain JSON: non-finite numbers are never sent as numbers
 * (VS Code serialises messages as JSON, where NaN becomes null), so values arrive pre-typed.
 * Messages from a webview are untrusted: `parseWebviewMessage` checks every field before the
 * extension acts on one.
 */

import type { MediaHostMessage, MediaWebviewMessage } from './media-protocol';
import type { GoalFact } from './metric-direction';

// ---------------------------------------------------------------------------------------------
// Shared data shapes

export interface RunRefData {
  entity: string;
  project: string;
  runId: string;
}

/** How a media value (`_type`) is shown in a table cell. */
export type MediaView =
  | { type: 'image'; path: string; width?: number; height?: number; format?: string; count?: number }
  | { type: 'histogram'; values: number[]; bins: number[] }
  | { type: 'table'; path?: string; rows?: number; cols?: number }
  | { type: 'other'; label: string };

export type FlatKind = 'number' | 'string' | 'bool' | 'null' | 'object' | 'list' | 'media';

/** One row of a flattened config or summary: a dot path and its value, typed for display. */
export interface FlatRow {
  /** Full dot path (`optimizer.lr`); unique within one table. */
  path: string;
  /** Nesting depth (0 for top-level keys). */
  depth: number;
  /** Last path segment. */
  key: string;
  kind: FlatKind;
  /** The value as text: numbers as written (`NaN`, `Infinity` included), lists as JSON. */
  text: string;
  /** The number, when it is finite. */
  num?: number;
  /** The top-level key is W&B bookkeeping (`_wandb`, `_runtime`...). */
  internal: boolean;
  /** Objects and lists: how many direct children (object children follow as rows). */
  children?: number;
  media?: MediaView;
  /** Config description, when one was logged. */
  desc?: string;
}

export interface MetricInfo {
  key: string;
  /** Times logged as a number. */
  count: number;
}

export interface RunHeaderData {
  ref: RunRefData;
  name: string;
  state: string;
  user?: string;
  createdAt?: string;
  heartbeatAt?: string;
  /** Seconds. */
  runtime?: number;
  host?: string;
  tags: string[];
  notes?: string;
  group?: string;
  jobType?: string;
  sweep?: string;
  commit?: string;
  /** Web link to the commit on its forge, when the remote is known. */
  commitUrl?: string;
  remote?: string;
  command?: string;
  python?: string;
  webUrl: string;
  lastStep: number;
  /** Where and how the run ran, for the Overview (see environment.ts). */
  environment?: EnvironmentRow[];
}

export interface EnvironmentRow {
  label: string;
  value: string;
  /** `date`: an ISO time the page formats; `code`: a path or command shown as code. */
  kind?: 'date' | 'code';
}

/** The first rows of a table file, as text (see api/model/table.ts). */
export interface TablePreviewData {
  columns: string[];
  rows: string[][];
  /** Rows in the file. */
  total: number;
}

/**
 * Column-oriented history: one Float64Array per key, all the same length, rows in `_step`
 * order; NaN where a row has no (finite) value. Typed arrays because VS Code (≥ 1.57) posts
 * them to a webview as binary, where an array of 100k numbers is cloned element by element
 * (the largest cost of a chart's first paint; BENCHMARKS.md), and because 8 bytes a value is
 * what the panels' caches should hold.
 */
export type Columns = Record<string, Float64Array>;

export interface PanelSettings {
  chartPoints: number;
  livePollSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// Extension → webview

export type HostMessage =
  | { type: 'run'; header: RunHeaderData; config: FlatRow[]; summary: FlatRow[]; metrics: MetricInfo[]; systemKeys: string[]; live: boolean; settings: PanelSettings }
  /** `run`: which run of a compare panel (absent in the run panel). */
  | { type: 'header'; header: RunHeaderData; live: boolean; run?: number }
  /** `run`: which run of a compare panel (absent in the run panel). */
  | { type: 'summary'; summary: FlatRow[]; metrics: MetricInfo[]; run?: number }
  /**
   * `partial`: only the rows the chart draws at the width it asked for (firstScreenRows), so it
   * paints before it takes in the rest; the full rows follow under the same requestId.
   */
  | { type: 'history'; requestId: number; key: string; xKey: string; range?: [number, number]; partial?: true; runs: Array<{ run: number; columns: Columns }> }
  | { type: 'append'; run: number; columns: Columns; lastStep: number }
  | { type: 'system'; columns: Columns }
  /**
   * Console output for the Logs tab: replaces what it shows, or goes after or before it.
   * `source`: streamed lines, a log file, or none yet; `firstLine`: number of the first line
   * sent (replace, prepend); `hasEarlier`: the tab may ask for earlier lines (`logsEarlier`).
   */
  | {
      type: 'logs';
      text: string;
      mode: 'replace' | 'append' | 'prepend';
      source: 'lines' | 'file' | 'none';
      truncated: boolean;
      firstLine: number;
      hasEarlier: boolean;
      live: boolean;
    }
  /** `run`: which run of a compare panel the image belongs to (absent in the run panel). */
  | { type: 'media'; path: string; src: string; run?: number }
  /** The answer to a `table` request: its first rows, or why they could not be read. */
  | { type: 'table'; path: string; run?: number; table?: TablePreviewData; error?: string }
  | { type: 'error'; scope: 'run' | 'history' | 'logs' | 'system' | 'media'; message: string; requestId?: number }
  /** `goals`: what the runs (their metric definitions, their sweeps) say about metrics' direction. */
  | { type: 'compare'; runs: CompareRunData[]; metrics: MetricInfo[]; goals: GoalFact[]; settings: PanelSettings }
  | MediaHostMessage;

export interface CompareRunData {
  header: RunHeaderData;
  config: FlatRow[];
  summary: FlatRow[];
  /** History length in steps (rows logged; 0 for none), for the different-lengths notice. */
  steps: number;
}

// ---------------------------------------------------------------------------------------------
// Webview → extension

/** What the header's code actions ask for: each runs the VS Code command of that name on the run. */
export type CodeAction = 'checkoutCommit' | 'diffCommit' | 'openPatch' | 'openSavedCode' | 'copyReproduce' | 'runAgain';
export const CODE_ACTIONS: readonly CodeAction[] = ['checkoutCommit', 'diffCommit', 'openPatch', 'openSavedCode', 'copyReproduce', 'runAgain'];

export type PanelCommand = 'refresh' | 'openInBrowser' | 'copyPath' | 'download' | 'openRun' | CodeAction;

/** The time axes a chart draws by over rows fetched by step. */
export const DRAW_X = ['_runtime', '_timestamp'] as const;
export type DrawX = (typeof DRAW_X)[number];

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand; run?: number }
  | { type: 'copy'; text: string }
  | { type: 'openExternal'; url: string }
  /**
   * `columns`: the chart's width in device pixels, when its first screen may come first
   * (`partial`); `drawX`: the x it draws by, when not `xKey` (relative or wall time over rows
   * fetched by step).
   */
  | { type: 'history'; requestId: number; key: string; xKey: string; range?: [number, number]; columns?: number; drawX?: DrawX }
  | { type: 'system' }
  | { type: 'logs' }
  | { type: 'logsEarlier' }
  | { type: 'media'; path: string; run?: number }
  | { type: 'table'; path: string; run?: number }
  | { type: 'visible'; tab: string }
  | MediaWebviewMessage;

const COMMANDS: readonly PanelCommand[] = ['refresh', 'openInBrowser', 'copyPath', 'download', 'openRun', ...CODE_ACTIONS];
const MAX_TEXT = 1_000_000;
const MAX_KEY = 1_000;
/** Device pixels across a chart: an 8K screen at 2× is 15,360. */
const MAX_COLUMNS = 32_768;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function int(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/**
 * Checks a message from a webview field by field. Returns a fresh object holding only the known
 * fields, or undefined for anything malformed (unknown type, wrong field types, oversized text).
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'system':
      return { type: 'system' };
    case 'logs':
      return { type: 'logs' };
    case 'logsEarlier':
      return { type: 'logsEarlier' };
    case 'command': {
      const command = COMMANDS.find((c) => c === raw.command);
      if (!command) return undefined;
      if (raw.run === undefined) return { type: 'command', command };
      const run = int(raw.run, 0, 99);
      return run === undefined ? undefined : { type: 'command', command, run };
    }
    case 'copy': {
      const text = str(raw.text, MAX_TEXT);
      return text === undefined ? undefined : { type: 'copy', text };
    }
    case 'openExternal': {
      const url = str(raw.url, 8_192);
      if (url === undefined || !isWebUrl(url)) return undefined;
      return { type: 'openExternal', url };
    }
    case 'history': {
      const requestId = int(raw.requestId, 0, Number.MAX_SAFE_INTEGER);
      const key = str(raw.key, MAX_KEY);
      const xKey = str(raw.xKey, MAX_KEY);
      // An empty key is a metric W&B stored under the empty name: it gets an answer (data or an
      // error) like any other, never a request left unanswered.
      if (requestId === undefined || key === undefined || !xKey) return undefined;
      const out: Extract<WebviewMessage, { type: 'history' }> = { type: 'history', requestId, key, xKey };
      if (raw.columns !== undefined) {
        const columns = int(raw.columns, 1, MAX_COLUMNS);
        if (columns === undefined) return undefined;
        out.columns = columns;
      }
      if (raw.drawX !== undefined) {
        if (xKey !== '_step' || !(DRAW_X as readonly unknown[]).includes(raw.drawX)) return undefined;
        out.drawX = raw.drawX as DrawX;
      }
      if (raw.range === undefined) return out;
      if (!Array.isArray(raw.range) || raw.range.length !== 2) return undefined;
      const lo = finite(raw.range[0]);
      const hi = finite(raw.range[1]);
      if (lo === undefined || hi === undefined || hi < lo) return undefined;
      out.range = [lo, hi];
      return out;
    }
    case 'media':
    case 'table': {
      const type = raw.type;
      const path = str(raw.path, MAX_KEY);
      if (!path) return undefined;
      if (raw.run === undefined) return { type, path };
      const run = int(raw.run, 0, 99);
      return run === undefined ? undefined : { type, path, run };
    }
    case 'mediaIndex':
      return { type: 'mediaIndex' };
    case 'mediaStep': {
      const key = str(raw.key, MAX_KEY);
      const step = int(raw.step, 0, Number.MAX_SAFE_INTEGER);
      if (!key || step === undefined) return undefined;
      if (raw.run === undefined) return { type: 'mediaStep', key, step };
      const run = int(raw.run, 0, 99);
      return run === undefined ? undefined : { type: 'mediaStep', key, step, run };
    }
    case 'visible': {
      const tab = str(raw.tab, 32);
      return tab === undefined ? undefined : { type: 'visible', tab };
    }
    default:
      return undefined;
  }
}

/** Only http(s) links leave a webview; `command:`, `file:`, `javascript:` and the like do not. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Columns as the host sends them: Float64Arrays of one length. */
function isColumns(raw: unknown): raw is Columns {
  if (!isObj(raw) || Array.isArray(raw)) return false;
  let length: number | undefined;
  for (const col of Object.values(raw)) {
    if (!(col instanceof Float64Array) || (length !== undefined && col.length !== length)) return false;
    length = col.length;
  }
  return true;
}

/**
 * Shape check of a message from the extension (the webview trusts its host, but not blindly):
 * a type, and for messages with history the columns the charts read.
 */
export function isHostMessage(raw: unknown): raw is HostMessage {
  if (!isObj(raw) || typeof raw.type !== 'string') return false;
  if (raw.type === 'append' || raw.type === 'system') return isColumns(raw.columns);
  if (raw.type === 'history') return (raw.partial === undefined || raw.partial === true) && Array.isArray(raw.runs) && raw.runs.every((r: unknown) => isObj(r) && typeof r.run === 'number' && isColumns(r.columns));
  return true;
}
