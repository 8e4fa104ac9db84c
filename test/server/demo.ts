/**
 * The demo data set: deterministic (seeded PRNG; the same data on every start, except the live
 * run, which is anchored to the server's start time). Histories, files and big artifact files are
 * generated lazily, so the server starts in well under a second.
 */
import { existsSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bufferBlob, lazyBlob, streamBlob, type Blob } from './blob.js';
import { realClock, type Clock } from './clock.js';
import * as N from './demo-names.js';
import { growingLines, isLive } from './console-log.js';
import type { HistorySource, LogLineRec, ProjectRec, Row, RunRec } from './model.js';
import { Store } from './model.js';
import { makePng } from './png.js';
import { withMedia, type MediaPlan } from './demo-media.js';
import { README_TEXT, RUN_PATCH, TRAIN_AS_RUN } from './demo-repo.js';
import { addRunFolder, findRunFolders } from './run-folders.js';
import { wbStringify } from './wbjson.js';
import { toYaml } from './yaml.js';
import { configYaml } from './run-config.js';

export const REAL_RUNS_URL = new URL('../fixtures/real-runs/', import.meta.url);

/** 2025-01-06T00:00:00Z: generated runs are created over the months after this. */
const EPOCH = Date.UTC(2025, 0, 6);
const DAY = 86_400_000;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic value in [0, 1) for (seed, i, k) without state. */
export function hash01(seed: number, i: number, k: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(k + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const round = (v: number, d = 6) => Math.round(v * 10 ** d) / 10 ** d;

interface GenSpec {
  seed: number;
  /** Target number of steps (rows); live runs grow towards it. */
  steps: number;
  evalEvery: number;
  lr: number;
  epochs: number;
  finalLoss: number;
  finalAcc: number;
  secPerStep: number;
  startSec: number;
  /** Loss turns NaN in the last 10 % (crashed / failed runs). */
  diverge: boolean;
}

function genRow(s: GenSpec, i: number): Row {
  const p = i / Math.max(1, s.steps - 1);
  const n1 = hash01(s.seed, i, 1) - 0.5;
  const n2 = hash01(s.seed, i, 2) - 0.5;
  const decay = Math.exp(-5 * p);
  let loss = s.finalLoss + (2.3 - s.finalLoss) * decay + n1 * 0.08 * (1 - 0.6 * p);
  if (hash01(s.seed, i, 7) < 0.0005) loss *= 3; // occasional spikes, kept by min/max sampling
  const acc = Math.min(0.9999, Math.max(0, s.finalAcc * (1 - Math.exp(-6 * p)) + 0.1 * Math.exp(-6 * p) + n2 * 0.02));
  const runtime = i * s.secPerStep;
  const row: Row = {
    _step: i,
    _runtime: round(runtime, 3),
    _timestamp: round(s.startSec + runtime, 3),
    'train/loss': s.diverge && p > 0.9 ? NaN : round(Math.max(0.0001, loss)),
    'train/acc': round(acc),
    lr: round(s.lr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p))), 9),
    epoch: Math.min(s.epochs - 1, Math.floor(p * s.epochs)),
  };
  if (i % s.evalEvery === 0 || i === s.steps - 1) {
    const n3 = hash01(s.seed, i, 3) - 0.5;
    row['val/loss'] = round(Math.max(0.0001, s.finalLoss * 1.1 + (2.3 - s.finalLoss) * decay * 1.05 + n3 * 0.03));
    row['val/acc'] = round(Math.min(0.9999, Math.max(0, (row['train/acc'] as number) - 0.008 + n3 * 0.01)));
    // wandb.log({"eval": {...}}): a dict, kept nested in the row as logged.
    row.eval = { acc: round((row['val/acc'] as number) - 0.003), loss: round((row['val/loss'] as number) * 1.02) };
  }
  return row;
}

function genHistory(s: GenSpec, length: () => number): HistorySource {
  return {
    length,
    row: (i) => genRow(s, i),
    indexOfStep: (step) => Math.max(0, Math.min(length(), Math.ceil(step))),
    keyInfo: () => {
      const n = length();
      if (n === 0) return { lastStep: -1, keys: {} as Record<string, { typeCounts: { type: string; count: number }[] }> };
      let val = Math.floor((n - 1) / s.evalEvery) + 1;
      if (n === s.steps && (s.steps - 1) % s.evalEvery !== 0) val++;
      const num = (count: number) => ({ typeCounts: [{ type: 'number', count }] });
      return {
        lastStep: n - 1,
        keys: {
          _runtime: num(n),
          _step: num(n),
          _timestamp: num(n),
          epoch: num(n),
          lr: num(n),
          'train/acc': num(n),
          'train/loss': num(n),
          'val/acc': num(val),
          'val/loss': num(val),
          eval: { typeCounts: [{ type: 'map', count: val, keys: { acc: num(val).typeCounts, loss: num(val).typeCounts } }] },
        },
      };
    },
  };
}

function genEvents(seed: number, runtimeSec: () => number, startSec: number): HistorySource {
  const interval = 15;
  const length = () => Math.max(1, Math.min(2000, Math.floor(runtimeSec() / interval) + 1));
  return {
    length,
    row: (j) => {
      const t = j * interval * Math.max(1, runtimeSec() / interval / 2000);
      const r = (k: number) => hash01(seed, j, 100 + k);
      return {
        'system.cpu': round(35 + 40 * r(1), 2),
        'system.memory': round(40 + 20 * r(2) + Math.min(15, j / 50), 2),
        'system.disk': round(61.3 + j * 0.001, 2),
        'system.gpu.0.gpu': round(80 + 19 * r(3), 2),
        'system.gpu.0.memory': round(60 + 10 * r(4), 2),
        'system.gpu.0.temp': round(62 + 12 * r(5), 1),
        'system.network.sent': Math.round(1.2e5 * j + 1e4 * r(6)),
        'system.network.recv': Math.round(3.4e5 * j + 1e4 * r(7)),
        'system.proc.cpu.threads': 24 + Math.floor(4 * r(8)),
        _runtime: round(t, 3),
        _timestamp: round(startSec + t, 3),
        _wandb: true,
      };
    },
  };
}

function lastEvent(h: HistorySource): Record<string, unknown> {
  const n = h.length();
  if (n === 0) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h.row(n - 1))) if (!k.startsWith('_')) out[k] = v;
  return out;
}

const ADJ = ['glamorous', 'silvery', 'dainty', 'vivid', 'misunderstood', 'celestial', 'rosy', 'eager', 'fluent', 'hardy', 'lively', 'polar', 'quiet', 'radiant', 'sunny', 'wandering', 'young', 'zesty', 'bright', 'cosmic'];
const NOUN = ['frog', 'sun', 'river', 'pine', 'wind', 'dust', 'moon', 'forest', 'sea', 'cloud', 'wave', 'star', 'field', 'meadow', 'brook', 'dawn', 'snowflake', 'shadow', 'firefly', 'fog'];
const TAGS = ['baseline', 'augmented', 'ablation', 'gpu', 'debug', 'v2', 'fp16', 'long-run', 'production-candidate'];

const DEMO_METRIC_RECORDS = N.DEMO_METRIC_GOALS.map(([name, goal]) => ({ '1': name, '6': [3], '8': goal === 'minimize' ? 1 : 2 }));

/**
 * A config as wandb-core (the SDK these runs name, 0.19.8) uploads it: `{key: {value}}`, no `desc`
 * (`core/internal/runconfig/runconfig.go` `RunConfig.Serialize`, sent by `runupserter.go`
 * `serializeConfig`). Only the Python sender before it added `desc: null` to every key.
 */
function wrapConfig(plain: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain)) out[k] = { value: v };
  out._wandb = {
    value: {
      cli_version: '0.19.8',
      python_version: '3.11.9',
      is_jupyter_run: false,
      is_kaggle_kernel: false,
      start_time: 0,
      framework: 'torch',
      t: { '1': [1, 5, 41, 55], '2': [1, 5, 41, 55], '3': [13, 16, 23, 55], '4': '3.11.9', '5': '0.19.8', '8': [5], '13': 'linux-x86_64' },
      // The training script's run.define_metric(name, goal=...) calls, as W&B keeps them: each a
      // MetricRecord with field numbers as keys ("1" name, "6" the set options: 3 = defined,
      // "8" goal: 1 minimize, 2 maximize); see proto_encode_to_dict / ProtoEncodeToDict.
      m: DEMO_METRIC_RECORDS,
    },
  };
  return out;
}

const REQUIREMENTS = [
  'numpy==1.26.4',
  'torch==2.3.1',
  'torchvision==0.18.1',
  'wandb==0.19.8',
  'tqdm==4.66.4',
  'PyYAML==6.0.1',
  'scikit-learn==1.5.0',
  'pillow==10.3.0',
].join('\n') + '\n';

function outputLog(run: RunRec, spec: GenSpec, seed: number): string {
  const rnd = mulberry32(seed ^ 0x51ed);
  const out: string[] = [];
  out.push(`\u001b[34m\u001b[1mwandb\u001b[0m: Tracking run with wandb version 0.19.8`);
  out.push(`\u001b[34m\u001b[1mwandb\u001b[0m: Run data is saved locally in /home/demo/mnist/wandb/run-${run.name}`);
  out.push(`\u001b[34m\u001b[1mwandb\u001b[0m: Syncing run \u001b[33m${run.displayName}\u001b[0m`);
  out.push(`Using device: cuda:0 (NVIDIA A100-SXM4-40GB)`);
  out.push(`\u001b[33mUserWarning: The given NumPy array is not writable\u001b[0m`);
  const epochs = Math.min(spec.epochs, 30);
  const stepsPerEpoch = Math.max(1, Math.floor(spec.steps / spec.epochs));
  const lastEpoch = run.state === 'finished' ? epochs : Math.max(1, Math.floor(epochs * 0.7));
  for (let e = 0; e < lastEpoch; e++) {
    out.push(`\u001b[1mEpoch ${e + 1}/${spec.epochs}\u001b[0m`);
    const bars = [10, 50, 100].map((pct) => {
      const n = Math.round((stepsPerEpoch * pct) / 100);
      const filled = '█'.repeat(pct / 10) + ' '.repeat(10 - pct / 10);
      return `${String(pct).padStart(3)}%|${filled}| ${n}/${stepsPerEpoch} [00:${String(Math.round(pct / 8)).padStart(2, '0')}<00:${String(12 - Math.round(pct / 9)).padStart(2, '0')}, ${(30 + rnd() * 10).toFixed(2)}it/s]`;
    });
    out.push(bars.join('\r'));
    const row = genRow(spec, Math.min(spec.steps - 1, (e + 1) * stepsPerEpoch - 1));
    out.push(`  train_loss=\u001b[36m${Number(row['train/loss']).toFixed(4)}\u001b[0m train_acc=${Number(row['train/acc']).toFixed(4)} lr=${Number(row.lr).toExponential(2)}`);
    if (e % 3 === 2) out.push(`  \u001b[32m✓ saved checkpoint checkpoints/epoch_${e + 1}.pt\u001b[0m`);
  }
  if (run.state === 'failed' || run.state === 'crashed') {
    out.push('\u001b[31mTraceback (most recent call last):\u001b[0m');
    out.push('  File "train.py", line 142, in <module>');
    out.push('    loss.backward()');
    out.push('  File "/usr/lib/python3.11/site-packages/torch/_tensor.py", line 525, in backward');
    out.push(
      run.state === 'crashed'
        ? '\u001b[31mRuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 39.59 GiB total capacity)\u001b[0m'
        : '\u001b[31mValueError: loss is NaN at step ' + Math.floor(spec.steps * 0.9) + '\u001b[0m',
    );
  } else if (run.state === 'killed') {
    out.push('\u001b[33mKeyboardInterrupt\u001b[0m');
  } else if (run.state === 'finished') {
    out.push(`\u001b[32mTraining complete.\u001b[0m best val/acc=${Number(run.summary['val/acc'] ?? 0).toFixed(4)}`);
  }
  return out.join('\n') + '\n';
}

/** Line `n` a running run streamed: a header, then one line per DEMO_LOG_LINE_EVERY_ROWS rows. */
function streamedLine(run: RunRec, spec: GenSpec, n: number): LogLineRec {
  const header = [
    `\u001b[34m\u001b[1mwandb\u001b[0m: Tracking run with wandb version 0.19.8`,
    `\u001b[34m\u001b[1mwandb\u001b[0m: Syncing run \u001b[33m${run.displayName}\u001b[0m`,
    N.DEMO_LOG_MARKUP_LINE,
    `\u001b[33mUserWarning: The given NumPy array is not writable\u001b[0m`,
  ];
  if (n < header.length) return { number: n, line: header[n]!, level: n === 3 ? 'error' : '', timestamp: run.createdAt + n };
  const step = (n - header.length + 1) * N.DEMO_LOG_LINE_EVERY_ROWS - 1;
  const row = genRow(spec, step);
  const line = `step ${step}  train/loss=\u001b[36m${Number(row['train/loss']).toFixed(4)}\u001b[0m train/acc=${Number(row['train/acc']).toFixed(4)}`;
  return { number: n, line, level: '', timestamp: Math.round(Number(row._timestamp) * 1000) };
}

function metadata(run: RunRec, program: string): Record<string, unknown> {
  return {
    os: 'Linux-5.15.0-105-generic-x86_64-with-glibc2.35',
    python: 'CPython 3.11.9',
    startedAt: new Date(run.createdAt).toISOString(),
    heartbeatAt: new Date(run.heartbeatAt).toISOString(),
    program,
    codePath: program,
    codePathLocal: program,
    args: ['--lr', String((run.config.optimizer as { value?: { lr?: number } } | undefined)?.value?.lr ?? 0.001), '--epochs', String((run.config.epochs as { value?: unknown } | undefined)?.value ?? 10)],
    git: { remote: `https://github.com/${run.project.entity}/${run.project.name}.git`, commit: run.commit },
    email: `${run.username}@example.com`,
    root: `/home/${run.username}/${run.project.name}`,
    host: run.host,
    username: run.username,
    executable: '/usr/bin/python3',
    cpu_count: 16,
    cpu_count_logical: 32,
    gpu: 'NVIDIA A100-SXM4-40GB',
    gpu_count: 1,
    state: run.state,
  };
}

interface RunPlan {
  name: string;
  displayName: string;
  state: string;
  createdAt: number;
  username: string;
  tags: string[];
  group: string | null;
  jobType: string | null;
  notes: string | null;
  sweepName?: string | null;
  config: Record<string, unknown>;
  spec: GenSpec;
  media: boolean;
  summaryExtra?: Record<string, unknown>;
  /** Media logged over steps (history values and their files). */
  mediaOverSteps?: MediaPlan;
  /** The commit the run ran instead of a generated one, and what its metadata says instead. */
  commit?: string;
  metadataExtra?: Record<string, unknown>;
  /** Files the run saved besides the generated ones. */
  extraFiles?: () => Array<{ name: string; blob: Blob }>;
}

/** A run that grows as the clock moves: `initial` rows at `start`, then `rowsPerSecond`. */
interface LivePlan {
  clock: Clock;
  start: number;
  rowsPerSecond: number;
  initial: number;
}

function addGeneratedRun(store: Store, project: ProjectRec, plan: RunPlan, live?: LivePlan): RunRec {
  const spec = plan.spec;
  const length = live
    ? () => Math.min(spec.steps, live.initial + Math.floor(((live.clock.now() - live.start) / 1000) * live.rowsPerSecond))
    : () => spec.steps;
  const media = plan.mediaOverSteps ? withMedia(genHistory(spec, length), plan.mediaOverSteps) : undefined;
  const history = media?.history ?? genHistory(spec, length);
  const runtimeSec = () => (length() - 1) * spec.secPerStep;
  const events = genEvents(spec.seed, runtimeSec, spec.startSec);
  const commit = Math.floor(hash01(spec.seed, 0, 99) * 2 ** 32).toString(16).padStart(8, '0') + Math.floor(hash01(spec.seed, 1, 99) * 2 ** 32).toString(16).padStart(8, '0') + 'a1b2c3d4e5f60718293a';
  const run = store.addRun(project, {
    name: plan.name,
    displayName: plan.displayName,
    state: plan.state,
    createdAt: plan.createdAt,
    heartbeatAt: plan.createdAt + Math.round(runtimeSec() * 1000) + 2000,
    updatedAt: plan.createdAt + Math.round(runtimeSec() * 1000) + 5000,
    username: plan.username,
    tags: plan.tags,
    group: plan.group,
    jobType: plan.jobType,
    notes: plan.notes,
    sweepName: plan.sweepName ?? null,
    host: `gpu-node-${(spec.seed % 12) + 1}`,
    commit: plan.commit ?? commit.slice(0, 40),
    exitcode: plan.state === 'finished' ? 0 : plan.state === 'failed' || plan.state === 'crashed' ? 1 : plan.state === 'killed' ? 255 : null,
    config: plan.config,
    history,
    events,
  });
  const summaryFor = (): Record<string, unknown> => {
    const n = length();
    if (n === 0 || plan.state === 'pending') return {};
    const last = genRow(spec, n - 1);
    // last logged value of every key (val/* come from the last eval row)
    const lastEval = genRow(spec, n - 1 - ((n - 1) % spec.evalEvery));
    const s: Record<string, unknown> = {
      ...last,
      'val/loss': lastEval['val/loss'] ?? last['val/loss'],
      'val/acc': lastEval['val/acc'] ?? last['val/acc'],
      eval: lastEval.eval ?? last.eval,
      _wandb: { runtime: Math.round(last._runtime as number) },
    };
    if (plan.media) {
      s.examples = {
        _type: 'image-file',
        path: `media/images/examples_${n - 1}_3f2a.png`,
        sha256: '5d1f3a9e3c0b7f2a4e6d8c1b9a7f5e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f',
        size: 0,
        format: 'png',
        width: 32,
        height: 32,
      };
      s.weights = {
        _type: 'histogram',
        values: Array.from({ length: 16 }, (_, k) => Math.round(100 * Math.exp(-((k - 8) ** 2) / 10))),
        bins: Array.from({ length: 17 }, (_, k) => round(-1 + k * 0.125, 4)),
      };
      s.predictions = {
        _type: 'table-file',
        path: `media/table/predictions_${n - 1}_9c4e.table.json`,
        sha256: '9c4e1b2a3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a',
        size: 0,
        ncols: N.DEMO_RUN_TABLE_COLUMNS.length,
        nrows: N.DEMO_RUN_TABLE_ROWS,
      };
    }
    if (plan.mediaOverSteps) {
      // The summary holds each media key's last value, as the SDK's summary does.
      const every = plan.mediaOverSteps.every;
      for (const [k, v] of Object.entries(history.row(Math.floor((n - 1) / every) * every))) if (v && typeof v === 'object') s[k] = v;
    }
    return { ...s, ...(plan.summaryExtra ?? {}) };
  };
  if (live) {
    Object.defineProperty(run, 'summary', { get: summaryFor, set: () => {}, enumerable: true });
    Object.defineProperty(run, 'heartbeatAt', { get: () => live.clock.now() - 1000, set: () => {}, enumerable: true });
    Object.defineProperty(run, 'updatedAt', { get: () => live.clock.now() - 1000, set: () => {}, enumerable: true });
    Object.defineProperty(run, 'systemMetrics', { get: () => lastEvent(events), set: () => {}, enumerable: true });
  } else {
    run.summary = summaryFor();
    run.systemMetrics = plan.state === 'pending' ? {} : lastEvent(events);
  }
  if (isLive(plan.state) && plan.state !== 'pending') {
    run.logLines = growingLines(() => N.DEMO_LOG_HEADER_LINES + Math.floor(length() / N.DEMO_LOG_LINE_EVERY_ROWS), (n) => streamedLine(run, spec, n));
  }
  const pngA = lazyBlob(() => makePng(32, 32, spec.seed % 251), 'image/png');
  const pngB = lazyBlob(() => makePng(24, 24, (spec.seed >> 3) % 251), 'image/png');
  const metadataText = () => JSON.stringify({ ...metadata(run, 'train.py'), ...plan.metadataExtra }, null, 2);
  run.files = store.runFiles(run, () => {
    if (plan.state === 'pending') return [{ name: 'wandb-metadata.json', blob: lazyBlob(metadataText, 'application/json') }];
    const files: { name: string; blob: Blob }[] = [
      { name: 'config.yaml', blob: lazyBlob(() => configYaml(run.config), 'text/plain') },
      // A running run's console is in its streamed lines; output.log comes when it ends.
      ...(isLive(plan.state) ? [] : [{ name: 'output.log', blob: lazyBlob(() => outputLog(run, spec, spec.seed), 'text/plain') }]),
      { name: 'requirements.txt', blob: bufferBlob(REQUIREMENTS, 'text/plain') },
      { name: 'wandb-metadata.json', blob: lazyBlob(metadataText, 'application/json') },
      { name: 'wandb-summary.json', blob: lazyBlob(() => wbStringify(run.summary), 'application/json') },
    ];
    if (plan.media) {
      const n = length() - 1;
      files.push({ name: `media/images/examples_${n}_3f2a.png`, blob: pngA });
      files.push({ name: `media/images/confusion_matrix_${n}_8b1c.png`, blob: pngB });
      files.push({
        name: `media/table/predictions_${n}_9c4e.table.json`,
        blob: lazyBlob(
          () =>
            JSON.stringify({
              columns: [...N.DEMO_RUN_TABLE_COLUMNS],
              // One caption holds markup: a preview must show it as text.
              data: Array.from({ length: N.DEMO_RUN_TABLE_ROWS }, (_, k) => [k, k % 10, (k * 7) % 10, k === 3 ? N.DEMO_XSS_TEXT : `digit ${k % 10}`]),
            }),
          'application/json',
        ),
      });
    }
    if (media) files.push(...media.files());
    if (plan.extraFiles) files.push(...plan.extraFiles());
    return files;
  });
  return run;
}

function randomId(rnd: () => number, used: Set<string>): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let s = '';
    for (let i = 0; i < 8; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    if (!used.has(s)) {
      used.add(s);
      return s;
    }
  }
}

function stateFor(i: number): string {
  if (i % 100 === 6) return 'running';
  if (i % 50 === 1) return 'crashed';
  if (i % 50 === 2) return 'failed';
  if (i % 50 === 3) return 'killed';
  if (i % 100 === 4) return 'pending';
  if (i % 200 === 5) return 'preempted';
  return 'finished';
}

interface ProjectPlan {
  entity: string;
  name: string;
  description: string;
  runs: number;
  seed: number;
  createdAt: number;
  users: string[];
}

function planRuns(store: Store, project: ProjectRec, p: ProjectPlan, used: Set<string>, fixed: Map<number, Partial<RunPlan>>): RunRec[] {
  const rnd = mulberry32(p.seed);
  const out: RunRec[] = [];
  const archs = ['cnn', 'mlp', 'resnet18', 'vit-tiny'];
  const optimizers = ['adam', 'adamw', 'sgd'];
  for (let i = 0; i < p.runs; i++) {
    const override = fixed.get(i) ?? {};
    const state = override.state ?? stateFor(i);
    const arch = archs[Math.floor(rnd() * archs.length)]!;
    const opt = optimizers[Math.floor(rnd() * optimizers.length)]!;
    const lr = [0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001][Math.floor(rnd() * 7)]!;
    const batch = [32, 64, 128, 256][Math.floor(rnd() * 4)]!;
    const epochs = [5, 10, 20, 50][Math.floor(rnd() * 4)]!;
    const dropout = round(rnd() * 0.5, 2);
    const seed = Math.floor(rnd() * 2 ** 31);
    const longRun = i % 97 === 0;
    const steps = state === 'pending' ? 0 : longRun ? 100_000 : 200 + Math.floor(rnd() * 8000);
    const createdAt = p.createdAt + Math.floor((i / Math.max(1, p.runs)) * 240 * DAY) + Math.floor(rnd() * DAY);
    const tags: string[] = [];
    for (const t of TAGS) if (rnd() < 0.15) tags.push(t);
    const config = wrapConfig({
      optimizer: { name: opt, lr, betas: [0.9, 0.999], weight_decay: round(rnd() * 0.01, 4) },
      model: { arch, layers: 2 + Math.floor(rnd() * 6), hidden: [256, 128], dropout, activation: rnd() < 0.5 ? 'relu' : 'gelu' },
      data: { dataset: p.name.split('-')[0], batch_size: batch, augment: rnd() < 0.5, num_workers: 4 },
      epochs,
      seed: i,
      learning_rate: lr,
      batch_size: batch,
    });
    const finalLoss = round(0.02 + rnd() * 0.4 + (lr > 0.03 ? 0.3 : 0), 4);
    const baseSpec: GenSpec = {
      seed,
      steps,
      evalEvery: steps > 10_000 ? 1000 : 50,
      lr,
      epochs,
      finalLoss: 0,
      finalAcc: 0,
      secPerStep: round(0.02 + rnd() * 0.1, 3),
      startSec: createdAt / 1000,
      diverge: state === 'crashed' || state === 'failed',
    };
    const plan: RunPlan = {
      name: override.name ?? randomId(rnd, used),
      displayName: `${ADJ[Math.floor(rnd() * ADJ.length)]}-${NOUN[Math.floor(rnd() * NOUN.length)]}-${i + 1}`,
      state,
      createdAt,
      username: p.users[i % 7 === 3 ? 1 % p.users.length : i % 11 === 5 ? 2 % p.users.length : 0]!,
      tags,
      group: rnd() < 0.6 ? `${arch}-${opt}` : null,
      jobType: i % 9 === 4 ? 'eval' : 'train',
      notes: rnd() < 0.1 ? `Trying ${opt} with lr=${lr}` : null,
      config,
      spec: { ...baseSpec, finalLoss, finalAcc: round(Math.min(0.995, 0.99 - finalLoss * 0.15), 4) },
      media: i % 10 === 0,
      ...override,
    };
    if (override.spec) plan.spec = { ...baseSpec, ...override.spec, startSec: baseSpec.startSec };
    if (!used.has(plan.name)) used.add(plan.name);
    out.push(addGeneratedRun(store, project, plan));
  }
  return out;
}

function addRealRuns(store: Store, project: ProjectRec, used: Set<string>): void {
  const root = fileURLToPath(REAL_RUNS_URL);
  if (!existsSync(root)) return;
  let count = 0;
  for (const dir of findRunFolders(root, 40)) {
    if (count >= 12) break;
    const id = basename(dir).replace(/^.*-/, '');
    if (used.has(id)) continue;
    const repo = relative(root, dir).split(/[\\/]/)[0] ?? 'real';
    const run = addRunFolder(store, project, dir, {
      username: N.DEMO_USER,
      displayName: (runId) => `${repo.split('__')[1] ?? repo}-${runId}`,
      tags: ['real-world', repo.split('__')[0]!.toLowerCase().slice(0, 30)],
      group: repo,
      notes: `Rebuilt from a real W&B run folder (${repo}).`,
    });
    if (!run) continue;
    used.add(id);
    count++;
  }
}

/** Build the demo Store. The clock's time now anchors the live run, which grows as it moves. */
/** What a run that logged media over its steps is made of (the demo's media runs, the bench's). */
export interface MediaRunPlan {
  name: string;
  displayName: string;
  createdAt: number;
  seed: number;
  steps: number;
  media: MediaPlan;
  notes: string;
}

/** A finished run that logged `plan.media` (demo-media.ts) over `plan.steps` steps. */
export function addMediaRun(store: Store, project: ProjectRec, plan: MediaRunPlan): RunRec {
  return addGeneratedRun(store, project, {
    name: plan.name,
    displayName: plan.displayName,
    state: 'finished',
    createdAt: plan.createdAt,
    username: N.DEMO_USER,
    tags: ['media'],
    group: null,
    jobType: 'train',
    notes: plan.notes,
    config: wrapConfig({ optimizer: { name: 'sgd', lr: 0.05, betas: [0.9, 0.999] }, epochs: 5 }),
    media: false,
    mediaOverSteps: plan.media,
    spec: { seed: plan.seed, steps: plan.steps, evalEvery: 50, lr: 0.05, epochs: 5, finalLoss: 0.12, finalAcc: 0.96, secPerStep: 0.2, startSec: plan.createdAt / 1000, diverge: false },
  });
}

export function buildDemo(clock: Clock = realClock): Store {
  const now = clock.now();
  const store = new Store();
  const [alice, bob] = N.DEMO_OTHER_USERS;
  store.viewer = store.addUser({
    username: N.DEMO_USER,
    name: N.DEMO_USER_FULL_NAME,
    email: 'demo-user@example.com',
    entity: N.DEMO_USER,
    teams: [N.DEMO_TEAM],
    createdAt: EPOCH - 400 * DAY,
  });
  store.addUser({ username: alice, name: 'Alice Example', email: 'alice@example.com', entity: alice, teams: [N.DEMO_TEAM], createdAt: EPOCH - 300 * DAY });
  store.addUser({ username: bob, name: 'Bob Example', email: 'bob@example.com', entity: bob, teams: [N.DEMO_TEAM], createdAt: EPOCH - 200 * DAY });
  store.addEntity({ name: N.DEMO_TEAM, isTeam: true, createdAt: EPOCH - 350 * DAY, members: [N.DEMO_USER, alice, bob] });

  const used = new Set<string>();
  const users = [N.DEMO_USER, alice, bob];

  // ---- mnist-classifier: 1,200 runs
  const mnist = store.addProject({ name: N.DEMO_PROJECT, entity: N.DEMO_USER, description: 'Handwritten digit classification: CNN / MLP / ViT baselines, sweeps and ablations.', createdAt: EPOCH - 5 * DAY, username: N.DEMO_USER });
  const fixed = new Map<number, Partial<RunPlan>>();
  const baselineConfig = wrapConfig({
    optimizer: { name: N.DEMO_RUN_OPTIMIZER, lr: N.DEMO_RUN_LR, betas: [0.9, 0.999], weight_decay: 0.0001 },
    model: { arch: 'cnn', layers: 4, hidden: [256, 128], dropout: 0.25, activation: 'relu' },
    data: { dataset: 'mnist', batch_size: 128, augment: true, num_workers: 4 },
    epochs: N.DEMO_RUN_EPOCHS,
    seed: 42,
    learning_rate: N.DEMO_RUN_LR,
    batch_size: 128,
  });
  fixed.set(0, {
    name: N.DEMO_RUN_ID,
    displayName: N.DEMO_RUN_DISPLAY_NAME,
    state: 'finished',
    tags: [...N.DEMO_RUN_TAGS],
    group: N.DEMO_RUN_GROUP,
    jobType: N.DEMO_RUN_JOB_TYPE,
    notes: 'Reference run: Adam, lr 1e-3, 20 epochs, light augmentation.',
    username: N.DEMO_USER,
    config: baselineConfig,
    media: true,
    spec: { seed: 424242, steps: N.DEMO_RUN_HISTORY_STEPS, evalEvery: 1000, lr: N.DEMO_RUN_LR, epochs: N.DEMO_RUN_EPOCHS, finalLoss: 0.031, finalAcc: 0.995, secPerStep: 0.05, startSec: 0, diverge: false },
    summaryExtra: { 'val/acc': N.DEMO_RUN_VAL_ACC, 'best/val_loss': 0.0412, [N.DEMO_RUN_NAN_KEY]: NaN, 'test/acc': 0.9866 },
  });
  fixed.set(1, { name: N.DEMO_CRASHED_RUN_ID, state: 'crashed' });
  fixed.set(2, { name: N.DEMO_FAILED_RUN_ID, state: 'failed' });
  fixed.set(3, { name: N.DEMO_KILLED_RUN_ID, state: 'killed' });
  fixed.set(4, { name: N.DEMO_PENDING_RUN_ID, state: 'pending' });
  fixed.set(5, { name: N.DEMO_PREEMPTED_RUN_ID, state: 'preempted' });
  fixed.set(7, {
    name: N.DEMO_XSS_RUN_ID,
    displayName: `${N.DEMO_XSS_TEXT} ${N.DEMO_XSS_SCRIPT}`,
    state: 'finished',
    tags: [N.DEMO_XSS_SCRIPT, '"><svg onload=alert(1)>', 'safe-tag'],
    group: `<b>group</b>${N.DEMO_XSS_TEXT}`,
    jobType: '<i>train</i>',
    notes: `Notes with markup: ${N.DEMO_XSS_SCRIPT} and [a link](javascript:alert(1)) ${N.DEMO_XSS_TEXT}`,
    config: wrapConfig({
      optimizer: { name: N.DEMO_XSS_SCRIPT, lr: 0.01, betas: [0.9, 0.999] },
      model: { arch: N.DEMO_XSS_TEXT, note: '</script><script>alert(document.domain)</script>' },
      [`<img src=x onerror=alert('key')>`]: 'value in a hostile key',
      epochs: 3,
    }),
    summaryExtra: { [N.DEMO_XSS_TEXT]: 1, 'caption': N.DEMO_XSS_SCRIPT },
  });
  fixed.set(8, {
    name: N.DEMO_UNICODE_RUN_ID,
    displayName: `${N.DEMO_UNICODE_TEXT} — Ꭰ𝔘𝔫𝔦𝔠𝔬𝔡𝔢`,
    state: 'finished',
    tags: ['日本語', 'émoji-🚀', 'العربية'],
    notes: `Multi-line\nnotes with ${N.DEMO_UNICODE_TEXT}\n\ttab and "quotes" and 'apostrophes' and \\backslashes\\`,
    config: wrapConfig({ optimizer: { name: 'adam', lr: 0.001, betas: [0.9, 0.999] }, 'métrique/précision': 'élevée', '模型': { '层数': 12 }, emoji: '🚀🔥', epochs: 2 }),
    summaryExtra: { 'précision/val': 0.97, '損失': 0.12 },
  });
  const mnistRuns = planRuns(store, mnist, { entity: N.DEMO_USER, name: N.DEMO_PROJECT, description: '', runs: N.DEMO_PROJECT_RUN_COUNT - 4, seed: 7, createdAt: EPOCH, users }, used, fixed);

  // The live run: anchored to now, grows by DEMO_LIVE_RUN_ROWS_PER_SECOND rows per second.
  const liveStart = now - (N.DEMO_LIVE_RUN_INITIAL_ROWS / N.DEMO_LIVE_RUN_ROWS_PER_SECOND) * 1000;
  used.add(N.DEMO_LIVE_RUN_ID);
  addGeneratedRun(
    store,
    mnist,
    {
      name: N.DEMO_LIVE_RUN_ID,
      displayName: 'live-training-run',
      state: 'running',
      createdAt: liveStart,
      username: N.DEMO_USER,
      tags: ['live'],
      group: 'live',
      jobType: 'train',
      notes: 'Still training: new history rows appear every second.',
      config: wrapConfig({ optimizer: { name: 'adamw', lr: 0.0005, betas: [0.9, 0.98] }, model: { arch: 'vit-tiny', layers: 6 }, epochs: 100 }),
      media: false,
      spec: { seed: 99, steps: 100_000, evalEvery: 50, lr: 0.0005, epochs: 100, finalLoss: 0.05, finalAcc: 0.99, secPerStep: 1 / N.DEMO_LIVE_RUN_ROWS_PER_SECOND, startSec: liveStart / 1000, diverge: false },
    },
    { clock, start: now, rowsPerSecond: N.DEMO_LIVE_RUN_ROWS_PER_SECOND, initial: N.DEMO_LIVE_RUN_INITIAL_ROWS },
  );

  // A run whose metadata names the repository the demo and e2e workspaces hold (demo-repo.ts).
  used.add(N.DEMO_CODE_RUN_ID);
  addGeneratedRun(store, mnist, {
    name: N.DEMO_CODE_RUN_ID,
    displayName: N.DEMO_CODE_RUN_DISPLAY_NAME,
    state: 'finished',
    createdAt: EPOCH + 60 * DAY,
    username: N.DEMO_USER,
    tags: ['reproducible'],
    group: null,
    jobType: 'train',
    notes: 'Ran from a clone of digits-trainer with one uncommitted change (see diff.patch).',
    config: wrapConfig({ optimizer: { name: 'adam', lr: 0.01, betas: [0.9, 0.999] }, epochs: 3, seed: 0 }),
    media: false,
    commit: N.DEMO_CODE_COMMIT,
    metadataExtra: { program: 'train.py', codePath: 'train.py', codePathLocal: 'train.py', args: ['--lr', '0.01', '--epochs', '3'], git: { remote: N.DEMO_CODE_REMOTE, commit: N.DEMO_CODE_COMMIT } },
    extraFiles: () => [
      { name: 'diff.patch', blob: bufferBlob(RUN_PATCH, 'text/x-diff') },
      { name: 'code/train.py', blob: bufferBlob(TRAIN_AS_RUN, 'text/x-python') },
      { name: 'code/README.md', blob: bufferBlob(README_TEXT, 'text/markdown') },
    ],
    spec: { seed: 1717, steps: 300, evalEvery: 50, lr: 0.01, epochs: 3, finalLoss: 0.09, finalAcc: 0.97, secPerStep: 0.1, startSec: (EPOCH + 60 * DAY) / 1000, diverge: false },
  });

  // Two runs that logged media over their steps: an image with boxes and a mask, an image list,
  // a histogram, a sound; the second logged fewer steps, at other steps (to compare them).
  used.add(N.DEMO_MEDIA_RUN_ID);
  addMediaRun(store, mnist, {
    name: N.DEMO_MEDIA_RUN_ID,
    displayName: N.DEMO_MEDIA_RUN_DISPLAY_NAME,
    createdAt: EPOCH + 61 * DAY,
    seed: 2024,
    steps: N.DEMO_MEDIA_STEPS,
    media: { every: N.DEMO_MEDIA_EVERY, imageKeys: [N.DEMO_MEDIA_IMAGE_KEY], extras: true, audioEvery: N.DEMO_MEDIA_AUDIO_EVERY },
    notes: 'Logs predictions as images with boxes and masks, sample grids, weight histograms and a tone.',
  });
  used.add(N.DEMO_MEDIA2_RUN_ID);
  addMediaRun(store, mnist, {
    name: N.DEMO_MEDIA2_RUN_ID,
    displayName: N.DEMO_MEDIA2_RUN_DISPLAY_NAME,
    createdAt: EPOCH + 62 * DAY,
    seed: 2025,
    steps: N.DEMO_MEDIA2_STEPS,
    media: { every: N.DEMO_MEDIA2_EVERY, imageKeys: [N.DEMO_MEDIA_IMAGE_KEY], extras: true, audioEvery: N.DEMO_MEDIA_AUDIO_EVERY },
    notes: 'The same predictions logged less often, for comparing with predictions-over-time.',
  });

  // Sweep: 30 of the runs belong to it.
  const sweepRuns = mnistRuns.filter((r) => r.state === 'finished' && r.name !== N.DEMO_RUN_ID && r.name !== N.DEMO_XSS_RUN_ID && r.name !== N.DEMO_UNICODE_RUN_ID).slice(100, 100 + N.DEMO_SWEEP_RUN_COUNT);
  for (const r of sweepRuns) {
    r.sweepName = N.DEMO_SWEEP_ID;
    r.group = `sweep-${N.DEMO_SWEEP_ID}`;
    r.jobType = 'sweep';
  }
  const best = sweepRuns.reduce((a, b) => (Number(b.summary['val/loss']) < Number(a.summary['val/loss']) ? b : a));
  mnist.sweeps.set(N.DEMO_SWEEP_ID, {
    id: Buffer.from(`Sweep:${N.DEMO_SWEEP_ID}`).toString('base64'),
    name: N.DEMO_SWEEP_ID,
    displayName: 'lr-and-dropout-search',
    method: 'bayes',
    state: 'FINISHED',
    config: toYaml({
      method: 'bayes',
      metric: { name: 'val/loss', goal: 'minimize' },
      parameters: { 'optimizer.lr': { distribution: 'log_uniform_values', min: 0.0001, max: 0.1 }, 'model.dropout': { values: [0.0, 0.1, 0.25, 0.5] }, batch_size: { values: [32, 64, 128, 256] } },
      program: 'train.py',
      early_terminate: { type: 'hyperband', min_iter: 3 },
    }),
    createdAt: sweepRuns[0]!.createdAt - 3600_000,
    heartbeatAt: sweepRuns[sweepRuns.length - 1]!.heartbeatAt,
    bestLoss: Number(best.summary['val/loss']),
    project: mnist,
    username: N.DEMO_USER,
    runs: () => mnist.runs.filter((r) => r.sweepName === N.DEMO_SWEEP_ID),
  });

  // Reports.
  const mkView = (p: ProjectRec, name: string, displayName: string, description: string, createdAt: number) =>
    p.views.push({
      id: Buffer.from(`View:${name}`).toString('base64'),
      name,
      displayName,
      description,
      type: 'runs',
      spec: {
        version: 5,
        panelSettings: {},
        blocks: [
          { type: 'heading', level: 1, children: [{ text: displayName }] },
          { type: 'paragraph', children: [{ text: description }] },
          { type: 'panel-grid', metadata: { panelBankSectionConfig: { panels: [{ viewType: 'Run History Line Plot', config: { metrics: ['val/loss'] } }] } } },
        ],
        width: 'readable',
      },
      createdAt,
      updatedAt: createdAt + DAY,
      username: N.DEMO_USER,
      project: p,
    });
  mkView(mnist, N.DEMO_REPORT_NAME, N.DEMO_REPORT_TITLE, 'Baseline Adam run against the best sweep runs.', EPOCH + 120 * DAY);
  mkView(mnist, 'x55rep01', `Report ${N.DEMO_XSS_SCRIPT}`, `Description ${N.DEMO_XSS_TEXT}`, EPOCH + 130 * DAY);

  // Artifacts.
  const baseline = mnist.runsByName.get(N.DEMO_RUN_ID)!;
  const trainRuns = mnistRuns.filter((r) => r.state === 'finished' && r.jobType === 'train' && r !== baseline);
  const evalRuns = mnistRuns.filter((r) => r.jobType === 'eval' && r.state === 'finished');
  const raw = store.addCollection(mnist, N.DEMO_DATASET_TYPE, N.DEMO_DATASET_COLLECTION, EPOCH + 1 * DAY, 'Raw MNIST as CSV: 60k train / 10k test rows.');
  for (let v = 0; v < 3; v++) {
    const rows = (split: string, n: number) => lazyBlob(() => ['label,' + Array.from({ length: 8 }, (_, k) => `p${k}`).join(','), ...Array.from({ length: n }, (_, k) => `${(k * 7 + v) % 10},${Array.from({ length: 8 }, (_, j) => (k * 31 + j * 17 + v) % 256).join(',')}`)].join('\n') + '\n', 'text/csv');
    store.addArtifactVersion(raw, {
      createdAt: EPOCH + (1 + v * 10) * DAY,
      description: `MNIST raw data, revision ${v}`,
      metadata: { rows: { train: 60000, test: 10000 }, source: 'http://yann.lecun.com/exdb/mnist/', revision: v },
      aliases: v === 1 ? ['stable'] : [],
      files: [
        { path: 'train.csv', blob: rows('train', 600 + v * 50) },
        { path: 'test.csv', blob: rows('test', 100 + v * 10) },
        { path: 'README.md', blob: bufferBlob(`# MNIST raw (rev ${v})\n\nCSV export of the MNIST digits.\n`, 'text/markdown') },
      ],
      createdBy: trainRuns[v] ?? null,
    });
  }
  const images = store.addCollection(mnist, N.DEMO_DATASET_TYPE, N.DEMO_MANY_FILES_COLLECTION, EPOCH + 2 * DAY, 'MNIST digits as PNG files.');
  store.addArtifactVersion(images, {
    createdAt: EPOCH + 2 * DAY,
    description: `${N.DEMO_MANY_FILES_COUNT} digit images`,
    metadata: { count: N.DEMO_MANY_FILES_COUNT, format: 'png', size: [8, 8] },
    files: Array.from({ length: N.DEMO_MANY_FILES_COUNT }, (_, k) => ({
      path: `images/${String(k).padStart(5, '0')}.png`,
      blob: bufferBlob(makePng(8, 8, k), 'image/png'),
    })),
  });
  const big = store.addCollection(mnist, N.DEMO_DATASET_TYPE, N.DEMO_BIG_COLLECTION, EPOCH + 3 * DAY, 'A 1 GiB binary (generated on the fly) plus a reference to S3.');
  store.addArtifactVersion(big, {
    createdAt: EPOCH + 3 * DAY,
    description: 'Large file for download and progress tests.',
    metadata: { bytes: N.DEMO_BIG_FILE_SIZE },
    files: [
      { path: N.DEMO_BIG_FILE, blob: streamBlob(N.DEMO_BIG_FILE_SIZE, 0xb16b00b5, 'application/octet-stream') },
      { path: 'README.md', blob: bufferBlob('# big-dataset\n\n`data.bin` is 1 GiB of deterministic pseudo-random bytes.\n', 'text/markdown') },
    ],
    refs: [{ path: 'raw/mnist.tar.gz', ref: N.DEMO_REFERENCE_URI, size: 11594722, etag: '"9fb629c4189551a2d022fa330f9573f3"', versionID: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }],
  });
  const table = store.addCollection(mnist, N.DEMO_DATASET_TYPE, N.DEMO_REF_COLLECTION, EPOCH + 22 * DAY, `Evaluation table; its test split is a reference into ${N.DEMO_DATASET_COLLECTION}:v2.`);
  store.addArtifactVersion(table, {
    createdAt: EPOCH + 22 * DAY,
    description: 'Predictions on the test split; the split itself is referenced, not copied.',
    metadata: { rows: 3, columns: ['label', 'prediction'], split: `${N.DEMO_DATASET_COLLECTION}:v2` },
    files: [{ path: N.DEMO_REF_OWN_FILE, blob: bufferBlob(JSON.stringify({ _type: 'table', columns: ['label', 'prediction'], data: [[7, 7], [2, 2], [1, 7]] }), 'application/json') }],
    artifactRefs: [{ path: N.DEMO_REF_FILE, artifact: raw.versions[2]!, entryPath: N.DEMO_REF_TARGET_FILE }],
    createdBy: evalRuns[0] ?? null,
  });
  const model = store.addCollection(mnist, N.DEMO_MODEL_TYPE, N.DEMO_MODEL_COLLECTION, EPOCH + 10 * DAY, 'CNN checkpoints.');
  for (let v = 0; v < N.DEMO_MODEL_VERSIONS; v++) {
    const aliases = v === 2 ? ['production'] : v === 3 ? ['best'] : [];
    const creator = v === 3 ? baseline : trainRuns[10 + v] ?? null;
    store.addArtifactVersion(model, {
      createdAt: EPOCH + (10 + v * 7) * DAY,
      description: v === 3 ? 'Best validation loss so far.' : `Checkpoint ${v}`,
      metadata: { epoch: (v + 1) * 4, 'val/loss': round(0.09 - v * 0.01, 3), framework: 'pytorch', params: 1_199_882 },
      aliases,
      files: [
        { path: 'model.pt', blob: streamBlob(256 * 1024 + v * 1024, 1000 + v, 'application/octet-stream') },
        { path: 'config.json', blob: bufferBlob(JSON.stringify({ arch: 'cnn', layers: 4, hidden: [256, 128], version: v }, null, 2), 'application/json') },
      ],
      createdBy: creator,
    });
  }
  // Logged by the live run and not committed yet: no manifest, no alias.
  store.addArtifactVersion(model, {
    createdAt: EPOCH + (10 + N.DEMO_MODEL_VERSIONS * 7) * DAY,
    description: 'Checkpoint being uploaded.',
    metadata: { epoch: (N.DEMO_MODEL_VERSIONS + 1) * 4, framework: 'pytorch' },
    files: [{ path: 'model.pt', blob: streamBlob(256 * 1024, 999, 'application/octet-stream') }],
    createdBy: mnist.runsByName.get(N.DEMO_LIVE_RUN_ID) ?? null,
    state: 'PENDING',
  });
  store.useArtifact(baseline, raw.versions[2]!, ['dataset']);
  store.useArtifact(baseline, images.versions[0]!, ['images']);
  for (const [k, r] of evalRuns.slice(0, 12).entries()) {
    store.useArtifact(r, model.versions[2]!, ['model']);
    if (k % 2 === 0) store.useArtifact(r, raw.versions[1]!, ['dataset']);
  }
  for (const r of trainRuns.slice(0, 20)) store.useArtifact(r, raw.versions[2]!, ['dataset']);

  // ---- other projects of the user and the team
  const small: ProjectPlan[] = [
    { entity: N.DEMO_USER, name: 'cifar10-resnet', description: 'ResNet-18 on CIFAR-10.', runs: 40, seed: 11, createdAt: EPOCH + 30 * DAY, users },
    { entity: N.DEMO_USER, name: 'llm-finetune', description: 'LoRA fine-tuning of a small language model.', runs: 25, seed: 13, createdAt: EPOCH + 60 * DAY, users },
    { entity: N.DEMO_TEAM, name: 'team-vision', description: 'Shared vision experiments.', runs: 30, seed: 17, createdAt: EPOCH + 20 * DAY, users: [alice, N.DEMO_USER, bob] },
    { entity: N.DEMO_TEAM, name: 'rl-agents', description: 'PPO agents on Atari.', runs: 15, seed: 19, createdAt: EPOCH + 90 * DAY, users: [bob, alice] },
  ];
  for (const p of small) {
    const proj = store.addProject({ name: p.name, entity: p.entity, description: p.description, createdAt: p.createdAt, username: p.users[0]! });
    const runs = planRuns(store, proj, p, used, new Map());
    proj.updatedAt = Math.max(...runs.map((r) => r.updatedAt));
    if (p.name === 'cifar10-resnet') {
      const ds = store.addCollection(proj, 'dataset', 'cifar10', p.createdAt, 'CIFAR-10 (reference to S3).');
      store.addArtifactVersion(ds, {
        createdAt: p.createdAt,
        metadata: { classes: 10 },
        refs: [{ path: 'cifar-10-python.tar.gz', ref: 's3://demo-public-datasets/cifar10/cifar-10-python.tar.gz', size: 170498071, etag: '"c58f30108f718f92721af3b95e74349a"' }],
      });
      const m = store.addCollection(proj, 'model', 'resnet18', p.createdAt + DAY, 'ResNet-18 weights.');
      for (let v = 0; v < 2; v++) {
        store.addArtifactVersion(m, {
          createdAt: p.createdAt + (1 + v) * DAY,
          metadata: { top1: 0.91 + v * 0.02 },
          aliases: v === 1 ? ['best'] : [],
          files: [{ path: 'resnet18.pt', blob: streamBlob(64 * 1024, 77 + v) }],
          createdBy: runs[v] ?? null,
        });
      }
      store.useArtifact(runs[2]!, ds.versions[0]!, ['train-data']);
    }
  }
  // ---- the legacy model registry: a portfolio linking versions of two collections
  const registry = store.addProject({ name: N.DEMO_REGISTRY_PROJECT, entity: N.DEMO_USER, description: 'Registered models (links to versions logged elsewhere).', createdAt: EPOCH + 35 * DAY, username: N.DEMO_USER });
  const registered = store.addCollection(registry, N.DEMO_MODEL_TYPE, N.DEMO_PORTFOLIO, EPOCH + 35 * DAY, 'Models promoted for serving.', 'portfolio');
  const resnet = store.projects.get(`${N.DEMO_USER}/cifar10-resnet`)?.collections.get('resnet18');
  store.linkArtifact(registered, model.versions[1]!, [N.DEMO_PORTFOLIO_ALIAS], EPOCH + 36 * DAY);
  if (resnet) store.linkArtifact(registered, resnet.versions[1]!, [], EPOCH + 37 * DAY);
  registry.updatedAt = EPOCH + 37 * DAY;
  // ---- the newer W&B Registry: a project of the organization's own entity
  store.addOrganization({ name: N.DEMO_ORG, orgEntity: N.DEMO_ORG_ENTITY, members: [N.DEMO_USER, alice, bob], teams: [N.DEMO_TEAM] }, EPOCH + 38 * DAY);
  const modelRegistry = store.addProject({ name: `wandb-registry-${N.DEMO_REGISTRY}`, entity: N.DEMO_ORG_ENTITY, description: 'Model registry of the organization.', createdAt: EPOCH + 38 * DAY, username: N.DEMO_USER });
  const classifier = store.addCollection(modelRegistry, N.DEMO_MODEL_TYPE, N.DEMO_REGISTRY_COLLECTION, EPOCH + 38 * DAY, 'The image classifier we serve.', 'portfolio');
  if (resnet) store.linkArtifact(classifier, resnet.versions[0]!, [N.DEMO_REGISTRY_ALIAS], EPOCH + 39 * DAY);
  modelRegistry.updatedAt = EPOCH + 39 * DAY;
  const real = store.addProject({ name: N.DEMO_REAL_PROJECT, entity: N.DEMO_USER, description: 'Runs rebuilt from real W&B run folders found in public repositories.', createdAt: EPOCH + 100 * DAY, username: N.DEMO_USER });
  addRealRuns(store, real, used);
  real.updatedAt = Math.max(real.createdAt, ...real.runs.map((r) => r.updatedAt));
  store.addProject({ name: N.DEMO_EMPTY_PROJECT, entity: N.DEMO_USER, description: null, createdAt: EPOCH + 200 * DAY, username: N.DEMO_USER });

  // ---- a public project of an entity the viewer is not a member of: read-only for the viewer
  store.addEntity({ name: N.DEMO_READONLY_ENTITY, isTeam: true, createdAt: EPOCH + 10 * DAY, members: [alice] });
  const pub = store.addProject({ name: N.DEMO_READONLY_PROJECT, entity: N.DEMO_READONLY_ENTITY, description: 'Public leaderboard: anyone can read, only its team can write.', createdAt: EPOCH + 150 * DAY, username: alice, access: 'PUBLIC' });
  const pubFixed = new Map<number, Partial<RunPlan>>([
    [0, { name: N.DEMO_READONLY_RUN_ID, displayName: N.DEMO_READONLY_RUN_DISPLAY_NAME, state: 'finished', tags: ['leaderboard'] }],
    [6, { name: N.DEMO_READONLY_RUNNING_RUN_ID, state: 'running' }],
  ]);
  const pubRuns = planRuns(store, pub, { entity: N.DEMO_READONLY_ENTITY, name: N.DEMO_READONLY_PROJECT, description: '', runs: N.DEMO_READONLY_RUN_COUNT, seed: 23, createdAt: EPOCH + 150 * DAY, users: [alice] }, used, pubFixed);
  pub.updatedAt = Math.max(...pubRuns.map((r) => r.updatedAt));
  const evalSet = store.addCollection(pub, 'dataset', N.DEMO_READONLY_COLLECTION, EPOCH + 150 * DAY, 'Held-out evaluation set of the leaderboard.');
  store.addArtifactVersion(evalSet, {
    createdAt: EPOCH + 151 * DAY,
    description: 'Evaluation split, frozen.',
    metadata: { rows: 1000 },
    aliases: ['stable'],
    files: [{ path: 'eval.csv', blob: bufferBlob('label,x\n1,0.5\n0,0.25\n', 'text/csv') }],
    createdBy: pubRuns[0] ?? null,
  });
  mnist.updatedAt = now;
  return store;
}
