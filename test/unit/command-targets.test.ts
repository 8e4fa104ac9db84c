import { describe, expect, it } from 'vitest';
import { chosenRows, runOf, Targets, versionOf, fileOf, projectRefOf } from '../../src/commands/targets';

const run = (runId: string) => ({ kind: 'run', id: `r/${runId}`, run: { entity: 'e', project: 'p', runId, displayName: `name ${runId}` } });
const version = { id: 'V1', entity: 'e', project: 'p', collection: 'data', version: 'v3', type: 'dataset' };

describe('which rows a command acts on', () => {
  it('the selection when the clicked row is part of it, else the clicked row alone', () => {
    const a = run('a');
    const b = run('b');
    const c = run('c');
    expect(chosenRows(a, [a, b])).toEqual([a, b]);
    expect(chosenRows(c, [a, b])).toEqual([c]);
    expect(chosenRows(a, undefined)).toEqual([a]);
    expect(chosenRows(a, 'not a list')).toEqual([a]);
  });

  it('from the palette (nothing clicked): the fallback, else nothing', () => {
    const a = run('a');
    expect(chosenRows(undefined, undefined)).toEqual([]);
    expect(chosenRows(undefined, undefined, [a])).toEqual([a]);
  });

  it('each run once, in the order chosen; the clicked row leads single-target commands', () => {
    const a = run('a');
    const b = run('b');
    const t = Targets.of(b, [a, { kind: 'message' }, b, run('a')]);
    expect(t.runs.map((r) => r.ref.runId)).toEqual(['a', 'b']);
    expect(t.run?.ref.runId).toBe('b');
    expect(t.first).toBe(b);
    expect(Targets.of(undefined, undefined).runs).toEqual([]);
  });
});

describe('reading a target out of an argument', () => {
  it('a run from a run row (with what the row knows), a row inside a run, or a plain RunRef', () => {
    const row = run('a');
    expect(runOf(row)).toEqual({ ref: { entity: 'e', project: 'p', runId: 'a' }, known: row.run });
    expect(runOf({ kind: 'runOverview', runNode: run('c') })?.ref.runId).toBe('c');
    expect(runOf({ kind: 'runFolder', path: 'media/', run: { entity: 'e', project: 'p', runId: 'd' } })).toEqual({ ref: { entity: 'e', project: 'p', runId: 'd' } });
    expect(runOf({ entity: 'e', project: 'p', runId: 'b' })).toEqual({ ref: { entity: 'e', project: 'p', runId: 'b' } });
  });

  it('nothing from other rows, malformed references, strings or nothing', () => {
    expect(runOf({ kind: 'project', entity: 'e', project: 'p', runId: 'x' })).toBeUndefined();
    expect(runOf({ entity: 'e', project: '', runId: 'b' })).toBeUndefined();
    expect(runOf('e/p/a')).toBeUndefined();
    expect(runOf(undefined)).toBeUndefined();
  });

  it('an artifact version from its row, a folder or file in it, or a plain version', () => {
    expect(versionOf({ kind: 'artifactVersion', version })).toBe(version);
    expect(versionOf({ kind: 'artifactFile', version, entry: { path: 'x' } })).toBe(version);
    expect(versionOf(version)).toBe(version);
    expect(versionOf({ kind: 'artifactCollection', version })).toBeUndefined();
    expect(versionOf({ ...version, id: 3 })).toBeUndefined();
  });

  it('files of runs and artifacts, only with a name', () => {
    const runRef = { entity: 'e', project: 'p', runId: 'a' };
    expect(fileOf({ kind: 'runFile', run: runRef, file: { name: 'config.yaml', sizeBytes: 1 } })?.kind).toBe('runFile');
    expect(fileOf({ kind: 'artifactFile', version, entry: { path: 'a/b.bin', size: 2 } })?.kind).toBe('artifactFile');
    expect(fileOf({ kind: 'runFile', run: runRef, file: { name: '' } })).toBeUndefined();
    expect(fileOf({ kind: 'runFolder', run: runRef, path: 'media/' })).toBeUndefined();
  });

  it('the project of any row', () => {
    expect(projectRefOf(run('a'))).toEqual({ entity: 'e', project: 'p' });
    expect(projectRefOf({ kind: 'artifactVersion', version })).toEqual({ entity: 'e', project: 'p' });
    expect(projectRefOf({ entity: 'e', project: 'p' })).toBeUndefined();
  });
});
