// Media values in the shapes the SDK logs them (wandb/sdk/data_types), and the Media tab's
// host side: one fetch per file of the step shown, a cache, a newer ask cancelling an older.
import { describe, expect, it } from 'vitest';
import { decodeBoxSet, decodeClasses, decodeMediaValue, filesOf, mediaKindOfTypes } from '../../src/api/model/media';
import { MediaHost } from '../../src/webviews/media-host';
import { remoteRunFiles } from '../../src/webviews/run-file-reader';
import type { WandbApi } from '../../src/api/wandb-api';
import type { RunDetail } from '../../src/api/model/run';

describe('media values', () => {
  it('an image with boxes, a mask and classes names every file it needs', () => {
    const item = decodeMediaValue({
      _type: 'image-file',
      path: 'media/images/ex_3_ab.png',
      width: 64,
      height: 48,
      caption: 'a digit',
      boxes: { predictions: { _type: 'boxes2D', path: 'media/metadata/boxes2D/ex_3_cd.boxes2D.json', sha256: 'x', size: 10 } },
      masks: { seg: { _type: 'mask', path: 'media/images/mask/ex_3_ef.mask.png', sha256: 'y', size: 10 } },
      classes: { _type: 'classes_file', path: 'media/classes/gh_cls.classes.json', digest: 'z' },
    });
    expect(item).toMatchObject({ kind: 'image', width: 64, height: 48, caption: 'a digit' });
    expect(filesOf(item!)).toEqual(['media/images/ex_3_ab.png', 'media/metadata/boxes2D/ex_3_cd.boxes2D.json', 'media/images/mask/ex_3_ef.mask.png', 'media/classes/gh_cls.classes.json']);
  });

  it('an image list from its filenames and captions; paths outside media/ are not followed', () => {
    const list = decodeMediaValue({ _type: 'images/separated', count: 2, width: 8, height: 8, filenames: ['media/images/a.png', '../secrets.png'], captions: ['one', 'two'] });
    expect(list).toEqual({ kind: 'images', width: 8, height: 8, items: [{ kind: 'image', path: 'media/images/a.png', caption: 'one', boxes: {}, masks: {} }] });
    expect(decodeMediaValue({ _type: 'image-file', path: '/etc/passwd' })).toBeUndefined();
  });

  it('histograms with explicit or packed bins; sound, video, figures; non-media is not media', () => {
    expect(decodeMediaValue({ _type: 'histogram', values: [1, 2], bins: [0, 1, 2] })).toEqual({ kind: 'histogram', values: [1, 2], bins: [0, 1, 2] });
    expect(decodeMediaValue({ _type: 'histogram', values: [1, 2], packedBins: { min: -1, size: 0.5, count: 2 } })).toEqual({ kind: 'histogram', values: [1, 2], bins: [-1, -0.5, 0] });
    expect(decodeMediaValue({ _type: 'audio-file', path: 'media/audio/a.wav', sample_rate: 8000, caption: 'tone' })).toEqual({ kind: 'audio', items: [{ path: 'media/audio/a.wav', caption: 'tone' }], sampleRate: 8000 });
    expect(decodeMediaValue({ _type: 'html-file', path: 'media/html/p.html' })).toEqual({ kind: 'html', path: 'media/html/p.html' });
    expect(decodeMediaValue({ _type: 'molecule-file', path: 'media/molecule/m.pdb' })).toEqual({ kind: 'other', type: 'molecule-file' });
    expect(decodeMediaValue(3)).toBeUndefined();
    expect(mediaKindOfTypes({ 'image-file': 3 })).toBe('image');
    expect(mediaKindOfTypes({ number: 3 })).toBeUndefined();
  });

  it('boxes in pixels or as fractions, from corners or from a middle, with class names', () => {
    const set = decodeBoxSet(
      JSON.stringify({
        box_data: [
          { position: { minX: 1, maxX: 5, minY: 2, maxY: 6 }, domain: 'pixel', class_id: 1, box_caption: 'cat', scores: { acc: 0.9 } },
          { position: { middle: [0.5, 0.5], width: 0.2, height: 0.4 }, class_id: 2 },
          { position: { x: 1 } },
        ],
        class_labels: { '1': 'cat', '2': 'dog' },
      }),
    );
    expect(set.classLabels).toEqual({ 1: 'cat', 2: 'dog' });
    expect(set.boxes).toEqual([
      { fraction: false, minX: 1, maxX: 5, minY: 2, maxY: 6, classId: 1, caption: 'cat', scores: { acc: 0.9 } },
      { fraction: true, minX: 0.4, maxX: 0.6, minY: 0.3, maxY: 0.7, classId: 2 },
    ]);
    expect(decodeClasses(JSON.stringify({ class_set: [{ id: 1, name: 'ink' }] }))).toEqual({ 1: 'ink' });
  });
});

describe('MediaHost', () => {
  const ref = { entity: 'e', project: 'p', runId: 'r' };
  const image = (step: number) => ({ _type: 'image-file', path: `media/images/ex_${step}.png` });
  const detail = {
    historyKeys: { lastStep: 20, keys: [{ key: 'ex', typeCounts: { 'image-file': 3 }, numeric: false, count: 3, system: false }] },
    summary: { ex: image(20), weights: { _type: 'histogram', values: [1], bins: [0, 1] }, _step: 20 },
  } as unknown as RunDetail;

  function fakeApi(gate?: Promise<void>) {
    const gets: string[] = [];
    const api = {
      async sampledHistory() {
        return [[0, 10, 20].map((s) => ({ _step: s, ex: image(s) }))];
      },
      async runFiles(_ref: unknown, page: { names?: string[] }) {
        return { items: (page.names ?? []).map((name) => ({ name, sizeBytes: 3, url: `https://storage.example/${name}` })), hasNextPage: false };
      },
      client: {
        async get(url: string, init: { signal?: AbortSignal }) {
          gets.push(url);
          if (gate) await gate;
          if (init.signal?.aborted) throw new Error('aborted');
          return new Response(Buffer.from([1, 2, 3]));
        },
      },
    };
    return { api: api as unknown as WandbApi, gets };
  }

  it('indexes history keys with their steps, and summary-only media at the last step', async () => {
    const { api } = fakeApi();
    const host = new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: new AbortController().signal, warn: () => {} });
    const { series } = await host.index(detail);
    expect(series.map((s) => [s.key, s.kind, s.steps, !!s.summaryOnly])).toEqual([
      ['ex', 'image', [0, 10, 20], false],
      ['weights', 'histogram', [20], true],
    ]);
  });

  it('fetches a step once (then from the cache) and refuses steps the index does not hold', async () => {
    const { api, gets } = fakeApi();
    const warnings: string[] = [];
    const host = new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: new AbortController().signal, warn: (m) => warnings.push(m) });
    await host.index(detail);
    const first = await host.step('ex', 10);
    expect(first?.urls['media/images/ex_10.png']).toBe('data:image/png;base64,AQID');
    await host.step('ex', 10);
    expect(gets).toEqual(['https://storage.example/media/images/ex_10.png']);
    expect(await host.step('ex', 11)).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('a newer ask for the same card cancels the older one', async () => {
    let open!: () => void;
    const { api } = fakeApi(new Promise<void>((r) => (open = r)));
    const host = new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: new AbortController().signal, warn: () => {} });
    await host.index(detail);
    const older = host.step('ex', 0);
    const newer = host.step('ex', 20);
    open();
    expect(await older).toBeUndefined();
    expect((await newer)?.step).toBe(20);
  });
});
