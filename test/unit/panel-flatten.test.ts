import { describe, expect, it } from 'vitest';
import { flattenConfig, flattenSummary, jsonText, mediaPaths } from '../../src/webviews/flatten';
import { decodeConfig, decodeJsonObject } from '../../src/api/model/values';

describe('flattenConfig', () => {
  it('flattens nested objects to dot paths with an object row each, keeps desc and internal flags', () => {
    const config = decodeConfig(
      JSON.stringify({
        lr: { value: 0.001, desc: 'learning rate' },
        optimizer: { value: { name: 'adam', betas: [0.9, 0.999], sched: { warmup: 100 } } },
        _wandb: { value: { cli_version: '0.17.0' } },
      }),
    );
    const rows = flattenConfig(config);
    expect(rows.map((r) => [r.path, r.depth, r.kind, r.text])).toEqual([
      ['lr', 0, 'number', '0.001'],
      ['optimizer', 0, 'object', '{3 keys}'],
      ['optimizer.name', 1, 'string', 'adam'],
      ['optimizer.betas', 1, 'list', '[0.9, 0.999]'],
      ['optimizer.sched', 1, 'object', '{1 key}'],
      ['optimizer.sched.warmup', 2, 'number', '100'],
      ['_wandb', 0, 'object', '{1 key}'],
      ['_wandb.cli_version', 1, 'string', '0.17.0'],
    ]);
    expect(rows[0]).toMatchObject({ num: 0.001, desc: 'learning rate', internal: false });
    expect(rows[3]!.children).toBe(2);
    expect(rows.slice(6).every((r) => r.internal)).toBe(true);
  });

  it('keeps hostile strings as plain text (the page inserts them as text)', () => {
    const rows = flattenConfig(decodeConfig(JSON.stringify({ name: { value: '<img src=x onerror=alert(1)>' } })));
    expect(rows[0]).toMatchObject({ kind: 'string', text: '<img src=x onerror=alert(1)>' });
  });
});

describe('flattenSummary', () => {
  it('types NaN/Infinity, booleans, nulls and media values', () => {
    const summary = decodeJsonObject(
      '{"loss": NaN, "best": Infinity, "worst": -Infinity, "ok": true, "none": null, "_step": 99,' +
        '"img": {"_type": "image-file", "path": "media/images/x_9_ab.png", "width": 64, "height": 32, "format": "png"},' +
        '"hist": {"_type": "histogram", "values": [3, 5, 2], "bins": [0, 0.5, 1, 1.5]},' +
        '"tbl": {"_type": "table-file", "path": "media/table/t.json", "nrows": 1200, "ncols": 3},' +
        '"aud": {"_type": "audio-file", "path": "media/audio/a.wav"}}',
    );
    const rows = flattenSummary(summary);
    const by = Object.fromEntries(rows.map((r) => [r.path, r]));
    expect(by.loss).toMatchObject({ kind: 'number', text: 'NaN' });
    expect(by.loss!.num).toBeUndefined();
    expect(by.best!.text).toBe('Infinity');
    expect(by.worst!.text).toBe('-Infinity');
    expect(by.ok).toMatchObject({ kind: 'bool', text: 'true' });
    expect(by.none).toMatchObject({ kind: 'null' });
    expect(by._step).toMatchObject({ internal: true, num: 99 });
    expect(by.img).toMatchObject({ kind: 'media', text: 'image 64×32 png', media: { type: 'image', path: 'media/images/x_9_ab.png' } });
    expect(by.hist).toMatchObject({ kind: 'media', text: 'histogram, 3 bins', media: { type: 'histogram', values: [3, 5, 2] } });
    expect(by.tbl).toMatchObject({ kind: 'media', text: 'table, 1,200 rows' });
    expect(by.aud!.text).toBe('audio: media/audio/a.wav');
    expect([...mediaPaths(rows)]).toEqual(['media/images/x_9_ab.png']);
  });

  it('expands packed histogram bins', () => {
    const rows = flattenSummary({ h: { _type: 'histogram', values: [1, 2], packedBins: { min: 0, size: 0.5, count: 2 } } });
    expect(rows[0]!.media).toEqual({ type: 'histogram', values: [1, 2], bins: [0, 0.5, 1] });
  });

  it('flattens 10,000 keys quickly', () => {
    const big: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) big[`layer_${i}.weight_norm`] = i / 7;
    const t = performance.now();
    expect(flattenSummary(big)).toHaveLength(10_000);
    expect(performance.now() - t).toBeLessThan(2_000); // generous: CI machines are busy
  });
});

describe('jsonText', () => {
  it('writes non-finite numbers bare', () => {
    expect(jsonText([1, Number.NaN, { a: -Infinity, b: 'x' }])).toBe('[1, NaN, {"a": -Infinity, "b": "x"}]');
  });
});
