/**
 * Fault injection on both origins, programmatic and through the loopback admin API.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as N from '../server/demo-names';
import { gql, gqlData } from '../server/testing';
import { useDevServer } from './dev-server';

const srv = useDevServer();
let fileUrl: string;
let fileBytes: Buffer;

beforeAll(async () => {
  const d = await gqlData(
    srv,
    `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_RUN_ID}") { files(names: ["output.log"]) { edges { node { directUrl } } } } } }`,
  );
  fileUrl = d.project.run.files.edges[0].node.directUrl;
  fileBytes = Buffer.from(await (await fetch(fileUrl)).arrayBuffer());
  expect(fileBytes.length).toBeGreaterThan(2000);
});

const viewer = (op = 'Viewer') => gql(srv, `query ${op} { viewer { id } }`);

/** Raw GET that reports what arrived even when the connection breaks. */
function rawGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', (e) => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
    req.end();
  });
}

describe('status faults', () => {
  it('429 with Retry-After in seconds, then normal service', async () => {
    srv.faults.add({ origin: 'api', operationName: 'Viewer', kind: 'status', status: 429, retryAfter: 2 });
    const a = await viewer();
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(a.body.errors![0]!.message).toMatch(/rate limit/);
    expect((await viewer()).status).toBe(200);
  });

  it('a rule with variables applies only to requests that carry them (one run of several)', async () => {
    const runName = (runId: string) =>
      gql(srv, `query RunName($entity: String!, $project: String!, $runId: String!) { project(name: $project, entityName: $entity) { run(name: $runId) { name } } }`, {
        entity: N.DEMO_USER,
        project: N.DEMO_PROJECT,
        runId,
      });
    srv.faults.add({ operationName: 'RunName', variables: { runId: N.DEMO_RUN_ID }, kind: 'status', status: 401, times: -1 });
    try {
      expect((await runName(N.DEMO_LIVE_RUN_ID)).status).toBe(200);
      expect((await runName(N.DEMO_RUN_ID)).status).toBe(401);
      expect((await runName(N.DEMO_RUN_ID)).status).toBe(401);
      // A request without variables does not carry the one asked for.
      expect((await viewer('RunName')).status).toBe(200);
    } finally {
      srv.faults.clear();
    }
  });

  it('429 with Retry-After as an HTTP-date', async () => {
    srv.faults.add({ operationName: 'Viewer', kind: 'status', status: 429, retryAfter: 3, retryAfterDate: true });
    const r = await viewer();
    const when = Date.parse(r.headers.get('retry-after')!);
    expect(r.headers.get('retry-after')).toMatch(/GMT$/);
    // three seconds from the server's now, cut to whole seconds
    expect(when - srv.clock.now()).toBeGreaterThan(2000);
    expect(when - srv.clock.now()).toBeLessThanOrEqual(3000);
    srv.faults.add({ operationName: 'Viewer', kind: 'status', status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
    expect((await viewer()).headers.get('retry-after')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  });

  it.each([500, 502, 503])('%i', async (status) => {
    srv.faults.add({ origin: 'api', path: '/graphql', kind: 'status', status });
    const r = await viewer();
    expect(r.status).toBe(status);
    expect(r.body.errors).toEqual([expect.stringMatching(/unavailable|bad gateway|injected error/)]); // W&B's 5xx body: a list of strings
    expect((await viewer()).status).toBe(200);
  });

  it('matches operationName, skips K and applies to the next N', async () => {
    srv.faults.add({ operationName: 'Other', kind: 'status', status: 500, times: -1 });
    srv.faults.add({ operationName: 'Viewer', kind: 'status', status: 503, skip: 1, times: 2 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await viewer()).status);
    expect(statuses).toEqual([200, 503, 503, 200, 200]);
    expect((await viewer('Other')).status).toBe(500);
    expect((await viewer('Other')).status).toBe(500);
    const log = srv.requests.filter((r) => r.operationName === 'Viewer').slice(-5);
    expect(log.map((r) => r.faults)).toEqual([[], ['status'], ['status'], [], []]);
  });

  it('on the storage origin answers S3-style XML', async () => {
    srv.faults.add({ origin: 'storage', kind: 'status', status: 503, retryAfter: 1 });
    const r = await fetch(fileUrl);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(await r.text()).toContain('<Error>');
  });
});

describe('body faults', () => {
  it('latency holds the answer until that much time has passed', async () => {
    srv.faults.add({ origin: 'api', kind: 'latency', ms: 400 });
    const answer = viewer();
    await vi.waitFor(() => expect(srv.clock.waiting).toBe(1));
    srv.clock.advance(399);
    expect(srv.clock.waiting).toBe(1);
    expect(srv.requests.at(-1)!.status).toBeNull(); // not answered yet
    srv.clock.advance(1);
    expect((await answer).status).toBe(200);
  });

  it('reset: headers and some bytes, then the connection drops', async () => {
    srv.faults.add({ origin: 'storage', pathRegex: 'output\\.log$', kind: 'reset', afterBytes: 1000 });
    const r = await rawGet(fileUrl);
    expect(r.status).toBe(200);
    expect(r.error).toBeDefined();
    expect(r.body.length).toBe(1000);
    expect(r.body).toEqual(fileBytes.subarray(0, 1000));
    const next = await rawGet(fileUrl); // the rule is used up: the next request is clean
    expect(next.error).toBeUndefined();
    expect(next.status).toBe(200);
    expect(next.body).toEqual(fileBytes);
  });

  it('reset makes fetch fail while reading the body', async () => {
    srv.faults.add({ origin: 'storage', kind: 'reset', afterBytes: 10 });
    await expect(fetch(fileUrl).then((x) => x.arrayBuffer())).rejects.toThrow();
  });

  it('truncate: Content-Length promises more than arrives', async () => {
    srv.faults.add({ origin: 'storage', kind: 'truncate', bytes: 500 });
    const r = await rawGet(fileUrl);
    expect(Number(r.headers['content-length'])).toBe(fileBytes.length);
    expect(r.body.length).toBe(500);
    expect(r.error).toBeDefined();
  });

  it('corrupt: same length, different bytes (md5 mismatch)', async () => {
    srv.faults.add({ origin: 'storage', kind: 'corrupt' });
    const r = await fetch(fileUrl);
    const body = Buffer.from(await r.arrayBuffer());
    expect(body.length).toBe(fileBytes.length);
    expect(createHash('md5').update(body).digest('hex')).not.toBe(createHash('md5').update(fileBytes).digest('hex'));
    expect(r.headers.get('etag')).toBe(`"${createHash('md5').update(fileBytes).digest('hex')}"`);
  });

  it('trickle: sends at the given rate', async () => {
    // 4000 B/s goes out in slices of 400 B every 100 ms of the server's clock.
    srv.faults.add({ origin: 'storage', kind: 'trickle', bytesPerSecond: 4000 });
    const r = await fetch(fileUrl, { headers: { range: 'bytes=0-1999' } });
    const reader = r.body!.getReader();
    const got: Buffer[] = [];
    const received = () => got.reduce((n, b) => n + b.length, 0);
    const readUntil = async (n: number) => {
      while (received() < n) {
        const { value, done } = await reader.read();
        if (done) break;
        got.push(Buffer.from(value));
      }
    };
    await readUntil(400);
    await vi.waitFor(() => expect(srv.clock.waiting).toBe(1));
    expect(received()).toBe(400); // the first slice, then the server waits for its clock
    srv.clock.advance(250); // the slices due at 100 and 200 ms
    await readUntil(1200);
    await vi.waitFor(() => expect(srv.clock.waiting).toBe(1));
    expect(received()).toBe(1200);
    srv.clock.advance(1000);
    await readUntil(2000);
    expect(Buffer.concat(got)).toEqual(fileBytes.subarray(0, 2000));
    expect((await reader.read()).done).toBe(true);
  });

  it('expired: the presigned URL is refused as expired', async () => {
    srv.faults.add({ origin: 'storage', kind: 'expired' });
    const r = await fetch(fileUrl);
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('ExpiredToken');
    expect((await fetch(fileUrl)).status).toBe(200);
  });

  it('reset on a GraphQL answer', async () => {
    srv.faults.add({ origin: 'api', operationName: 'Viewer', kind: 'reset' });
    await expect(viewer()).rejects.toThrow();
    expect((await viewer()).status).toBe(200);
  });
});

describe('admin API', () => {
  it('adds, lists and clears rules over HTTP on loopback without auth', async () => {
    const add = await fetch(`${srv.baseUrl}/_admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { origin: 'api', operationName: 'Viewer', kind: 'status', status: 429, retryAfter: 1 },
        { origin: 'storage', kind: 'latency', ms: 10, times: null },
      ]),
    });
    expect(add.status).toBe(200);
    expect((await add.json()).ids.length).toBe(2);
    const list = await (await fetch(`${srv.baseUrl}/_admin/faults`)).json();
    expect(list.length).toBe(2);
    expect((await viewer()).status).toBe(429);
    expect((await fetch(`${srv.baseUrl}/_admin/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(srv.faults.list()).toEqual([]);
    const bad = await fetch(`${srv.baseUrl}/_admin/faults`, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(bad.status).toBe(400);
  });
});
