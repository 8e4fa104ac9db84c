// Local runs without the real corpus: the state rule, discovery in a made-up workspace, and a
// run folder that grows while it is read.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverRuns, globToRegExp } from '../../src/local/discovery';
import { LocalRunFolder } from '../../src/local/run-folder';
import { DEFAULT_HEARTBEAT_WINDOW_MS, localRunState } from '../../src/local/state';
import { LogBytes, rec } from './local-log-writer';

const tmp = mkdtempSync(join(tmpdir(), 'wandb-local-runs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('localRunState', () => {
  const now = 1_000_000_000;
  const base = { offline: false, exitCode: undefined, lastActivityMs: now - 1000, nowMs: now };
  it('running while the folder changes within the heartbeat window and no exit was written', () => {
    expect(localRunState(base)).toEqual({ state: 'running', offline: false });
    expect(localRunState({ ...base, lastActivityMs: now - DEFAULT_HEARTBEAT_WINDOW_MS })).toMatchObject({ state: 'running' });
  });
  it('crashed once silent for longer than the window, or with no activity known', () => {
    expect(localRunState({ ...base, lastActivityMs: now - DEFAULT_HEARTBEAT_WINDOW_MS - 1 })).toMatchObject({ state: 'crashed' });
    expect(localRunState({ ...base, lastActivityMs: now - 5000, heartbeatWindowMs: 2000 })).toMatchObject({ state: 'crashed' });
    expect(localRunState({ ...base, lastActivityMs: undefined })).toMatchObject({ state: 'crashed' });
  });
  it('finished or failed by the exit code, whatever the clock says', () => {
    expect(localRunState({ ...base, exitCode: 0 })).toMatchObject({ state: 'finished' });
    expect(localRunState({ ...base, exitCode: 1, lastActivityMs: 0 })).toMatchObject({ state: 'failed' });
  });
  it("keeps a 0.8 folder's recorded final state, and says offline beside the state", () => {
    expect(localRunState({ ...base, exitCode: 255, recordedState: 'killed' })).toMatchObject({ state: 'killed' });
    expect(localRunState({ ...base, recordedState: 'running', lastActivityMs: 0 })).toMatchObject({ state: 'crashed' });
    expect(localRunState({ ...base, offline: true, exitCode: 0 })).toEqual({ state: 'finished', offline: true });
  });
});

function mkRun(parent: string, name: string, files: Record<string, string | Uint8Array>): string {
  const folder = join(parent, name);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(folder, rel, '..'), { recursive: true });
    writeFileSync(join(folder, rel), content);
  }
  return folder;
}

describe('discovery', () => {
  const root = join(tmp, 'ws');
  const log = new LogBytes().add(rec.header()).bytes();
  mkRun(join(root, 'wandb'), 'run-20250101_000000-aaaa1111', { 'run-aaaa1111.wandb': log, 'files/config.yaml': 'a: {value: 1}\n' });
  mkRun(join(root, 'wandb'), 'offline-run-20250101_000001-bbbb2222', { 'run-bbbb2222.wandb': log });
  mkRun(join(root, 'exp/sub/wandb'), 'run-20200101_000000-legacy01', { 'wandb-history.jsonl': '{"_step": 0}\n', 'config.yaml': 'wandb_version: 1\n' });
  mkRun(join(root, 'wandb'), 'run-20250101_000002-notarun0', { 'README.txt': 'just a folder with a run-like name' });
  mkRun(join(root, 'node_modules/pkg/wandb'), 'run-20250101_000000-hidden01', { 'run-hidden01.wandb': log });
  mkRun(join(root, '.venv/lib/wandb'), 'run-20250101_000000-hidden02', { 'run-hidden02.wandb': log });
  writeFileSync(join(root, '.venv/pyvenv.cfg'), 'home = /usr/bin\n');
  mkRun(join(root, 'outputs/big/wandb'), 'run-20250101_000000-hidden03', { 'run-hidden03.wandb': log });
  mkRun(join(root, 'a/b/c/d/wandb'), 'run-20250101_000000-deep0001', { 'run-deep0001.wandb': log });
  symlinkSync(join(root, 'wandb/run-20250101_000000-aaaa1111'), join(root, 'wandb/latest-run'));
  const elsewhere = join(tmp, 'wandb-dir');
  mkRun(join(elsewhere, 'wandb'), 'run-20250101_000000-envdir01', { 'run-envdir01.wandb': log });

  it('finds run, offline-run and legacy folders, not in node_modules, virtualenvs, excluded folders or symlinks', async () => {
    const report = await discoverRuns({ roots: [root], exclude: ['**/outputs/**'] });
    expect(report.runs.map((r) => [r.runId, r.offline, r.layout]).sort()).toEqual([
      ['aaaa1111', false, 'transaction-log'],
      ['bbbb2222', true, 'transaction-log'],
      ['deep0001', false, 'transaction-log'],
      ['legacy01', false, 'legacy'],
    ]);
    expect(report.skipped).toMatchObject({ node_modules: 1, virtualenv: 1, excluded: 1 });
    expect(report.foldersRead).toBeGreaterThan(5);
    expect(report.entriesSeen).toBeGreaterThan(report.foldersRead);
  });

  it('stops at the depth limit and says so', async () => {
    const report = await discoverRuns({ roots: [root], maxDepth: 3 });
    expect(report.runs.map((r) => r.runId)).not.toContain('deep0001');
    expect(report.skipped.depth).toBeGreaterThan(0);
  });

  it('searches WANDB_DIR/wandb as well', async () => {
    const report = await discoverRuns({ roots: [root], wandbDir: elsewhere });
    expect(report.runs.find((r) => r.runId === 'envdir01')).toMatchObject({ root: elsewhere });
  });

  it('stops when its time budget is spent and returns what it found', async () => {
    let t = 0;
    const report = await discoverRuns({ roots: [root], timeBudgetMs: 25, now: () => (t += 10) });
    expect(report.stoppedBy).toBe('time');
    expect(report.foldersRead).toBeLessThan(4);
  });

  it('matches globs the way exclude settings write them', () => {
    expect(globToRegExp('**/outputs/**').test('x/outputs/')).toBe(true);
    expect(globToRegExp('**/outputs/**').test('outputs/')).toBe(true);
    expect(globToRegExp('data/*').test('data/raw')).toBe(true);
    expect(globToRegExp('data/*').test('data/raw/more')).toBe(false);
    expect(globToRegExp('a.b?').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b?').test('axbc')).toBe(false);
  });
});

describe('a run folder that grows while it is read', () => {
  it('refresh reads only what the log gained, and the state follows the exit record', async () => {
    const log = new LogBytes().add(rec.header('0.21.0+x')).add(rec.run(1, { runId: 'live0001', project: 'proj', displayName: 'brave-run', config: [['lr', '0.01']] }));
    for (let i = 0; i < 20; i++) log.add(rec.history(i + 2, [[['_step'], String(i)], [['eval', 'acc'], String(i / 20)]], i));
    let bytes = log.bytes();
    const folder = mkRun(join(tmp, 'grow/wandb'), 'run-20250101_000000-live0001', { 'run-live0001.wandb': bytes, 'files/output.log': 'hi\n' });
    symlinkSync('/nonexistent/debug-core.log', join(folder, 'files', 'debug-core.log'));
    const run = (await LocalRunFolder.open(folder))!;
    const t0 = Date.now();
    let snap = run.snapshot({ nowMs: t0 });
    expect(snap).toMatchObject({ runId: 'live0001', project: 'proj', displayName: 'brave-run', state: 'running', sdkVersion: '0.21.0', configSource: 'log' });
    expect(snap.config.lr).toEqual({ value: 0.01 });
    expect(snap.history.length).toBe(20);
    expect(snap.historyKeyPaths['eval.acc']).toEqual(['eval', 'acc']);
    expect(snap.summarySource).toBe('history');
    expect(snap.summary['eval.acc']).toBe(19 / 20);
    expect(snap.files.find((f) => f.name === 'debug-core.log')).toMatchObject({ dangling: true });

    const before = log.length;
    for (let i = 20; i < 30; i++) log.add(rec.history(i + 2, [[['_step'], String(i)], [['eval', 'acc'], '1']], i));
    log.add(rec.summary(40, [[['eval', 'acc'], '1']])).add(rec.exit(41, 0, 12));
    bytes = log.bytes();
    appendFileSync(join(folder, 'run-live0001.wandb'), bytes.subarray(before));
    const got = await run.refresh();
    expect(got).toEqual({ records: 12, bytesRead: bytes.length - before });
    snap = run.snapshot({ nowMs: t0 + 3600_000 });
    expect(snap).toMatchObject({ state: 'finished', exitCode: 0, runtimeSeconds: 12, summarySource: 'log', historyLineCount: 30 });
    expect(snap.summary).toEqual({ eval: { acc: 1 } });
    expect(await run.refresh()).toEqual({ records: 0, bytesRead: 0 });
  });

  it('prefers files/config.yaml and files/wandb-summary.json, and says when one is broken', async () => {
    const log = new LogBytes().add(rec.run(1, { runId: 'side0001', config: [['lr', '0.5']] })).add(rec.summary(2, [['acc', '0.1']])).bytes();
    const folder = mkRun(join(tmp, 'side/wandb'), 'run-20250101_000000-side0001', {
      'run-side0001.wandb': log,
      'files/config.yaml': 'wandb_version: 1\n\nlr:\n  desc: null\n  value: .nan\n',
      'files/wandb-summary.json': '{"acc": NaN, "_wandb": {"runtime": 3}}',
    });
    const old = new Date(Date.now() - 86_400_000);
    for (const f of ['run-side0001.wandb', 'files/config.yaml', 'files/wandb-summary.json']) utimesSync(join(folder, f), old, old);
    const snap = (await LocalRunFolder.open(folder))!.snapshot({ nowMs: Date.now() });
    expect(snap.configSource).toBe('config.yaml');
    expect(snap.config.lr!.value).toBeNaN();
    expect(snap.summary.acc).toBeNaN();
    expect(snap.state).toBe('crashed');

    writeFileSync(join(folder, 'files/wandb-summary.json'), '{"acc": ');
    const broken = (await LocalRunFolder.open(folder))!.snapshot({ nowMs: Date.now() });
    expect(broken.summarySource).toBe('log');
    expect(broken.summary).toEqual({ acc: 0.1 });
    expect(broken.warnings.join()).toMatch(/wandb-summary\.json/);
  });

  it('is not a run folder when nothing W&B wrote is inside', async () => {
    const folder = mkRun(join(tmp, 'none/wandb'), 'run-20250101_000000-nothing0', { 'notes.txt': 'x' });
    expect(await LocalRunFolder.open(folder)).toBeUndefined();
  });
});
