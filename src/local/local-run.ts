import type { HistoryRow } from '../api/model/history';
import type { RunMetadata } from '../api/model/metadata';
import type { RunDetail } from '../api/model/run';
import type { LocalLogLine } from './run-accumulator';
import type { ArtifactInfo, MetricInfo } from './records';
import type { LogReadStatus } from './run-log-reader';

/**
 * A run read from a folder on disk, in the shape of the API's `RunDetail` (so the run and compare
 * panels can show it with the same code) plus what only the folder has: every history row, the
 * system-metrics rows, the console lines and the files as they are on disk.
 */
export interface LocalRun extends RunDetail {
  /** Absolute path of the run folder (`…/wandb/run-<time>-<id>`). */
  folder: string;
  /** `transaction-log`: SDK 0.10+ with `run-<id>.wandb`; `legacy`: a flat SDK 0.8/0.9 folder. */
  layout: 'transaction-log' | 'legacy';
  /** `offline-run-*` folder: never synced (an offline run can itself be running or finished). */
  offline: boolean;
  sdkVersion?: string;
  pythonVersion?: string;
  /** From the exit record (or 0.8 metadata); absent while running or after a crash. */
  exitCode?: number;
  runtimeSeconds?: number;
  /** Where `config` came from: `files/config.yaml` when present, else the log's config records. */
  configSource: 'config.yaml' | 'log' | 'none';
  /** `wandb-summary.json` when present, else the log's summary records, else the last history values. */
  summarySource: 'wandb-summary.json' | 'log' | 'history' | 'none';
  /** Every logged row in order; keys flattened (`eval.acc`), media values kept as objects. */
  history: HistoryRow[];
  /** The key path behind each flat history key: `eval.acc` → `["eval","acc"]`, `train/loss` → `["train/loss"]`. */
  historyKeyPaths: Record<string, string[]>;
  /** System-metrics rows (`_timestamp` and `system.*` keys), as W&B's events stream has them. */
  systemMetricsRows: HistoryRow[];
  logLines: LocalLogLine[];
  files: LocalFile[];
  artifacts: ArtifactInfo[];
  /** `define_metric` records (step metric, goal, hidden). */
  metricDefinitions: MetricInfo[];
  /** What `wandb-metadata.json` says of how the run started (command, git, python, host), as for remote runs. */
  metadata: RunMetadata;
  /** Latest modification time seen among the log and the files the SDK keeps writing. */
  lastActivityAt?: Date;
  /** How the `.wandb` log was read (absent for legacy folders). */
  log?: LogReadStatus;
  /** Problems worth showing (unreadable side files, a log that is not W&B's…). */
  warnings: string[];
}

/** A file of the run as it is on disk, relative to `files/` (or the folder, for legacy runs). */
export interface LocalFile {
  name: string;
  sizeBytes: number;
  updatedAt?: Date;
  /** A symlink whose target is missing (common: `debug-core.log`, saved absolute paths). */
  dangling?: boolean;
}
