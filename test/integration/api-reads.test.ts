/**
 * The real API client (src/api) over real HTTP against the dev server's demo data: every read
 * call, paging across pages, runs filters and order, decoding of W&B's encodings, notFound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WandbApi } from '../../src/api/wandb-api';
import { collectAll, paginate } from '../../src/api/paginate';
import { WandbError } from '../../src/api/errors';
import { runsOrderArg } from '../../src/api/runs-filter';
import { loadHistory, metricsOf } from '../../src/webviews/run-data';
import * as N from '../server/demo-names';
import { artifactNameDefaults, parseArtifactName } from '../../src/api/artifact-names';
import { appUrlFor, artifactWebUrl } from '../../src/api/urls';
import { addDataset, apiFor, useDevServer, withDevServer } from './dev-server';
import { bufferBlob } from '../server/blob';
import { gqlData } from '../server/testing';

const srv = useDevServer();
let api: WandbApi;
const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };
const RUN = { ...P, runId: N.DEMO_RUN_ID };

beforeAll(() => {
  api = apiFor(srv);
});

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WandbError);
    return (e as WandbError).kind;
  }
  throw new Error('expected a WandbError');
}

describe('account and projects', () => {
  it('viewer and serverInfo', async () => {
    const v = await api.viewer();
    expect(v).toMatchObject({ username: N.DEMO_USER, defaultEntity: N.DEMO_USER, name: N.DEMO_USER_FULL_NAME, teams: [N.DEMO_TEAM] });
    const info = await api.serverInfo();
    expect(info.maxCliVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.serverVersion).toBeTypeOf('string');
  });

  it('projects page by page', async () => {
    const first = await api.projects(N.DEMO_USER, { first: 2 });
    expect(first.items.length).toBe(2);
    expect(first.hasNextPage).toBe(true);
    const all = await collectAll(
      (async function* () {
        let after: string | undefined;
        for (;;) {
          const p = await api.projects(N.DEMO_USER, { first: 2, after });
          yield p;
          if (!p.hasNextPage) return;
          after = p.endCursor;
        }
      })(),
    );
    expect(all.map((p) => p.name).sort()).toEqual([...N.DEMO_PROJECTS].sort());
    expect(all.find((p) => p.name === N.DEMO_PROJECT)?.createdAt).toBeInstanceOf(Date);
    const team = await api.projects(N.DEMO_TEAM, { first: 50 });
    expect(team.items.map((p) => p.name).sort()).toEqual([...N.DEMO_TEAM_PROJECTS].sort());
  });
});

describe('runs', () => {
  it('pages all 1,200 runs with the total on the first page', async () => {
    const pages = [];
    for await (const p of api.allRuns(P, 200)) pages.push(p);
    expect(pages.length).toBe(Math.ceil(N.DEMO_PROJECT_RUN_COUNT / 200));
    expect(pages[0]!.totalCount).toBe(N.DEMO_PROJECT_RUN_COUNT);
    const ids = pages.flatMap((p) => p.items.map((r) => r.runId));
    expect(new Set(ids).size).toBe(N.DEMO_PROJECT_RUN_COUNT);
    const created = pages.flatMap((p) => p.items.map((r) => r.createdAt!.getTime()));
    expect([...created].sort((a, b) => b - a)).toEqual(created); // default newest first
  });

  it('filters and orders on the server, with metric keys', async () => {
    const crashed = await api.runs({ ...P, filters: { state: 'crashed' } }, { first: 100 });
    expect(crashed.totalCount).toBeGreaterThan(0);
    expect(crashed.items.every((r) => r.state === 'crashed')).toBe(true);
    expect(crashed.items.length).toBe(crashed.totalCount);

    const q = { ...P, filters: { $and: [{ state: 'finished' }, { 'config.optimizer.value.lr': { $lte: 0.001 } }] }, order: '-summary_metrics.val/acc', metricKeys: ['val/acc', 'nope'] };
    const page1 = await api.runs(q, { first: 25 });
    expect(page1.totalCount).toBeGreaterThan(25);
    const page2 = await api.runs(q, { first: 25, after: page1.endCursor });
    const accs = [...page1.items, ...page2.items].map((r) => r.metrics!['val/acc'] as number);
    expect(accs.every((a) => typeof a === 'number')).toBe(true);
    expect([...accs].sort((a, b) => b - a)).toEqual(accs);
    expect(page1.items[0]!.metrics).not.toHaveProperty('nope');
    expect(page2.items.length).toBe(25);

    const byTag = await api.runs({ ...P, filters: { tags: { $in: ['baseline'] } }, order: '+created_at' }, { first: 500 });
    expect(byTag.items.map((r) => r.runId)).toContain(N.DEMO_RUN_ID);
    expect(byTag.items.every((r) => r.tags.includes('baseline'))).toBe(true);
    const t = byTag.items.map((r) => r.createdAt!.getTime());
    expect([...t].sort((a, b) => a - b)).toEqual(t);

    const byUser = await api.runs({ ...P, filters: { username: 'alice-ml', jobType: 'eval' } }, { first: 500 });
    expect(byUser.items.every((r) => r.user === 'alice-ml' && r.jobType === 'eval')).toBe(true);
    const regex = await api.runs({ ...P, filters: { display_name: { $regex: '^baseline-' } } }, { first: 10 });
    expect(regex.items.map((r) => r.runId)).toEqual([N.DEMO_RUN_ID]);
  });

  it('refuses a bad filter with a graphql error carrying the server’s message', async () => {
    const e = await api.runs({ ...P, filters: { state: { $bogus: 1 } } }, { first: 5 }).catch((x: unknown) => x as WandbError);
    expect(e).toBeInstanceOf(WandbError);
    expect((e as WandbError).kind).toBe('graphql');
    expect((e as WandbError).message).toContain('unknown operator "$bogus"');
  });

  it('decodes the full run: config entries, summary with NaN and media, history keys', async () => {
    const r = await api.run(RUN);
    expect(r).toMatchObject({ runId: N.DEMO_RUN_ID, displayName: N.DEMO_RUN_DISPLAY_NAME, state: 'finished', tags: [...N.DEMO_RUN_TAGS], group: N.DEMO_RUN_GROUP, jobType: N.DEMO_RUN_JOB_TYPE, user: N.DEMO_USER });
    expect(r.config.optimizer!.value).toEqual({ name: N.DEMO_RUN_OPTIMIZER, lr: N.DEMO_RUN_LR, betas: [0.9, 0.999], weight_decay: 0.0001 });
    expect(r.config.epochs!.value).toBe(N.DEMO_RUN_EPOCHS);
    expect(r.summary['val/acc']).toBe(N.DEMO_RUN_VAL_ACC);
    expect(Number.isNaN(r.summary[N.DEMO_RUN_NAN_KEY] as number)).toBe(true);
    expect((r.summary.examples as { _type: string })._type).toBe('image-file');
    expect(r.systemMetrics['system.cpu']).toBeTypeOf('number');
    expect(r.historyKeys.lastStep).toBe(N.DEMO_RUN_HISTORY_STEPS - 1);
    const loss = r.historyKeys.keys.find((k) => k.key === 'train/loss')!;
    expect(loss).toMatchObject({ numeric: true, count: N.DEMO_RUN_HISTORY_STEPS, system: false });
    expect(r.historyLineCount).toBe(N.DEMO_RUN_HISTORY_STEPS);
    expect(r.createdAt).toBeInstanceOf(Date);
  });

  it('keeps hostile and unicode text verbatim', async () => {
    const x = await api.run({ ...P, runId: N.DEMO_XSS_RUN_ID });
    expect(x.displayName).toContain(N.DEMO_XSS_TEXT);
    expect(x.tags).toContain(N.DEMO_XSS_SCRIPT);
    expect((x.config.optimizer!.value as { name: string }).name).toBe(N.DEMO_XSS_SCRIPT);
    const u = await api.run({ ...P, runId: N.DEMO_UNICODE_RUN_ID });
    expect(u.displayName).toContain(N.DEMO_UNICODE_TEXT);
    expect(u.tags).toContain('日本語');
  });

  it('reads live states of several runs at once', async () => {
    const states = await api.runStates(P, [N.DEMO_LIVE_RUN_ID, N.DEMO_RUN_ID, N.DEMO_PENDING_RUN_ID, 'zzzzzzzz']);
    expect(states.get(N.DEMO_LIVE_RUN_ID)?.state).toBe('running');
    expect(states.get(N.DEMO_RUN_ID)?.state).toBe('finished');
    expect(states.get(N.DEMO_PENDING_RUN_ID)?.state).toBe('pending');
    expect(states.has('zzzzzzzz')).toBe(false);
  });

  it('unknown project and run are notFound', async () => {
    expect(await kindOf(api.runs({ entity: N.DEMO_USER, project: 'no-such-project' }, { first: 5 }))).toBe('notFound');
    expect(await kindOf(api.run({ ...P, runId: 'zzzzzzzz' }))).toBe('notFound');
    expect(await kindOf(api.run({ entity: 'nobody', project: 'nothing', runId: 'x' }))).toBe('notFound');
    expect(await kindOf(api.sampledHistory({ ...P, runId: 'zzzzzzzz' }, [{ keys: ['loss'], samples: 10 }]))).toBe('notFound');
    expect(await kindOf(api.runFiles({ ...P, runId: 'zzzzzzzz' }, { first: 5 }))).toBe('notFound');
    expect(await kindOf(api.artifactTypes({ entity: N.DEMO_USER, project: 'nope' }, { first: 5 }))).toBe('notFound');
    expect(await kindOf(api.artifactByName({ ...P, name: N.DEMO_MODEL_COLLECTION, alias: 'v99' }))).toBe('notFound');
    expect(await kindOf(api.artifactVersions({ ...P, type: 'model', collection: 'nope' }, { first: 5 }))).toBe('notFound');
    expect(await kindOf(api.artifactCollections({ ...P, type: 'nope' }, { first: 5 }))).toBe('notFound');
    expect(await kindOf(api.artifactManifest('QXJ0aWZhY3Q6OTk5OTk5OQ=='))).toBe('notFound');
    expect(await kindOf(api.sweepRuns({ ...P, sweepId: 'nope' }, { first: 5 }))).toBe('notFound');
  });
});

describe('history', () => {
  it('sampled history keeps first and last rows', async () => {
    const [loss, val] = await api.sampledHistory(RUN, [
      { keys: ['_step', 'train/loss'], samples: 300 },
      { keys: ['_step', 'val/loss'], samples: 1000 },
    ]);
    expect(loss!.length).toBeLessThanOrEqual(300);
    expect(loss![0]!._step).toBe(0);
    expect(loss!.at(-1)!._step).toBe(N.DEMO_RUN_HISTORY_STEPS - 1);
    expect(val!.length).toBe(101);
  });

  it('full-resolution pages and system events', async () => {
    const rows = await api.historyPage(RUN, 5000, 6000);
    expect(rows.length).toBe(1000);
    expect(rows[0]!._step).toBe(5000);
    expect(rows.at(-1)!._step).toBe(5999);
    expect(rows[0]!['train/loss']).toBeTypeOf('number');
    const crashed = await api.historyPage({ ...P, runId: N.DEMO_CRASHED_RUN_ID }, 0, 100000);
    expect(Number.isNaN(crashed.at(-1)!['train/loss'] as number)).toBe(true);
    const events = await api.systemEvents(RUN, 40);
    expect(events.length).toBeLessThanOrEqual(40);
    expect(events[0]!['system.gpu.0.gpu']).toBeTypeOf('number');
  });

  it('nested metrics (logged as a dict) are chartable under dot paths: keys, sampled history, pages, summary', async () => {
    const detail = await api.run(RUN);
    const keys = new Map(detail.historyKeys.keys.map((k) => [k.key, k]));
    expect(keys.get('eval')).toMatchObject({ numeric: false, typeCounts: { map: 101 } });
    expect(keys.get('eval.acc')).toMatchObject({ numeric: true, count: 101 });
    expect(keys.get('eval.loss')?.numeric).toBe(true);
    expect(metricsOf(detail).map((m) => m.key)).toEqual(expect.arrayContaining(['eval.acc', 'eval.loss']));
    const cols = await loadHistory(api, RUN, 'eval.acc', '_step', 500);
    expect(cols['eval.acc']).toHaveLength(101);
    expect(cols['eval.acc']!.every((v) => typeof v === 'number')).toBe(true);
    expect(cols._step![0]).toBe(0);
    const page = await api.historyPage(RUN, 0, 1);
    expect(page[0]!['eval.acc']).toBeTypeOf('number');
    expect(page[0]!.eval).toBeUndefined();
    expect(detail.summary.eval).toEqual({ acc: expect.any(Number), loss: expect.any(Number) });
  });

  it('sorts runs by a nested summary metric (summary_metrics.eval.acc) and reads its value', async () => {
    const q = { ...P, filters: { state: 'finished' }, order: runsOrderArg({ by: 'summary', metric: 'eval.acc', descending: true }), metricKeys: ['eval.acc'] };
    expect(q.order).toBe('-summary_metrics.eval.acc');
    const page = await api.runs(q, { first: 30 });
    const values = page.items.map((r) => r.metrics?.['eval.acc']);
    expect(values.every((v) => typeof v === 'number')).toBe(true);
    expect([...(values as number[])].sort((a, b) => b - a)).toEqual(values);
  });

  it('sees the live run grow', async () => {
    const live = { ...P, runId: N.DEMO_LIVE_RUN_ID };
    const a = await api.run(live);
    srv.clock.advance(1000);
    const b = await api.run(live);
    expect(b.historyKeys.lastStep).toBe(a.historyKeys.lastStep + N.DEMO_LIVE_RUN_ROWS_PER_SECOND);
    expect(b.state).toBe('running');
  });
});

describe('files', () => {
  it('run files: names, pattern, paging, URLs on the right origins', async () => {
    const all = await collectAll(
      (async function* () {
        let after: string | undefined;
        for (;;) {
          const p = await api.runFiles(RUN, { first: 3, after });
          yield p;
          if (!p.hasNextPage) return;
          after = p.endCursor;
        }
      })(),
    );
    const names = all.map((f) => f.name);
    for (const f of [...N.DEMO_RUN_FILES, ...N.DEMO_RUN_IMAGES]) expect(names).toContain(f);
    const cfg = all.find((f) => f.name === 'config.yaml')!;
    expect(new URL(cfg.directUrl!).origin).toBe(srv.storageUrl);
    expect(new URL(cfg.url!).origin).toBe(srv.baseUrl);
    expect(cfg.md5).toMatch(/==$/);
    const json = await api.runFiles(RUN, { first: 50, pattern: '%.json' });
    expect(json.items.map((f) => f.name).every((n) => n.endsWith('.json'))).toBe(true);
    const named = await api.runFiles(RUN, { first: 50, names: ['output.log'] });
    expect(named.items.map((f) => f.name)).toEqual(['output.log']);
    const list = await api.runFileList(RUN, { first: 100 });
    expect(list.items.length).toBe(names.length);
    expect(list.totalCount).toBe(names.length);
  });

  it('downloads through client.get with the key only on the API origin', async () => {
    srv.clearRequests();
    const [f] = (await api.runFiles(RUN, { first: 1, names: ['requirements.txt'] })).items;
    const direct = await (await api.client.get(f!.directUrl!)).text();
    const viaApi = await (await api.client.get(f!.url!)).text();
    expect(direct).toBe(viaApi);
    expect(direct).toContain('wandb==');
    const storage = srv.requests.filter((r) => r.origin === 'storage');
    expect(storage.length).toBe(1);
    expect(storage.every((r) => r.headers.authorization === undefined)).toBe(true);
    const apiGets = srv.requests.filter((r) => r.origin === 'api' && r.method === 'GET');
    expect(apiGets.length).toBe(1);
    expect(apiGets[0]!.headers.authorization).toMatch(/^Basic /);
  });
});

describe('artifacts', () => {
  it('types, collections, versions (paged), by name', async () => {
    const types = await api.artifactTypes(P, { first: 10 });
    expect(types.items.map((t) => t.name).sort()).toEqual(['dataset', 'model']);
    const colls = await api.artifactCollections({ ...P, type: 'dataset' }, { first: 10 });
    expect(colls.items.map((c) => c.name).sort()).toEqual([N.DEMO_BIG_COLLECTION, N.DEMO_DATASET_COLLECTION, N.DEMO_MANY_FILES_COLLECTION, N.DEMO_REF_COLLECTION].sort());
    const v1 = await api.artifactVersions({ ...P, type: 'model', collection: N.DEMO_MODEL_COLLECTION }, { first: 2 });
    const v2 = await api.artifactVersions({ ...P, type: 'model', collection: N.DEMO_MODEL_COLLECTION }, { first: 10, after: v1.endCursor });
    const versions = [...v1.items, ...v2.items];
    expect(versions.map((v) => v.version)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    expect(versions[0]!.aliases).toEqual(['latest']);
    expect(versions[1]!.aliases).toEqual(['best']);
    expect(versions[2]!.aliases).toEqual(['production']);
    expect(versions[0]).toMatchObject({ collection: N.DEMO_MODEL_COLLECTION, type: 'model', entity: N.DEMO_USER, project: N.DEMO_PROJECT, state: 'COMMITTED', fileCount: 2 });
    expect(versions[0]!.digest).toMatch(/^[0-9a-f]{32}$/);
    const best = await api.artifactByName({ ...P, name: N.DEMO_MODEL_COLLECTION, alias: 'best' });
    expect(best.versionIndex).toBe(3);
    expect((await api.artifactByName({ ...P, name: N.DEMO_DATASET_COLLECTION, alias: 'v1' })).aliases).toEqual(['stable']);
  });

  it('lists only committed versions, as the SDK does; a pending one shows in its run, with no manifest to download', async () => {
    // The server lists PENDING versions too; the SDK asks `{"state": "COMMITTED"}` (Artifacts.__init__).
    const versions = await collectAll(paginate((after) => api.artifactVersions({ ...P, type: 'model', collection: N.DEMO_MODEL_COLLECTION }, { first: 2, after })));
    expect(versions.map((v) => v.version)).not.toContain(N.DEMO_PENDING_VERSION);
    expect(versions.every((v) => v.state === 'COMMITTED')).toBe(true);
    const rows = await api.artifactVersionRows({ ...P, type: 'model', collection: N.DEMO_MODEL_COLLECTION }, { first: 50 });
    expect(rows.items.map((v) => v.version)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    const logged = await api.runArtifactRows({ ...P, runId: N.DEMO_LIVE_RUN_ID }, 'logged', { first: 10 });
    const pending = logged.items.find((v) => v.version === N.DEMO_PENDING_VERSION)!;
    expect(pending).toMatchObject({ collection: N.DEMO_MODEL_COLLECTION, state: 'PENDING', aliases: [] });
    const e = await api.artifactManifest(pending.id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WandbError);
    expect((e as WandbError).kind).toBe('badRequest');
    expect((e as WandbError).message).toContain(`${N.DEMO_MODEL_COLLECTION}:${N.DEMO_PENDING_VERSION} is still pending`);
  });

  it('a portfolio: marked linked, members named by the edge, aliases only where the SDK puts them', async () => {
    const REG = { entity: N.DEMO_USER, project: N.DEMO_REGISTRY_PROJECT };
    const colls = await api.artifactCollections({ ...REG, type: N.DEMO_MODEL_TYPE }, { first: 10 });
    expect(colls.items).toEqual([expect.objectContaining({ name: N.DEMO_PORTFOLIO, linked: true })]);
    const projectColls = await api.artifactCollections({ ...P, type: N.DEMO_MODEL_TYPE }, { first: 10 });
    expect(projectColls.items.every((c) => !c.linked)).toBe(true);
    const members = (await api.artifactVersionRows({ ...REG, type: N.DEMO_MODEL_TYPE, collection: N.DEMO_PORTFOLIO }, { first: 10 })).items;
    // Both linked versions have versionIndex 1 in their own collections; here they are v1 and v0.
    expect(members.map((v) => [v.version, v.aliases, v.linkedFrom && `${v.linkedFrom.project}/${v.linkedFrom.collection}:${v.linkedFrom.version}`])).toEqual([
      ['v1', ['latest'], 'cifar10-resnet/resnet18:v1'],
      ['v0', [N.DEMO_PORTFOLIO_ALIAS], `${N.DEMO_PROJECT}/${N.DEMO_MODEL_COLLECTION}:v1`],
    ]);
    expect(members[1]).toMatchObject({ entity: N.DEMO_USER, project: N.DEMO_REGISTRY_PROJECT, collection: N.DEMO_PORTFOLIO, versionIndex: 0 });
    // The registry's alias belongs to the portfolio, not to the project's collection of the same name.
    const own = await api.artifactByName({ ...P, name: N.DEMO_MODEL_COLLECTION, alias: 'v1' });
    expect(own.aliases).toEqual([]);
    expect(own.linkedFrom).toBeUndefined();
    expect(own.id).toBe(members[1]!.id);
  });

  it('finds a version by every name form Api.artifact takes, and by its web page URL', async () => {
    const defaults = artifactNameDefaults({ workspaceSettings: `[default]\nentity = ${N.DEMO_USER}\nproject = ${N.DEMO_PROJECT}\n` });
    const best = await api.artifactByName({ ...P, name: N.DEMO_MODEL_COLLECTION, alias: 'best' });
    const page = artifactWebUrl(appUrlFor(srv.baseUrl), best.entity, best.project, best.type, best.collection, best.version);
    for (const text of [`${N.DEMO_MODEL_COLLECTION}:best`, `${N.DEMO_PROJECT}/${N.DEMO_MODEL_COLLECTION}:v3`, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_MODEL_COLLECTION}:best`, page, `${page}/files`]) {
      const p = parseArtifactName(text, defaults);
      if (!p.ok) throw new Error(`${text}: ${p.reason}`);
      if (!('artifact' in p)) throw new Error(`${text}: read as a registry name`);
      expect((await api.artifactByName(p.artifact)).id).toBe(best.id);
    }
  });

  it('finds a W&B Registry version by the names the SDK takes: the organization, its entity, or none', async () => {
    const champion = await api.artifactByName({ entity: N.DEMO_USER, project: 'cifar10-resnet', name: 'resnet18', alias: 'v0' });
    const project = `wandb-registry-${N.DEMO_REGISTRY}`;
    const tail = `${project}/${N.DEMO_REGISTRY_COLLECTION}:${N.DEMO_REGISTRY_ALIAS}`;
    const forms: Array<[text: string, entity: string, settings: string]> = [
      [`${N.DEMO_ORG}/${tail}`, N.DEMO_USER, ''],
      [`${N.DEMO_ORG_ENTITY}/${tail}`, N.DEMO_USER, ''],
      // A personal entity in one organization needs none named; a team's is its own.
      [tail, N.DEMO_USER, ''],
      [`${N.DEMO_ORG}/${tail}`, N.DEMO_TEAM, ''],
      [tail, N.DEMO_USER, `organization = ${N.DEMO_ORG}\n`],
    ];
    for (const [text, entity, settings] of forms) {
      const defaults = artifactNameDefaults({ workspaceSettings: `[default]\nentity = ${entity}\n${settings}` });
      const p = parseArtifactName(text, defaults);
      if (!p.ok || !('registry' in p)) throw new Error(`${text}: not read as a registry name`);
      const owner = await api.registryEntity(defaults.entity!, p.registry.organization);
      expect(owner).toBe(N.DEMO_ORG_ENTITY);
      const found = await api.artifactByName({ entity: owner, project: p.registry.project, name: p.registry.name, alias: p.registry.alias });
      expect(found.id).toBe(champion.id);
    }
    // Read as an ordinary entity/project path, the organization's name is no entity.
    await expect(api.artifactByName({ entity: N.DEMO_ORG, project, name: N.DEMO_REGISTRY_COLLECTION, alias: N.DEMO_REGISTRY_ALIAS })).rejects.toThrow();
    await expect(api.registryEntity(N.DEMO_USER, 'another-org')).rejects.toThrow(`is not ${N.DEMO_USER}'s organization`);
  });

  it('skips an organization the server gives no entity for (orgEntity is nullable), as the SDK does', async () => {
    await withDevServer({}, async (other) => {
      const org = other.store.organizations.get(N.DEMO_ORG)!;
      other.store.organizations.set('orphan-org', { ...org, id: `${org.id}-orphan`, name: 'orphan-org', orgEntity: 'no-such-entity', teams: [] });
      const d = await gqlData(other, `{ entity(name: "${N.DEMO_USER}") { user { organizations { name orgEntity { name } } } } }`);
      expect(d.entity.user.organizations).toEqual([
        { name: N.DEMO_ORG, orgEntity: { name: N.DEMO_ORG_ENTITY } },
        { name: 'orphan-org', orgEntity: null },
      ]);
      // Two organizations, one usable: the user's only registry owner, no organization named.
      const api = apiFor(other);
      expect(await api.registryEntity(N.DEMO_USER, undefined)).toBe(N.DEMO_ORG_ENTITY);
      await expect(api.registryEntity(N.DEMO_USER, 'orphan-org')).rejects.toThrow(`is not ${N.DEMO_USER}'s organization`);
    });
  });

  it('run logged / used artifacts with usedAs', async () => {
    const logged = await api.runLoggedArtifacts(RUN, { first: 10 });
    expect(logged.items.map((a) => `${a.collection}:${a.version}`)).toEqual([`${N.DEMO_MODEL_COLLECTION}:v3`]);
    const used = await api.runUsedArtifacts(RUN, { first: 10 });
    const ds = used.items.find((a) => a.collection === N.DEMO_DATASET_COLLECTION)!;
    expect(ds.usedAs).toEqual(['dataset']);
    expect(ds.version).toBe('v2');
  });

  it('reads a committed version\'s manifest file once while its manifest keeps its id and digest (the SDK keeps an artifact by id); a changed manifest is read again', async () => {
    const name = 'manifest-memo';
    addDataset(srv, name, [{ path: 'a.txt', blob: bufferBlob('first') }]);
    const v = await api.artifactByName({ ...P, name, alias: 'latest' });
    const manifestGets = () => srv.requests.filter((r) => r.origin === 'storage' && r.path.endsWith('wandb_manifest.json')).length;
    srv.clearRequests();
    const first = await api.artifactManifest(v.id);
    const again = await api.artifactManifest(v.id);
    expect(manifestGets()).toBe(1);
    expect(again).toBe(first);
    // The version's query is still made each time: a deleted version is not served from memory.
    expect(srv.requests.filter((r) => r.operationName === 'ArtifactManifest')).toHaveLength(2);
    expect(Object.isFrozen(first.entries[0])).toBe(true);
    // The dev server's manifest changes (its digest with it): read again, with the new entry.
    const rec = srv.store.artifactsById.get(v.id)!;
    rec.entries.push({ ...rec.entries[0]!, path: 'b.txt' });
    rec.cachedManifest = undefined;
    const changed = await api.artifactManifest(v.id);
    expect(manifestGets()).toBe(2);
    expect(changed.entries.map((e) => e.path)).toEqual(['a.txt', 'b.txt']);
    rec.state = 'DELETED';
    expect(await kindOf(api.artifactManifest(v.id))).toBe('notFound');
  });

  it('manifest from the presigned URL; files paged over 2,000 entries', async () => {
    const v = await api.artifactByName({ ...P, name: N.DEMO_MANY_FILES_COLLECTION, alias: 'latest' });
    srv.clearRequests();
    const m = await api.artifactManifest(v.id);
    expect(m).toMatchObject({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storageLayout: 'V2' });
    expect(m.entries.length).toBe(N.DEMO_MANY_FILES_COUNT);
    expect(m.entries[0]).toMatchObject({ path: 'images/00000.png', birthArtifactId: v.id });
    expect(srv.requests.filter((r) => r.origin === 'storage').every((r) => r.headers.authorization === undefined)).toBe(true);
    let n = 0;
    let after: string | undefined;
    for (;;) {
      const p = await api.artifactFiles(v.id, { first: 700, after });
      n += p.items.length;
      if (!p.hasNextPage) break;
      after = p.endCursor;
    }
    expect(n).toBe(N.DEMO_MANY_FILES_COUNT);
    const named = await api.artifactFiles(v.id, { first: 10, names: ['images/00007.png'] });
    expect(named.items.map((f) => f.name)).toEqual(['images/00007.png']);
    const png = Buffer.from(await (await api.client.get(named.items[0]!.directUrl!)).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('sweeps and reports', () => {
  it('sweeps, sweep runs best first, reports', async () => {
    const sweeps = await api.sweeps(P, { first: 10 });
    expect(sweeps.items.map((s) => s.sweepId)).toEqual([N.DEMO_SWEEP_ID]);
    expect(sweeps.totalCount).toBe(1);
    const runs = await api.sweepRuns({ ...P, sweepId: N.DEMO_SWEEP_ID, metric: { name: 'val/loss', goal: 'minimize' } }, { first: 100 });
    expect(runs.totalCount).toBe(N.DEMO_SWEEP_RUN_COUNT);
    const losses = runs.items.map((r) => r.metrics!['val/loss'] as number);
    expect([...losses].sort((a, b) => a - b)).toEqual(losses);
    const reports = await api.reports(P, { first: 10 });
    expect(reports.items.length).toBe(2);
    expect(JSON.stringify(reports.items)).toContain(N.DEMO_REPORT_TITLE);
  });

  it('the best run of a sweep is one request ordered by the metric over every run, skipping runs without it', async () => {
    const all = await api.sweepRuns({ ...P, sweepId: N.DEMO_SWEEP_ID, metric: { name: 'val/loss', goal: 'minimize' } }, { first: 1000 });
    const scored = all.items.filter((r) => typeof r.metrics?.['val/loss'] === 'number');
    expect(scored.length).toBeGreaterThan(1);
    const lowest = Math.min(...scored.map((r) => r.metrics!['val/loss'] as number));
    srv.clearRequests();
    const best = await api.sweepBestRun({ ...P, sweepId: N.DEMO_SWEEP_ID, metric: { name: 'val/loss', goal: 'minimize' } });
    expect(best?.metrics?.['val/loss']).toBe(lowest);
    expect(srv.requests).toHaveLength(1);
    expect(srv.requests[0]!.variables).toMatchObject({ order: '+summary_metrics.val/loss', first: 1 });
    const highest = await api.sweepBestRun({ ...P, sweepId: N.DEMO_SWEEP_ID, metric: { name: 'val/loss', goal: 'maximize' } });
    expect(highest?.metrics?.['val/loss']).toBe(Math.max(...scored.map((r) => r.metrics!['val/loss'] as number)));
    expect(await api.sweepBestRun({ ...P, sweepId: N.DEMO_SWEEP_ID, metric: { name: 'no/such/metric', goal: 'minimize' } })).toBeUndefined();
  });

  it('a report-name filter, as Api.reports(path, name) sends viewName', async () => {
    const named = await api.reports({ ...P, name: N.DEMO_REPORT_NAME }, { first: 10 });
    expect(named.items.map((r) => r.title)).toEqual([N.DEMO_REPORT_TITLE]);
    expect((await api.reports({ ...P, name: 'no-such-report' }, { first: 10 })).items).toEqual([]);
  });
});
