import { describe, expect, it } from 'vitest';
import { diffRows, numericDelta } from '../../src/webviews/diff';
import { flattenConfig, flattenSummary } from '../../src/webviews/flatten';
import { decodeConfig } from '../../src/api/model/values';

describe('diffRows', () => {
  it('lines up leaf keys across runs and marks the differing ones', () => {
    const a = flattenConfig(decodeConfig(JSON.stringify({ lr: { value: 0.1 }, opt: { value: { name: 'adam', wd: 0 } }, seed: { value: 1 } })));
    const b = flattenConfig(decodeConfig(JSON.stringify({ lr: { value: 0.01 }, opt: { value: { name: 'adam', wd: 0 } }, seed: { value: 1 }, extra: { value: true } })));
    const rows = diffRows([a, b]);
    expect(rows.map((r) => [r.path, r.differs])).toEqual([
      ['lr', true],
      ['opt.name', false],
      ['opt.wd', false],
      ['seed', false],
      ['extra', true],
    ]);
    expect(rows[4]!.cells[0]).toBeUndefined();
  });

  it('marks the odd one out: the runs whose value differs from the one most runs share', () => {
    const cfg = (lr: number, seed: number) => flattenConfig(decodeConfig(JSON.stringify({ lr: { value: lr }, seed: { value: seed } })));
    const rows = diffRows([cfg(0.1, 1), cfg(0.1, 2), cfg(0.01, 3), cfg(0.1, 4)]);
    expect(rows.find((r) => r.path === 'lr')!.odd).toEqual([false, false, true, false]);
    // Every run different: no majority, so no run is singled out (the row still differs).
    expect(rows.find((r) => r.path === 'seed')).toMatchObject({ differs: true, odd: [false, false, false, false] });
    // Two runs that disagree: neither is the odd one.
    expect(diffRows([cfg(0.1, 1), cfg(0.2, 1)]).find((r) => r.path === 'lr')!.odd).toEqual([false, false]);
    // A key only one run has: that run is the odd one out.
    const withExtra = flattenConfig(decodeConfig(JSON.stringify({ lr: { value: 0.1 }, seed: { value: 1 }, extra: { value: true } })));
    expect(diffRows([cfg(0.1, 1), cfg(0.1, 1), withExtra]).find((r) => r.path === 'extra')!.odd).toEqual([false, false, true]);
  });

  it('tints a row with no majority value as split, never singling a run out', () => {
    const cfg = (lr: number) => flattenConfig(decodeConfig(JSON.stringify({ lr: { value: lr }, seed: { value: 1 } })));
    const lr = (...v: number[]) => diffRows(v.map(cfg)).find((r) => r.path === 'lr')!;
    // Majority (2 of 3 share 0.1): the third is odd, the row is not split.
    expect(lr(0.1, 0.1, 0.01)).toMatchObject({ odd: [false, false, true], split: false });
    // Every run different, a 2–2 tie, two runs that disagree: split, no odd one.
    expect(lr(0.1, 0.2, 0.3)).toMatchObject({ odd: [false, false, false], split: true });
    expect(lr(0.1, 0.1, 0.2, 0.2)).toMatchObject({ odd: [false, false, false, false], split: true });
    expect(lr(0.1, 0.2)).toMatchObject({ split: true });
    // All the same: neither.
    expect(diffRows([cfg(0.1), cfg(0.2)]).find((r) => r.path === 'seed')).toMatchObject({ differs: false, split: false });
  });

  it('computes deltas against a baseline for numbers only', () => {
    const [x, y] = [flattenSummary({ loss: 0.5, name: 'a' }), flattenSummary({ loss: 0.25, name: 'b' })];
    expect(numericDelta(y[0], x[0])).toBe(-0.25);
    expect(numericDelta(y[1], x[1])).toBeUndefined();
    expect(numericDelta(flattenSummary({ loss: Number.NaN })[0], x[0])).toBeUndefined();
  });
});

describe('internal keys', () => {
  it('hides only W&B bookkeeping: two config keys, every _ key of the summary', () => {
    const cfg = flattenConfig(decodeConfig(JSON.stringify({ _wandb: { value: { t: 1 } }, wandb_version: 1, _name_or_path: { value: 'gpt2' }, lr: { value: 0.1 } })));
    expect(cfg.filter((r) => r.internal).map((r) => r.path)).toEqual(['_wandb', '_wandb.t', 'wandb_version']);
    expect(cfg.find((r) => r.path === '_name_or_path')).toMatchObject({ internal: false, text: 'gpt2' });
    const summary = flattenSummary({ _step: 3, _runtime: 1.5, loss: 0.2 });
    expect(summary.map((r) => [r.path, r.internal])).toEqual([
      ['_step', true],
      ['_runtime', true],
      ['loss', false],
    ]);
  });
});
