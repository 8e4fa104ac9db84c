import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/**
 * Decodes one `.wandb` record payload (a `wandb_internal.Record` protobuf message) into the few
 * shapes the views need. Field numbers are those of the SDK's `wandb/proto/wandb_internal.proto`
 * and `wandb_telemetry.proto` (listed in docs/LOCAL-RUNS.md). Unknown fields are skipped, and a
 * record type this does not know comes back as `{kind: 'other'}`, so logs from newer SDKs still read.
 */

/** A history, summary or config item: its key path and its value as JSON text (W&B's dialect). */
export interface KeyedJson {
  /** `nested_key` when the writer set it, else `[key]`. A `/` inside a name is not a separator. */
  path: string[];
  valueJson: string;
}

export interface RunInfo {
  runId: string;
  entity: string;
  project: string;
  displayName: string;
  group: string;
  jobType: string;
  notes: string;
  tags: string[];
  sweepId: string;
  host: string;
  startingStep: number;
  /** Epoch milliseconds, 0 when absent. */
  startTimeMs: number;
  resumed: boolean;
  gitRemote: string;
  gitCommit: string;
  config: KeyedJson[];
  summary: KeyedJson[];
  telemetry?: TelemetryInfo;
}

export interface TelemetryInfo {
  cliVersion: string;
  pythonVersion: string;
  coreVersion: string;
  huggingfaceVersion: string;
  platform: string;
}

export interface ArtifactInfo {
  type: string;
  name: string;
  digest: string;
  description: string;
  aliases: string[];
  /** Paths and sizes from the artifact's manifest, as the record lists them. */
  entries: Array<{ path: string; size: number; digest: string }>;
}

export interface MetricInfo {
  name: string;
  globName: string;
  stepMetric: string;
  hidden: boolean;
  goal: 'minimize' | 'maximize' | undefined;
}

export interface EnvironmentInfo {
  os: string;
  python: string;
  program: string;
  host: string;
  username: string;
  gitRemote: string;
  gitCommit: string;
}

export type OutputSource = 'output' | 'output_raw' | 'output_logger';

export type LocalRecordBody =
  | { kind: 'history'; step: number | undefined; items: KeyedJson[] }
  | { kind: 'summary'; update: KeyedJson[]; remove: string[][] }
  | { kind: 'config'; update: KeyedJson[]; remove: string[][] }
  | { kind: 'output'; source: OutputSource; stream: 'stdout' | 'stderr'; timeMs: number; line: string }
  | { kind: 'stats'; timeMs: number; items: KeyedJson[] }
  | { kind: 'run'; run: RunInfo }
  | { kind: 'exit'; exitCode: number; runtimeSeconds: number }
  | { kind: 'files'; files: Array<{ path: string; policy: 'now' | 'end' | 'live' }> }
  | { kind: 'artifact'; artifact: ArtifactInfo }
  | { kind: 'telemetry'; telemetry: TelemetryInfo }
  | { kind: 'metric'; metric: MetricInfo }
  | { kind: 'header'; producer: string; minConsumer: string }
  | { kind: 'environment'; environment: EnvironmentInfo }
  | { kind: 'final' }
  | { kind: 'footer' }
  | { kind: 'preempting' }
  /** A record type this reader does not use (or does not know): its `Record` field number. */
  | { kind: 'other'; field: number }
  /** No record type set at all. */
  | { kind: 'empty' };

export type LocalRecordKind = LocalRecordBody['kind'];

/** `num` is the writer's sequence number (0 in files up to SDK 0.13.5, which did not set it). */
export type LocalRecord = LocalRecordBody & { num: number };

const LEN = WireType.LengthDelimited;
const VARINT = WireType.Varint;

/** Decodes one record payload. Throws on bytes that are not a protobuf message at all. */
export function decodeRecord(payload: Uint8Array): LocalRecord {
  const r = new BinaryReader(payload);
  let num = 0;
  let body: LocalRecordBody = { kind: 'empty' };
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === VARINT) {
      num = Number(r.int64());
      continue;
    }
    if (wire !== LEN) {
      r.skip(wire, field);
      continue;
    }
    const end = lengthEnd(r);
    // control (16), uuid (19) and _info (200) sit beside the record type, often after it.
    if (field !== 16 && field !== 19 && field !== 200) body = recordBody(r, field, end);
    r.pos = end;
  }
  return { num, ...body } as LocalRecord;
}

function recordBody(r: BinaryReader, field: number, end: number): LocalRecordBody {
  switch (field) {
    case 2:
      return readHistory(r, end);
    case 3: {
      const { update, remove } = readUpdates(r, end);
      return { kind: 'summary', update, remove };
    }
    case 4:
      return readOutput(r, end, 'output');
    case 5: {
      const { update, remove } = readUpdates(r, end);
      return { kind: 'config', update, remove };
    }
    case 6:
      return readFiles(r, end);
    case 7:
      return readStats(r, end);
    case 8:
      return { kind: 'artifact', artifact: readArtifact(r, end) };
    case 11:
      return { kind: 'telemetry', telemetry: readTelemetry(r, end) };
    case 12:
      return { kind: 'metric', metric: readMetric(r, end) };
    case 13:
      return readOutput(r, end, 'output_raw');
    case 17:
      return { kind: 'run', run: readRun(r, end) };
    case 18:
      return readExit(r, end);
    case 20:
      return { kind: 'final' };
    case 21:
      return readHeader(r, end);
    case 22:
      return { kind: 'footer' };
    case 23:
      return { kind: 'preempting' };
    case 26:
      return { kind: 'environment', environment: readEnvironment(r, end) };
    case 27:
      return readOutputLogger(r, end);
    default:
      return { kind: 'other', field };
  }
}

/** Reads a length prefix and returns where that sub-message ends. */
function lengthEnd(r: BinaryReader): number {
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw new RangeError('protobuf: length beyond the end of the record');
  return end;
}

/** A `Timestamp` sub-message as epoch milliseconds. */
function readTimestamp(r: BinaryReader): number {
  const end = lengthEnd(r);
  let seconds = 0;
  let nanos = 0;
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === VARINT) seconds = Number(r.int64());
    else if (f === 2 && w === VARINT) nanos = r.int32();
    else r.skip(w, f);
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** HistoryItem / SummaryItem / ConfigItem / StatsItem: key 1, nested_key 2, value_json 16. */
function readItem(r: BinaryReader): KeyedJson {
  const end = lengthEnd(r);
  let key = '';
  let nested: string[] | undefined;
  let valueJson = '';
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (w !== LEN) r.skip(w, f);
    else if (f === 1) key = r.string();
    else if (f === 2) (nested ??= []).push(r.string());
    else if (f === 16) valueJson = r.string();
    else r.skip(w, f);
  }
  return { path: nested ?? [key], valueJson };
}

function readHistory(r: BinaryReader, end: number): LocalRecordBody {
  const items: KeyedJson[] = [];
  let step: number | undefined;
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === LEN) items.push(readItem(r));
    else if (f === 2 && w === LEN) {
      // HistoryStep {num = 1}; proto3 leaves num out when it is 0, so a present step means 0.
      const stepEnd = lengthEnd(r);
      step = 0;
      while (r.pos < stepEnd) {
        const [sf, sw] = r.tag();
        if (sf === 1 && sw === VARINT) step = Number(r.int64());
        else r.skip(sw, sf);
      }
    } else r.skip(w, f);
  }
  return { kind: 'history', step, items };
}

function readUpdates(r: BinaryReader, end: number): { update: KeyedJson[]; remove: string[][] } {
  const update: KeyedJson[] = [];
  const remove: string[][] = [];
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === LEN) update.push(readItem(r));
    else if (f === 2 && w === LEN) remove.push(readItem(r).path);
    else r.skip(w, f);
  }
  return { update, remove };
}

function readOutput(r: BinaryReader, end: number, source: OutputSource): LocalRecordBody {
  let stream: 'stdout' | 'stderr' = 'stderr'; // STDERR = 0 is proto3's default
  let timeMs = 0;
  let line = '';
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === VARINT) stream = r.int32() === 1 ? 'stdout' : 'stderr';
    else if (f === 2 && w === LEN) timeMs = readTimestamp(r);
    else if (f === 3 && w === LEN) line = r.string();
    else r.skip(w, f);
  }
  return { kind: 'output', source, stream, timeMs, line };
}

function readOutputLogger(r: BinaryReader, end: number): LocalRecordBody {
  let line = '';
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === LEN) line = r.string();
    else r.skip(w, f);
  }
  return { kind: 'output', source: 'output_logger', stream: 'stdout', timeMs: 0, line };
}

function readStats(r: BinaryReader, end: number): LocalRecordBody {
  let timeMs = 0;
  const items: KeyedJson[] = [];
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 2 && w === LEN) timeMs = readTimestamp(r);
    else if (f === 3 && w === LEN) items.push(readItem(r));
    else r.skip(w, f);
  }
  return { kind: 'stats', timeMs, items };
}

function readFiles(r: BinaryReader, end: number): LocalRecordBody {
  const files: Array<{ path: string; policy: 'now' | 'end' | 'live' }> = [];
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f !== 1 || w !== LEN) {
      r.skip(w, f);
      continue;
    }
    const itemEnd = lengthEnd(r);
    let path = '';
    let policy = 0;
    while (r.pos < itemEnd) {
      const [jf, jw] = r.tag();
      if (jf === 1 && jw === LEN) path = r.string();
      else if (jf === 2 && jw === VARINT) policy = r.int32();
      else r.skip(jw, jf);
    }
    files.push({ path, policy: policy === 2 ? 'live' : policy === 1 ? 'end' : 'now' });
  }
  return { kind: 'files', files };
}

function readExit(r: BinaryReader, end: number): LocalRecordBody {
  let exitCode = 0;
  let runtimeSeconds = 0;
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === VARINT) exitCode = r.int32();
    else if (f === 2 && w === VARINT) runtimeSeconds = r.int32();
    else r.skip(w, f);
  }
  return { kind: 'exit', exitCode, runtimeSeconds };
}

function readHeader(r: BinaryReader, end: number): LocalRecordBody {
  let producer = '';
  let minConsumer = '';
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === LEN) {
      const vEnd = lengthEnd(r);
      while (r.pos < vEnd) {
        const [vf, vw] = r.tag();
        if (vf === 1 && vw === LEN) producer = r.string();
        else if (vf === 2 && vw === LEN) minConsumer = r.string();
        else r.skip(vw, vf);
      }
    } else r.skip(w, f);
  }
  return { kind: 'header', producer, minConsumer };
}

function readTelemetry(r: BinaryReader, end: number): TelemetryInfo {
  const t: TelemetryInfo = { cliVersion: '', pythonVersion: '', coreVersion: '', huggingfaceVersion: '', platform: '' };
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (w !== LEN) r.skip(w, f);
    else if (f === 4) t.pythonVersion = r.string();
    else if (f === 5) t.cliVersion = r.string();
    else if (f === 6) t.huggingfaceVersion = r.string();
    else if (f === 12) t.coreVersion = r.string();
    else if (f === 13) t.platform = r.string();
    else r.skip(w, f);
  }
  return t;
}

/** `GitRepoRecord` {remote_url 1, commit 2}, used by RunRecord.git and EnvironmentRecord.git. */
function readGit(r: BinaryReader): { remote: string; commit: string } {
  const end = lengthEnd(r);
  let remote = '';
  let commit = '';
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === LEN) remote = r.string();
    else if (f === 2 && w === LEN) commit = r.string();
    else r.skip(w, f);
  }
  return { remote, commit };
}

/** RunRecord's plain string fields, by field number. */
const RUN_STRINGS: Partial<Record<number, 'runId' | 'entity' | 'project' | 'group' | 'jobType' | 'displayName' | 'notes' | 'sweepId' | 'host'>> = {
  1: 'runId',
  2: 'entity',
  3: 'project',
  6: 'group',
  7: 'jobType',
  8: 'displayName',
  9: 'notes',
  12: 'sweepId',
  13: 'host',
};

function readRun(r: BinaryReader, end: number): RunInfo {
  const run: RunInfo = {
    runId: '',
    entity: '',
    project: '',
    displayName: '',
    group: '',
    jobType: '',
    notes: '',
    tags: [],
    sweepId: '',
    host: '',
    startingStep: 0,
    startTimeMs: 0,
    resumed: false,
    gitRemote: '',
    gitCommit: '',
    config: [],
    summary: [],
  };
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (w === VARINT) {
      if (f === 14) run.startingStep = Number(r.int64());
      else if (f === 18) run.resumed = r.bool();
      else r.skip(w, f);
      continue;
    }
    if (w !== LEN) {
      r.skip(w, f);
      continue;
    }
    const name = RUN_STRINGS[f];
    if (name) run[name] = r.string();
    else if (f === 10) run.tags.push(r.string());
    else if (f === 4) run.config = readUpdates(r, lengthEnd(r)).update;
    else if (f === 5) run.summary = readUpdates(r, lengthEnd(r)).update;
    else if (f === 17) run.startTimeMs = readTimestamp(r);
    else if (f === 19) run.telemetry = readTelemetry(r, lengthEnd(r));
    else if (f === 21) {
      const git = readGit(r);
      run.gitRemote = git.remote;
      run.gitCommit = git.commit;
    } else r.skip(w, f);
  }
  return run;
}

function readArtifact(r: BinaryReader, end: number): ArtifactInfo {
  const a: ArtifactInfo = { type: '', name: '', digest: '', description: '', aliases: [], entries: [] };
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (w !== LEN) r.skip(w, f);
    else if (f === 4) a.type = r.string();
    else if (f === 5) a.name = r.string();
    else if (f === 6) a.digest = r.string();
    else if (f === 7) a.description = r.string();
    else if (f === 11) a.aliases.push(r.string());
    else if (f === 12) readManifestEntries(r, lengthEnd(r), a.entries);
    else r.skip(w, f);
  }
  return a;
}

/** ArtifactManifest.contents (4): ArtifactManifestEntry {path 1, digest 2, size 4}. */
function readManifestEntries(r: BinaryReader, end: number, into: ArtifactInfo['entries']): void {
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f !== 4 || w !== LEN) {
      r.skip(w, f);
      continue;
    }
    const entryEnd = lengthEnd(r);
    const entry = { path: '', size: 0, digest: '' };
    while (r.pos < entryEnd) {
      const [ef, ew] = r.tag();
      if (ef === 1 && ew === LEN) entry.path = r.string();
      else if (ef === 2 && ew === LEN) entry.digest = r.string();
      else if (ef === 4 && ew === VARINT) entry.size = Number(r.int64());
      else r.skip(ew, ef);
    }
    into.push(entry);
  }
}

function readMetric(r: BinaryReader, end: number): MetricInfo {
  const m: MetricInfo = { name: '', globName: '', stepMetric: '', hidden: false, goal: undefined };
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (f === 1 && w === LEN) m.name = r.string();
    else if (f === 2 && w === LEN) m.globName = r.string();
    else if (f === 4 && w === LEN) m.stepMetric = r.string();
    else if (f === 6 && w === LEN) {
      // MetricOptions {step_sync 1, hidden 2, defined 3}
      const oEnd = lengthEnd(r);
      while (r.pos < oEnd) {
        const [of, ow] = r.tag();
        if (of === 2 && ow === VARINT) m.hidden = r.bool();
        else r.skip(ow, of);
      }
    } else if (f === 8 && w === VARINT) {
      const goal = r.int32();
      m.goal = goal === 1 ? 'minimize' : goal === 2 ? 'maximize' : undefined;
    } else r.skip(w, f);
  }
  return m;
}

function readEnvironment(r: BinaryReader, end: number): EnvironmentInfo {
  const e: EnvironmentInfo = { os: '', python: '', program: '', host: '', username: '', gitRemote: '', gitCommit: '' };
  while (r.pos < end) {
    const [f, w] = r.tag();
    if (w !== LEN) r.skip(w, f);
    else if (f === 1) e.os = r.string();
    else if (f === 2) e.python = r.string();
    else if (f === 6) e.program = r.string();
    else if (f === 9) {
      const git = readGit(r);
      e.gitRemote = git.remote;
      e.gitCommit = git.commit;
    } else if (f === 12) e.host = r.string();
    else if (f === 13) e.username = r.string();
    else r.skip(w, f);
  }
  return e;
}
