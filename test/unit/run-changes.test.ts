import { describe, expect, it } from 'vitest';
import { RunChanges, sameRun, type RunChange } from '../../src/run-changes';
import { showInTree } from '../../src/commands/edit-run';
import { headerFields, patchHeader } from '../../src/webviews/run-data';
import type { RunHeaderData } from '../../src/webviews/protocol';
import type { RunSummary } from '../../src/api/model/run';

const ref = { entity: 'e', project: 'p', runId: 'r1' };

const header = (over: Partial<RunHeaderData> = {}): RunHeaderData => ({
  ref,
  name: 'old-name',
  state: 'running',
  tags: ['a'],
  notes: 'old notes',
  webUrl: 'https://wandb.example/e/p/runs/r1',
  lastStep: 10,
  ...over,
});

describe('run changes', () => {
  it('every listener hears an edit, with its own copy of the tags', () => {
    const bus = new RunChanges();
    const heard: RunChange[] = [];
    bus.onDidChange((c) => heard.push(c));
    bus.onDidChange((c) => heard.push(c));
    const tags = ['x'];
    bus.fire(ref, { tags });
    tags.push('y');
    expect(heard).toHaveLength(2);
    expect(heard[0]!.patch.tags).toEqual(['x']);
    expect(sameRun(heard[0]!.ref, ref)).toBe(true);
    expect(sameRun(ref, { ...ref, runId: 'r2' })).toBe(false);
  });

  it('patchHeader renames, retags and clears notes without touching the rest', () => {
    const h = header();
    const renamed = patchHeader(h, { displayName: 'new-name' });
    expect(renamed).toMatchObject({ name: 'new-name', tags: ['a'], notes: 'old notes', state: 'running' });
    expect(h.name).toBe('old-name');
    const cleared = patchHeader(h, { notes: undefined, tags: ['b', 'c'] });
    expect('notes' in cleared).toBe(false);
    expect(cleared.tags).toEqual(['b', 'c']);
    // What a rollback restores: the fields as shown before the edit.
    expect(patchHeader(renamed, headerFields(h))).toEqual(h);
  });

  it('showInTree patches every row of the run and redraws them, other runs untouched', () => {
    const row = (runId: string): { kind: 'run'; run: RunSummary } => ({ kind: 'run', run: { ...ref, runId, id: runId, displayName: runId, state: 'finished', tags: [] } });
    const rows = [row('r1'), row('r1'), row('r2')];
    const redrawn: unknown[] = [];
    const tree = {
      model: { nodesOfRun: (r: typeof ref) => rows.filter((n) => n.run.runId === r.runId) },
      redraw: (n?: unknown) => redrawn.push(n),
      refresh: () => undefined,
      getParent: () => undefined,
    };
    showInTree(tree as never, { ref, patch: { displayName: 'renamed', tags: ['t'] } });
    expect(rows.map((r) => r.run.displayName)).toEqual(['renamed', 'renamed', 'r2']);
    expect(rows[0]!.run.tags).not.toBe(rows[1]!.run.tags);
    expect(redrawn).toEqual([rows[0], rows[1]]);
  });
});
