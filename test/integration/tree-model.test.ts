/**
 * The side bar's loaders (TreeModel) over real HTTP against the dev server's demo data: paging,
 * search filters and order as the server applies them, and — from the server's request log —
 * that each level asks only for the fields it shows, one request per page.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { TreeModel } from '../../src/tree/model';
import { PinStore } from '../../src/tree/pins';
import type { TreeNode } from '../../src/tree/nodes';
import * as N from '../server/demo-names';
import { gqlData } from '../server/testing';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;

beforeAll(async () => {
  api = new WandbApi(clientFor(srv, { retry: { baseDelayMs: 10 } }));
});
beforeEach(() => srv.clearRequests());

const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };

function newModel(pageSize = 50): TreeModel {
  const data = new Map<string, unknown>();
  return new TreeModel({
    api,
    host: new URL(srv.baseUrl).host,
    username: N.DEMO_USER,
    viewerEntity: N.DEMO_USER,
    teams: [N.DEMO_TEAM],
    settings: () => ({ pageSize, defaultEntity: '', extraEntities: [] }),
    pins: new PinStore({ get: <T>(k: string) => data.get(k) as T, update: async (k, v) => void data.set(k, v) }),
  });
}

async function child(m: TreeModel, node: TreeNode, pred: (n: TreeNode) => boolean): Promise<TreeNode> {
  const kids = await m.children(node);
  const hit = kids.find(pred);
  if (!hit) throw new Error(`not found under ${node.id}: ${kids.map((k) => k.id).join(', ')}`);
  return hit;
}

async function runsFolder(m: TreeModel): Promise<TreeNode> {
  const entity = await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER);
  const project = await child(m, entity, (n) => n.kind === 'project' && n.project.name === N.DEMO_PROJECT);
  return child(m, project, (n) => n.kind === 'runs');
}

const ops = (name: string) => srv.requests.filter((r) => r.operationName === name);
const runsOf = (kids: TreeNode[]) => kids.flatMap((k) => (k.kind === 'run' ? [k.run] : []));

/** Fields selected inside `runs { edges { node { ... } } }` of a recorded document. */
function runNodeFields(query: string): string {
  const m = /runs\([^)]*\)\s*\{\s*edges\s*\{\s*cursor\s*node\s*\{([^}]*)/.exec(query);
  return m?.[1] ?? '';
}

describe('expanding to a run', () => {
  it('loads each level once, projects with run counts, and a runs page of 50 with the total', async () => {
    const m = newModel();
    const entity = await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER);
    const projects = await m.children(entity);
    const mnist = projects.find((n) => n.kind === 'project' && n.project.name === N.DEMO_PROJECT);
    expect(mnist).toMatchObject({ project: { runCount: N.DEMO_PROJECT_RUN_COUNT } });
    const runs = await child(m, mnist!, (n) => n.kind === 'runs');
    const kids = await m.children(runs);
    expect(runsOf(kids)).toHaveLength(50);
    const more = kids[kids.length - 1]!;
    expect(more.kind).toBe('loadMore');
    if (more.kind !== 'loadMore') throw new Error();
    expect(more.list.total).toBe(N.DEMO_PROJECT_RUN_COUNT);
    // Newest first.
    const created = runsOf(kids).map((r) => r.createdAt!.getTime());
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    expect(srv.requests.map((r) => r.operationName)).toEqual(['Projects', 'Runs']);
  });

  it('the runs page asks no config, summary, history or system metrics', async () => {
    const m = newModel();
    await m.children(await runsFolder(m));
    const [req] = ops('Runs');
    expect(req).toBeDefined();
    const q = req!.query!;
    for (const heavy of ['config', 'summaryMetrics', 'systemMetrics', 'historyKeys', 'history', 'sampledHistory', 'events', 'files']) {
      expect(q).not.toMatch(new RegExp(`\\b${heavy}\\b`));
    }
    expect(runNodeFields(q).split(/\s+/).filter(Boolean)).toEqual(
      expect.arrayContaining(['name', 'displayName', 'state', 'createdAt', 'heartbeatAt', 'tags', 'group', 'jobType', 'notes']),
    );
    expect(req!.variables).toMatchObject({ first: 50, after: null, order: '-created_at', filters: null, withCount: true });
  });

  it('"Load more" twice: one request per page, the count asked only on the first', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    let kids = await m.children(runs);
    for (let i = 0; i < 2; i++) {
      const more = kids[kids.length - 1]!;
      if (more.kind !== 'loadMore') throw new Error('no Load more');
      await Promise.all([more.list.loadNext(), more.list.loadNext()]); // a double click
      kids = await m.children(runs);
    }
    const rows = runsOf(kids);
    expect(rows).toHaveLength(150);
    expect(new Set(rows.map((r) => r.runId)).size).toBe(150);
    const reqs = ops('Runs');
    expect(reqs).toHaveLength(3);
    expect(reqs.map((r) => (r.variables as { withCount: boolean }).withCount)).toEqual([true, false, false]);
    expect((reqs[1]!.variables as { after: string }).after).toBeTruthy();
    const more = kids[kids.length - 1]!;
    expect(more.kind === 'loadMore' && more.list.items.length).toBe(150);
  });
});

describe('search and order against the server', () => {
  async function countWith(filters: unknown): Promise<number> {
    const d = await gqlData(srv, 'query C($e: String!, $p: String!, $f: JSONString) { project(name: $p, entityName: $e) { runCount(filters: $f) } }', {
      e: P.entity,
      p: P.project,
      f: JSON.stringify(filters),
    });
    return d.project.runCount;
  }

  it('negated terms keep runs that have no value at all: -tag:x keeps untagged runs, -group:g ungrouped ones', async () => {
    const d = await gqlData(srv, `{ project(name: "${P.project}", entityName: "${P.entity}") { runs(first: 5000) { edges { node { name tags group jobType } } } } }`);
    type Row = { name: string; tags: string[]; group: string | null; jobType: string | null };
    const all = (d.project.runs.edges as Array<{ node: Row }>).map((e) => e.node);
    const expected = all.filter((r) => !r.tags.includes('baseline') && r.group !== N.DEMO_RUN_GROUP && r.jobType !== N.DEMO_RUN_JOB_TYPE);
    expect(expected.some((r) => r.tags.length === 0), 'untagged runs take part').toBe(true);
    expect(expected.some((r) => r.group === null), 'ungrouped runs take part').toBe(true);
    const m = newModel(5000);
    const runs = await runsFolder(m);
    m.setFilter(P, `-tag:baseline -group:${N.DEMO_RUN_GROUP} -job:${N.DEMO_RUN_JOB_TYPE}`);
    const rows = runsOf(await m.children(runs));
    expect(rows.map((r) => r.runId).sort()).toEqual(expected.map((r) => r.name).sort());
  });

  it('OR across keys, created ranges and mine go to the server as it takes them', async () => {
    const m = newModel(5000);
    const runs = await runsFolder(m);
    m.setFilter(P, `state:failed OR job:eval`);
    const either = runsOf(await m.children(runs));
    expect(either.length).toBe(await countWith({ $or: [{ state: 'failed' }, { jobType: 'eval' }] }));
    expect(either.some((r) => r.state === 'failed') && either.some((r) => r.state !== 'failed')).toBe(true);
    m.setFilter(P, 'mine created:>2000-01-01');
    const mine = runsOf(await m.children(runs));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.user === N.DEMO_USER)).toBe(true);
    expect(mine.length).toBe(await countWith({ username: N.DEMO_USER }));
    m.setFilter(P, 'created:<2025-05-01');
    const older = runsOf(await m.children(runs));
    expect(older.length).toBeGreaterThan(0);
    expect(older.length).toBeLessThan(N.DEMO_PROJECT_RUN_COUNT);
    expect(older.length).toBe(await countWith({ createdAt: { $lt: '2025-05-01T00:00:00' } }));
    expect(older.every((r) => r.createdAt!.getTime() < Date.UTC(2025, 4, 1))).toBe(true);
  });

  it('sorts by a config value both ways (config.<key>.value order keys)', async () => {
    const d = await gqlData(srv, `{ project(name: "${P.project}", entityName: "${P.entity}") { runs(first: 5000) { edges { node { name config } } } } }`);
    const lr = new Map<string, number>((d.project.runs.edges as Array<{ node: { name: string; config: string } }>).map((e) => [e.node.name, JSON.parse(e.node.config).learning_rate?.value]));
    const m = newModel(5000);
    const runs = await runsFolder(m);
    m.setOrder(P, { by: 'config', metric: 'learning_rate', descending: true });
    const down = runsOf(await m.children(runs)).map((r) => lr.get(r.runId)).filter((v): v is number => typeof v === 'number');
    expect(down.length).toBeGreaterThan(10);
    expect([...down].sort((a, b) => b - a)).toEqual(down);
    expect(ops('Runs').at(-1)!.variables).toMatchObject({ order: '-config.learning_rate.value' });
    m.setOrder(P, { by: 'config', metric: 'learning_rate', descending: false });
    const up = runsOf(await m.children(runs)).map((r) => lr.get(r.runId)).filter((v): v is number => typeof v === 'number');
    expect([...up].sort((a, b) => a - b)).toEqual(up);
  });

  it('state:running shows only running runs, with the matching total', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, 'state:running');
    const kids = await m.children(runs);
    expect(kids[0]).toMatchObject({ kind: 'filter', text: 'state:running' });
    const rows = runsOf(kids);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'running')).toBe(true);
    expect(m.runsListIfLoaded(P)!.total).toBe(await countWith({ state: 'running' }));
    const last = ops('Runs').at(-1)!;
    expect(JSON.parse((last.variables as { filters: string }).filters)).toEqual({ state: 'running' });
  });

  it('a nested config value (config.optimizer.lr) finds the baseline run', async () => {
    const m = newModel(200);
    const runs = await runsFolder(m);
    m.setFilter(P, `config.optimizer.lr = ${N.DEMO_RUN_LR} tag:baseline`);
    const rows = runsOf(await m.children(runs));
    expect(rows.map((r) => r.runId)).toContain(N.DEMO_RUN_ID);
    expect(rows.every((r) => r.tags.includes('baseline'))).toBe(true);
    const total = m.runsListIfLoaded(P)!.total!;
    expect(total).toBe(await countWith({ $and: [{ tags: 'baseline' }, { 'config.optimizer.value.lr': N.DEMO_RUN_LR }] }));
  });

  it('free text finds a run by display name, case-insensitively', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, N.DEMO_RUN_DISPLAY_NAME.toUpperCase());
    const rows = runsOf(await m.children(runs));
    expect(rows.map((r) => r.runId)).toContain(N.DEMO_RUN_ID);
    expect(rows.every((r) => r.displayName.toLowerCase().includes(N.DEMO_RUN_DISPLAY_NAME.toLowerCase()))).toBe(true);
  });

  it('every term kind is accepted by the server (no server error), and empty results say so', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, `state:finished tag:baseline group:${N.DEMO_RUN_GROUP} job:${N.DEMO_RUN_JOB_TYPE} user:${N.DEMO_USER} config.epochs>=1 summary.val/acc>=0.5 -tag:nope "baseline"`);
    const kids = await m.children(runs);
    expect(kids.some((k) => k.kind === 'message' && k.error)).toBe(false);
    expect(runsOf(kids).map((r) => r.runId)).toContain(N.DEMO_RUN_ID);
    m.setFilter(P, 'tag:no-such-tag-anywhere');
    expect(await m.children(runs)).toEqual([expect.objectContaining({ kind: 'filter' }), expect.objectContaining({ kind: 'message', text: 'No runs match this search.' })]);
  });

  it('sorts by a summary metric both ways and shows only that summary key', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setOrder(P, { by: 'summary', metric: 'val/acc', descending: true });
    const down = runsOf(await m.children(runs)).map((r) => r.metrics?.['val/acc']);
    const nums = down.filter((v): v is number => typeof v === 'number');
    expect(nums.length).toBeGreaterThan(10);
    expect([...nums].sort((a, b) => b - a)).toEqual(nums);
    const req = ops('RunsWithMetrics').at(-1)!;
    expect(req.variables).toMatchObject({ order: '-summary_metrics.val/acc', keys: ['val/acc'] });
    expect(req.query).not.toMatch(/\bconfig\b|\bhistory/);
    m.setOrder(P, { by: 'summary', metric: 'val/acc', descending: false });
    const up = runsOf(await m.children(runs))
      .map((r) => r.metrics?.['val/acc'])
      .filter((v): v is number => typeof v === 'number');
    expect([...up].sort((a, b) => a - b)).toEqual(up);
  });

  it('sorts by created and heartbeat, ascending', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setOrder(P, { by: 'created', descending: false });
    const created = runsOf(await m.children(runs)).map((r) => r.createdAt!.getTime());
    expect([...created].sort((a, b) => a - b)).toEqual(created);
    m.setOrder(P, { by: 'heartbeat', descending: false });
    const beats = runsOf(await m.children(runs)).map((r) => r.heartbeatAt!.getTime());
    expect([...beats].sort((a, b) => a - b)).toEqual(beats);
    expect(ops('Runs').at(-1)!.variables).toMatchObject({ order: '+heartbeat_at' });
  });
});

describe('run children, artifacts, sweeps, reports', () => {
  it('Files: folders from prefixes, names and sizes only (no download URLs)', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, `id:${N.DEMO_RUN_ID}`);
    const run = await child(m, runs, (n) => n.kind === 'run');
    const files = await child(m, run, (n) => n.kind === 'runFiles');
    const top = await m.children(files);
    const names = top.map((n) => (n.kind === 'runFolder' ? n.path : n.kind === 'runFile' ? n.file.name : n.kind));
    expect(names).toEqual(expect.arrayContaining(['media/', ...N.DEMO_RUN_FILES]));
    const media = top.find((n) => n.kind === 'runFolder' && n.path === 'media/')!;
    const images = await child(m, media, (n) => n.kind === 'runFolder' && n.path === 'media/images/');
    const png = (await m.children(images)).flatMap((n) => (n.kind === 'runFile' ? [n.file.name] : []));
    expect(png).toEqual(expect.arrayContaining([...N.DEMO_RUN_IMAGES]));
    const req = ops('RunFileList')[0]!;
    expect(req.query).not.toMatch(/\burl\b|\bdirectUrl\b|\bmd5\b/);
    expect(ops('RunFileList')).toHaveLength(1);
  });

  it('Logged artifacts of the baseline run lead to its model version and its files', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, `id:${N.DEMO_RUN_ID}`);
    const run = await child(m, runs, (n) => n.kind === 'run');
    const logged = await child(m, run, (n) => n.kind === 'runArtifacts' && n.direction === 'logged');
    const version = await child(m, logged, (n) => n.kind === 'artifactVersion' && n.version.collection === N.DEMO_MODEL_COLLECTION);
    const files = await m.children(version);
    expect(files.length).toBeGreaterThan(0);
    expect(ops('RunLoggedArtifactRows')[0]!.query).not.toMatch(/\bmetadata\b/);
    expect(files.some((n) => n.kind === 'message' && n.error)).toBe(false);
  });

  it('finds every row of one artifact version: under its collection and under the run that logged it', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, `id:${N.DEMO_RUN_ID}`);
    const run = await child(m, runs, (n) => n.kind === 'run');
    const logged = await child(m, run, (n) => n.kind === 'runArtifacts' && n.direction === 'logged');
    const fromRun = await child(m, logged, (n) => n.kind === 'artifactVersion' && n.version.collection === N.DEMO_MODEL_COLLECTION);
    if (fromRun.kind !== 'artifactVersion') throw new Error('not a version');
    const project = await child(m, await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER), (n) => n.kind === 'project' && n.project.name === N.DEMO_PROJECT);
    const type = await child(m, await child(m, project, (n) => n.kind === 'artifacts'), (n) => n.kind === 'artifactType' && n.type === N.DEMO_MODEL_TYPE);
    const coll = await child(m, type, (n) => n.kind === 'artifactCollection' && n.collection.name === N.DEMO_MODEL_COLLECTION);
    const inColl = await child(m, coll, (n) => n.kind === 'artifactVersion' && n.version.id === fromRun.version.id);
    const rows = m.nodesOfArtifact(fromRun.version.id);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(expect.arrayContaining([fromRun, inColl]));
    expect(m.nodesOfArtifact('no-such-id')).toEqual([]);
  });

  it('Artifacts → type → collection → versions with aliases → manifest folders → a file', async () => {
    const m = newModel();
    const entity = await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER);
    const project = await child(m, entity, (n) => n.kind === 'project' && n.project.name === N.DEMO_PROJECT);
    const arts = await child(m, project, (n) => n.kind === 'artifacts');
    const type = await child(m, arts, (n) => n.kind === 'artifactType' && n.type === N.DEMO_DATASET_TYPE);
    const coll = await child(m, type, (n) => n.kind === 'artifactCollection' && n.collection.name === N.DEMO_MANY_FILES_COLLECTION);
    const version = await child(m, coll, (n) => n.kind === 'artifactVersion');
    expect(version).toMatchObject({ version: { aliases: expect.arrayContaining(['latest']) } });
    const folder = await child(m, version, (n) => n.kind === 'artifactFolder' && n.path === 'images/');
    const files = (await m.children(folder)).filter((n) => n.kind === 'artifactFile');
    expect(files).toHaveLength(N.DEMO_MANY_FILES_COUNT);
    expect(files[0]).toMatchObject({ entry: { path: 'images/00000.png' } });
    // The manifest was fetched once for both levels.
    expect(ops('ArtifactManifest')).toHaveLength(1);
    const raw = await child(m, type, (n) => n.kind === 'artifactCollection' && n.collection.name === N.DEMO_DATASET_COLLECTION);
    const versions = (await m.children(raw)).flatMap((n) => (n.kind === 'artifactVersion' ? [[n.version.version, n.version.aliases]] : []));
    expect(versions).toEqual(expect.arrayContaining([['v2', expect.arrayContaining(['latest'])], ['v1', expect.arrayContaining(['stable'])]]));
    // Version rows ask no metadata (free-form, can be large) and no commit hash.
    for (const r of ops('ArtifactVersionRows')) expect(r.query).not.toMatch(/\bmetadata\b|\bcommitHash\b/);
    expect(ops('ArtifactVersionRows').length).toBeGreaterThan(0);
  });

  /** The demo user's project → Artifacts → model → this collection. */
  async function modelCollection(m: TreeModel, project: string, collection: string): Promise<TreeNode> {
    const entity = await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER);
    const proj = await child(m, entity, (n) => n.kind === 'project' && n.project.name === project);
    const type = await child(m, await child(m, proj, (n) => n.kind === 'artifacts'), (n) => n.kind === 'artifactType' && n.type === N.DEMO_MODEL_TYPE);
    return child(m, type, (n) => n.kind === 'artifactCollection' && n.collection.name === collection);
  }

  it('a portfolio: two linked versions with the same own index are two rows with their own ids, files included', async () => {
    const m = newModel();
    const coll = await modelCollection(m, N.DEMO_REGISTRY_PROJECT, N.DEMO_PORTFOLIO);
    expect(coll).toMatchObject({ collection: { linked: true } });
    const rows = (await m.children(coll)).filter((n) => n.kind === 'artifactVersion');
    expect(rows.map((n) => (n.kind === 'artifactVersion' ? [n.version.version, n.version.linkedFrom?.version] : []))).toEqual([
      ['v1', 'v1'],
      ['v0', 'v1'],
    ]);
    expect(new Set(rows.map((n) => n.id)).size).toBe(2);
    const files = await m.children(rows[1]!);
    expect(files.some((n) => n.kind === 'artifactFile' && n.entry.path === 'model.pt')).toBe(true);
  });

  it('a pending version is not listed under its collection, as the SDK lists', async () => {
    const m = newModel();
    const coll = await modelCollection(m, N.DEMO_PROJECT, N.DEMO_MODEL_COLLECTION);
    const versions = (await m.children(coll)).flatMap((n) => (n.kind === 'artifactVersion' ? [n.version.version] : []));
    expect(versions).toHaveLength(N.DEMO_MODEL_VERSIONS);
    expect(versions).not.toContain(N.DEMO_PENDING_VERSION);
  });

  it('Sweeps: state, method, metric, run count; runs best first with the best marked', async () => {
    const m = newModel();
    const entity = await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER);
    const project = await child(m, entity, (n) => n.kind === 'project' && n.project.name === N.DEMO_PROJECT);
    const sweeps = await child(m, project, (n) => n.kind === 'sweeps');
    const sweep = await child(m, sweeps, (n) => n.kind === 'sweep' && n.sweep.sweepId === N.DEMO_SWEEP_ID);
    expect(sweep).toMatchObject({ sweep: { method: 'bayes', state: 'FINISHED', runCount: N.DEMO_SWEEP_RUN_COUNT, metric: { name: 'val/loss', goal: 'minimize' } } });
    const kids = await m.children(sweep);
    const rows = kids.flatMap((k) => (k.kind === 'run' ? [k] : []));
    expect(rows).toHaveLength(N.DEMO_SWEEP_RUN_COUNT);
    expect(rows.filter((r) => r.best)).toHaveLength(1);
    const losses = rows.map((r) => r.run.metrics?.['val/loss'] as number);
    expect(rows[0]!.best).toBe(true);
    expect(losses[0]).toBe(Math.min(...losses));
    const req = ops('SweepRuns')[0]!;
    expect(req.variables).toMatchObject({ order: '+summary_metrics.val/loss', keys: ['val/loss'] });
    expect(req.query).not.toMatch(/\bconfig\b/);
  });

  it('Reports: title, author, updated', async () => {
    const m = newModel();
    const entity = await child(m, m.account, (n) => n.kind === 'entity' && n.entity === N.DEMO_USER);
    const project = await child(m, entity, (n) => n.kind === 'project' && n.project.name === N.DEMO_PROJECT);
    const reports = await child(m, project, (n) => n.kind === 'reports');
    const report = await child(m, reports, (n) => n.kind === 'report' && n.report.title === N.DEMO_REPORT_TITLE);
    expect(report).toMatchObject({ report: { author: N.DEMO_USER, updatedAt: expect.any(Date) } });
    expect(ops('Reports')[0]!.query).not.toMatch(/\bspec\b/);
  });
});

describe('Go to Run, live state', () => {
  it('reveals a run far beyond the loaded pages through the project\'s "Opened with Go to Run" group', async () => {
    const m = newModel();
    const page = await api.runs({ ...P, filters: { name: N.DEMO_CRASHED_RUN_ID } }, { first: 1 });
    m.focusRun(page.items[0]!);
    const path = await m.pathToRun({ ...P, runId: N.DEMO_CRASHED_RUN_ID });
    expect(path?.map((n) => n.kind)).toEqual(['account', 'entity', 'project', 'openedRuns', 'run']);
    expect(path?.at(-1)).toMatchObject({ run: { state: 'crashed' } });
  });

  it('asks the state of the running runs it shows in one request', async () => {
    const m = newModel();
    const runs = await runsFolder(m);
    m.setFilter(P, 'state:running');
    const rows = runsOf(await m.children(runs));
    srv.clearRequests();
    const changed = await m.refreshRunningStates();
    expect(changed).toEqual([]);
    const reqs = ops('RunStates');
    expect(reqs).toHaveLength(1);
    expect(JSON.parse((reqs[0]!.variables as { filters: string }).filters)).toEqual({ name: { $in: rows.map((r) => r.runId) } });
  });
});
