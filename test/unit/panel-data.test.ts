import { describe, expect, it } from 'vitest';
import { buildHeader, commitWebUrl, historyRange, metricsOf, runtimeOf } from '../../src/webviews/run-data';
import type { WandbApi } from '../../src/api/wandb-api';
import type { HistoryRow } from '../../src/api/model/history';
import { decodeMetadata } from '../../src/api/model/metadata';
import { decodeHistoryKeys } from '../../src/api/model/history';
import type { RunDetail } from '../../src/api/model/run';

function detail(over: Partial<RunDetail> = {}): RunDetail {
  return {
    id: 'x',
    entity: 'ent',
    project: 'proj',
    runId: 'abc123',
    displayName: 'glamorous-frog-1',
    state: 'finished',
    tags: ['baseline'],
    config: {},
    summary: { _runtime: 123.4 },
    systemMetrics: { 'system.cpu': 2 },
    historyKeys: decodeHistoryKeys({
      lastStep: 99,
      keys: {
        _step: { typeCounts: [{ type: 'number', count: 100 }] },
        loss: { typeCounts: [{ type: 'number', count: 100 }] },
        examples: { typeCounts: [{ type: 'image-file', count: 10 }] },
        'system.cpu': { typeCounts: [{ type: 'number', count: 10 }] },
      },
    }),
    ...over,
  };
}

describe('run header', () => {
  it('builds the header with metadata, commit link and web URL', () => {
    const meta = decodeMetadata(
      JSON.stringify({ program: 'train.py', args: ['--lr', '0.1', '--name', 'a b'], git: { remote: 'git@github.com:org/repo.git', commit: 'abcdef1234567' }, python: '3.11.4', host: 'gpu-1' }),
    );
    expect(meta.command).toBe("python train.py --lr 0.1 --name 'a b'");
    const h = buildHeader(detail(), meta, 'https://wandb.ai');
    expect(h).toMatchObject({
      name: 'glamorous-frog-1',
      webUrl: 'https://wandb.ai/ent/proj/runs/abc123',
      commit: 'abcdef1234567',
      commitUrl: 'https://github.com/org/repo/commit/abcdef1234567',
      host: 'gpu-1',
      runtime: 123.4,
      lastStep: 99,
    });
  });

  it('commit links only for known forges and sane commits', () => {
    expect(commitWebUrl('https://user:tok@github.com/o/r.git', 'abc1234')).toBe('https://github.com/o/r/commit/abc1234');
    expect(commitWebUrl('ssh://git@gitlab.example.com/g/p', 'abc1234')).toBe('https://gitlab.example.com/g/p/commit/abc1234');
    expect(commitWebUrl('git@bitbucket.org:t/r.git', 'abc1234')).toBe('https://bitbucket.org/t/r/commits/abc1234');
    expect(commitWebUrl('https://github.com/o/r', 'not-a-sha')).toBeUndefined();
    expect(commitWebUrl('javascript:alert(1)', 'abc1234')).toBeUndefined();
    expect(commitWebUrl('/local/path', 'abc1234')).toBeUndefined();
  });

  it('runtime falls back to heartbeat − created', () => {
    expect(runtimeOf(detail({ summary: {}, createdAt: new Date('2024-01-01T00:00:00Z'), heartbeatAt: new Date('2024-01-01T00:01:30Z') }))).toBe(90);
    expect(runtimeOf(detail({ summary: { _wandb: { runtime: 7 } } }))).toBe(7);
  });

  it('metrics are the numeric, non-system, non-internal history keys', () => {
    expect(metricsOf(detail())).toEqual([{ key: 'loss', count: 100 }]);
  });
});

describe('history reads', () => {
  it('reads a 1M-step range in pages of at most 1,000 steps, never in one request', async () => {
    const asked: Array<[number, number]> = [];
    const api = {
      historyPage: async (_ref: unknown, lo: number, hi: number): Promise<HistoryRow[]> => {
        asked.push([lo, hi]);
        return [{ _step: lo }];
      },
    } as unknown as WandbApi;
    const rows = await historyRange(api, { entity: 'e', project: 'p', runId: 'r' }, 0, 1_000_000);
    expect(asked).toHaveLength(1_000);
    expect(Math.max(...asked.map(([lo, hi]) => hi - lo))).toBe(1_000);
    expect(asked[0]).toEqual([0, 1_000]);
    expect(asked.at(-1)).toEqual([999_000, 1_000_000]);
    expect(rows).toHaveLength(1_000);
  });
});
