import { describe, expect, it } from 'vitest';
import { flattenNested, valueAtPath, withTopLevelKeys } from '../../src/api/model/nested-keys';
import { decodeHistoryKeys, decodeSampledHistory } from '../../src/api/model/history';

describe('nested metrics', () => {
  it('spreads dicts into dot paths, keeping media, lists and empty dicts as values', () => {
    const img = { _type: 'image-file', path: 'media/a.png' };
    expect(flattenNested({ _step: 1, eval: { acc: 0.9, deep: { f1: 0.5 }, img, empty: {}, list: [1] } })).toEqual({
      _step: 1,
      'eval.acc': 0.9,
      'eval.deep.f1': 0.5,
      'eval.img': img,
      'eval.empty': {},
      'eval.list': [1],
    });
    const flat = { loss: 1, 'a.b': 2 };
    expect(flattenNested(flat)).toBe(flat);
  });

  it('reads a summary key as written first, else through nested dicts', () => {
    const summary = { 'eval.acc': 1, eval: { acc: 2, sub: { f1: 3 } }, lr: 0.1 };
    expect(valueAtPath(summary, 'eval.acc')).toBe(1);
    expect(valueAtPath(summary, 'eval.sub.f1')).toBe(3);
    expect(valueAtPath(summary, 'lr.x')).toBeUndefined();
    expect(valueAtPath(summary, 'constructor')).toBeUndefined();
    expect(withTopLevelKeys(['_step', 'eval.acc', 'eval.loss', 'val/acc'])).toEqual(['_step', 'eval.acc', 'eval', 'eval.loss', 'val/acc']);
  });

  it('decodes historyKeys map entries into dot-path keys with their own counts', () => {
    const hk = decodeHistoryKeys({
      lastStep: 9,
      keys: {
        loss: { typeCounts: [{ type: 'number', count: 10 }] },
        eval: { typeCounts: [{ type: 'map', count: 5, keys: { acc: [{ type: 'number', count: 5 }], sub: [{ type: 'map', count: 2, keys: { img: [{ type: 'image-file', count: 2 }] } }] } }] },
      },
    });
    expect(hk.keys.map((k) => [k.key, k.numeric, k.count])).toEqual([
      ['eval', false, 5],
      ['eval.acc', true, 5],
      ['eval.sub', false, 2],
      ['eval.sub.img', false, 2],
      ['loss', true, 10],
    ]);
    expect(decodeSampledHistory([[{ _step: 0, eval: { acc: 0.5 } }]])).toEqual([[{ _step: 0, 'eval.acc': 0.5 }]]);
  });
});
