/**
 * Fault injection on both origins, programmatic and through the loopback admin API.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server/index';
import * as N from '../server/demo-names';
import { gql, gqlData } from '../server/testing';

let srv: DevServer;
let fileUrl: string;
let fileBytes: Buffer;

beforeAll(async () => {
  srv = await startDevServer({ quiet: true });
  const d = await gqlData(
    srv,
    `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_RUN_ID}") { files(names: ["output.log"]) { edges { node { directUrl } } } } } }`,
  );
  fileUrl = d.project.run.files.edges[0].node.directUrl;
  fileBytes = Buffer.from(await (await fetch(fileUrl)).arrayBuffer());
  expect(fileBytes.length).toBeGreaterThan(2000);
});
afterAll(async () => {
  await srv?.close();
});
afterEach(() => {
  srv.faults.clear();
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

  it('429 with Retry-After as an HTTP-date', async () => {
    srv.faults.add({ operationName: 'Viewer', kind: 'status', status: 429, retryAfter: 3, retryAfterDate: true });
    const r = await viewer();
    const when = Date.parse(r.headers.get('retry-after')!);
    expect(r.headers.get('retry-after')).toMatch(/GMT$/);
    expect(when - Date.now()).toBeGreaterThan(1000);
    expect(when - Date.now()).toBeLessThan(4500);
    srv.faults.add({ operationName: 'Viewer', kind: 'status', status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
    expect((await viewer()).headers.get('retry-after')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  });

  it.each([500, 502, 503])('%i', async (status) => {
    srv.faults.add({ origin: 'api', path: '/graphql', kind: 'status', status });
    const r = await viewer();
    expect(r.status).toBe(status);
    expect(r.body.errors).toBeDefined();
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
  it('latency delays the answer', async () => {
    srv.faults.add({ origin: 'api', kind: 'latency', ms: 400 });
    const t = Date.now();
    expect((await viewer()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(380);
  });

  it('reset: headers and some bytes, then the connection drops', async () => {
    srv.faults.add({ origin: 'storage', pathRegex: 'output\\.log$', kind: 'reset', afterBytes: 1000 });
    const r = await rawGet(fileUrl);
    expect(r.status).toBe(200);
    expect(r.error).toBeDefined();
    expect(r.body.length).toBe(1000);
    expect(r.body).toEqual(fileBytes.subarray(0, 1000));
    await expect(fetch(fileUrl).then((x) => x.arrayBuffer())).resolves.toBeDefined(); // next request is clean
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
    const bps = 4000;
    srv.faults.add({ origin: 'storage', kind: 'trickle', bytesPerSecond: bps });
    const t = Date.now();
    const r = await fetch(fileUrl, { headers: { range: 'bytes=0-1999' } });
    const body = Buffer.from(await r.arrayBuffer());
    expect(body).toEqual(fileBytes.subarray(0, 2000));
    expect(Date.now() - t).toBeGreaterThanOrEqual(400);
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
