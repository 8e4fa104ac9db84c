// The local run commands' pure parts: the `wandb sync` line (one shell word per path, as the CLI's
// `path` argument takes it) and which rows name a local run.
import { describe, expect, it } from 'vitest';
import { localRunOf, shellWord, syncCommandLine } from '../../src/commands/local-runs';
import { runOf } from '../../src/commands/targets';
import { localRef } from '../../src/local/local-ref';

describe('wandb sync command line', () => {
  it('leaves plain paths bare and quotes the rest for the platform', () => {
    expect(syncCommandLine('/home/me/proj/wandb/run-20250101_000000-abc')).toBe('wandb sync /home/me/proj/wandb/run-20250101_000000-abc');
    expect(shellWord("/home/me/my proj/it's")).toBe(`'/home/me/my proj/it'\\''s'`);
    expect(shellWord('/a/$(rm -rf x)/b')).toBe(`'/a/$(rm -rf x)/b'`);
    expect(shellWord('C:\\Users\\me\\my "runs"', 'win32')).toBe('"C:\\Users\\me\\my ""runs"""');
  });
});

describe('local run rows as command targets', () => {
  const run = { ref: localRef('/w/wandb/run-1-x', 'x'), folder: '/w/wandb/run-1-x', runId: 'x', displayName: 'x', state: 'finished', offline: true, project: '', historyRows: 0, warnings: [] };
  const row = { kind: 'localRun', id: 'r', run };
  it('reads the run of its row, Overview and Files, and nothing else', () => {
    expect(localRunOf(row)).toBe(run);
    expect(localRunOf({ kind: 'localOverview', id: 'o', runNode: row })).toBe(run);
    expect(localRunOf({ kind: 'localFiles', id: 'f', run })).toBe(run);
    expect(localRunOf({ kind: 'run', id: 'x', run: { entity: 'e', project: 'p', runId: 'x' } })).toBeUndefined();
  });
  it('gives Compare the local ref of a selected local row', () => {
    expect(runOf(row)).toEqual({ ref: { entity: '~local', project: '/w/wandb/run-1-x', runId: 'x' } });
  });
});
