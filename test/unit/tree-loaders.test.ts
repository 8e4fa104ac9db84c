import { describe, expect, it, vi } from 'vitest';
import { loadChildren } from '../../src/tree/loaders';
import type { LoaderContext, TreeApi } from '../../src/tree/loaders/context';
import { ListStore } from '../../src/tree/list-store';
import { listKeyId, refreshScopeOf, type ListKey } from '../../src/tree/list-keys';
import { NodeStore } from '../../src/tree/node-store';
import { RunsSearches } from '../../src/tree/runs-search';
import { FocusedItems } from '../../src/tree/focus';
import { PinStore } from '../../src/tree/pins';
import type { Page } from '../../src/api/paginate';
import type { TreeNode } from '../../src/tree/nodes';
import { WandbError } from '../../src/api/errors';

function page<T>(items: T[], hasNextPage = false): Page<T> {
  return { items, endCursor: hasNextPage ? 'next' : undefined, hasNextPage };
}

function memento() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v) };
}

function context(api: Partial<Record<keyof TreeApi, unknown>>, over: Partial<LoaderContext> = {}): LoaderContext {
  return {
    api: api as unknown as TreeApi,
    host: 'h',
    username: 'alice',
    viewerEntity: 'alice',
    teams: [],
    settings: () => ({ pageSize: 2, extraEntities: [] }),
    pins: new PinStore(memento()),
    lists: new ListStore(),
    nodes: new NodeStore(),
    searches: new RunsSearches('h'),
    focus: new FocusedItems(),
    ...over,
  };
}

const run = { entity: 'alice', project: 'mnist', runId: 'r1' };

describe('typed list keys and refresh scopes', () => {
  it('names a list by its fields, whatever their order', () => {
    expect(listKeyId({ kind: 'runs', entity: 'e', project: 'p' })).toBe(listKeyId({ project: 'p', kind: 'runs', entity: 'e' } as ListKey));
    expect(listKeyId({ kind: 'runs', entity: 'e', project: 'p' })).not.toBe(listKeyId({ kind: 'sweeps', entity: 'e', project: 'p' }));
  });

  it('a Refresh forgets the lists under the node and nothing else', () => {
    const keys: ListKey[] = [
      { kind: 'projects', entity: 'alice' },
      { kind: 'runs', entity: 'alice', project: 'mnist' },
      { kind: 'runs', entity: 'alice', project: 'mnist-2' },
      { kind: 'files', ...run },
      { kind: 'runArtifacts', direction: 'logged', ...run },
      { kind: 'runArtifacts', direction: 'used', ...run },
      { kind: 'collections', entity: 'alice', project: 'mnist', type: 'dataset' },
      { kind: 'versions', entity: 'alice', project: 'mnist', type: 'dataset', collection: 'd' },
      { kind: 'versions', entity: 'alice', project: 'mnist', type: 'model', collection: 'm' },
      { kind: 'sweepRuns', entity: 'alice', project: 'mnist', sweepId: 'r1' },
      { kind: 'manifest', versionId: 'V1' },
      { kind: 'pinnedRuns', host: 'h' },
      { kind: 'projects', entity: 'bob' },
    ];
    const hit = (node: TreeNode) => {
      const scope = refreshScopeOf(node, 'h');
      return keys.filter((k) => scope === 'all' || scope(k)).map((k) => keys.indexOf(k));
    };
    const project = { id: 'p', name: 'mnist', entity: 'alice' };
    expect(hit({ kind: 'account', id: 'a', username: 'u', host: 'h' })).toHaveLength(keys.length);
    expect(hit({ kind: 'entity', id: 'e', entity: 'alice', isDefault: true })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(hit({ kind: 'project', id: 'p', project })).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(hit({ kind: 'runs', id: 'r', entity: 'alice', project: 'mnist' })).toEqual([1]);
    // A sweep whose id happens to equal the run's id is not the run's.
    expect(hit({ kind: 'run', id: 'x', run: { ...run, id: 'R', displayName: 'r', state: 'finished', tags: [] } })).toEqual([3, 4, 5]);
    expect(hit({ kind: 'runArtifacts', id: 'x', run, direction: 'used' })).toEqual([5]);
    expect(hit({ kind: 'artifactType', id: 'x', entity: 'alice', project: 'mnist', type: 'dataset' })).toEqual([6, 7]);
    expect(hit({ kind: 'pinned', id: 'x' })).toEqual([11]);
    expect(hit({ kind: 'runFile', id: 'x', run, file: { id: 'f', name: 'a', sizeBytes: 1 } })).toEqual([]);
  });

  it('the store makes one list per key, peeks without making, drops and resets by scope', async () => {
    const store = new ListStore();
    const fetch = vi.fn(async () => page([{ id: 'p', name: 'mnist', entity: 'alice' }]));
    const list = store.get({ kind: 'projects', entity: 'alice' }, fetch);
    expect(store.get({ kind: 'projects', entity: 'alice' }, fetch)).toBe(list);
    expect(store.peek({ kind: 'projects', entity: 'bob' })).toBeUndefined();
    await list.ensureFirstPage();
    store.reset((k) => k.kind === 'runs');
    expect(list.items).toHaveLength(1);
    store.reset((k) => k.kind === 'projects');
    expect(list.isLoaded).toBe(false);
    store.drop({ kind: 'projects', entity: 'alice' });
    expect(store.peek({ kind: 'projects', entity: 'alice' })).toBeUndefined();
  });
});

describe('level loaders', () => {
  it('Files pages and ends with "Load more"; a folder says more files load under Files', async () => {
    const files = ['a/x.png', 'a/y.png', 'b.txt'].map((name, i) => ({ id: `f${i}`, name, sizeBytes: 1 }));
    const ctx = context({ runFileList: vi.fn(async () => page(files, true)) });
    const top = await loadChildren({ kind: 'runFiles', id: 'F', run }, ctx);
    expect(top.map((n) => n.kind)).toEqual(['runFolder', 'runFile', 'loadMore']);
    const inA = await loadChildren(top[0]!, ctx);
    expect(inA.map((n) => n.id)).toEqual(['F/a/x.png', 'F/a/y.png', 'F/a//#partial']);
    expect(inA[2]).toMatchObject({ kind: 'message', text: 'More files load with "Load more" under Files.' });
  });

  it('an entity shows the workspace and focused projects first, once each, then its pages', async () => {
    const projects = [
      { id: 'p1', name: 'mnist', entity: 'alice', runCount: 3 },
      { id: 'p2', name: 'cifar', entity: 'alice' },
    ];
    const focus = new FocusedItems();
    focus.focusProject({ entity: 'alice', project: 'mnist' }, ['alice']);
    focus.focusProject({ entity: 'alice', project: 'gpt' }, ['alice']);
    const ctx = context({ projects: vi.fn(async () => page(projects)) }, { focus, workspaceProject: () => ({ entity: 'alice', project: 'cifar' }) });
    const kids = await loadChildren({ kind: 'entity', id: 'E', entity: 'alice', isDefault: true }, ctx);
    expect(kids.map((k) => k.kind === 'project' && [k.project.name, k.project.id, !!k.workspace])).toEqual([
      ['cifar', 'p2', true], // the loaded project, not the placeholder
      ['gpt', '', false],
      ['mnist', 'p1', false],
    ]);
  });

  it('an error row keeps Retry on the list; Pinned hides the empty row but not errors', async () => {
    const pins = new PinStore(memento());
    await pins.add('h', { kind: 'run', entity: 'alice', project: 'mnist', runId: 'r1' });
    const runs = vi.fn(async () => {
      throw new WandbError('server', 'The server had a problem (HTTP 500).');
    });
    const ctx = context({ runs }, { pins });
    const kids = await loadChildren({ kind: 'pinned', id: 'wandb/pinned' }, ctx);
    expect(kids).toEqual([expect.objectContaining({ kind: 'message', id: 'wandb/pinned/#error', retry: ctx.lists.peek({ kind: 'pinnedRuns', host: 'h' }) })]);
  });

  it('rows with no children load nothing', async () => {
    const ctx = context({});
    expect(await loadChildren({ kind: 'runFile', id: 'x', run, file: { id: 'f', name: 'a', sizeBytes: 1 } }, ctx)).toEqual([]);
    expect(await loadChildren({ kind: 'message', id: 'm', text: 'hi' }, ctx)).toEqual([]);
  });
});
