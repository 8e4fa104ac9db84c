import type { HistoryKeyInfo, HistoryKeys, HistoryRow } from '../api/model/history';
import { emptyRecord, type WandbValue } from '../api/model/values';
import { deletePath, flattenInto, parseValueJson, setPath, valueTypeName, type JsonObject } from './key-paths';
import type { ArtifactInfo, EnvironmentInfo, KeyedJson, LocalRecord, LocalRecordKind, MetricInfo, RunInfo, TelemetryInfo } from './records';

/** One console line (or raw console write) of a run, as the log recorded it. */
export interface LocalLogLine {
  stream: 'stdout' | 'stderr';
  /** Epoch milliseconds; 0 when the writer did not say. */
  timeMs: number;
  /** Raw writes (`output_raw`) keep their `\r` and may not end with a newline. */
  text: string;
}

/**
 * Folds decoded records into what a run view shows, one record at a time, so a growing log is
 * applied as it arrives. Config and summary updates are applied in order; history rows and
 * system-metrics rows are appended.
 */
export class RunAccumulator {
  run: RunInfo | undefined;
  readonly config: JsonObject = {};
  private readonly summaryValues: JsonObject = {};
  /**
   * Summary updates not applied yet, by path, in the order of their last change: wandb-core
   * writes a summary record per logged step, and only the last value of each key is ever shown.
   */
  private readonly summaryPending = new Map<string, { path: readonly string[]; valueJson: string | undefined }>();
  /** Summary records seen: when none, a view may derive the summary from the last history values. */
  summaryRecords = 0;
  readonly history: HistoryRow[] = [];
  /** Each flat history key and the key path it stands for (`eval.acc` → `["eval", "acc"]`). */
  readonly historyKeyPaths = new Map<string, readonly string[]>();
  private readonly keyCounter = new HistoryKeyCounter();
  readonly systemMetrics: HistoryRow[] = [];
  readonly logLines: LocalLogLine[] = [];
  readonly loggedFiles = new Map<string, 'now' | 'end' | 'live'>();
  readonly artifacts: ArtifactInfo[] = [];
  readonly metrics: MetricInfo[] = [];
  telemetry: TelemetryInfo | undefined;
  environment: EnvironmentInfo | undefined;
  headerProducer = '';
  exit: { exitCode: number; runtimeSeconds: number } | undefined;
  /** Records applied, by kind. */
  readonly counts: Partial<Record<LocalRecordKind, number>> = {};

  apply(record: LocalRecord): void {
    this.counts[record.kind] = (this.counts[record.kind] ?? 0) + 1;
    switch (record.kind) {
      case 'run':
        this.run = record.run;
        applyUpdates(this.config, record.run.config, []);
        if (record.run.summary.length) this.queueSummary(record.run.summary, []);
        if (record.run.telemetry) this.mergeTelemetry(record.run.telemetry);
        return;
      case 'config':
        applyUpdates(this.config, record.update, record.remove);
        return;
      case 'summary':
        this.summaryRecords++;
        this.queueSummary(record.update, record.remove);
        return;
      case 'history':
        this.addHistory(record.items, record.step);
        return;
      case 'stats':
        this.addStats(record.items, record.timeMs);
        return;
      case 'output':
        this.logLines.push({ stream: record.stream, timeMs: record.timeMs, text: record.line });
        return;
      case 'files':
        for (const f of record.files) this.loggedFiles.set(f.path, f.policy);
        return;
      case 'artifact':
        this.artifacts.push(record.artifact);
        return;
      case 'metric':
        this.metrics.push(record.metric);
        return;
      case 'telemetry':
        this.mergeTelemetry(record.telemetry);
        return;
      case 'environment':
        this.environment ??= record.environment;
        return;
      case 'header':
        if (record.producer) this.headerProducer = record.producer;
        return;
      case 'exit':
        this.exit = { exitCode: record.exitCode, runtimeSeconds: record.runtimeSeconds };
        return;
      default:
        return;
    }
  }

  /** The run's summary: every update and removal so far, applied in order. */
  get summary(): JsonObject {
    for (const { path, valueJson } of this.summaryPending.values()) {
      if (valueJson === undefined) deletePath(this.summaryValues, path);
      else setPath(this.summaryValues, path, parseValueJson(valueJson));
    }
    this.summaryPending.clear();
    return this.summaryValues;
  }

  private queueSummary(update: readonly KeyedJson[], remove: readonly string[][]): void {
    const pending = this.summaryPending;
    for (const item of update) {
      const key = item.path.length === 1 ? item.path[0]! : item.path.join('\u0000');
      pending.delete(key);
      pending.set(key, item);
    }
    for (const path of remove) {
      const key = path.length === 1 ? path[0]! : path.join('\u0000');
      pending.delete(key);
      pending.set(key, { path, valueJson: undefined });
    }
  }

  /** The SDK that wrote the log: telemetry's `cli_version`, else the header's producer (0.18+). */
  get sdkVersion(): string | undefined {
    return this.telemetry?.cliVersion || this.headerProducer.split('+')[0] || undefined;
  }

  /** `historyKeys` in the API's shape, so key lists and charts work the same for local runs. */
  historyKeys(): HistoryKeys {
    return this.keyCounter.keys();
  }

  private mergeTelemetry(t: TelemetryInfo): void {
    if (!this.telemetry) {
      this.telemetry = { ...t };
      return;
    }
    for (const k of Object.keys(t) as Array<keyof TelemetryInfo>) if (t[k]) this.telemetry[k] = t[k];
  }

  private addHistory(items: readonly KeyedJson[], step: number | undefined): void {
    const row: JsonObject = {};
    let nested: JsonObject | undefined;
    for (const item of items) {
      const value = parseValueJson(item.valueJson);
      const key = item.path[0];
      if (item.path.length === 1 && key !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        // The common case (a scalar under a one-part key) skips the nested build.
        row[key] = value;
        if (!this.historyKeyPaths.has(key)) this.historyKeyPaths.set(key, item.path);
      } else {
        setPath((nested ??= {}), item.path, value);
      }
    }
    if (nested) flattenInto(row, nested, this.historyKeyPaths);
    if (row._step === undefined && step !== undefined) row._step = step;
    this.keyCounter.add(row);
    this.history.push(row);
  }

  private addStats(items: readonly KeyedJson[], timeMs: number): void {
    const row: JsonObject = {};
    if (timeMs) row._timestamp = timeMs / 1000;
    for (const item of items) {
      // The log stores `cpu`, `gpu.0.temp`…; W&B shows them (and 0.8 events files hold them) as `system.*`.
      const key = item.path.join('.');
      row[key.startsWith('system.') || key.startsWith('_') ? key : `system.${key}`] = parseValueJson(item.valueJson);
    }
    this.systemMetrics.push(row);
  }
}

/** Counts, per history key, the value types logged: what the API's `historyKeys` reports. */
export class HistoryKeyCounter {
  private readonly types = new Map<string, Record<string, number>>();
  private lastStep = -1;

  static of(rows: readonly HistoryRow[]): HistoryKeyCounter {
    const counter = new HistoryKeyCounter();
    for (const row of rows) counter.add(row);
    return counter;
  }

  add(row: HistoryRow): void {
    const s = row._step;
    if (typeof s === 'number' && s > this.lastStep) this.lastStep = s;
    for (const key in row) {
      const type = valueTypeName(row[key]!);
      let counts = this.types.get(key);
      if (!counts) this.types.set(key, (counts = {}));
      counts[type] = (counts[type] ?? 0) + 1;
    }
  }

  keys(): HistoryKeys {
    const keys: HistoryKeyInfo[] = [];
    for (const [key, typeCounts] of this.types) {
      let count = 0;
      for (const n of Object.values(typeCounts)) count += n;
      keys.push({ key, typeCounts: { ...typeCounts }, numeric: (typeCounts.number ?? 0) > 0, count, system: key.startsWith('system/') || key.startsWith('system.') });
    }
    keys.sort((a, b) => a.key.localeCompare(b.key));
    return { lastStep: this.lastStep, keys };
  }
}

function applyUpdates(target: JsonObject, update: readonly KeyedJson[], remove: readonly string[][]): void {
  for (const item of update) setPath(target, item.path, parseValueJson(item.valueJson));
  for (const path of remove) deletePath(target, path);
}

/** The last value of every key over the rows, as a crashed run's summary would have said. */
export function lastValues(rows: readonly HistoryRow[]): Record<string, WandbValue> {
  const out = emptyRecord<WandbValue>();
  for (const row of rows) for (const key of Object.keys(row)) out[key] = row[key]!;
  return out;
}
