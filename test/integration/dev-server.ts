/**
 * What integration test files share: one dev server per file on a manual clock (tests move time
 * forward instead of waiting for it), a fresh temp folder per test, API clients with test
 * settings, and a `sleep` that notes the client's waits instead of spending them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { WandbClient, type ClientOptions } from '../../src/api/client';
import type { Sleep } from '../../src/api/retry';
import { WandbApi } from '../../src/api/wandb-api';
import type { Blob } from '../server/blob';
import { ManualClock } from '../server/clock';
import * as N from '../server/demo-names';
import { startDevServer, type DevServer, type DevServerOptions } from '../server/index';

/** The file's dev server, usable inside tests and hooks; its clock moves only when told to. */
export type TestServer = Omit<DevServer, 'close' | 'clock'> & { readonly clock: ManualClock };

/**
 * Starts a dev server (demo data unless `options.data`) before the file's tests and stops it
 * after them; before each test, clears its fault rules and its request log. Its clock starts at
 * the real time and stands still: advance `srv.clock` to expire URLs or grow the live run.
 */
export function useDevServer(options: Omit<DevServerOptions, 'clock'> = {}): TestServer {
  const clock = new ManualClock();
  let server: DevServer | undefined;
  const live = (): DevServer => {
    if (!server) throw new Error('the dev server of useDevServer() runs only inside tests and hooks');
    return server;
  };
  beforeAll(async () => {
    server = await startDevServer({ quiet: true, ...options, clock });
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
  beforeEach(() => {
    live().faults.clear();
    live().clearRequests();
  });
  return {
    get baseUrl() {
      return live().baseUrl;
    },
    get storageUrl() {
      return live().storageUrl;
    },
    get apiKey() {
      return live().apiKey;
    },
    get requests() {
      return live().requests;
    },
    get faults() {
      return live().faults;
    },
    get store() {
      return live().store;
    },
    clock,
    clearRequests: () => live().clearRequests(),
  };
}

/** Runs `body` against a second, differently configured dev server (manual clock), then stops it. */
export async function withDevServer<T>(options: Omit<DevServerOptions, 'clock'>, body: (srv: DevServer & { clock: ManualClock }) => Promise<T>): Promise<T> {
  const clock = new ManualClock();
  const srv = await startDevServer({ quiet: true, ...options, clock });
  try {
    return await body({ ...srv, clock });
  } finally {
    await srv.close();
  }
}

/** A temp folder per test (`folder.path`), removed after it. */
export function useTempFolder(prefix: string): { readonly path: string } {
  let current: string | undefined;
  beforeEach(async () => {
    current = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (current) await rm(current, { recursive: true, force: true });
    current = undefined;
  });
  return {
    get path() {
      if (!current) throw new Error('the folder of useTempFolder() exists only inside tests');
      return current;
    },
  };
}

/** A client for `srv` with test settings: short backoff, a test User-Agent; `over` wins. */
export function clientFor(srv: Pick<DevServer, 'baseUrl' | 'apiKey'>, over: Partial<ClientOptions> = {}): WandbClient {
  return new WandbClient({ baseUrl: srv.baseUrl, apiKey: srv.apiKey, userAgent: 'wandb-explorer-tests', ...over, retry: { baseDelayMs: 10, ...over.retry } });
}

/** `clientFor` wrapped in the read API. */
export function apiFor(srv: Pick<DevServer, 'baseUrl' | 'apiKey'>, over: Partial<ClientOptions> = {}): WandbApi {
  return new WandbApi(clientFor(srv, over));
}

/**
 * A `sleep` for the client or the download engine that notes each wait and returns at once: a
 * test checks the wait chosen (Retry-After honoured) without spending it.
 */
export function notedWaits(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

/**
 * Adds a dataset collection `name` to the demo project with one version holding `files`, made
 * now by the server's clock.
 */
export function addDataset(srv: Pick<TestServer, 'store' | 'clock'>, name: string, files: Array<{ path: string; blob: Blob }>): void {
  const project = srv.store.project(N.DEMO_USER, N.DEMO_PROJECT)!;
  const collection = srv.store.addCollection(project, 'dataset', name, srv.clock.now());
  srv.store.addArtifactVersion(collection, { createdAt: srv.clock.now(), files });
}
