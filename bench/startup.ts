/**
 * Figures 5a and 6, in Node with a stand-in for the `vscode` module (bench/vscode-fake.ts), on
 * the production bundle `dist/extension.js`:
 * - start-up: from calling `activate()` to the tree's first items (the signed-in account row),
 *   and on to the default entity's projects (one expansion);
 * - memory: heap growth of this process (standing in for the extension host) after opening 5 run
 *   panels on 100k-step runs, each panel answering the webview's `ready` and the history requests
 *   of its default charts, as the real webview sends them.
 * Not the real VS Code: no workbench, no IPC to a renderer; see BENCHMARKS.md.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PROJECT, DEMO_RUN_ID, DEMO_USER } from '../test/server/demo-names';
import { figure, nowMs, round, settledHeap, type Figure } from './figure';
import { BENCH } from './names';
import { packageBuild } from './package-build';
import type { BenchServer } from './server-proc';
import { makeFakeHost, type FakeWebviewPanel } from './vscode-fake';

interface Node {
  kind?: string;
  isDefault?: boolean;
  entity?: string;
  project?: { name?: string } | string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The charts a run panel opens first (mirrors `defaultMetrics` of the webview's charts view). */
function defaultMetrics(metrics: Array<{ key: string; count: number }>, n = 6): string[] {
  const rank = (k: string) => (/loss/i.test(k) ? 0 : /acc/i.test(k) ? 1 : 2);
  return [...metrics]
    .sort((a, b) => rank(a.key) - rank(b.key) || b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, n)
    .map((m) => m.key);
}

export async function startupFigures(server: BenchServer, log: (s: string) => void): Promise<Figure[]> {
  const build = await packageBuild();
  const out: Figure[] = [];
  const savedKey = process.env.WANDB_API_KEY;
  process.env.WANDB_API_KEY = server.apiKey;
  const host = makeFakeHost({ 'wandbExplorer.baseUrl': server.baseUrl });
  const uninstall = host.install();
  const req = createRequire(import.meta.url);
  let ext: { activate(ctx: unknown): Promise<void>; deactivate?(): void };
  const ctx = host.context(build.dir, JSON.parse(readFileSync(join(build.dir, 'package.json'), 'utf8')));
  try {
    const l0 = nowMs();
    ext = req(build.extensionJs) as typeof ext;
    const loadMs = nowMs() - l0;

    // --- 5a. activate() → first tree items -------------------------------------------------------
    await server.timings(true);
    const t0 = nowMs();
    await ext.activate(ctx);
    const activateReturnedMs = nowMs() - t0;
    const provider = host.treeProviders.get('wandbExplorer.runs');
    if (!provider) throw new Error('activate() registered no tree view wandbExplorer.runs');
    let root: Node[] = [];
    while (nowMs() - t0 < 30_000) {
      root = (await provider.getChildren(undefined)) as Node[];
      if (root.length > 0) break;
      await sleep(1);
    }
    const firstItemsMs = nowMs() - t0;
    if (root[0]?.kind !== 'account') throw new Error(`the tree's first item is ${JSON.stringify(root[0]).slice(0, 200)}, not the account`);
    const entities = (await provider.getChildren(root[0])) as Node[];
    const entity = entities.find((e) => e.kind === 'entity' && e.isDefault) ?? entities.find((e) => e.kind === 'entity');
    if (!entity) throw new Error('no entity under the account');
    const projects = (await provider.getChildren(entity)) as Node[];
    const projectsMs = nowMs() - t0;
    const requests = await server.timings(true);
    const serverMs = requests.reduce((n, r) => n + r.ms, 0);
    log(`start-up: load ${round(loadMs)} ms, activate ${round(activateReturnedMs)} ms, first items ${round(firstItemsMs)} ms, projects ${round(projectsMs)} ms (${projects.length} rows, ${requests.length} requests)`);
    out.push(
      figure({
        id: 'startup.activateToFirstItems',
        group: 5,
        title: 'activate() → first tree items (Node, vscode stand-in)',
        value: round(firstItemsMs, 1),
        unit: 'ms',
        detail: {
          requireBundleMs: round(loadMs, 1),
          activateReturnedMs: round(activateReturnedMs, 1),
          toDefaultEntityProjectsMs: round(projectsMs, 1),
          projectRows: projects.length,
          requests: requests.length,
          serverMsOfThoseRequests: round(serverMs, 1),
          toProjectsOverServerTime: round(projectsMs / serverMs, 2),
        },
      }),
    );

    // --- 1b, on the real tree: requests for one expansion of a Runs folder --------------------
    // Two overlapping getChildren calls (VS Code may ask twice while a level loads), then the
    // redraw the provider schedules once the total is known, as VS Code would follow it.
    const project = projects.find((p) => p.kind === 'project' && typeof p.project === 'object' && p.project?.name === DEMO_PROJECT);
    if (!project) throw new Error(`no ${DEMO_PROJECT} row under the entity`);
    const folders = (await provider.getChildren(project)) as Node[];
    const runsFolder = folders.find((f) => f.kind === 'runs');
    if (!runsFolder) throw new Error('no Runs folder under the project');
    await server.requestLog(true);
    const [rows] = await Promise.all([provider.getChildren(runsFolder), provider.getChildren(runsFolder)]);
    await sleep(200);
    await provider.getChildren(runsFolder);
    const expandLog = (await server.requestLog(true)).filter((r) => r.origin === 'api');
    out.push(
      figure({
        id: 'tree.requestsPerExpansion.realTree',
        group: 1,
        title: "Requests per expansion of a Runs folder (the extension's tree provider, production bundle)",
        value: expandLog.length,
        unit: 'requests',
        goal: { op: '<=', target: 1 },
        detail: { operations: expandLog.map((r) => r.operationName), rows: (rows as Node[]).length },
      }),
    );

    // --- 6. heap after 5 run panels on 100k-step histories ---------------------------------------
    const open = host.commands.get('wandbExplorer.openRun');
    if (!open) throw new Error('no wandbExplorer.openRun command');
    const heapBefore = await settledHeap();
    const runIds = [DEMO_RUN_ID, ...BENCH.extraHistoryRuns];
    let requestId = 1;
    const pending = new Set<string>();
    let errors = 0;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`panels did not finish: ${pending.size} history answers missing`)), 120_000);
      const check = () => {
        if (pending.size === 0 && host.panels.length === runIds.length) {
          clearTimeout(timer);
          resolve();
        }
      };
      host.onPanel = (p: FakeWebviewPanel) => {
        p.onPost = (raw) => {
          const msg = raw as { type: string; requestId?: number; metrics?: Array<{ key: string; count: number }>; scope?: string };
          if (msg.type === 'run' && msg.metrics) {
            for (const key of defaultMetrics(msg.metrics)) {
              const id = requestId++;
              pending.add(`${id}`);
              p.receive({ type: 'history', requestId: id, key, xKey: '_step' });
            }
            pending.delete(`run:${p.title}`);
          } else if ((msg.type === 'history' || (msg.type === 'error' && msg.scope === 'history')) && msg.requestId !== undefined) {
            if (msg.type === 'error') errors++;
            pending.delete(`${msg.requestId}`);
          } else if (msg.type === 'error' && msg.scope === 'run') {
            errors++;
            pending.delete(`run:${p.title}`);
          }
          check();
        };
        pending.add(`run:${p.title}`);
        p.receive({ type: 'ready' });
      };
    });
    const p0 = nowMs();
    for (const runId of runIds) await open({ entity: DEMO_USER, project: DEMO_PROJECT, runId });
    await done;
    const panelsMs = nowMs() - p0;
    const heapAfter = await settledHeap();
    const historyAnswers = requestId - 1;
    log(`memory: ${runIds.length} panels, ${historyAnswers} chart requests, ${errors} errors, ${round(panelsMs, 0)} ms, heap +${round((heapAfter - heapBefore) / 1024 / 1024, 2)} MB`);
    out.push(
      figure({
        id: 'memory.fiveRunPanels',
        group: 6,
        title: 'Heap growth after opening 5 run panels on 100k-step runs (6 charts each)',
        value: round((heapAfter - heapBefore) / 1024 / 1024, 2),
        unit: 'MB',
        detail: {
          heapBeforeMB: round(heapBefore / 1024 / 1024, 1),
          heapAfterMB: round(heapAfter / 1024 / 1024, 1),
          panels: host.panels.length,
          chartRequests: historyAnswers,
          errors,
          openAllMs: round(panelsMs, 0),
          runMessagesPerPanel: host.panels.map((p) => p.posted.filter((m) => (m as { type?: string }).type === 'run').length),
          bytesPostedToWebviews: host.panels.reduce((n, p) => n + p.posted.reduce<number>((m, x) => m + postedBytes(x), 0), 0),
        },
        note: errors ? `${errors} panel requests answered with an error` : undefined,
      }),
    );
  } finally {
    for (const d of (ctx.subscriptions as Array<{ dispose(): unknown }>).splice(0)) {
      try {
        d.dispose();
      } catch {
        /* best effort */
      }
    }
    uninstall();
    if (savedKey === undefined) delete process.env.WANDB_API_KEY;
    else process.env.WANDB_API_KEY = savedKey;
  }
  return out;
}

/** Bytes of a posted message: its JSON, with typed arrays (which VS Code posts as binary) by byteLength. */
function postedBytes(msg: unknown): number {
  let binary = 0;
  const json = JSON.stringify(msg, (_k, v: unknown) => {
    if (!ArrayBuffer.isView(v)) return v;
    binary += v.byteLength;
    return 0;
  });
  return json.length + binary;
}
