import { describe, expect, it } from 'vitest';
import { columnValue, fetchKeys, orderKey } from '../../src/api/run-columns';
import { decodePathCounts, runKeyOfPath } from '../../src/api/run-keys';
import { decodeConfig } from '../../src/api/model/values';

describe('orderKey', () => {
  it('builds W&B order keys for config, summary and fixed columns', () => {
    expect(orderKey({ source: 'config', key: 'lr' }, true)).toBe('-config.lr.value');
    expect(orderKey({ source: 'config', key: 'optimizer.lr' }, false)).toBe('+config.optimizer.value.lr');
    expect(orderKey({ source: 'summary', key: 'val/acc' }, true)).toBe('-summary_metrics.val/acc');
    expect(orderKey({ source: 'run', key: 'created' }, true)).toBe('-created_at');
    expect(orderKey({ source: 'run', key: 'name' }, false)).toBe('+display_name');
    expect(orderKey({ source: 'run', key: 'jobType' }, false)).toBe('+job_type');
  });

  it('uses the storage path pathCounts reported for a top-level key with dots', () => {
    expect(orderKey({ source: 'config', key: 'optimizer.lr' }, true, 'config.optimizer.lr.value')).toBe('-config.optimizer.lr.value');
  });

  it('has none for columns the server cannot sort', () => {
    expect(orderKey({ source: 'run', key: 'runtime' }, true)).toBeUndefined();
    expect(orderKey({ source: 'run', key: 'tags' }, true)).toBeUndefined();
    expect(orderKey({ source: 'config', key: '' }, true)).toBeUndefined();
  });
});

describe('fetchKeys', () => {
  it('asks for every dotted prefix of config and summary keys, once, and nothing for fixed columns', () => {
    expect(
      fetchKeys([
        { source: 'config', key: 'optimizer.lr' },
        { source: 'config', key: 'optimizer.name' },
        { source: 'summary', key: 'val/acc' },
        { source: 'run', key: 'state' },
      ]),
    ).toEqual({ configKeys: ['optimizer', 'optimizer.lr', 'optimizer.name'], summaryKeys: ['val/acc'] });
  });
});

describe('columnValue', () => {
  const config = decodeConfig(JSON.stringify({ optimizer: { value: { lr: 0.01 } }, 'a.b': { value: 3 }, epochs: { value: 5, desc: 'n' } }));
  it('reads nested config values, top-level keys with dots, and summary keys with slashes', () => {
    expect(columnValue({ source: 'config', key: 'optimizer.lr' }, config, {})).toBe(0.01);
    expect(columnValue({ source: 'config', key: 'a.b' }, config, {})).toBe(3);
    expect(columnValue({ source: 'config', key: 'epochs' }, config, {})).toBe(5);
    expect(columnValue({ source: 'config', key: 'missing' }, config, {})).toBeUndefined();
    expect(columnValue({ source: 'summary', key: 'val/acc' }, config, { 'val/acc': 0.9 })).toBe(0.9);
    expect(columnValue({ source: 'summary', key: 'eval.loss' }, config, { eval: { loss: 1 } })).toBe(1);
  });
});

describe('decodePathCounts', () => {
  it('reads flat dotted paths, drops bookkeeping and non-value paths, most common first', () => {
    const keys = decodePathCounts(
      JSON.stringify({
        'config.lr.value': 3,
        'config.optimizer.value.lr': 5,
        'config._wandb.value.t': 5,
        'config.wandb_version.value': 5,
        'config._name_or_path.value': 2,
        'config.lr.desc': 3,
        'summary_metrics.val/acc': 4,
        'summary_metrics._runtime': 5,
        state: 9,
      }),
    );
    expect(keys).toEqual([
      { source: 'config', key: 'optimizer.lr', path: 'config.optimizer.value.lr', count: 5 },
      { source: 'summary', key: 'val/acc', path: 'summary_metrics.val/acc', count: 4 },
      { source: 'config', key: 'lr', path: 'config.lr.value', count: 3 },
      // Only `_wandb` and `wandb_version` are W&B's in a config (the SDK's WANDB_INTERNAL_KEYS).
      { source: 'config', key: '_name_or_path', path: 'config._name_or_path.value', count: 2 },
    ]);
  });

  it('reads a nested tree of counts the same way', () => {
    const keys = decodePathCounts(JSON.stringify({ config: { lr: { value: 2 } }, summary_metrics: { loss: 2 } }));
    expect(keys.map((k) => `${k.source}:${k.key}`)).toEqual(['config:lr', 'summary:loss']);
  });

  it('is empty for null, empty text or a non-object', () => {
    expect(decodePathCounts(null)).toEqual([]);
    expect(decodePathCounts('')).toEqual([]);
    expect(decodePathCounts('[1,2]')).toEqual([]);
  });

  it('maps storage paths to column keys', () => {
    expect(runKeyOfPath('config.optimizer.value.betas')).toEqual({ source: 'config', key: 'optimizer.betas' });
    expect(runKeyOfPath('summaryMetrics.loss')).toEqual({ source: 'summary', key: 'loss' });
    expect(runKeyOfPath('config.lr')).toBeUndefined();
  });
});
