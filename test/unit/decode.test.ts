import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWandbJson, stringifyWandbJson } from '../../src/api/model/json';
import { decodeConfig, decodeJsonObject, decodeLogConfig, isMediaValue, isInternalConfigKey, isInternalSummaryKey } from '../../src/api/model/values';
import { decodeHistoryKeys, decodeHistoryRows, decodeSampledHistory } from '../../src/api/model/history';
import { parseWandbDate } from '../../src/api/model/dates';
import { decodeArtifact, decodeManifest, decodeRunDetail } from '../../src/api/model/decode';

const FIXTURES = join(__dirname, '../fixtures/real-runs');

/** Every file with this name under the real-run corpus. */
function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue; // dangling symlinks are part of the corpus
    }
    if (st.isDirectory()) out.push(...findFiles(p, name));
    else if (entry === name) out.push(p);
  }
  return out;
}

describe('W&B JSON dialect', () => {
  it('reads bare NaN, Infinity and -Infinity, but not inside strings', () => {
    const v = parseWandbJson('{"a": NaN, "b": [Infinity, -Infinity, 1], "s": "NaN and -Infinity", "n": {"x": NaN}}') as Record<string, unknown>;
    expect(v.a).toBeNaN();
    expect(v.b).toEqual([Infinity, -Infinity, 1]);
    expect(v.s).toBe('NaN and -Infinity');
    expect((v.n as { x: number }).x).toBeNaN();
  });
  it('handles escaped quotes before a token', () => {
    expect(parseWandbJson('{"k\\"": NaN, "q": "a\\"NaN"}')).toEqual({ 'k"': Number.NaN, q: 'a"NaN' });
  });
  it('reads raw control characters inside strings, as the SDK does (json.loads strict=False)', () => {
    const text = '{"note": {"value": "line 1\nline 2\tend\u0001"}, "bad": NaN, "esc": "a\\nb"}';
    expect(() => JSON.parse(text)).toThrow();
    const v = parseWandbJson(text) as Record<string, unknown>;
    expect(v.note).toEqual({ value: 'line 1\nline 2\tend\u0001' });
    expect(v.bad).toBeNaN();
    expect(v.esc).toBe('a\nb'); // an escape already there is read once
    expect(decodeConfig(text).note).toEqual({ value: 'line 1\nline 2\tend\u0001' });
  });
  it('still rejects text that is not JSON', () => {
    expect(() => parseWandbJson('{oops}')).toThrow();
    expect(() => parseWandbJson('{"cut": "short\n')).toThrow();
  });
  it('writes non-finite numbers back bare (round trip)', () => {
    const text = stringifyWandbJson({ a: Number.NaN, b: -Infinity, c: 'NaN' });
    expect(text).toBe('{"a":NaN,"b":-Infinity,"c":"NaN"}');
    expect(parseWandbJson(text)).toEqual({ a: Number.NaN, b: -Infinity, c: 'NaN' });
  });
});

describe('config of real runs (config.yaml as the API serves it)', () => {
  const files = findFiles(FIXTURES, 'config.yaml');

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [f.slice(FIXTURES.length + 1), f]))('%s', (_name, file) => {
    const yaml = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete yaml.wandb_version;
    // The API serves config as a JSON string of exactly these {key: {value, desc}} objects.
    const decoded = decodeConfig(JSON.stringify(yaml));
    expect(Object.keys(decoded).sort()).toEqual(Object.keys(yaml).sort());
    for (const [k, raw] of Object.entries(yaml)) {
      const r = raw as { value?: unknown; desc?: unknown };
      expect(decoded[k]!.value).toEqual(r.value === undefined ? r : r.value);
      if (typeof r.desc === 'string') expect(decoded[k]!.desc).toBe(r.desc);
      else expect(decoded[k]!.desc).toBeUndefined();
    }
  });

  it('keeps nested values and marks _wandb internal', () => {
    const file = files.find((f) => f.includes('CodeBertModel'))!;
    const yaml = parseYaml(readFileSync(file, 'utf8')) as Record<string, { value: unknown }>;
    const cfg = decodeConfig(JSON.stringify(yaml));
    expect((cfg._wandb!.value as { cli_version: string }).cli_version).toBe('0.17.0');
    expect(isInternalConfigKey('_wandb')).toBe(true);
    expect(isInternalConfigKey('wandb_version')).toBe(true);
    expect(isInternalConfigKey('learning_rate')).toBe(false);
    // The SDK's WANDB_INTERNAL_KEYS holds only the two above: a Hugging Face config's own
    // `_name_or_path` is the user's.
    expect(isInternalConfigKey('_name_or_path')).toBe(false);
    expect(isInternalSummaryKey('_runtime')).toBe(true);
    expect(isInternalSummaryKey('loss')).toBe(false);
  });

  it('accepts wandb-core style {value} without desc, and plain values', () => {
    expect(decodeConfig('{"lr": {"value": 0.001}, "raw": 3, "list": [1], "obj": {"name": "sgd"}}')).toEqual({
      lr: { value: 0.001 },
      raw: { value: 3 },
      list: { value: [1] },
      obj: { value: { name: 'sgd' } },
    });
    expect(decodeConfig(null)).toEqual({});
    expect(decodeConfig('')).toEqual({});
    expect(decodeConfig('[1, 2]')).toEqual({});
  });

  it('takes any object holding `value` for an entry, as the SDK reads Run.config (Run._load_from_attrs)', () => {
    expect(decodeConfig('{"a": {"value": 1, "desc": null, "other": 2}, "b": {"desc": "d", "value": null}, "wandb_version": 1}')).toEqual({
      a: { value: 1 },
      b: { value: null, desc: 'd' },
      wandb_version: { value: 1 },
    });
  });

  it('keeps a logged dictionary that holds a `value` key whole in a .wandb log config', () => {
    expect(decodeLogConfig({ sched: { value: 1, kind: 'cosine' }, lr: { value: 0.1 }, raw: 3 })).toEqual({
      sched: { value: { value: 1, kind: 'cosine' } },
      lr: { value: 0.1 },
      raw: { value: 3 },
    });
  });
});

describe('summaries of real runs (wandb-summary.json as summaryMetrics)', () => {
  const files = findFiles(FIXTURES, 'wandb-summary.json');

  it.each(files.map((f) => [f.slice(FIXTURES.length + 1), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const summary = decodeJsonObject(text.trim() === '' ? '{}' : text);
    expect(typeof summary).toBe('object');
    if (text.includes('"_step"')) expect(typeof summary._step).toBe('number');
  });

  it('keeps media values typed: histogram, graph-file, plotly-file', () => {
    const file = files.find((f) => f.includes('1sywq640'))!;
    const s = decodeJsonObject(readFileSync(file, 'utf8'));
    const hist = s['gradients/fc.1.weight'];
    expect(isMediaValue(hist)).toBe(true);
    expect((hist as { _type: string })._type).toBe('histogram');
    expect(Array.isArray((hist as { values: number[] }).values)).toBe(true);
    expect((hist as { bins: number[] }).bins.length).toBe((hist as { values: number[] }).values.length + 1);
    expect((s.graph_0 as { _type: string })._type).toBe('graph-file');
    expect((s['actions/step'] as { _type: string })._type).toBe('plotly-file');
    expect(isMediaValue(s._runtime)).toBe(false);
  });

  it('reads wandb-core summaries with exponent timestamps', () => {
    const file = files.find((f) => f.includes('ypz9yt3x'))!;
    const s = decodeJsonObject(readFileSync(file, 'utf8'));
    expect(s._timestamp).toBeCloseTo(1776076038.4892828, 3);
    expect(s['epoch/val_accuracy']).toBeCloseTo(0.887, 3);
  });

  it('decodes NaN in a summary as the API sends it', () => {
    const s = decodeJsonObject('{"loss": NaN, "best": Infinity, "_step": 9, "img": {"_type": "image-file", "path": "media/images/x.png", "width": 64}}');
    expect(s.loss).toBeNaN();
    expect(s.best).toBe(Infinity);
    expect(isMediaValue(s.img)).toBe(true);
  });
});

describe('history', () => {
  const keys = {
    lastStep: 99,
    keys: {
      _step: { typeCounts: [{ type: 'number', count: 100 }] },
      'train/loss': { typeCounts: [{ type: 'number', count: 90 }, { type: 'nil', count: 10 }] },
      examples: { typeCounts: [{ type: 'image-file', count: 10 }] },
      'system/gpu.0.temp': { typeCounts: [{ type: 'number', count: 5 }] },
    },
  };
  it('decodes historyKeys into sorted key infos', () => {
    const hk = decodeHistoryKeys(keys);
    expect(hk.lastStep).toBe(99);
    expect(hk.keys.map((k) => k.key)).toEqual(['_step', 'examples', 'system/gpu.0.temp', 'train/loss']);
    const loss = hk.keys.find((k) => k.key === 'train/loss')!;
    expect(loss).toEqual({ key: 'train/loss', typeCounts: { number: 90, nil: 10 }, numeric: true, count: 100, system: false });
    expect(hk.keys.find((k) => k.key === 'examples')!.numeric).toBe(false);
    expect(hk.keys.find((k) => k.key === 'system/gpu.0.temp')!.system).toBe(true);
  });
  it('treats a missing lastStep as -1', () => {
    expect(decodeHistoryKeys(null)).toEqual({ lastStep: -1, keys: [] });
  });
  it('decodes history rows given as JSON strings, NaN included', () => {
    const rows = decodeHistoryRows(['{"_step":0,"loss":0.9}', '{"_step":1,"loss":NaN}']);
    expect(rows[0]).toEqual({ _step: 0, loss: 0.9 });
    expect(rows[1]!.loss).toBeNaN();
  });
  it('decodes sampledHistory (lists of row objects per spec)', () => {
    expect(decodeSampledHistory([[{ _step: 0, loss: 1 }], []])).toEqual([[{ _step: 0, loss: 1 }], []]);
    expect(decodeSampledHistory(null)).toEqual([]);
  });
});

describe('dates', () => {
  it('reads zone-less W&B dates as UTC', () => {
    expect(parseWandbDate('2023-11-05T17:46:35')!.toISOString()).toBe('2023-11-05T17:46:35.000Z');
    expect(parseWandbDate('2023-11-05T17:46:35Z')!.toISOString()).toBe('2023-11-05T17:46:35.000Z');
    expect(parseWandbDate('2023-11-05T17:46:35+02:00')!.toISOString()).toBe('2023-11-05T15:46:35.000Z');
    expect(parseWandbDate(null)).toBeUndefined();
    expect(parseWandbDate('garbage')).toBeUndefined();
  });
});

describe('run, artifact and manifest decoding', () => {
  it('decodes a run node like the SDK fixture', () => {
    const run = decodeRunDetail(
      {
        id: 'UnVuOnYxOmExYjJjM2Q0Om1uaXN0OmFsaWNl',
        name: 'a1b2c3d4',
        displayName: 'glamorous-frog-1',
        state: 'finished',
        createdAt: '2023-11-05T17:46:35',
        heartbeatAt: '2023-11-05T17:46:36',
        tags: ['baseline'],
        group: 'test',
        jobType: null,
        sweepName: null,
        notes: null,
        user: { username: 'alice', name: 'alice' },
        config: '{"lr": {"value": 0.001, "desc": null}, "_wandb": {"value": {"cli_version": "0.17.0"}}}',
        summaryMetrics: '{"loss": 0.12, "_step": 99, "_runtime": 123.4, "_timestamp": 1700000123.4}',
        systemMetrics: '{"system.cpu": 2.11, "system.memory": 57.94}',
        historyKeys: { lastStep: 99, keys: { loss: { typeCounts: [{ type: 'number', count: 100 }] } } },
        historyLineCount: 100,
        host: null,
        commit: null,
        description: null,
        updatedAt: null,
        readOnly: false,
        fileCount: 7,
        exitcode: 0,
      },
      'alice',
      'mnist',
    );
    expect(run).toMatchObject({
      entity: 'alice',
      project: 'mnist',
      runId: 'a1b2c3d4',
      displayName: 'glamorous-frog-1',
      state: 'finished',
      user: 'alice',
      tags: ['baseline'],
      group: 'test',
      config: { lr: { value: 0.001 } },
      summary: { loss: 0.12, _step: 99 },
      systemMetrics: { 'system.cpu': 2.11 },
      fileCount: 7,
      exitCode: 0,
    });
    expect(run.jobType).toBeUndefined();
    expect(run.createdAt!.toISOString()).toBe('2023-11-05T17:46:35.000Z');
    expect(run.historyKeys.keys[0]!.key).toBe('loss');
  });

  it('keeps only this collection\'s aliases and drops vN', () => {
    const a = decodeArtifact({
      id: 'QXJ0aWZhY3Q6MQ==',
      versionIndex: 3,
      digest: 'abc',
      state: 'COMMITTED',
      size: '52428800',
      fileCount: 2,
      description: null,
      metadata: '{"rows": 60000, "score": NaN}',
      createdAt: '2024-01-01T00:00:00',
      updatedAt: null,
      commitHash: 'ff',
      artifactType: { name: 'dataset' },
      artifactSequence: { name: 'mnist-data', project: { name: 'mnist', entityName: 'alice' } },
      aliases: [
        { alias: 'latest', artifactCollection: { name: 'mnist-data', project: { name: 'mnist', entityName: 'alice' } } },
        { alias: 'v3', artifactCollection: { name: 'mnist-data', project: { name: 'mnist', entityName: 'alice' } } },
        { alias: 'production', artifactCollection: { name: 'registry-portfolio', project: { name: 'mnist', entityName: 'alice' } } },
        // Same collection name in another project (the legacy model registry): not this version's.
        { alias: 'staging', artifactCollection: { name: 'mnist-data', project: { name: 'model-registry', entityName: 'alice' } } },
      ],
    });
    expect(a).toMatchObject({ version: 'v3', aliases: ['latest'], size: 52428800, fileCount: 2, entity: 'alice', project: 'mnist', type: 'dataset' });
    expect(a.linkedFrom).toBeUndefined();
    expect((a.metadata as { score: number }).score).toBeNaN();
  });

  it('names a member of a portfolio by the listing edge, with its own aliases and the version it links', () => {
    const raw: Parameters<typeof decodeArtifact>[0] = {
      id: 'QXJ0aWZhY3Q6Mg==',
      versionIndex: 3,
      digest: 'abc',
      state: 'COMMITTED',
      size: 1,
      fileCount: 1,
      description: null,
      metadata: null,
      createdAt: '2024-01-01T00:00:00',
      updatedAt: null,
      commitHash: null,
      artifactType: { name: 'model' },
      artifactSequence: { name: 'cnn', project: { name: 'mnist', entityName: 'alice' } },
      aliases: [
        { alias: 'best', artifactCollection: { name: 'cnn', project: { name: 'mnist', entityName: 'alice' } } },
        { alias: 'v0', artifactCollection: { name: 'cnn', project: { name: 'model-registry', entityName: 'alice' } } },
        { alias: 'staging', artifactCollection: { name: 'cnn', project: { name: 'model-registry', entityName: 'alice' } } },
      ],
    };
    const member = decodeArtifact(raw, undefined, { entity: 'alice', project: 'model-registry', collection: 'cnn', version: 'v0' });
    expect(member).toMatchObject({ entity: 'alice', project: 'model-registry', collection: 'cnn', version: 'v0', versionIndex: 0, aliases: ['staging'] });
    expect(member.linkedFrom).toEqual({ entity: 'alice', project: 'mnist', collection: 'cnn', version: 'v3' });
    expect(decodeArtifact(raw)).toMatchObject({ project: 'mnist', version: 'v3', aliases: ['best'] });
  });

  it('reads a manifest with stored and reference entries, sorted by path', () => {
    const m = decodeManifest(
      JSON.stringify({
        version: 1,
        storagePolicy: 'wandb-storage-policy-v1',
        storagePolicyConfig: { storageLayout: 'V2' },
        contents: {
          'images/0.png': { digest: 'fo/zm1WhpiEBdYptx6afcA==', size: 30168, birthArtifactID: 'QXJ0' },
          'data/train.csv': { digest: '9a03', ref: 's3://bucket/data/train.csv', size: 1024, extra: { etag: '9a03' } },
        },
      }),
    );
    expect(m.storageLayout).toBe('V2');
    expect(m.entries).toEqual([
      { path: 'data/train.csv', digest: '9a03', size: 1024, ref: 's3://bucket/data/train.csv' },
      { path: 'images/0.png', digest: 'fo/zm1WhpiEBdYptx6afcA==', size: 30168, birthArtifactId: 'QXJ0' },
    ]);
  });

  it('refuses what is not a version-1 manifest', () => {
    expect(() => decodeManifest('{"version": 2, "contents": {}}')).toThrow(/manifest/);
    expect(() => decodeManifest('[]')).toThrow();
  });
});

describe('names from W&B are ordinary keys, never a prototype', () => {
  it('a config key __proto__ survives decoding as a key, and changes no prototype', async () => {
    const { flattenConfig } = await import('../../src/webviews/flatten');
    const cfg = decodeConfig('{"__proto__": {"value": {"polluted": true}, "desc": "d"}, "constructor": {"value": 3}, "lr": {"value": 0.1}}');
    expect(Object.keys(cfg)).toEqual(['__proto__', 'constructor', 'lr']);
    expect(Object.getPrototypeOf(cfg)).toBeNull();
    expect(cfg['__proto__']).toEqual({ value: { polluted: true }, desc: 'd' });
    expect(cfg['constructor']).toEqual({ value: 3 });
    expect((cfg as Record<string, unknown> & { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(flattenConfig(cfg).map((r) => r.path)).toEqual(expect.arrayContaining(['__proto__', '__proto__.polluted', 'constructor', 'lr']));
  });
});
