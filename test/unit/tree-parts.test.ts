import { describe, expect, it } from 'vitest';
import { baseName, listFolder } from '../../src/tree/file-tree';
import { PinStore } from '../../src/tree/pins';
import { workspaceProjectFrom } from '../../src/tree/workspace-project';
import { escapeMarkdown, formatMetric, runTooltipMarkdown } from '../../src/tree/format';
import { sweepMetric } from '../../src/api/model/sweeps';
import { reportWebUrl } from '../../src/api/model/reports';
import { relativeTime } from '../../src/tree/relative-time';

describe('tree folders from path prefixes', () => {
  const paths = ['b.txt', 'a/x.png', 'a/b/c.json', 'a/y.png', '/lead.txt', 'z/'];
  it('lists the immediate folders and files of a folder', () => {
    expect(listFolder(paths, (p) => p, '')).toEqual({ folders: ['a/', 'z/'], files: ['/lead.txt', 'b.txt'] });
    expect(listFolder(paths, (p) => p, 'a/')).toEqual({ folders: ['a/b/'], files: ['a/x.png', 'a/y.png'] });
    expect(listFolder(paths, (p) => p, 'a')).toEqual({ folders: ['a/b/'], files: ['a/x.png', 'a/y.png'] });
    expect(listFolder(paths, (p) => p, 'a/b/').files).toEqual(['a/b/c.json']);
  });
  it('names the last segment', () => {
    expect(baseName('media/images/')).toBe('images');
    expect(baseName('a/b.png')).toBe('b.png');
    expect(baseName('top')).toBe('top');
  });
});

describe('pins', () => {
  it('are kept per host and deduplicated', async () => {
    const data = new Map<string, unknown>();
    const store = new PinStore({ get: <T>(k: string) => data.get(k) as T, update: async (k, v) => void data.set(k, v) });
    const p = { kind: 'project' as const, entity: 'e', project: 'p' };
    await store.add('h1', p);
    await store.add('h1', p);
    await store.add('h2', { kind: 'run', entity: 'e', project: 'p', runId: 'r' });
    expect(store.list('h1')).toEqual([p]);
    expect(store.has('h2', { kind: 'run', entity: 'e', project: 'p', runId: 'r' })).toBe(true);
    expect(store.has('h1', { kind: 'run', entity: 'e', project: 'p', runId: 'r' })).toBe(false);
    await store.remove('h1', p);
    expect(store.list('h1')).toEqual([]);
    // A fresh store over the same memento (a restart) sees the same pins.
    const again = new PinStore({ get: <T>(k: string) => data.get(k) as T, update: async () => undefined });
    expect(again.list('h2')).toHaveLength(1);
  });
});

describe('workspace project', () => {
  it('comes from wandb/settings, else the setting', () => {
    expect(workspaceProjectFrom('[default]\nentity = team\nproject = mnist\n', 'x/y')).toEqual({ entity: 'team', project: 'mnist', source: 'wandb/settings' });
    expect(workspaceProjectFrom('[default]\nbase_url = http://x\n', ' me/proj ')).toEqual({ entity: 'me', project: 'proj', source: 'setting' });
    expect(workspaceProjectFrom(undefined, 'not-a-path')).toBeUndefined();
    expect(workspaceProjectFrom('[other]\nentity = a\nproject = b', '')).toBeUndefined();
  });
});

describe('sweep metric from the sweep configuration', () => {
  it('reads YAML block style, flow style and JSON', () => {
    expect(sweepMetric('method: bayes\nmetric:\n  goal: maximize\n  name: val/acc\nparameters:\n  lr:\n    min: 0.001\n')).toEqual({ name: 'val/acc', goal: 'maximize' });
    expect(sweepMetric('metric: {name: loss, goal: minimize}\n')).toEqual({ name: 'loss', goal: 'minimize' });
    expect(sweepMetric('{"method":"grid","metric":{"name":"acc","goal":"maximize"}}')).toEqual({ name: 'acc', goal: 'maximize' });
    expect(sweepMetric('metric:\n  name: "loss"\n')).toEqual({ name: 'loss', goal: 'minimize' });
    expect(sweepMetric('method: random\n')).toBeUndefined();
    expect(sweepMetric('')).toBeUndefined();
  });

  it.each([
    ['a comment after the goal', 'metric:\n  name: acc\n  goal: maximize  # higher is better\n', { name: 'acc', goal: 'maximize' }],
    ['a quoted goal', "metric:\n  goal: 'maximize'\n  name: 'val/acc'\n", { name: 'val/acc', goal: 'maximize' }],
    ['a nested parameter also called metric', 'parameters:\n  metric:\n    values: [a, b]\nmetric:\n  name: loss\n  goal: maximize\n', { name: 'loss', goal: 'maximize' }],
    ['a commented-out goal', 'metric:\n  name: loss\n  # goal: maximize\n', { name: 'loss', goal: 'minimize' }],
    ['JSON with a bare NaN elsewhere', '{"metric": {"name": "acc", "goal": "maximize"}, "early_terminate": {"eta": NaN}}', { name: 'acc', goal: 'maximize' }],
    ['a document start marker', '---\nmetric:\n  name: acc\n  goal: maximize\n', { name: 'acc', goal: 'maximize' }],
  ])('reads the goal as a YAML parser does: %s', (_label, config, expected) => {
    expect(sweepMetric(config)).toEqual(expected);
  });

  it('malformed configuration has no metric rather than a wrong one', () => {
    expect(sweepMetric('metric: [unclosed\n')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('metrics and relative times (sizes, counts and durations: format.test.ts)', () => {
    expect(formatMetric(0.912345)).toBe('0.9123');
    expect(formatMetric(12)).toBe('12');
    expect(formatMetric(Number.NaN)).toBe('NaN');
    expect(formatMetric(1e-7)).toBe('1.000e-7');
    expect(formatMetric({ _type: 'histogram' })).toBe('histogram');
    expect(relativeTime(new Date(0), 90_000)).toBe('2 min ago');
  });

  it('the run tooltip escapes W&B text and lists what the issue asks', () => {
    const md = runTooltipMarkdown({
      id: 'x',
      entity: 'e',
      project: 'p',
      runId: 'ab12',
      displayName: 'frog*[x](javascript:alert(1))',
      state: 'finished',
      user: 'alice',
      tags: ['baseline'],
      group: 'g',
      jobType: 'train',
      notes: '# heading\n<img src=x>',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      heartbeatAt: new Date('2026-01-01T01:00:30Z'),
    });
    expect(md).toContain('ID: `ab12`');
    expect(md).toContain('User: alice');
    expect(md).toContain('Created: 2026-01-01 00:00:00 UTC');
    expect(md).toContain('Runtime: 1 h 0 min');
    expect(md).toContain('Tags: baseline');
    expect(md).toContain('Group: g');
    expect(md).toContain('Job type: train');
    expect(md).toContain('\\# heading');
    expect(md).toContain('\\<img src=x\\>');
    expect(md).not.toContain('[x](');
    expect(escapeMarkdown('a_b')).toBe('a\\_b');
  });

  it('report URLs follow the SDK: title with dashes, id without padding', () => {
    expect(reportWebUrl('https://wandb.ai', { entity: 'e', project: 'p', title: 'My Report', id: 'Vmlldzo0NQ==' })).toBe('https://wandb.ai/e/p/reports/My-Report--Vmlldzo0NQ');
  });

  it.each([
    ['every non-word character becomes a dash', 'MNIST: baseline vs. sweep', 'MNIST-baseline-vs-sweep'],
    ['runs of dashes collapse', 'a -- b', 'a-b'],
    ['dashes are stripped from both ends', '  (draft) notes!  ', 'draft-notes'],
    ['underscores and digits are word characters', 'run_2 / v3', 'run_2-v3'],
    ['letters of every script stay, percent-encoded', 'Résumé 日本語', 'R%C3%A9sum%C3%A9-%E6%97%A5%E6%9C%AC%E8%AA%9E'],
    ['emoji are not word characters', 'ship 🚀 it', 'ship-it'],
    ['slashes and question marks cannot break the URL', 'a/b?c#d', 'a-b-c-d'],
  ])('report URL slug: %s', (_label, title, slug) => {
    expect(reportWebUrl('https://wandb.ai', { entity: 'e', project: 'p', title, id: 'Vmlldzo0NQ==' })).toBe(`https://wandb.ai/e/p/reports/${slug}--Vmlldzo0NQ`);
  });
});
