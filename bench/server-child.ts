/**
 * The dev server for the benchmarks, in a process of its own (so its work never shares the event
 * loop or the heap with the code being measured). Started by `server-proc.ts` with `fork`; talks
 * over the IPC channel.
 *
 * Adds the benchmark data to the demo store through the store's public methods:
 * - `bench-10k`: a project with 10,000 light runs (paging figure);
 * - `bench-files`: an artifact of 2,000 files of 10 KB each (download figure);
 * - four more runs sharing the 100k-step history of the demo's main run (memory figure);
 * - a 1,000-step run logging 20 images with boxes and masks every 5 steps (media figure).
 *
 * The server's own time per request comes from Node's `http.server.request.start` and
 * `http.server.response.finish` diagnostics channels: from the parsed request head to the last
 * byte handed to the socket. Nothing in the dev server itself is changed.
 */
import dc from 'node:diagnostics_channel';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import { startDevServer } from '../test/server/index';
import { bufferBlob } from '../test/server/blob';
import { addMediaRun } from '../test/server/demo';
import { DEMO_PROJECT, DEMO_RUN_ID, DEMO_USER } from '../test/server/demo-names';
import { BENCH } from './names';

export interface ServerTiming {
  origin: 'api' | 'storage';
  method: string;
  url: string;
  /** Server's own time: request head parsed → response finished. */
  ms: number;
  /** Response body bytes (content-length). */
  bytes: number;
}

export type ChildRequest =
  | { id: number; cmd: 'timings'; clear?: boolean }
  | { id: number; cmd: 'requestLog'; clear?: boolean }
  | { id: number; cmd: 'memory' }
  | { id: number; cmd: 'close' };

async function main(): Promise<void> {
  const server = await startDevServer({ port: 0, demo: true, quiet: !process.env.BENCH_SERVER_LOG });
  const apiPort = Number(new URL(server.baseUrl).port);
  const storagePort = Number(new URL(server.storageUrl).port);

  const started = new WeakMap<IncomingMessage, bigint>();
  const sent = new WeakMap<ServerResponse, number>();
  let timings: ServerTiming[] = [];
  dc.subscribe('http.server.request.start', (m) => {
    const { request, response } = m as { request: IncomingMessage; response: ServerResponse };
    started.set(request, process.hrtime.bigint());
    // Count the body bytes written (headers given to writeHead are not readable with getHeader).
    sent.set(response, 0);
    const count = (chunk: unknown) => {
      if (chunk && typeof chunk !== 'function') sent.set(response, (sent.get(response) ?? 0) + Buffer.byteLength(chunk as Buffer | string));
    };
    const write = response.write.bind(response) as (...a: unknown[]) => boolean;
    const end = response.end.bind(response) as (...a: unknown[]) => ServerResponse;
    response.write = ((...a: unknown[]) => {
      count(a[0]);
      return write(...a);
    }) as ServerResponse['write'];
    response.end = ((...a: unknown[]) => {
      count(a[0]);
      return end(...a);
    }) as ServerResponse['end'];
  });
  dc.subscribe('http.server.response.finish', (m) => {
    const { request, response, server: srv } = m as { request: IncomingMessage; response: ServerResponse; server: Server };
    const t0 = started.get(request);
    if (t0 === undefined) return;
    const addr = srv.address();
    const port = addr && typeof addr === 'object' ? addr.port : 0;
    if (port !== apiPort && port !== storagePort) return;
    const url = request.url ?? '';
    if (url.startsWith('/_admin/')) return;
    if (timings.length > 100_000) timings = [];
    timings.push({
      origin: port === apiPort ? 'api' : 'storage',
      method: request.method ?? 'GET',
      url: url.split('?')[0]!,
      ms: Number(process.hrtime.bigint() - t0) / 1e6,
      bytes: sent.get(response) ?? 0,
    });
  });

  // --- benchmark data -------------------------------------------------------------------------
  const store = server.store;
  const t0 = Date.UTC(2025, 5, 1);
  const big = store.addProject({ name: BENCH.bigProject, entity: DEMO_USER, createdAt: t0, username: DEMO_USER, description: 'Benchmark: 10,000 runs' });
  const states = ['finished', 'finished', 'finished', 'crashed', 'running', 'failed'];
  for (let i = 0; i < BENCH.bigProjectRuns; i++) {
    const name = `b${i.toString(36).padStart(7, '0')}`;
    store.addRun(big, {
      name,
      displayName: `sweep-${i % 97}-trial-${i}`,
      createdAt: t0 + i * 60_000,
      heartbeatAt: t0 + i * 60_000 + 3_600_000,
      username: DEMO_USER,
      state: states[i % states.length]!,
      tags: i % 5 === 0 ? ['bench', 'tagged'] : ['bench'],
      group: `group-${i % 20}`,
      jobType: 'train',
      config: { lr: { value: 0.001 * ((i % 10) + 1), desc: null }, batch_size: { value: 32 << i % 4, desc: null } },
      summary: { loss: 1 / (1 + i), acc: (i % 1000) / 1000 },
    });
  }

  const filesProject = store.addProject({ name: BENCH.filesProject, entity: DEMO_USER, createdAt: t0, username: DEMO_USER });
  const coll = store.addCollection(filesProject, 'dataset', BENCH.filesCollection, t0, 'Benchmark: 2,000 × 10 KB');
  const files: { path: string; blob: ReturnType<typeof bufferBlob> }[] = [];
  for (let i = 0; i < BENCH.smallFiles; i++) {
    files.push({ path: `shards/${String(i).padStart(5, '0')}.bin`, blob: bufferBlob(randomBytes(BENCH.smallFileSize)) });
  }
  store.addArtifactVersion(coll, { createdAt: t0, files });

  const demo = store.project(DEMO_USER, DEMO_PROJECT)!;
  const main = demo.runsByName.get(DEMO_RUN_ID)!;
  const { id: _id, project: _project, ...template } = main;
  for (const id of BENCH.extraHistoryRuns) {
    store.addRun(demo, {
      ...template,
      name: id,
      displayName: `${main.displayName}-copy-${id}`,
      outputArtifacts: [],
      inputArtifacts: [],
      createdAt: main.createdAt - 1000,
    });
  }

  addMediaRun(store, demo, {
    name: BENCH.mediaRun,
    displayName: 'bench-media-20-images',
    createdAt: t0,
    seed: 99,
    steps: BENCH.mediaSteps,
    media: { every: BENCH.mediaEvery, imageKeys: Array.from({ length: BENCH.mediaImageKeys }, (_, i) => `pred_${String(i).padStart(2, '0')}`), extras: false, audioEvery: BENCH.mediaSteps },
    notes: 'Benchmark: 20 image keys every 5 of 1,000 steps.',
  });

  const reply = (id: number, body: unknown) => process.send!({ id, body });
  process.on('message', (m: ChildRequest) => {
    switch (m.cmd) {
      case 'timings':
        reply(m.id, timings);
        if (m.clear) timings = [];
        break;
      case 'requestLog':
        reply(
          m.id,
          server.requests.map((r) => ({ origin: r.origin, method: r.method, path: r.path, operationName: r.operationName, status: r.status })),
        );
        if (m.clear) server.clearRequests();
        break;
      case 'memory':
        reply(m.id, process.memoryUsage());
        break;
      case 'close':
        void server.close().then(() => {
          reply(m.id, 'closed');
          process.disconnect();
          process.exit(0);
        });
        break;
    }
  });
  process.send!({ ready: { baseUrl: server.baseUrl, storageUrl: server.storageUrl, apiKey: server.apiKey } });
}

main().catch((e) => {
  process.stderr.write(`bench server failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
