import { basename, join } from 'node:path';
import type { HistoryRow } from '../api/model/history';
import { decodeMetadata, type RunMetadata } from '../api/model/metadata';
import { decodeLogConfig, type ConfigEntry, type WandbValue } from '../api/model/values';
import type { LocalRun } from './local-run';
import { HistoryKeyCounter, lastValues, RunAccumulator } from './run-accumulator';
import { decodeConfigYaml, decodeJsonLines, decodeSummaryJson, latestMtime, listFiles, readText } from './run-files';
import { LocalRunReader } from './run-log-reader';
import { localRunState } from './state';
import { parseRunFolderName, runFolderLayout, type RunFolderName } from './folder-names';

export { LEGACY_MARKERS, parseRunFolderName, runFolderLayout, type RunFolderName } from './folder-names';

interface SideFiles {
  config?: Record<string, ConfigEntry>;
  summary?: Record<string, WandbValue>;
  /** The 0.8-only fields of `wandb-metadata.json` (state, exitcode, project, startedAt, jobType) are read from this. */
  metadata?: Record<string, WandbValue>;
  runMetadata?: RunMetadata;
  legacyHistory?: HistoryRow[];
  legacyEvents?: HistoryRow[];
  outputLog?: string;
  /** `wandb==X` from `requirements.txt`: the last resort for the SDK version (a 0-byte log). */
  requirementsWandb?: string;
}

export interface SnapshotOptions {
  nowMs: number;
  heartbeatWindowMs?: number;
}

/**
 * One run folder on disk. `open` reads it whole; `refresh` reads what the log gained since
 * (never the log from the start again) and the small side files; `snapshot` gives the run as a
 * view shows it, its state judged against the caller's clock.
 */
export class LocalRunFolder {
  private readonly acc = new RunAccumulator();
  private readonly reader: LocalRunReader | undefined;
  private side: SideFiles = {};
  private files: LocalRun['files'] = [];
  private lastActivityMs: number | undefined;
  private readonly warnings: string[] = [];
  readonly name: RunFolderName | undefined;

  private constructor(
    readonly folder: string,
    readonly layout: LocalRun['layout'],
    logPath: string | undefined,
  ) {
    this.reader = logPath ? new LocalRunReader(logPath) : undefined;
    this.name = parseRunFolderName(basename(folder));
  }

  /** Undefined when the folder holds nothing W&B wrote. */
  static async open(folder: string): Promise<LocalRunFolder | undefined> {
    const found = await runFolderLayout(folder);
    if (!found) return undefined;
    const run = new LocalRunFolder(folder, found.layout, found.logPath);
    await run.refresh();
    return run;
  }

  /** Reads what is new. Returns the records the log gained and the log bytes read for them. */
  async refresh(): Promise<{ records: number; bytesRead: number }> {
    let records = 0;
    let bytesRead = 0;
    if (this.reader) {
      try {
        const more = await this.reader.readMore((r) => this.acc.apply(r));
        records = more.count;
        bytesRead = more.bytesRead;
      } catch (e) {
        this.warn(`run log: ${(e as Error).message}`);
      }
    }
    const dir = this.layout === 'legacy' ? this.folder : join(this.folder, 'files');
    this.side = await this.readSideFiles(dir);
    this.files = await listFiles(dir);
    this.lastActivityMs = await latestMtime([
      ...(this.reader ? [this.reader.path] : []),
      join(dir, 'output.log'),
      join(dir, 'wandb-summary.json'),
      join(dir, this.layout === 'legacy' ? 'wandb-history.jsonl' : 'wandb-metadata.json'),
      join(this.folder, 'logs', 'debug-internal.log'),
      join(this.folder, 'logs', 'debug.log'),
    ]);
    return { records, bytesRead };
  }

  snapshot(opts: SnapshotOptions): LocalRun {
    const acc = this.acc;
    const side = this.side;
    const meta = side.metadata ?? {};
    const run = acc.run;
    const offline = this.name?.offline ?? false;
    const exitCode = acc.exit?.exitCode ?? (this.layout === 'legacy' && typeof meta.exitcode === 'number' ? meta.exitcode : undefined);
    const { state } = localRunState({
      offline,
      exitCode,
      recordedState: this.layout === 'legacy' && typeof meta.state === 'string' ? meta.state : undefined,
      lastActivityMs: this.lastActivityMs,
      nowMs: opts.nowMs,
      heartbeatWindowMs: opts.heartbeatWindowMs,
    });

    const history = side.legacyHistory ?? acc.history;
    const historyKeyPaths: Record<string, string[]> = {};
    if (side.legacyHistory) for (const row of history) for (const k in row) historyKeyPaths[k] ??= [k];
    else for (const [k, path] of acc.historyKeyPaths) historyKeyPaths[k] = [...path];
    const historyKeys = side.legacyHistory ? HistoryKeyCounter.of(history).keys() : acc.historyKeys();
    const systemMetricsRows = side.legacyEvents ?? acc.systemMetrics;

    const logConfig = decodeLogConfig(acc.config);
    const hasLogConfig = Object.keys(logConfig).length > 0;
    const config = side.config ?? logConfig;
    const configSource = side.config ? 'config.yaml' : hasLogConfig ? 'log' : 'none';
    let summary: Record<string, WandbValue>;
    let summarySource: LocalRun['summarySource'];
    if (side.summary) [summary, summarySource] = [side.summary, 'wandb-summary.json'];
    else if (acc.summaryRecords > 0 || (run?.summary.length ?? 0) > 0) [summary, summarySource] = [acc.summary, 'log'];
    else if (history.length) [summary, summarySource] = [lastValues(history), 'history'];
    else [summary, summarySource] = [{}, 'none'];

    const logLines = acc.logLines.length || !side.outputLog ? acc.logLines : side.outputLog.split('\n').map((text) => ({ stream: 'stdout' as const, timeMs: 0, text }));
    const runId = run?.runId || this.name?.runId || basename(this.folder);
    const cfgWandb = config._wandb?.value as { cli_version?: unknown } | undefined;
    const sdkVersion = acc.sdkVersion ?? (typeof cfgWandb?.cli_version === 'string' ? cfgWandb.cli_version : side.requirementsWandb);
    const startMs = run?.startTimeMs || (typeof meta.startedAt === 'string' ? Date.parse(`${meta.startedAt.replace(/Z$/, '')}Z`) : NaN);
    const started = side.runMetadata ?? {};

    return {
      id: this.folder,
      runId,
      entity: run?.entity ?? '',
      project: run?.project || (typeof meta.project === 'string' ? meta.project : ''),
      displayName: run?.displayName || runId,
      state,
      createdAt: Number.isFinite(startMs) ? new Date(startMs) : undefined,
      heartbeatAt: this.lastActivityMs !== undefined ? new Date(this.lastActivityMs) : undefined,
      tags: run?.tags ?? [],
      group: run?.group || undefined,
      jobType: run?.jobType || (typeof meta.jobType === 'string' ? meta.jobType : undefined),
      notes: run?.notes || undefined,
      readOnly: true,
      config,
      summary,
      systemMetrics: lastValues(systemMetricsRows),
      historyKeys,
      historyLineCount: history.length,
      host: run?.host || acc.environment?.host || started.host,
      commit: run?.gitCommit || acc.environment?.gitCommit || started.commit,
      fileCount: this.files.length,
      folder: this.folder,
      layout: this.layout,
      offline,
      sdkVersion,
      pythonVersion: acc.telemetry?.pythonVersion || started.python,
      exitCode,
      runtimeSeconds: acc.exit?.runtimeSeconds,
      configSource,
      summarySource,
      history,
      historyKeyPaths,
      systemMetricsRows,
      logLines,
      files: this.files,
      artifacts: acc.artifacts,
      metricDefinitions: acc.metrics,
      metadata: {
        ...started,
        remote: started.remote ?? (run?.gitRemote || acc.environment?.gitRemote || undefined),
        commit: started.commit ?? (run?.gitCommit || acc.environment?.gitCommit || undefined),
      },
      lastActivityAt: this.lastActivityMs !== undefined ? new Date(this.lastActivityMs) : undefined,
      log: this.reader?.status(),
      warnings: [...this.warnings, ...(this.reader?.status().invalid ? [this.reader.status().invalid!] : [])],
    };
  }

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  private async readSideFiles(dir: string): Promise<SideFiles> {
    const side: SideFiles = {};
    const parse = async <T>(name: string, decode: (text: string) => T): Promise<T | undefined> => {
      const text = await readText(join(dir, name));
      if (text === undefined) return undefined;
      try {
        return decode(text);
      } catch (e) {
        this.warn(`${name}: ${(e as Error).message.split('\n')[0]}`);
        return undefined;
      }
    };
    side.config = await parse('config.yaml', decodeConfigYaml);
    side.summary = await parse('wandb-summary.json', decodeSummaryJson);
    const metadataText = await readText(join(dir, 'wandb-metadata.json'));
    if (metadataText !== undefined) {
      side.runMetadata = decodeMetadata(metadataText);
      side.metadata = await parse('wandb-metadata.json', decodeSummaryJson);
    }
    side.outputLog = await readText(join(dir, 'output.log'));
    side.requirementsWandb = /^wandb==([^\s;]+)/m.exec((await readText(join(dir, 'requirements.txt'))) ?? '')?.[1];
    if (this.layout === 'legacy') {
      side.legacyHistory = (await parse('wandb-history.jsonl', (t) => decodeJsonLines(t).rows)) ?? [];
      side.legacyEvents = (await parse('wandb-events.jsonl', (t) => decodeJsonLines(t).rows)) ?? [];
    }
    return side;
  }
}

