import { describe, expect, it, vi } from 'vitest';
import { TreeModel, type TreeApi, type TreeContext } from '../../src/tree/model';
import { PinStore } from '../../src/tree/pins';
import { aProject, aRun, pageOf } from './builders';
import type { TreeNode } from '../../src/tree/nodes';
import { WandbError } from '../../src/api/errors';

function memento() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v) };
}


function fakeApi(over: Partial<Record<keyof TreeApi, unknown>> = {}) {
  const runs = Array.from({ length: 120 }, (_, i) => aRun(i));
  const projects = [aProject('mnist', { runCount: 120 }), aProject('cifar', { runCount: 0 })];
  const api = {
    projects: vi.fn(async (_e: string, p: { first: number; after?: string }) => pageOf(projects, p.first, p.after)),
    runs: vi.fn(async (_q: unknown, p: { first: number; after?: string }) => pageOf(runs, p.first, p.after)),
    runStates: vi.fn(async () => new Map()),
    runFileList: vi.fn(async (_r: unknown, p: { first: number; after?: string }) =>
      pageOf(
        ['config.yaml', 'media/images/a.png', 'media/images/b.png', 'media/table.json', 'output.log'].map((name, i) => ({ id: `f${i}`, name, sizeBytes: 10 })),
        p.first,
        p.after,
      ),
    ),
    runArtifactRows: vi.fn(async () => pageOf([], 10)),
    artifactTypes: vi.fn(async () => pageOf([{ id: 't', name: 'dataset' }], 10)),
    artifactCollections: vi.fn(async () => pageOf([{ id: 'c', name: 'mnist-data', type: 'dataset' }], 10)),
    artifactVersionRows: vi.fn(async () =>
      pageOf([{ id: 'A1', entity: 'alice', project: 'mnist', collection: 'mnist-data', type: 'dataset', versionIndex: 0, version: 'v0', aliases: ['latest'], metadata: {}, state: 'COMMITTED', size: 3, fileCount: 2, digest: 'd' }], 10),
    ),
    artifactManifest: vi.fn(async () => ({ version: 1, storagePolicy: 'x', storageLayout: 'V2', entries: [{ path: 'train/0.png', digest: 'x', size: 1 }, { path: 'labels.csv', digest: 'y', size: 2 }] })),
    sweeps: vi.fn(async () => pageOf([{ id: 's', entity: 'alice', project: 'mnist', sweepId: 'sw1', displayName: 'sw1', state: 'RUNNING', method: 'bayes', metric: { name: 'acc', goal: 'maximize' as const }, runCount: 3 }], 10)),
    sweepRuns: vi.fn(async () => pageOf([aRun(1, { metrics: {} }), aRun(2, { metrics: { acc: 0.9 } }), aRun(3, { metrics: { acc: 0.5 } })], 10)),
    // The server's answer over every run of the sweep, not a guess from the loaded page.
    sweepBestRun: vi.fn(async () => aRun(3, { metrics: { acc: 0.5 } })),
    reports: vi.fn(async () => pageOf([{ id: 'Vmlldzo=', entity: 'alice', project: 'mnist', title: 'My report' }], 10)),
    ...over,
  };
  return api;
}

function model(api = fakeApi(), extra: Partial<TreeContext> = {}) {
  const ctx: TreeContext = {
    api: api as unknown as TreeApi,
    host: 'api.example.com',
    username: 'alice',
    viewerEntity: 'alice',
    teams: ['team-a'],
    settings: () => ({ pageSize: 50, defaultEntity: '', extraEntities: ['public-ent'] }),
    pins: new PinStore(memento()),
    ...extra,
  };
  return { m: new TreeModel(ctx), api, ctx };
}

async function childOf(m: TreeModel, node: TreeNode | undefined, pred: (n: TreeNode) => boolean): Promise<TreeNode> {
  const kids = await m.children(node);
  const hit = kids.find(pred);
  if (!hit) throw new Error(`no such child among ${kids.map((k) => k.id).join(', ')}`);
  return hit;
}

async function runsFolder(m: TreeModel) {
  const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
  const project = await childOf(m, entity, (n) => n.kind === 'project' && n.project.name === 'mnist');
  return childOf(m, project, (n) => n.kind === 'runs');
}

describe('TreeModel levels', () => {
  it('lists the default entity first, then teams and extra entities, with no request', async () => {
    const { m, api } = model();
    const kids = await m.children(m.account);
    expect(kids.map((k) => (k.kind === 'entity' ? k.entity : k.kind))).toEqual(['alice', 'team-a', 'public-ent']);
    expect(kids[0]).toMatchObject({ isDefault: true });
    expect(kids[2]).toMatchObject({ extra: true });
    expect(api.projects).not.toHaveBeenCalled();
  });

  it('a project has Runs, Artifacts, Sweeps, Reports and loads nothing for them', async () => {
    const { m, api } = model();
    const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
    const project = await childOf(m, entity, (n) => n.kind === 'project' && n.project.name === 'mnist');
    expect((await m.children(project)).map((n) => n.kind)).toEqual(['runs', 'artifacts', 'sweeps', 'reports']);
    expect(api.projects).toHaveBeenCalledTimes(1);
    expect(api.runs).not.toHaveBeenCalled();
  });

  it('pages runs: one request per page, then "Load more", ids stable and unique', async () => {
    const { m, api } = model();
    const runs = await runsFolder(m);
    let kids = await m.children(runs);
    expect(kids).toHaveLength(51);
    const more = kids[50]!;
    expect(more.kind).toBe('loadMore');
    expect(api.runs).toHaveBeenCalledTimes(1);
    if (more.kind !== 'loadMore') throw new Error();
    expect(more.list.total).toBe(120);
    // Two clicks while the page loads make one request.
    await Promise.all([more.list.loadNext(), more.list.loadNext()]);
    expect(api.runs).toHaveBeenCalledTimes(2);
    kids = await m.children(runs);
    expect(kids).toHaveLength(101);
    await more.list.loadNext();
    kids = await m.children(runs);
    expect(kids).toHaveLength(120); // no Load more at the end
    expect(api.runs).toHaveBeenCalledTimes(3);
    expect(new Set(kids.map((k) => k.id)).size).toBe(kids.length);
    // Asking again costs nothing and returns the same node objects.
    const again = await m.children(runs);
    expect(again[0]).toBe(kids[0]);
    expect(api.runs).toHaveBeenCalledTimes(3);
  });

  it('an error becomes a message with Retry; the retry asks again', async () => {
    let fail = true;
    const api = fakeApi({
      projects: vi.fn(async () => {
        if (fail) throw new WandbError('server', 'The server had a problem (HTTP 500).');
        return pageOf([{ id: 'p', name: 'mnist', entity: 'alice' }], 10);
      }),
    });
    const { m } = model(api);
    const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
    const kids = await m.children(entity);
    expect(kids).toHaveLength(1);
    const msg = kids[0]!;
    expect(msg).toMatchObject({ kind: 'message', text: 'The server had a problem (HTTP 500).' });
    if (msg.kind !== 'message' || !msg.retry || msg.retry === 'session') throw new Error();
    fail = false;
    await msg.retry.loadNext();
    expect((await m.children(entity)).map((k) => k.kind)).toEqual(['project']);
  });

  it('an empty level says what is empty', async () => {
    const { m } = model(fakeApi({ runs: vi.fn(async () => pageOf([], 50)) }));
    const kids = await m.children(await runsFolder(m));
    expect(kids).toEqual([expect.objectContaining({ kind: 'message', text: 'No runs in this project yet.' })]);
  });

  it('run children: Overview (with the run node), Files, Logged and Used artifacts', async () => {
    const { m } = model();
    const r = await childOf(m, await runsFolder(m), (n) => n.kind === 'run');
    const kids = await m.children(r);
    expect(kids.map((k) => k.kind)).toEqual(['runOverview', 'runFiles', 'runArtifacts', 'runArtifacts']);
    expect(kids[0]).toMatchObject({ runNode: r });
  });

  it('Files shows folders from path prefixes, lazily', async () => {
    const { m, api } = model();
    const r = await childOf(m, await runsFolder(m), (n) => n.kind === 'run');
    const files = await childOf(m, r, (n) => n.kind === 'runFiles');
    expect(api.runFileList).not.toHaveBeenCalled();
    const top = await m.children(files);
    expect(top.map((n) => (n.kind === 'runFolder' ? n.path : n.kind === 'runFile' ? n.file.name : n.kind))).toEqual(['media/', 'config.yaml', 'output.log']);
    const media = top[0]!;
    const inMedia = await m.children(media);
    expect(inMedia.map((n) => (n.kind === 'runFolder' ? n.path : n.kind === 'runFile' ? n.file.name : n.kind))).toEqual(['media/images/', 'media/table.json']);
    const images = await m.children(inMedia[0]);
    expect(images.map((n) => n.kind === 'runFile' && n.file.name)).toEqual(['media/images/a.png', 'media/images/b.png']);
    expect(api.runFileList).toHaveBeenCalledTimes(1);
  });

  it('Artifacts → type → collection → version → manifest folders → file', async () => {
    const { m, api } = model();
    const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
    const project = await childOf(m, entity, (n) => n.kind === 'project');
    const arts = await childOf(m, project, (n) => n.kind === 'artifacts');
    const type = await childOf(m, arts, (n) => n.kind === 'artifactType');
    const coll = await childOf(m, type, (n) => n.kind === 'artifactCollection');
    const version = await childOf(m, coll, (n) => n.kind === 'artifactVersion');
    const kids = await m.children(version);
    expect(kids.map((n) => n.kind)).toEqual(['artifactFolder', 'artifactFile']);
    const inTrain = await m.children(kids[0]);
    expect(inTrain).toEqual([expect.objectContaining({ kind: 'artifactFile', entry: expect.objectContaining({ path: 'train/0.png' }) })]);
    expect(api.artifactManifest).toHaveBeenCalledTimes(1);
  });

  it('a sweep lists its runs in the server order and marks the best run the server names, not the first with the metric', async () => {
    const { m, api } = model();
    const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
    const project = await childOf(m, entity, (n) => n.kind === 'project');
    const sweeps = await childOf(m, project, (n) => n.kind === 'sweeps');
    const sweep = await childOf(m, sweeps, (n) => n.kind === 'sweep');
    const runs = await m.children(sweep);
    expect(runs.map((n) => n.kind === 'run' && [n.run.runId, !!n.best, n.metricKey])).toEqual([
      ['r1', false, 'acc'],
      ['r2', false, 'acc'],
      ['r3', true, 'acc'],
    ]);
    expect(api.sweepBestRun).toHaveBeenCalledWith(expect.objectContaining({ sweepId: 'sw1', metric: { name: 'acc', goal: 'maximize' } }));
    expect(api.sweepRuns).toHaveBeenCalledWith(expect.objectContaining({ sweepId: 'sw1', metric: { name: 'acc', goal: 'maximize' } }), expect.anything());
  });

  it('reports list under Reports', async () => {
    const { m } = model();
    const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
    const project = await childOf(m, entity, (n) => n.kind === 'project');
    const reports = await childOf(m, project, (n) => n.kind === 'reports');
    expect(await m.children(reports)).toEqual([expect.objectContaining({ kind: 'report', report: expect.objectContaining({ title: 'My report' }) })]);
  });
});

describe('TreeModel search and order', () => {
  it('sends the parsed filter and order, shows a filter row; clearing the search keeps the sort', async () => {
    const { m, api } = model();
    const runs = await runsFolder(m);
    await m.children(runs);
    m.setFilter({ entity: 'alice', project: 'mnist' }, 'state:running config.lr < 0.01');
    m.setOrder({ entity: 'alice', project: 'mnist' }, { by: 'summary', metric: 'val/acc', descending: true });
    const kids = await m.children(runs);
    expect(kids[0]).toMatchObject({ kind: 'filter', text: 'state:running config.lr<0.01', order: 'val/acc ↓' });
    expect(api.runs).toHaveBeenLastCalledWith(
      {
        entity: 'alice',
        project: 'mnist',
        filters: { $and: [{ state: 'running' }, { 'config.lr.value': { $lt: 0.01 } }] },
        order: '-summary_metrics.val/acc',
        metricKeys: ['val/acc'],
      },
      expect.objectContaining({ first: 50, after: undefined }),
    );
    const runNode = kids.find((k) => k.kind === 'run');
    expect(runNode).toMatchObject({ metricKey: 'val/acc' });
    m.clearSearch({ entity: 'alice', project: 'mnist' });
    expect((await m.children(runs))[0]).toMatchObject({ kind: 'filter', text: '', order: 'val/acc ↓' });
    m.clearOrder({ entity: 'alice', project: 'mnist' });
    const cleared = await m.children(runs);
    expect(cleared[0]!.kind).toBe('run');
    expect(api.runs).toHaveBeenLastCalledWith(expect.objectContaining({ filters: undefined, order: '-created_at', metricKeys: undefined }), expect.anything());
  });

  it('a load begun under the old search answers for the new one: Search then Sort at once keeps both', async () => {
    // The Runs row is expanded under a search; Sort Runs lands while that first page is still on
    // the wire. The late answer belongs to the dropped list and must not become the children.
    const gates: Array<() => void> = [];
    const all = Array.from({ length: 120 }, (_, i) => aRun(i));
    const runsCall = vi.fn(async (_q: unknown, p: { first: number; after?: string }) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return pageOf(all, p.first, p.after);
    });
    const { m } = model(fakeApi({ runs: runsCall }));
    const runs = await runsFolder(m);
    const P = { entity: 'alice', project: 'mnist' };
    m.setFilter(P, 'state:running');
    const underSearch = m.children(runs);
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    m.setOrder(P, { by: 'summary', metric: 'val/acc', descending: true });
    const underBoth = m.children(runs);
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    gates[0]!();
    gates[1]!();
    for (const kids of [await underSearch, await underBoth]) {
      expect(kids[0]).toMatchObject({ kind: 'filter', text: 'state:running', order: 'val/acc ↓' });
      expect(kids.find((k) => k.kind === 'run')).toMatchObject({ metricKey: 'val/acc' });
    }
    expect(runsCall).toHaveBeenCalledTimes(2);
    expect(runsCall).toHaveBeenLastCalledWith(expect.objectContaining({ filters: { state: 'running' }, order: '-summary_metrics.val/acc' }), expect.anything());
  });

  it('keeps each project\'s search and order across restarts, per host', async () => {
    const searchMemento = memento();
    const first = model(undefined, { searchMemento });
    first.m.setFilter({ entity: 'alice', project: 'mnist' }, 'state:running');
    first.m.setOrder({ entity: 'alice', project: 'mnist' }, { by: 'heartbeat', descending: false });
    const again = model(undefined, { searchMemento });
    await again.m.children(await runsFolder(again.m));
    expect(again.api.runs).toHaveBeenCalledWith(expect.objectContaining({ filters: { state: 'running' }, order: '+heartbeat_at' }), expect.anything());
    const otherHost = model(undefined, { searchMemento, host: 'other.example.com' });
    expect(otherHost.m.search({ entity: 'alice', project: 'mnist' }).text).toBe('');
    // Clearing the search keeps the sort; clearing the sort keeps the search.
    again.m.clearSearch({ entity: 'alice', project: 'mnist' });
    expect(model(undefined, { searchMemento }).m.search({ entity: 'alice', project: 'mnist' })).toMatchObject({ text: '', order: { by: 'heartbeat', descending: false } });
    again.m.setFilter({ entity: 'alice', project: 'mnist' }, 'state:running');
    again.m.clearOrder({ entity: 'alice', project: 'mnist' });
    expect(model(undefined, { searchMemento }).m.search({ entity: 'alice', project: 'mnist' })).toMatchObject({ text: 'state:running', order: { by: 'created', descending: true } });
    again.m.clearSearch({ entity: 'alice', project: 'mnist' });
    expect(model(undefined, { searchMemento }).m.search({ entity: 'alice', project: 'mnist' })).toMatchObject({ text: '', order: { by: 'created', descending: true } });
  });

  it('bad filter text throws before any request', async () => {
    const { m, api } = model();
    expect(() => m.setFilter({ entity: 'alice', project: 'mnist' }, 'state:nope')).toThrow(/Unknown run state/);
    expect(api.runs).not.toHaveBeenCalled();
  });
});

describe('TreeModel Go to Run, workspace, pins', () => {
  it('focusRun adds a path to a run the pages do not hold (other entity, project, page)', async () => {
    const { m, api } = model(fakeApi({ projects: vi.fn(async () => pageOf([], 50)) }));
    const r = aRun(999, { entity: 'stranger', project: 'secret', runId: 'zz9' });
    m.focusRun(r);
    const path = await m.pathToRun(r);
    expect(path?.map((n) => n.kind)).toEqual(['account', 'entity', 'project', 'openedRuns', 'run']);
    expect(path?.[4]).toMatchObject({ run: { runId: 'zz9' } });
    expect(api.projects).toHaveBeenCalledWith('stranger', expect.anything());
  });

  it('a run opened with Go to Run stays out of Runs: under a search or sort Runs holds exactly the server\'s answer, in its order', async () => {
    const P = { entity: 'alice', project: 'mnist' };
    const answer: ReturnType<typeof aRun>[] = [aRun(7), aRun(3)];
    const api = fakeApi({ runs: vi.fn(async (q: { filters?: unknown }) => pageOf(q.filters ? answer : [aRun(1), aRun(2)], 50)) });
    const { m } = model(api);
    m.focusRun(aRun(99, P));
    const project = (await m.pathToProject(P))!.at(-1)!;
    expect((await m.children(project)).map((k) => k.kind)).toEqual(['openedRuns', 'runs', 'artifacts', 'sweeps', 'reports']);
    const runs = await runsFolder(m);
    const runIds = async () => (await m.children(runs)).map((k) => (k.kind === 'run' ? k.run.runId : k.kind === 'message' ? k.text : k.kind));
    expect(await runIds()).toEqual(['r1', 'r2']);
    m.setFilter(P, 'state:finished');
    m.setOrder(P, { by: 'summary', metric: 'acc', descending: true });
    expect(await runIds()).toEqual(['filter', 'r7', 'r3']);
    answer.length = 0;
    m.setFilter(P, 'state:crashed');
    expect(await runIds()).toEqual(['filter', 'No runs match this search.']);
    // The opened run is still one click away, in its own group.
    const opened = (await m.children(project)).find((k) => k.kind === 'openedRuns')!;
    expect((await m.children(opened)).map((k) => k.kind === 'run' && k.run.runId)).toEqual(['r99']);
    expect((await m.pathToRun({ ...P, runId: 'r99' }))?.map((n) => n.kind)).toEqual(['account', 'entity', 'project', 'openedRuns', 'run']);
  });

  it('the projects it lists, for prompts: the workspace\'s first, each once', async () => {
    const { m } = model(undefined, { workspaceProject: () => ({ entity: 'alice', project: 'cifar' }) });
    expect(m.listedProjects()).toEqual([{ entity: 'alice', project: 'cifar', workspace: true }]);
    await m.children(await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice'));
    expect(m.listedProjects()).toEqual([
      { entity: 'alice', project: 'cifar', workspace: true },
      { entity: 'alice', project: 'mnist', workspace: false },
    ]);
  });

  it('the workspace project comes first under its entity', async () => {
    const { m } = model(undefined, { workspaceProject: () => ({ entity: 'alice', project: 'cifar' }) });
    const entity = await childOf(m, m.account, (n) => n.kind === 'entity' && n.entity === 'alice');
    const kids = await m.children(entity);
    expect(kids.map((k) => k.kind === 'project' && [k.project.name, !!k.workspace])).toEqual([
      ['cifar', true],
      ['mnist', false],
    ]);
  });

  it('pinned projects and runs show in a Pinned group, per host', async () => {
    const pins = new PinStore(memento());
    await pins.add('api.example.com', { kind: 'project', entity: 'alice', project: 'mnist' });
    await pins.add('api.example.com', { kind: 'run', entity: 'alice', project: 'mnist', runId: 'r5', displayName: 'run-5' });
    await pins.add('other.host', { kind: 'run', entity: 'alice', project: 'mnist', runId: 'r6' });
    const api = fakeApi({ runs: vi.fn(async () => pageOf([aRun(5)], 50)) });
    const { m } = model(api, { pins });
    const pinned = await childOf(m, m.account, (n) => n.kind === 'pinned');
    const kids = await m.children(pinned);
    expect(kids.map((k) => k.kind)).toEqual(['project', 'run']);
    expect(kids[1]).toMatchObject({ pinned: true, run: { runId: 'r5' } });
    expect(api.runs).toHaveBeenCalledWith(expect.objectContaining({ filters: { name: { $in: ['r5'] } } }), expect.anything());
    // The same run elsewhere in the tree has another id (ids must be unique in a TreeView).
    expect(kids[1]!.id).not.toBe((await childOf(m, await runsFolder(m), (n) => n.kind === 'run' && n.run.runId === 'r5')).id);
  });
  it('a run pinned after Pinned loaded shows there once the group is refreshed, even when another was unpinned', async () => {
    const pins = new PinStore(memento());
    await pins.add('api.example.com', { kind: 'run', entity: 'alice', project: 'mnist', runId: 'r5' });
    const api = fakeApi({ runs: vi.fn(async (q: { filters?: { name?: { $in?: string[] } } }) => pageOf((q.filters?.name?.$in ?? []).map((id) => aRun(Number(id.slice(1)))), 50)) });
    const { m } = model(api, { pins });
    const pinned = await childOf(m, m.account, (n) => n.kind === 'pinned');
    expect((await m.children(pinned)).map((k) => k.kind === 'run' && k.run.runId)).toEqual(['r5']);
    // Swap one pinned run for another: the same count, a different set.
    await pins.remove('api.example.com', { kind: 'run', entity: 'alice', project: 'mnist', runId: 'r5' });
    await pins.add('api.example.com', { kind: 'run', entity: 'alice', project: 'mnist', runId: 'r7' });
    m.pinsChanged();
    expect((await m.children(pinned)).map((k) => k.kind === 'run' && k.run.runId)).toEqual(['r7']);
    expect(api.runs).toHaveBeenLastCalledWith(expect.objectContaining({ filters: { name: { $in: ['r7'] } } }), expect.anything());
  });
});

describe('TreeModel refresh and live state', () => {
  it('refreshing a level reloads only that level and keeps the others', async () => {
    const { m, api } = model();
    const runs = await runsFolder(m);
    await m.children(runs);
    m.refresh(runs);
    await m.children(runs);
    expect(api.runs).toHaveBeenCalledTimes(2);
    expect(api.projects).toHaveBeenCalledTimes(1);
  });

  it('refreshes running runs in place, one request per project, and reports what changed', async () => {
    const running = [aRun(1, { state: 'running' }), aRun(2, { state: 'running' }), aRun(3)];
    const api = fakeApi({
      runs: vi.fn(async () => pageOf(running, 50)),
      runStates: vi.fn(async () => new Map([['r1', { state: 'finished', heartbeatAt: new Date('2026-01-01T00:00:00Z') }], ['r2', { state: 'running' }]])),
    });
    const { m } = model(api);
    const runs = await runsFolder(m);
    const before = await m.children(runs);
    const changed = await m.refreshRunningStates();
    expect(api.runStates).toHaveBeenCalledTimes(1);
    expect(api.runStates).toHaveBeenCalledWith({ entity: 'alice', project: 'mnist' }, ['r1', 'r2'], undefined);
    expect(changed.map((n) => n.run.runId)).toEqual(['r1']);
    const after = await m.children(runs);
    expect(after[0]).toBe(before[0]); // same object: VS Code keeps its expansion
    expect(after[0]).toMatchObject({ run: { state: 'finished' } });
    expect(m.runningRunNodes().map((n) => n.run.runId)).toEqual(['r2']);
  });
});
