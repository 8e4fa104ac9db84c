/* eslint-disable @typescript-eslint/no-explicit-any -- raw GraphQL JSON answers are untyped on purpose */
/**
 * The dev server's GraphQL API over raw HTTP: auth, schema validation, W&B's encodings, paging,
 * runs filters and order, history sampling, artifacts, sweeps and reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as N from '../server/demo-names';
import { gql, gqlData, parseWandbJson } from '../server/testing';
import { arrayHistory } from '../server/model';
import { useDevServer, withDevServer } from './dev-server';

const srv = useDevServer();

beforeAll(async () => {
});


describe('auth and validation', () => {
  it('answers 401 with W&B’s body for a missing, wrong or wrongly formed key', async () => {
    for (const apiKey of [null, 'local-0000000000000000000000000000000000000000']) {
      const r = await gql(srv, '{ viewer { id } }', undefined, { apiKey });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ errors: [{ message: 'unauthorized' }] });
    }
    const bearer = await fetch(`${srv.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(bearer.status).toBe(401);
    const ok = await gql(srv, '{ viewer { id } }');
    expect(ok.status).toBe(200);
  });

  it('uses a realistic default key', () => {
    expect(srv.apiKey).toMatch(/^local-[0-9a-f]{40}$/);
    expect(srv.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(srv.storageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects documents that do not validate against the W&B schema, with graphql-js messages', async () => {
    const r = await gql(srv, 'query ServerFeaturesQuery { serverInfo { features { name isEnabled } } }');
    expect(r.status).toBe(200);
    expect(r.body.errors![0]!.message).toBe('Cannot query field "features" on type "ServerInfo".');
    expect(r.body.data).toBeUndefined();

    const internalId = await gql(srv, '{ project(name: "x", entityName: "y") { internalId } }');
    expect(internalId.body.errors![0]!.message).toBe('Cannot query field "internalId" on type "Project".');

    const badArg = await gql(srv, '{ models(entityName: "demo-user", firstt: 2) { edges { node { name } } } }');
    expect(badArg.body.errors![0]!.message).toBe('Unknown argument "firstt" on field "Query.models". Did you mean "first"?');

    const syntax = await gql(srv, '{ viewer { id ');
    expect(syntax.status).toBe(200);
    expect(syntax.body.errors![0]!.message).toMatch(/^Syntax Error: /);

    const unusedFragment = await gql(srv, 'fragment F on User { id } query { viewer { id } }');
    expect(unusedFragment.body.errors![0]!.message).toBe('Fragment "F" is never used.');
  });

  it('can answer GraphQL errors with HTTP 400 instead of 200 (graphqlErrorStatus)', async () => {
    await withDevServer({ graphqlErrorStatus: 400 }, async (strict) => {
      const r = await gql(strict, '{ serverInfo { features { name } } }');
      expect(r.status).toBe(400);
      expect(r.body.errors![0]!.message).toBe('Cannot query field "features" on type "ServerInfo".');
      expect((await gql(strict, '{ viewer { id } }')).status).toBe(200);
    });
  });

  it('answers serverInfo version info (no features)', async () => {
    const d = await gqlData(srv, '{ serverInfo { cliVersionInfo latestLocalVersionInfo { outOfDate latestVersionString versionOnThisInstanceString } } }');
    expect(d.serverInfo.cliVersionInfo.max_cli_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(d.serverInfo.latestLocalVersionInfo.outOfDate).toBe(false);
  });
});

describe('viewer, entities and projects', () => {
  it('returns the viewer with its default entity and teams', async () => {
    const d = await gqlData(srv, '{ viewer { id username name entity teams { edges { node { name isTeam } } } } }');
    expect(d.viewer).toMatchObject({ username: N.DEMO_USER, name: N.DEMO_USER_FULL_NAME, entity: N.DEMO_USER });
    expect(d.viewer.teams.edges.map((e: any) => e.node)).toEqual([{ name: N.DEMO_TEAM, isTeam: true }]);
  });

  it('pages projects with opaque cursors', async () => {
    const q = `query Projects($entity: String, $after: String) {
      models(entityName: $entity, first: 2, after: $after) {
        edges { cursor node { id name entityName createdAt isBenchmark user { username } } }
        pageInfo { endCursor hasNextPage }
      } }`;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const d: any = await gqlData(srv, q, { entity: N.DEMO_USER, after });
      pages++;
      for (const e of d.models.edges) {
        expect(e.cursor).toMatch(/^[A-Za-z0-9+/=]+$/);
        expect(e.node.entityName).toBe(N.DEMO_USER);
        expect(e.node.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        names.push(e.node.name);
      }
      if (!d.models.pageInfo.hasNextPage) break;
      after = d.models.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect([...names].sort()).toEqual([...N.DEMO_PROJECTS].sort());
    const team = await gqlData(srv, '{ projects(entityName: "demo-team") { edges { node { name } } } }');
    expect(team.projects.edges.map((e: any) => e.node.name).sort()).toEqual([...N.DEMO_TEAM_PROJECTS].sort());
  });

  it('answers null for unknown projects, runs and artifacts', async () => {
    const d = await gqlData(
      srv,
      `{ nope: project(name: "nope", entityName: "demo-user") { id }
         p: project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") {
           run(name: "zzzzzzzz") { id }
           artifact(name: "nope:latest") { id }
           a2: artifact(name: "${N.DEMO_MODEL_COLLECTION}:v99") { id }
           artifactType(name: "nope") { id }
           sweep(sweepName: "nope") { id }
         }
         artifact(id: "QXJ0aWZhY3Q6OTk5OTk5") { id } }`,
    );
    expect(d).toEqual({ nope: null, p: { run: null, artifact: null, a2: null, artifactType: null, sweep: null }, artifact: null });
  });
});

const RUN_FIELDS = `id name displayName state createdAt heartbeatAt updatedAt user { username name } tags group jobType notes
  description sweepName host commit config summaryMetrics systemMetrics historyKeys historyLineCount fileCount projectId
  project { name entityName }`;

describe('runs', () => {
  it('serves the known run in W&B’s encodings', async () => {
    const d = await gqlData(srv, `query Run($e: String, $p: String, $r: String!) { project(name: $p, entityName: $e) { run(name: $r) { ${RUN_FIELDS} } } }`, {
      e: N.DEMO_USER,
      p: N.DEMO_PROJECT,
      r: N.DEMO_RUN_ID,
    });
    const run = d.project.run;
    expect(run).toMatchObject({
      name: N.DEMO_RUN_ID,
      displayName: N.DEMO_RUN_DISPLAY_NAME,
      state: 'finished',
      tags: [...N.DEMO_RUN_TAGS],
      group: N.DEMO_RUN_GROUP,
      jobType: N.DEMO_RUN_JOB_TYPE,
      historyLineCount: N.DEMO_RUN_HISTORY_STEPS,
      user: { username: N.DEMO_USER },
      project: { name: N.DEMO_PROJECT, entityName: N.DEMO_USER },
    });
    expect(Buffer.from(run.id, 'base64').toString()).toBe(`Run:v1:${N.DEMO_RUN_ID}:${N.DEMO_PROJECT}:${N.DEMO_USER}`);
    expect(run.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    // config: JSON string of {key: {value}}, as wandb-core (the SDK the run names) uploads it: no desc
    expect(typeof run.config).toBe('string');
    const config = JSON.parse(run.config);
    expect(config.optimizer).toEqual({ value: { name: N.DEMO_RUN_OPTIMIZER, lr: N.DEMO_RUN_LR, betas: [0.9, 0.999], weight_decay: 0.0001 } });
    expect(config.epochs).toEqual({ value: N.DEMO_RUN_EPOCHS });
    expect(config._wandb.value.cli_version).toBe('0.19.8');
    // summaryMetrics: JSON string with a bare NaN (not valid JSON), media values with _type
    expect(run.summaryMetrics).toContain(`"${N.DEMO_RUN_NAN_KEY}": NaN`);
    expect(() => JSON.parse(run.summaryMetrics)).toThrow();
    const summary = parseWandbJson(run.summaryMetrics) as any;
    expect(summary['val/acc']).toBe(N.DEMO_RUN_VAL_ACC);
    expect(Number.isNaN(summary[N.DEMO_RUN_NAN_KEY])).toBe(true);
    expect(summary._step).toBe(N.DEMO_RUN_HISTORY_STEPS - 1);
    expect(summary.examples).toMatchObject({ _type: 'image-file', format: 'png' });
    expect(summary.weights._type).toBe('histogram');
    expect(summary.predictions._type).toBe('table-file');
    // systemMetrics: JSON string; historyKeys: an object
    const sys = JSON.parse(run.systemMetrics);
    for (const k of N.DEMO_SYSTEM_KEYS) expect(sys[k]).toBeTypeOf('number');
    expect(run.historyKeys.lastStep).toBe(N.DEMO_RUN_HISTORY_STEPS - 1);
    expect(run.historyKeys.keys['train/loss']).toEqual({ typeCounts: [{ type: 'number', count: N.DEMO_RUN_HISTORY_STEPS }] });
    expect(run.historyKeys.keys['val/loss'].typeCounts[0].count).toBe(101);
  });

  it('has runs in every state, hostile text kept verbatim', async () => {
    const d = await gqlData(
      srv,
      `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") {
        runCount
        ${N.DEMO_RUN_STATES.map((s) => `${s}: runCount(filters: ${JSON.stringify(JSON.stringify({ state: s }))})`).join('\n')}
        xss: run(name: "${N.DEMO_XSS_RUN_ID}") { displayName tags config notes }
        uni: run(name: "${N.DEMO_UNICODE_RUN_ID}") { displayName tags }
      } }`,
    );
    expect(d.project.runCount).toBe(N.DEMO_PROJECT_RUN_COUNT);
    for (const s of N.DEMO_RUN_STATES) expect(d.project[s], s).toBeGreaterThan(0);
    expect(d.project.xss.displayName).toContain(N.DEMO_XSS_TEXT);
    expect(d.project.xss.tags).toContain(N.DEMO_XSS_SCRIPT);
    expect(JSON.parse(d.project.xss.config).optimizer.value.name).toBe(N.DEMO_XSS_SCRIPT);
    expect(d.project.uni.displayName).toContain(N.DEMO_UNICODE_TEXT);
  });

  it('pages 1,200 runs across pages without gaps or repeats', async () => {
    const q = `query Runs($after: String) { project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") {
      runs(first: 250, after: $after) { totalCount edges { cursor node { name } } pageInfo { endCursor hasNextPage } } } }`;
    const names: string[] = [];
    let after: string | null = null;
    let lastCursor = '';
    for (;;) {
      const d: any = await gqlData(srv, q, { after });
      const c = d.project.runs;
      expect(c.totalCount).toBe(N.DEMO_PROJECT_RUN_COUNT);
      names.push(...c.edges.map((e: any) => e.node.name));
      lastCursor = c.edges.at(-1)?.cursor ?? lastCursor;
      if (!c.pageInfo.hasNextPage) break;
      expect(c.pageInfo.endCursor).toBe(lastCursor);
      after = lastCursor;
    }
    expect(names.length).toBe(N.DEMO_PROJECT_RUN_COUNT);
    expect(new Set(names).size).toBe(N.DEMO_PROJECT_RUN_COUNT);
    const bad = await gql(srv, q, { after: 'not-a-cursor' });
    expect(bad.body.errors![0]!.message).toMatch(/invalid cursor/);
  });

  describe('filters and order', () => {
    interface R {
      name: string;
      displayName: string;
      state: string;
      tags: string[];
      group: string | null;
      jobType: string | null;
      createdAt: string;
      heartbeatAt: string;
      user: { username: string };
      config: any;
      summary: any;
    }
    let all: R[];
    beforeAll(async () => {
      const d = await gqlData(
        srv,
        `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { runs(first: 5000) { edges { node {
           name displayName state tags group jobType createdAt heartbeatAt user { username } config summaryMetrics } } } } }`,
      );
      all = d.project.runs.edges.map((e: any) => ({ ...e.node, config: JSON.parse(e.node.config), summary: parseWandbJson(e.node.summaryMetrics) }));
      expect(all.length).toBe(N.DEMO_PROJECT_RUN_COUNT);
    });

    const cv = (r: R, k: string) => r.config[k]?.value;
    const cases: [string, unknown, (r: R) => boolean][] = [
      ['$eq implicit', { state: 'crashed' }, (r) => r.state === 'crashed'],
      ['$eq', { state: { $eq: 'killed' } }, (r) => r.state === 'killed'],
      ['$ne', { state: { $ne: 'finished' } }, (r) => r.state !== 'finished'],
      ['$in', { state: { $in: ['failed', 'killed'] } }, (r) => ['failed', 'killed'].includes(r.state)],
      ['$nin', { state: { $nin: ['finished', 'running'] } }, (r) => !['finished', 'running'].includes(r.state)],
      ['tags contains', { tags: 'baseline' }, (r) => r.tags.includes('baseline')],
      ['tags $in', { tags: { $in: ['gpu', 'fp16'] } }, (r) => r.tags.some((t) => ['gpu', 'fp16'].includes(t))],
      // The backend never matches a missing value with $ne / $nin; `null` matches only it.
      ['tags $nin (untagged runs excluded)', { tags: { $nin: ['gpu'] } }, (r) => r.tags.length > 0 && !r.tags.includes('gpu')],
      ['tags $ne (untagged runs excluded)', { tags: { $ne: 'gpu' } }, (r) => r.tags.length > 0 && !r.tags.includes('gpu')],
      ['tags null', { tags: null }, (r) => r.tags.length === 0],
      ['not tagged, as the SDK writes it', { $or: [{ tags: null }, { tags: { $ne: 'gpu' } }] }, (r) => !r.tags.includes('gpu')],
      ['group $ne (ungrouped runs excluded)', { group: { $ne: 'baseline' } }, (r) => r.group !== null && r.group !== 'baseline'],
      ['group null', { group: null }, (r) => r.group === null],
      ['displayName $regex', { displayName: { $regex: '^vivid-' } }, (r) => /^vivid-/.test(r.displayName)],
      ['display_name $regex', { display_name: { $regex: 'frog' } }, (r) => /frog/.test(r.displayName)],
      ['createdAt $gt', { createdAt: { $gt: '2025-05-01T00:00:00' } }, (r) => r.createdAt > '2025-05-01T00:00:00'],
      ['created_at $lte', { created_at: { $lte: '2025-03-01T00:00:00Z' } }, (r) => r.createdAt <= '2025-03-01T00:00:00'],
      ['group $exists', { group: { $exists: true } }, (r) => r.group !== null],
      ['group $exists false', { group: { $exists: false } }, (r) => r.group === null],
      ['jobType', { jobType: 'eval' }, (r) => r.jobType === 'eval'],
      ['username', { username: 'alice-ml' }, (r) => r.user.username === 'alice-ml'],
      ['config.<k>.value $lt', { 'config.learning_rate.value': { $lt: 0.001 } }, (r) => cv(r, 'learning_rate') < 0.001],
      ['config.<k> (SDK form) $gte', { 'config.learning_rate': { $gte: 0.01 } }, (r) => cv(r, 'learning_rate') >= 0.01],
      ['nested config.<k>.value.<sub>', { 'config.optimizer.value.lr': 0.001 }, (r) => cv(r, 'optimizer')?.lr === 0.001],
      ['nested config.<k>.<sub>', { 'config.model.arch': { $in: ['cnn', 'mlp'] } }, (r) => ['cnn', 'mlp'].includes(cv(r, 'model')?.arch)],
      ['config $exists', { 'config.model.value.note': { $exists: true } }, (r) => cv(r, 'model')?.note !== undefined],
      ['summary_metrics $gt', { 'summary_metrics.val/acc': { $gt: 0.95 } }, (r) => typeof r.summary['val/acc'] === 'number' && r.summary['val/acc'] > 0.95],
      ['$or', { $or: [{ state: 'failed' }, { jobType: 'eval' }] }, (r) => r.state === 'failed' || r.jobType === 'eval'],
      [
        '$and',
        { $and: [{ state: 'finished' }, { 'config.learning_rate.value': { $lte: 0.003 } }] },
        (r) => r.state === 'finished' && cv(r, 'learning_rate') <= 0.003,
      ],
      ['$nor', { $nor: [{ state: 'finished' }, { state: 'running' }] }, (r) => r.state !== 'finished' && r.state !== 'running'],
    ];
    it.each(cases)('%s', async (_label, filter, pred) => {
      const expected = all.filter(pred).map((r) => r.name).sort();
      expect(expected.length, 'the case should select something').toBeGreaterThan(0);
      expect(expected.length, 'the case should not select everything').toBeLessThan(all.length);
      const d = await gqlData(
        srv,
        `query F($f: JSONString) { project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { runCount(filters: $f) runs(filters: $f, first: 5000) { totalCount edges { node { name } } } } }`,
        { f: JSON.stringify(filter) },
      );
      expect(d.project.runs.edges.map((e: any) => e.node.name).sort()).toEqual(expected);
      expect(d.project.runCount).toBe(expected.length);
      expect(d.project.runs.totalCount).toBe(expected.length);
    });

    it('rejects bad filters with a clear GraphQL error', async () => {
      for (const [f, msg] of [
        ['{"state": {"$bogus": 1}}', /unknown operator "\$bogus"/],
        ['{not json', /not valid JSON/],
        ['{"state": {"$in": "x"}}', /\$in needs a list/],
        ['{"displayName": {"$regex": "("}}', /bad \$regex/],
        ['{"nosuchfield": 1}', /unknown field "nosuchfield"/],
      ] as const) {
        const r = await gql(srv, `query F($f: JSONString) { project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { runs(filters: $f) { edges { node { name } } } } }`, { f });
        expect(r.status).toBe(200);
        expect(r.body.errors![0]!.message).toMatch(msg);
        expect(r.body.errors![0]!.path).toEqual(['project', 'runs']);
      }
    });

    const ordered = async (order: string) => {
      const d = await gqlData(srv, `query O($o: String) { project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { runs(order: $o, first: 5000) { edges { node { name } } } } }`, { o: order });
      return d.project.runs.edges.map((e: any) => e.node.name) as string[];
    };
    const byName = () => new Map(all.map((r) => [r.name, r]));
    const isSorted = (vals: (number | string | undefined)[], desc: boolean) => {
      const present = vals.filter((v) => v !== undefined && !(typeof v === 'number' && Number.isNaN(v)));
      const firstMissing = vals.findIndex((v) => v === undefined || (typeof v === 'number' && Number.isNaN(v)));
      if (firstMissing >= 0) expect(vals.slice(firstMissing).every((v) => v === undefined || (typeof v === 'number' && Number.isNaN(v)))).toBe(true);
      for (let i = 1; i < present.length; i++) {
        const a = present[i - 1]!;
        const b = present[i]!;
        if (desc ? a < b : a > b) return false;
      }
      return true;
    };

    it.each([
      ['+created_at', false, (r: R) => r.createdAt],
      ['-created_at', true, (r: R) => r.createdAt],
      ['createdAt', false, (r: R) => r.createdAt],
      ['heartbeat_at', false, (r: R) => r.heartbeatAt],
      ['-heartbeat_at', true, (r: R) => r.heartbeatAt],
      ['+config.learning_rate.value', false, (r: R) => cv(r, 'learning_rate')],
      ['-config.learning_rate.value', true, (r: R) => cv(r, 'learning_rate')],
      ['-summary_metrics.val/acc', true, (r: R) => r.summary['val/acc']],
      ['summary_metrics.train/loss', false, (r: R) => r.summary['train/loss']],
    ] as const)('order %s', async (order, desc, key) => {
      const names = await ordered(order);
      const m = byName();
      expect(names.length).toBe(all.length);
      expect(isSorted(names.map((n) => key(m.get(n)!)), desc)).toBe(true);
    });

    it('defaults to newest first and rejects an unknown order field', async () => {
      const names = await ordered('');
      const m = byName();
      expect(isSorted(names.map((n) => m.get(n)!.createdAt), true)).toBe(true);
      const r = await gql(srv, `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { runs(order: "+bogus") { edges { node { name } } } } }`);
      expect(r.body.errors![0]!.message).toMatch(/invalid order/);
    });
  });
});

describe('history', () => {
  const runQ = (fields: string, run = N.DEMO_RUN_ID) =>
    gqlData(srv, `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${run}") { ${fields} } } }`).then((d) => d.project.run);

  it('samples to N points keeping the first and last rows, as row objects', async () => {
    const run = await runQ(
      `sampledHistory(specs: ["{\\"keys\\": [\\"_step\\", \\"train/loss\\"], \\"samples\\": 500}", "{\\"keys\\": [\\"_step\\", \\"val/acc\\"], \\"samples\\": 500}", "{\\"keys\\": [\\"_step\\", \\"lr\\"], \\"samples\\": 50, \\"minStep\\": 1000, \\"maxStep\\": 2000}"])`,
    );
    const [loss, val, lr] = run.sampledHistory;
    expect(loss.length).toBeLessThanOrEqual(500);
    expect(loss.length).toBeGreaterThan(400);
    expect(loss[0]).toEqual({ _step: 0, 'train/loss': expect.any(Number) });
    expect(loss.at(-1)._step).toBe(N.DEMO_RUN_HISTORY_STEPS - 1);
    const steps = loss.map((r: any) => r._step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    // the curve keeps its shape: early loss well above late loss
    expect(loss[1]['train/loss']).toBeGreaterThan(loss.at(-2)['train/loss']);
    expect(val.length).toBe(101);
    expect(Object.keys(val[0]).sort()).toEqual(['_step', 'val/acc']);
    expect(lr.length).toBeLessThanOrEqual(50);
    expect(lr[0]._step).toBe(1000);
    expect(lr.at(-1)._step).toBe(1999);
  });

  it('keeps spikes when down-sampling (min/max per bucket)', async () => {
    const run = await runQ(`full: sampledHistory(specs: ["{\\"keys\\": [\\"train/loss\\"], \\"samples\\": 100000}"]) sampled: sampledHistory(specs: ["{\\"keys\\": [\\"train/loss\\"], \\"samples\\": 200}"])`);
    const rows = run.full[0];
    expect(rows.length).toBe(N.DEMO_RUN_HISTORY_STEPS);
    const max = Math.max(...rows.map((r: any) => r['train/loss']));
    expect(Math.max(...run.sampled[0].map((r: any) => r['train/loss']))).toBe(max);
  });

  it('pages history(minStep, maxStep, samples) as JSON strings', async () => {
    const run = await runQ(`p1: history(minStep: 0, maxStep: 1000, samples: 1000) p2: history(minStep: 99500, maxStep: 100500, samples: 1000) s: history(samples: 100) events(samples: 50)`);
    expect(run.p1.length).toBe(1000);
    expect(typeof run.p1[0]).toBe('string');
    const r0 = JSON.parse(run.p1[0]);
    expect(r0._step).toBe(0);
    for (const k of ['_runtime', '_timestamp', 'train/loss', 'train/acc', 'lr', 'val/loss', 'val/acc']) expect(r0[k], k).toBeTypeOf('number');
    expect(JSON.parse(run.p1[999])._step).toBe(999);
    expect(run.p2.length).toBe(500);
    expect(run.s.length).toBe(100);
    expect(JSON.parse(run.s.at(-1))._step).toBe(N.DEMO_RUN_HISTORY_STEPS - 1);
    expect(run.events.length).toBeLessThanOrEqual(50);
    const e = JSON.parse(run.events[0]);
    expect(e['system.cpu']).toBeTypeOf('number');
    expect(e['system.gpu.0.gpu']).toBeTypeOf('number');
    expect(e._wandb).toBe(true);
  });

  it('writes NaN bare in history rows of diverged runs', async () => {
    const run = await runQ('historyLineCount history(samples: 5)', N.DEMO_CRASHED_RUN_ID);
    expect(run.history.at(-1)).toContain('"train/loss": NaN');
  });

  it('grows the live run’s history, heartbeat and summary as the clock moves', async () => {
    const a = await runQ('state historyLineCount historyKeys summaryMetrics heartbeatAt', N.DEMO_LIVE_RUN_ID);
    expect(a.state).toBe('running');
    expect(a.historyLineCount).toBeGreaterThanOrEqual(N.DEMO_LIVE_RUN_INITIAL_ROWS);
    srv.clock.advance(1500);
    const b = await runQ('historyLineCount historyKeys summaryMetrics heartbeatAt', N.DEMO_LIVE_RUN_ID);
    // 1.5 s at 2 rows a second: 3 more rows, whichever half-second the run started on
    expect(b.historyLineCount - a.historyLineCount).toBe(1.5 * N.DEMO_LIVE_RUN_ROWS_PER_SECOND);
    expect(Date.parse(b.heartbeatAt + 'Z') - Date.parse(a.heartbeatAt + 'Z')).toBeGreaterThanOrEqual(1000);
    expect(b.historyKeys.lastStep).toBe(b.historyLineCount - 1);
    expect(JSON.parse(b.summaryMetrics)._step).toBe(b.historyLineCount - 1);
  });

  it('streams the live run’s console lines as the clock moves; output.log only once it ends', async () => {
    const lines = (args: string) =>
      runQ(`logLines(${args}) { edges { cursor node { number line level timestamp } } pageInfo { startCursor endCursor hasNextPage hasPreviousPage } } files(names: ["output.log"]) { edges { node { name } } }`, N.DEMO_LIVE_RUN_ID);
    const tail = await lines('last: 3');
    expect(tail.files.edges).toEqual([]);
    expect(tail.logLines.edges).toHaveLength(3);
    expect(tail.logLines.pageInfo.hasPreviousPage).toBe(true);
    const lastNumber = tail.logLines.edges[2].node.number;
    expect(lastNumber).toBe(N.DEMO_LOG_HEADER_LINES - 1 + Math.floor(N.DEMO_LIVE_RUN_INITIAL_ROWS / N.DEMO_LOG_LINE_EVERY_ROWS));
    // Zone-less ISO, as W&B writes times.
    expect(tail.logLines.edges[2].node.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const after = tail.logLines.pageInfo.endCursor;
    expect((await lines(`first: 10, after: "${after}"`)).logLines.edges).toEqual([]);
    srv.clock.advance(((2 * N.DEMO_LOG_LINE_EVERY_ROWS) / N.DEMO_LIVE_RUN_ROWS_PER_SECOND) * 1000);
    const fresh = await lines(`first: 10, after: "${after}"`);
    expect(fresh.logLines.edges.map((e: any) => e.node.number)).toEqual([lastNumber + 1, lastNumber + 2]);
    expect(fresh.logLines.edges[0].node.line).toMatch(/^step \d+ {2}train\/loss=/);
    // Paging back: the page before the tail ends right before it.
    const before = await lines(`last: 2, before: "${tail.logLines.pageInfo.startCursor}"`);
    expect(before.logLines.edges.map((e: any) => e.node.number)).toEqual([lastNumber - 4, lastNumber - 3]);
    const head = await lines('first: 4');
    expect(head.logLines.edges.map((e: any) => e.node.line)).toContain(N.DEMO_LOG_MARKUP_LINE);
    expect(head.logLines.edges.map((e: any) => e.node.level)).toContain('error');
    expect(head.logLines.pageInfo.hasNextPage).toBe(true);
  });

  it('a finished run has its output.log and no streamed lines; a run that ends uploads its lines as output.log', async () => {
    const finished = await runQ('logLines(last: 5) { edges { cursor } } files(names: ["output.log"]) { edges { node { name } } }');
    expect(finished.logLines.edges).toEqual([]);
    expect(finished.files.edges).toHaveLength(1);
    await withDevServer({}, async (own) => {
      const q = (fields: string) =>
        gqlData(own, `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_LIVE_RUN_ID}") { ${fields} } } }`).then((d) => d.project.run);
      const { id, logLineCount } = await q('id logLineCount');
      await gqlData(own, 'mutation End($input: UpsertBucketInput!) { upsertBucket(input: $input) { bucket { state } } }', { input: { id, state: 'finished' } });
      const ended = await q('files(names: ["output.log"]) { edges { node { name sizeBytes directUrl } } }');
      const file = ended.files.edges[0].node;
      const text = await (await fetch(file.directUrl)).text();
      expect(text.split('\n')).toHaveLength(logLineCount + 1);
      expect(text).toContain(N.DEMO_LOG_MARKUP_LINE);
    });
  });

  it('counts a logged dict as a map with its nested keys, keeps it nested in rows and summary, and orders by its dot path', async () => {
    const run = await runQ('historyKeys history(minStep: 0, maxStep: 1, samples: 1) summaryMetrics');
    expect(run.historyKeys.keys.eval).toEqual({ typeCounts: [{ type: 'map', count: 101, keys: { acc: [{ type: 'number', count: 101 }], loss: [{ type: 'number', count: 101 }] } }] });
    expect((parseWandbJson(run.history[0]) as any).eval).toEqual({ acc: expect.any(Number), loss: expect.any(Number) });
    expect((parseWandbJson(run.summaryMetrics) as any).eval).toEqual({ acc: expect.any(Number), loss: expect.any(Number) });
    const order = await gqlData(srv, `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { runs(first: 20, order: "-summary_metrics.eval.acc", filters: "{\\"state\\": \\"finished\\"}") { edges { node { summaryMetrics(keys: ["eval"]) } } } } }`);
    const accs = order.project.runs.edges.map((e: any) => (parseWandbJson(e.node.summaryMetrics) as any).eval.acc);
    expect([...accs].sort((a: number, b: number) => b - a)).toEqual(accs);
  });

  it('scans a fixture history’s dicts into nested map counts', async () => {
    const project = srv.store.project(N.DEMO_USER, N.DEMO_PROJECT)!;
    srv.store.addRun(project, {
      name: 'nested01',
      createdAt: Date.UTC(2025, 5, 1),
      username: N.DEMO_USER,
      history: arrayHistory([
        { _step: 0, eval: { acc: 0.5, sub: { f1: 0.1 } } },
        { _step: 1, eval: { acc: 0.6, sub: { f1: 'n/a' } }, loss: 1 },
      ]),
    });
    const keys = (await runQ('historyKeys', 'nested01')).historyKeys.keys;
    expect(keys.eval.typeCounts).toEqual([
      { type: 'map', count: 2, keys: { acc: [{ type: 'number', count: 2 }], sub: [{ type: 'map', count: 2, keys: { f1: [{ type: 'number', count: 1 }, { type: 'string', count: 1 }] } }] } },
    ]);
  });

  it('rejects a malformed sampledHistory spec', async () => {
    const r = await gql(srv, `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_RUN_ID}") { sampledHistory(specs: ["{\\"samples\\": 3}"]) } } }`);
    expect(r.body.errors![0]!.message).toMatch(/keys/);
  });
});

describe('run files', () => {
  const filesQ = (args: string) =>
    gqlData(
      srv,
      `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_RUN_ID}") { fileCount
        files(${args}) { edges { cursor node { id name url directUrl sizeBytes mimetype updatedAt md5 } } pageInfo { endCursor hasNextPage } } } } }`,
    ).then((d) => d.project.run);

  it('lists files with both URLs, size and base64 md5; names and LIKE patterns', async () => {
    const all = await filesQ('first: 100');
    const names = all.files.edges.map((e: any) => e.node.name);
    for (const f of [...N.DEMO_RUN_FILES, ...N.DEMO_RUN_IMAGES]) expect(names).toContain(f);
    expect(all.fileCount).toBe(names.length);
    const cfg = all.files.edges.find((e: any) => e.node.name === 'config.yaml').node;
    expect(cfg.url.startsWith(`${srv.baseUrl}/`)).toBe(true);
    expect(cfg.directUrl.startsWith(`${srv.storageUrl}/`)).toBe(true);
    expect(cfg.mimetype).toBe('text/plain');
    const body = Buffer.from(await (await fetch(cfg.directUrl)).arrayBuffer());
    expect(body.length).toBe(cfg.sizeBytes);
    expect(createHash('md5').update(body).digest('base64')).toBe(cfg.md5);
    expect(body.toString()).toContain('optimizer:');

    const byName = await filesQ('names: ["output.log", "nope.txt"]');
    expect(byName.files.edges.map((e: any) => e.node.name)).toEqual(['output.log']);
    const pattern = await filesQ('pattern: "%.json"');
    expect(pattern.files.edges.map((e: any) => e.node.name).sort()).toEqual(['media/table/predictions_99999_9c4e.table.json', 'wandb-metadata.json', 'wandb-summary.json']);
    const pngs = await filesQ('pattern: "media/images/%.png"');
    expect(pngs.files.edges.length).toBe(2);
    const png = Buffer.from(await (await fetch(pngs.files.edges[0].node.directUrl)).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');

    const p1 = await filesQ('first: 3');
    expect(p1.files.pageInfo.hasNextPage).toBe(true);
    const p2 = await filesQ(`first: 100, after: "${p1.files.pageInfo.endCursor}"`);
    expect([...p1.files.edges, ...p2.files.edges].map((e: any) => e.node.name)).toEqual(names);
  });

  it('serves output.log with ANSI colours and the summary file with bare NaN', async () => {
    const r = await filesQ('names: ["output.log", "wandb-summary.json", "wandb-metadata.json"]');
    const get = async (n: string) => (await fetch(r.files.edges.find((e: any) => e.node.name === n).node.directUrl)).text();
    expect(await get('output.log')).toContain('\u001b[');
    expect(await get('wandb-summary.json')).toContain('NaN');
    const meta = JSON.parse(await get('wandb-metadata.json'));
    expect(meta).toMatchObject({ program: 'train.py', git: { remote: expect.stringContaining('github.com'), commit: expect.any(String) } });
  });
});

describe('artifacts, sweeps and reports', () => {
  const P = `project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}")`;

  it('lists types, collections and versions with aliases', async () => {
    const d = await gqlData(
      srv,
      `{ ${P} {
        artifactTypes { edges { node { name } } }
        artifactType(name: "${N.DEMO_MODEL_TYPE}") { name artifactCollections { totalCount edges { node { __typename name
          artifacts(first: 2, filters: "{\\"state\\": \\"COMMITTED\\"}") { totalCount edges { version cursor node { versionIndex aliases { alias } } } pageInfo { endCursor hasNextPage } }
          all: artifacts(first: 1) { totalCount edges { version node { state aliases { alias } } } } } } } }
      } }`,
    );
    expect(d.project.artifactTypes.edges.map((e: any) => e.node.name).sort()).toEqual(['dataset', 'model']);
    const coll = d.project.artifactType.artifactCollections.edges[0].node;
    expect(coll).toMatchObject({ __typename: 'ArtifactSequence', name: N.DEMO_MODEL_COLLECTION });
    expect(coll.artifacts.totalCount).toBe(N.DEMO_MODEL_VERSIONS);
    expect(coll.artifacts.edges.map((e: any) => e.version)).toEqual(['v4', 'v3']);
    expect(coll.artifacts.edges[0].node.aliases.map((a: any) => a.alias)).toEqual(['latest', 'v4']);
    expect(coll.artifacts.edges[1].node.aliases.map((a: any) => a.alias)).toEqual(['best', 'v3']);
    expect(coll.artifacts.pageInfo.hasNextPage).toBe(true);
    // Unfiltered, as W&B answers: the PENDING version too (the SDK filters it out itself).
    expect(coll.all.totalCount).toBe(N.DEMO_MODEL_VERSIONS + 1);
    expect(coll.all.edges[0]).toEqual({ version: N.DEMO_PENDING_VERSION, node: { state: 'PENDING', aliases: [{ alias: N.DEMO_PENDING_VERSION }] } });
  });

  it('resolves artifact names by alias, vN and latest; ArtifactType.artifact too', async () => {
    const d = await gqlData(
      srv,
      `{ ${P} {
        best: artifact(name: "${N.DEMO_MODEL_COLLECTION}:best") { versionIndex }
        v0: artifact(name: "${N.DEMO_MODEL_COLLECTION}:v0") { versionIndex }
        latest: artifact(name: "${N.DEMO_MODEL_COLLECTION}:latest") { versionIndex }
        prod: artifact(name: "${N.DEMO_MODEL_COLLECTION}:production") { versionIndex }
        bare: artifact(name: "${N.DEMO_DATASET_COLLECTION}") { versionIndex }
        typed: artifactType(name: "dataset") { artifact(name: "${N.DEMO_DATASET_COLLECTION}:stable") { versionIndex } }
        wrongType: artifactType(name: "model") { artifact(name: "${N.DEMO_DATASET_COLLECTION}:latest") { versionIndex } }
        coll: artifactCollection(name: "${N.DEMO_MODEL_COLLECTION}") { name artifactMembership(aliasName: "best") { versionIndex aliases { alias } } }
      } }`,
    );
    expect(d.project).toEqual({
      best: { versionIndex: 3 },
      v0: { versionIndex: 0 },
      latest: { versionIndex: 4 },
      prod: { versionIndex: 2 },
      bare: { versionIndex: 2 },
      typed: { artifact: { versionIndex: 1 } },
      wrongType: { artifact: null },
      coll: { name: N.DEMO_MODEL_COLLECTION, artifactMembership: { versionIndex: 3, aliases: [{ alias: 'best' }, { alias: 'v3' }] } },
    });
  });

  it('serves the artifact node, its W&B-format manifest and digest', async () => {
    const d = await gqlData(
      srv,
      `{ ${P} { artifact(name: "${N.DEMO_BIG_COLLECTION}:latest") { id digest size fileCount state metadata createdAt commitHash
        artifactType { name } artifactSequence { name project { name entity { name } } }
        currentManifest { file { url directUrl } }
        files(first: 10) { edges { node { name sizeBytes md5 directUrl url } } } } } }`,
    );
    const a = d.project.artifact;
    expect(a).toMatchObject({ state: 'COMMITTED', fileCount: 3, artifactType: { name: 'dataset' } });
    expect(a.size).toBeGreaterThan(N.DEMO_BIG_FILE_SIZE + 11594722);
    expect(JSON.parse(a.metadata)).toEqual({ bytes: N.DEMO_BIG_FILE_SIZE });
    const manifest = await (await fetch(a.currentManifest.file.directUrl)).json();
    expect(manifest).toMatchObject({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storagePolicyConfig: { storageLayout: 'V2' } });
    expect(Object.keys(manifest.contents).sort()).toEqual(['README.md', N.DEMO_BIG_FILE, 'raw/mnist.tar.gz']);
    expect(manifest.contents['raw/mnist.tar.gz']).toMatchObject({ ref: N.DEMO_REFERENCE_URI, size: 11594722 });
    expect(manifest.contents[N.DEMO_BIG_FILE]).toMatchObject({ size: N.DEMO_BIG_FILE_SIZE, birthArtifactID: a.id, digest: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) });
    const h = createHash('md5').update('wandb-artifact-manifest-v1\n');
    for (const p of Object.keys(manifest.contents).sort()) h.update(`${p}:${manifest.contents[p].digest}\n`);
    expect(a.digest).toBe(h.digest('hex'));
    const readme = a.files.edges.find((e: any) => e.node.name === 'README.md').node;
    const body = Buffer.from(await (await fetch(readme.directUrl)).arrayBuffer());
    expect(createHash('md5').update(body).digest('base64')).toBe(readme.md5);
    expect(manifest.contents['README.md'].digest).toBe(readme.md5);
    const ref = a.files.edges.find((e: any) => e.node.name === 'raw/mnist.tar.gz').node;
    expect(ref.directUrl).toBe(N.DEMO_REFERENCE_URI);
    const byId = await gqlData(srv, `query A($id: ID!) { artifact(id: $id) { id versionIndex currentManifest { file { directUrl } } } }`, { id: a.id });
    expect(byId.artifact.id).toBe(a.id);
  }, 60_000);

  it('pages the 2,000-file artifact', async () => {
    let after: string | null = null;
    let n = 0;
    for (;;) {
      const d: any = await gqlData(
        srv,
        `query F($after: String) { ${P} { artifact(name: "${N.DEMO_MANY_FILES_COLLECTION}:latest") { fileCount files(first: 500, after: $after) { edges { node { name } } pageInfo { endCursor hasNextPage } } } } }`,
        { after },
      );
      n += d.project.artifact.files.edges.length;
      expect(d.project.artifact.fileCount).toBe(N.DEMO_MANY_FILES_COUNT);
      if (!d.project.artifact.files.pageInfo.hasNextPage) break;
      after = d.project.artifact.files.pageInfo.endCursor;
    }
    expect(n).toBe(N.DEMO_MANY_FILES_COUNT);
  });

  it('links runs and artifacts both ways', async () => {
    const d = await gqlData(
      srv,
      `{ ${P} { run(name: "${N.DEMO_RUN_ID}") {
        outputArtifacts(first: 10) { totalCount edges { node { versionIndex artifactSequence { name } createdBy { __typename ... on Run { name } } } } }
        inputArtifacts(first: 10) { totalCount edges { usedAs node { versionIndex artifactSequence { name } usedBy { edges { node { name } } } } } }
      } } }`,
    );
    const run = d.project.run;
    expect(run.outputArtifacts.edges.map((e: any) => e.node)).toEqual([
      { versionIndex: 3, artifactSequence: { name: N.DEMO_MODEL_COLLECTION }, createdBy: { __typename: 'Run', name: N.DEMO_RUN_ID } },
    ]);
    const input = run.inputArtifacts.edges.find((e: any) => e.node.artifactSequence.name === N.DEMO_DATASET_COLLECTION);
    expect(input.usedAs).toEqual(['dataset']);
    expect(input.node.versionIndex).toBe(2);
    expect(input.node.usedBy.edges.map((e: any) => e.node.name)).toContain(N.DEMO_RUN_ID);
  });

  it('serves the sweep and the report', async () => {
    const d = await gqlData(
      srv,
      `{ ${P} {
        sweep(sweepName: "${N.DEMO_SWEEP_ID}") { name displayName method state config bestLoss runCount runs(first: 100) { edges { node { name sweepName } } } }
        sweeps { edges { node { name } } }
        allViews(viewType: "runs") { totalCount edges { node { name displayName description type spec user { username } } } }
      } }`,
    );
    const s = d.project.sweep;
    expect(s).toMatchObject({ name: N.DEMO_SWEEP_ID, method: 'bayes', runCount: N.DEMO_SWEEP_RUN_COUNT });
    expect(s.config).toContain('metric:');
    expect(s.runs.edges.length).toBe(N.DEMO_SWEEP_RUN_COUNT);
    expect(s.runs.edges.every((e: any) => e.node.sweepName === N.DEMO_SWEEP_ID)).toBe(true);
    expect(typeof s.bestLoss).toBe('number');
    expect(d.project.sweeps.edges.map((e: any) => e.node.name)).toEqual([N.DEMO_SWEEP_ID]);
    const report = d.project.allViews.edges.find((e: any) => e.node.name === N.DEMO_REPORT_NAME).node;
    expect(report).toMatchObject({ displayName: N.DEMO_REPORT_TITLE, type: 'runs', user: { username: N.DEMO_USER } });
    expect(JSON.parse(report.spec).blocks.length).toBeGreaterThan(0);
  });

  it('shows real-world runs rebuilt from test/fixtures/real-runs', async () => {
    const d = await gqlData(srv, `{ project(name: "${N.DEMO_REAL_PROJECT}", entityName: "${N.DEMO_USER}") { runCount runs(first: 50) { edges { node { name config summaryMetrics fileCount } } } } }`);
    expect(d.project.runCount).toBeGreaterThanOrEqual(5);
    const withConfig = d.project.runs.edges.filter((e: any) => Object.keys(JSON.parse(e.node.config)).length > 2);
    expect(withConfig.length).toBeGreaterThan(0);
    for (const e of d.project.runs.edges) expect(() => parseWandbJson(e.node.summaryMetrics)).not.toThrow();
  });
});
