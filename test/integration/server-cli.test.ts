/* eslint-disable @typescript-eslint/no-explicit-any -- raw GraphQL JSON answers are untyped on purpose */
/**
 * The dev server's CLI (`npm run dev-server`) and the fixture directory format (`--data`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../server/index';
import { gqlData, parseWandbJson } from '../server/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../server/fixtures/example', import.meta.url));

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function startCli(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(TSX, ['test/server/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, line: out.slice(0, nl) });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => reject(new Error(`dev server exited with ${code}: ${err}`)));
  });
}

const exitCode = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (code) => r(code))));

describe('CLI', () => {
  it('prints one JSON line, serves the fixture directory, stops on SIGTERM', async () => {
    const { child, line } = await startCli(['--json', '--data', EXAMPLE, '--api-key', 'local-' + 'ab'.repeat(20)]);
    const info = JSON.parse(line);
    expect(Object.keys(info)).toEqual(['baseUrl', 'storageUrl', 'apiKey']);
    expect(info.apiKey).toBe('local-' + 'ab'.repeat(20));
    const d = await gqlData(info, '{ viewer { username teams { edges { node { name } } } } }');
    expect(d.viewer).toEqual({ username: 'fixture-user', teams: { edges: [{ node: { name: 'fixture-team' } }] } });
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  }, 60_000);

  it('rejects unknown options with exit code 2', async () => {
    const bad = spawn(TSX, ['test/server/main.ts', '--bogus'], { cwd: ROOT, stdio: 'ignore' });
    children.push(bad);
    expect(await exitCode(bad)).toBe(2);
  }, 60_000);

  it('starts the demo data set in well under 5 seconds', async () => {
    const t = Date.now();
    const srv = await startDevServer({ quiet: true, demo: true });
    const elapsed = Date.now() - t;
    try {
      expect(elapsed).toBeLessThan(5000);
      const d = await gqlData(srv, '{ viewer { entity } }');
      expect(d.viewer.entity).toBe('demo-user');
    } finally {
      await srv.close();
    }
  });
});

describe('fixture directory', () => {
  it('loads users, teams, projects, runs, history, files, artifacts, sweeps and reports', async () => {
    const srv = await startDevServer({ quiet: true, data: EXAMPLE });
    try {
      const d = await gqlData(
        srv,
        `{ models(entityName: "fixture-user") { edges { node { name description } } }
           team: projects(entityName: "fixture-team") { edges { node { name runCount } } }
           project(name: "demo", entityName: "fixture-user") {
             runCount
             run(name: "run00001") { displayName state tags group jobType notes createdAt user { username } config summaryMetrics systemMetrics
               historyKeys historyLineCount history(samples: 10) events(samples: 10) sampledHistory(specs: ["{\\"keys\\": [\\"_step\\", \\"val_loss\\"]}"])
               files { edges { node { name directUrl } } }
               inputArtifacts { edges { usedAs node { versionIndex } } }
               outputArtifacts { edges { node { versionIndex } } } }
             second: run(name: "run00002") { state createdAt user { username } }
             artifact(name: "my-dataset:latest") { versionIndex aliases { alias } files { edges { node { name directUrl } } } currentManifest { file { directUrl } } }
             stable: artifact(name: "my-dataset:stable") { versionIndex metadata }
             sweep(sweepName: "swp00001") { method runCount bestLoss config }
             allViews { edges { node { name displayName } } }
           } }`,
      );
      expect(d.models.edges).toEqual([{ node: { name: 'demo', description: 'A tiny hand-written fixture project.' } }]);
      expect(d.team.edges).toEqual([{ node: { name: 'shared', runCount: 1 } }]);
      const p = d.project;
      expect(p.runCount).toBe(2);
      const r = p.run;
      expect(r).toMatchObject({ displayName: 'first-run', state: 'finished', tags: ['baseline'], group: 'g1', jobType: 'train', createdAt: '2024-01-02T10:00:00', user: { username: 'fixture-user' } });
      expect(JSON.parse(r.config)).toEqual({
        lr: { value: 0.01, desc: null },
        optimizer: { value: { name: 'sgd', momentum: 0.9 }, desc: null },
        epochs: { value: 3, desc: 'already wrapped' },
      });
      expect(r.summaryMetrics).toContain('"bad": NaN');
      expect(JSON.parse(r.systemMetrics)).toEqual({ 'system.cpu': 12.5 });
      expect(r.historyLineCount).toBe(5);
      expect(r.historyKeys.lastStep).toBe(4);
      expect(r.historyKeys.keys.val_loss.typeCounts).toEqual([{ type: 'number', count: 2 }]);
      expect(r.history.length).toBe(5);
      expect(r.history[3]).toContain('NaN');
      expect(parseWandbJson(r.events[1])).toMatchObject({ 'system.cpu': 12.5 });
      expect(r.sampledHistory[0]).toEqual([
        { _step: 2, val_loss: 0.6 },
        { _step: 4, val_loss: 0.3 },
      ]);
      const names = r.files.edges.map((e: any) => e.node.name);
      expect(names).toEqual(['config.yaml', 'media/images/tiny.pbm', 'output.log', 'requirements.txt']);
      const log = await (await fetch(r.files.edges[2].node.directUrl)).text();
      expect(log).toContain('\u001b[32m');
      expect(r.inputArtifacts.edges).toEqual([{ usedAs: ['train-data'], node: { versionIndex: 0 } }]);
      expect(r.outputArtifacts.edges).toEqual([{ node: { versionIndex: 1 } }]);
      expect(p.second).toEqual({ state: 'crashed', createdAt: '2024-01-03T13:53:20', user: { username: 'teammate' } });
      expect(p.artifact.versionIndex).toBe(1);
      expect(p.artifact.aliases.map((a: any) => a.alias)).toEqual(['latest', 'v1']);
      const manifest = await (await fetch(p.artifact.currentManifest.file.directUrl)).json();
      expect(manifest.contents['remote/big.bin']).toMatchObject({ ref: 's3://bucket/big.bin', size: 1048576 });
      expect(await (await fetch(p.artifact.files.edges.find((e: any) => e.node.name === 'data.csv').node.directUrl)).text()).toBe('a,b\n1,2\n3,4\n');
      expect(p.stable).toEqual({ versionIndex: 0, metadata: '{"rows": 2}' });
      expect(p.sweep).toMatchObject({ method: 'grid', runCount: 2, bestLoss: 0.25 });
      expect(p.sweep.config).toContain('goal: minimize');
      expect(p.allViews.edges).toEqual([{ node: { name: 'rep00001', displayName: 'Fixture report' } }]);
    } finally {
      await srv.close();
    }
  });

  it('fails clearly for a missing directory', async () => {
    await expect(startDevServer({ quiet: true, data: '/nonexistent/dir' })).rejects.toThrow(/fixture directory not found/);
  });
});

describe('plain W&B run folders (--data on a user’s own runs)', () => {
  const REAL = (p: string) => fileURLToPath(new URL(`../fixtures/real-runs/${p}`, import.meta.url));
  const runQ = (fields: string) => `run(name: "1sywq640") { ${fields} }`;

  it('serves a project folder’s wandb/ runs (SDK 0.8, flat): config.yaml, summary, history, events, output.log, media', async () => {
    const srv = await startDevServer({ quiet: true, data: REAL('AGKhalil__RL_implements') });
    try {
      const d = await gqlData(
        srv,
        `{ viewer { entity }
           project(name: "AGKhalil__RL_implements", entityName: "dev-user") {
             runs(first: 10, order: "+created_at") { edges { node { name state } } }
             ${runQ(`config summaryMetrics historyLineCount historyKeys eventsLineCount
               sampledHistory(specs: ["{\\"keys\\": [\\"_step\\", \\"Policy Loss\\"], \\"samples\\": 10}"])
               files(first: 100) { edges { node { name directUrl } } }`)}
           } }`,
      );
      expect(d.viewer.entity).toBe('dev-user');
      // States as wandb-metadata.json recorded them.
      expect(d.project.runs.edges.map((e: any) => e.node)).toEqual([
        { name: '94w65e4d', state: 'killed' },
        { name: '1sywq640', state: 'failed' },
      ]);
      const r = d.project.run;
      expect(JSON.parse(r.config).batch_size).toEqual({ desc: null, value: 50 });
      expect((parseWandbJson(r.summaryMetrics) as any)['Policy Loss']).toBeCloseTo(-11.7337, 3);
      expect(r.historyLineCount).toBe(501);
      expect(r.historyKeys.lastStep).toBe(500);
      expect(r.historyKeys.keys['Policy Loss'].typeCounts).toEqual([{ type: 'number', count: 501 }]);
      expect(r.sampledHistory[0].at(-1)).toMatchObject({ _step: 500 });
      expect(r.eventsLineCount).toBeGreaterThan(0);
      const names: string[] = r.files.edges.map((e: any) => e.node.name);
      expect(names).toEqual(expect.arrayContaining(['config.yaml', 'output.log', 'wandb-summary.json', 'media/graph/graph_0_summary_ba49335d.graph.json']));
      const log = r.files.edges.find((e: any) => e.node.name === 'output.log').node.directUrl;
      expect((await (await fetch(log)).text()).length).toBeGreaterThan(0);
    } finally {
      await srv.close();
    }
  });

  it('serves one run folder (SDK ≥ 0.10, files/ inside) under its project folder’s name', async () => {
    const srv = await startDevServer({ quiet: true, data: REAL('ARM-software__keyword-transformer/wandb/run-20220429_201847-2zuxwf70') });
    try {
      const d = await gqlData(
        srv,
        `{ project(name: "ARM-software__keyword-transformer", entityName: "dev-user") {
             run(name: "2zuxwf70") { summaryMetrics historyKeys files(first: 20) { edges { node { name } } } logLines(last: 5) { edges { cursor } } }
           } }`,
      );
      const r = d.project.run;
      expect(r.files.edges.map((e: any) => e.node.name)).toEqual(['config.yaml', 'output.log', 'requirements.txt', 'wandb-metadata.json', 'wandb-summary.json']);
      expect(parseWandbJson(r.summaryMetrics)).toEqual({ _wandb: { runtime: 2 } });
      // No wandb-history.jsonl in this generation (history is in the .wandb log): no history, and no streamed lines.
      expect(r.historyKeys.lastStep).toBe(-1);
      expect(r.logLines.edges).toEqual([]);
    } finally {
      await srv.close();
    }
  });
});
