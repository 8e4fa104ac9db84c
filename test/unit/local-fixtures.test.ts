// Acceptance set: every real run folder in test/fixtures/real-runs opens and shows what it holds,
// with record counts checked against the fixtures' README (written by an independent reader).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverRuns } from '../../src/local/discovery';
import { LocalRunFolder } from '../../src/local/run-folder';
import { LocalRunReader } from '../../src/local/run-log-reader';
import type { LocalRecord } from '../../src/local/records';

const FIXTURES = join(__dirname, '../fixtures/real-runs');
const README = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
/** Long after every fixture's files were last written: runs without an exit record count as crashed. */
const LATER = Date.now() + 24 * 3600_000;

interface FixtureRun {
  folder: string;
  runId: string;
  sdk: string;
  mode: 'online' | 'offline';
  wandbBytes: number | undefined;
  /** From "records N (type n, …)"; undefined for legacy folders. */
  records?: { total: number; byType: Record<string, number>; crcErrors: number };
}

/** The README's run table plus each run's "records …" line. */
function fixtureRuns(): FixtureRun[] {
  const runs: FixtureRun[] = [];
  const row = /^\| \d+ \| ([^|]+) \| `([^`]+)` \| `[0-9a-f]+` \| (\S+) [^|]*\| (online|offline) \| (\d+|-) \|/gm;
  for (const m of README.matchAll(row)) {
    const [, repo, path, sdk, mode, bytes] = m;
    const folder = join(FIXTURES, repo!.trim().replace('/', '__'), path!);
    const runId = path!.split('-').at(-1)!;
    const run: FixtureRun = { folder, runId, sdk: sdk!, mode: mode as FixtureRun['mode'], wandbBytes: bytes === '-' ? undefined : Number(bytes) };
    const section = README.slice(README.indexOf(`— \`${path!.split('/').at(-1)}\``));
    const rec = /records (\d+)(?: \(([^)]*)\))?;.*?CRC errors (\d+)/.exec(section.slice(0, section.indexOf('\n### ') >>> 0));
    if (rec) {
      const byType: Record<string, number> = {};
      for (const part of (rec[2] ?? '').split(', ').filter(Boolean)) {
        const [name, n] = part.split(' ');
        byType[name!] = Number(n);
      }
      run.records = { total: Number(rec[1]), byType, crcErrors: Number(rec[3]) };
    }
    runs.push(run);
  }
  return runs;
}

/** The README's type names: Record's oneof field names (output, output_raw… are told apart). */
function typeName(r: LocalRecord): string {
  return r.kind === 'output' ? r.source : r.kind;
}

const RUNS = fixtureRuns();

describe('real run folders (fixtures README)', () => {
  it('the README lists 19 runs, 17 with a .wandb', () => {
    expect(RUNS.length).toBe(19);
    expect(RUNS.filter((r) => r.wandbBytes !== undefined).length).toBe(17);
  });

  it.each(RUNS.filter((r) => r.wandbBytes !== undefined).map((r) => [r.runId, r] as const))('%s: record counts match the README', async (_id, fx) => {
    const reader = new LocalRunReader(join(fx.folder, `run-${fx.runId}.wandb`));
    const { records, bytesRead, size } = await reader.readMore();
    expect(size).toBe(fx.wandbBytes);
    expect(bytesRead).toBe(fx.wandbBytes);
    const byType: Record<string, number> = {};
    for (const r of records) byType[typeName(r)] = (byType[typeName(r)] ?? 0) + 1;
    const status = reader.status();
    expect(status.undecodable).toBe(0);
    expect(status.invalid).toBeUndefined();
    if (fx.wandbBytes === 0) {
      expect(records).toEqual([]);
      return;
    }
    expect(byType).toEqual(fx.records!.byType);
    // The README counts a truncated tail chunk as a (CRC-bad) record; here it is an unfinished tail.
    expect(records.length + fx.records!.crcErrors).toBe(fx.records!.total);
    expect(status.tailBytes > 0).toBe(fx.records!.crcErrors > 0);
    expect(status.framing.badChunks).toBe(0);
  });

  it.each(RUNS.map((r) => [r.runId, r] as const))('%s: opens with its id, SDK version, mode and content', async (_id, fx) => {
    const folder = await LocalRunFolder.open(fx.folder);
    expect(folder).toBeDefined();
    const run = folder!.snapshot({ nowMs: LATER });
    expect(run.runId).toBe(fx.runId);
    expect(run.sdkVersion).toBe(fx.sdk);
    expect(run.offline).toBe(fx.mode === 'offline');
    expect(run.layout).toBe(fx.wandbBytes === undefined ? 'legacy' : 'transaction-log');
    expect(run.warnings).toEqual([]);
    if (fx.records) {
      const history = fx.records.byType.history ?? 0;
      expect(run.history.length).toBe(history);
      expect(run.historyLineCount).toBe(history);
      expect(run.systemMetricsRows.length).toBe(fx.records.byType.stats ?? 0);
      const lines = (fx.records.byType.output ?? 0) + (fx.records.byType.output_raw ?? 0) + (fx.records.byType.output_logger ?? 0);
      if (lines) expect(run.logLines.length).toBe(lines);
      const exited = (fx.records.byType.exit ?? 0) > 0;
      expect(run.exitCode !== undefined).toBe(exited);
      expect(['finished', 'failed'].includes(run.state)).toBe(exited);
      if (!exited) expect(run.state).toBe('crashed');
    }
    expect(run.files.length).toBeGreaterThan(0);
  });
});

describe('what particular real runs hold', () => {
  const open = async (runId: string) => {
    const fx = RUNS.find((r) => r.runId === runId)!;
    return (await LocalRunFolder.open(fx.folder))!.snapshot({ nowMs: LATER });
  };

  it('0.19.8 run committed while running: 193 rows of nested-key history, an open record at EOF', async () => {
    const run = await open('3h5xqzg5');
    expect(run.log).toMatchObject({ openRecord: true, size: 229376 });
    expect(run.summarySource).toBe('log');
    expect(run.historyKeys.lastStep).toBe(192);
    expect(run.history.every((r) => typeof r._step === 'number')).toBe(true);
  });

  it('0.19.8 finished run: config.yaml preferred, compact summary file', async () => {
    const run = await open('dqf4h4fc');
    expect(run.configSource).toBe('config.yaml');
    expect(Object.keys(run.config).filter((k) => k !== '_wandb').length).toBe(7);
    expect(run.summarySource).toBe('wandb-summary.json');
    expect(run.summary).toEqual({ _wandb: { runtime: 2 } });
    expect(run).toMatchObject({ exitCode: 1, state: 'failed' });
  });

  it('0.17.0 HF run: 125 config keys, a job artifact, metric definitions', async () => {
    const run = await open('2fnm4skj');
    expect(Object.keys(run.config).filter((k) => k !== '_wandb').length).toBe(125);
    expect(run.artifacts.map((a) => a.type)).toEqual(['job']);
    expect(run.metricDefinitions.map((m) => m.name || m.globName)).toEqual(['train/global_step', '*']);
  });

  it('0.10.21 offline run: config and summary only inside the log', async () => {
    const run = await open('35kc10hc');
    expect(run.offline).toBe(true);
    expect(run.configSource).not.toBe('config.yaml');
    expect(run.summarySource).toBe('log');
    expect(JSON.stringify(run.summary)).toContain('graph-file');
    expect(run.log?.framing).toMatchObject({ first: 1, last: 1 });
  });

  it('0-byte logs: an empty run, not an error', async () => {
    for (const id of ['542m6yip', 'o9itya56']) {
      const run = await open(id);
      expect(run.log).toMatchObject({ size: 0, records: 0, tailBytes: 0 });
      expect(run.history).toEqual([]);
      expect(run.state).toBe('crashed');
    }
  });

  it('0.15.8 run cut mid-chunk: everything before the cut, the tail left for later', async () => {
    const run = await open('e4774skk');
    expect(run.log).toMatchObject({ records: 58, tailBytes: 7, openRecord: false });
    expect(run.summary).toEqual({});
    expect(run.state).toBe('crashed');
  });

  it('0.25.1 run: exit code 255, header producer, environment, system metrics as system.* keys', async () => {
    const run = await open('ypz9yt3x');
    expect(run).toMatchObject({ exitCode: 255, state: 'failed', sdkVersion: '0.25.1', runtimeSeconds: 905 });
    expect(Object.keys(run.systemMetrics).every((k) => k.startsWith('system.') || k === '_timestamp')).toBe(true);
    expect(run.history.map((r) => r['epoch/epoch'])).toEqual([0, 1]);
    expect(run.metadata).toMatchObject({ command: expect.stringContaining('src/train.py'), remote: 'https://github.com/676627/deep-learning-eurosat.git' });
  });

  it('legacy 0.8 runs: flat files, history and events rows, the recorded final state', async () => {
    const killed = await open('94w65e4d');
    expect(killed).toMatchObject({ layout: 'legacy', state: 'killed', exitCode: 255, project: 'pytorch-vpg-mountaincarcont' });
    expect(killed.history.length).toBe(2);
    expect(killed.metadata).toMatchObject({ command: 'python main_mountaincarcont.py', remote: 'git@github.com:AGKhalil/RL_implements.git', host: 'maat' });
    expect(killed.systemMetricsRows.length).toBe(1);
    const failed = await open('1sywq640');
    expect(failed).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(failed.history.length).toBe(501);
    expect(failed.files.map((f) => f.name)).toEqual(expect.arrayContaining(['code/main_ac_mcc.py', 'wandb-history.jsonl', 'model-500.h5']));
    expect(failed.files.filter((f) => f.name.startsWith('media/plotly/')).length).toBe(5);
  });

  it('a running log with a fresh clock is running; an offline one stays offline', async () => {
    const fx = RUNS.find((r) => r.runId === 'fu2alym7')!;
    const folder = (await LocalRunFolder.open(fx.folder))!;
    const lastActivity = folder.snapshot({ nowMs: LATER }).lastActivityAt!.getTime();
    expect(folder.snapshot({ nowMs: lastActivity + 1000 })).toMatchObject({ state: 'running', offline: true });
  });

  it('discovery finds every run folder of the corpus', async () => {
    const report = await discoverRuns({ roots: [FIXTURES] });
    expect(report.runs.map((r) => r.runId).sort()).toEqual(RUNS.map((r) => r.runId).sort());
    expect(report.runs.filter((r) => r.layout === 'legacy').length).toBe(2);
    expect(report.stoppedBy).toBeUndefined();
  });
});
