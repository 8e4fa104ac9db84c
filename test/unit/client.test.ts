import { describe, expect, it } from 'vitest';
import { WandbClient, redactUrl } from '../../src/api/client';
import { WandbApi } from '../../src/api/wandb-api';
import { VIEWER } from '../../src/api/queries';
import { messageFromBody } from '../../src/api/errors';

const KEY = 'k'.repeat(40);
const BASE = 'https://wandb.example.com';

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that answers from a script of responses and records what it was sent. */
function scriptedFetch(responses: Array<Response | Error | ((signal: AbortSignal) => Promise<Response>)>, seen: Seen[] = []): typeof fetch {
  let i = 0;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    seen.push({ url, headers, body: typeof init?.body === 'string' ? init.body : '' });
    const r = responses[Math.min(i++, responses.length - 1)]!;
    if (r instanceof Error) throw r;
    if (typeof r === 'function') return r(init!.signal!);
    return r.clone();
  }) as typeof fetch;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const viewerBody = { data: { viewer: { id: 'VXNlcjox', username: 'alice', entity: 'alice', name: 'Alice', teams: { edges: [{ node: { name: 'alice' } }, { node: { name: 'vision-team' } }] } } } };

function makeClient(f: typeof fetch, lines: string[] = []) {
  return new WandbClient({
    baseUrl: `${BASE}/`,
    apiKey: KEY,
    userAgent: 'wandb-explorer/test',
    fetch: f,
    timeoutMs: 200,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20, maxTotalMs: 5_000 },
    logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
  });
}

describe('WandbClient transport', () => {
  it('posts the document with basic auth api:<key>, a User-Agent and the operation name', async () => {
    const seen: Seen[] = [];
    const lines: string[] = [];
    const api = new WandbApi(makeClient(scriptedFetch([json(200, viewerBody)], seen), lines));
    const viewer = await api.viewer();
    expect(viewer).toEqual({ id: 'VXNlcjox', username: 'alice', defaultEntity: 'alice', name: 'Alice', teams: ['vision-team'] });
    expect(seen[0]!.url).toBe(`${BASE}/graphql`);
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`);
    expect(seen[0]!.headers['user-agent']).toBe('wandb-explorer/test');
    expect(JSON.parse(seen[0]!.body)).toEqual({ query: VIEWER.text, variables: {}, operationName: 'Viewer' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers.accept).toBe('application/graphql-response+json, application/json');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^graphql Viewer 200 \d+ms$/);
  });

  it('maps 401 to an auth error without retrying, and never logs the key', async () => {
    const seen: Seen[] = [];
    const lines: string[] = [];
    const client = makeClient(scriptedFetch([json(401, { errors: [{ message: 'unauthorized' }] })], seen), lines);
    await expect(new WandbApi(client).viewer()).rejects.toMatchObject({ kind: 'auth', status: 401 });
    expect(seen).toHaveLength(1);
    const b64 = Buffer.from(`api:${KEY}`).toString('base64');
    for (const l of lines) {
      expect(l).not.toContain(KEY);
      expect(l).not.toContain(b64);
    }
  });

  it('retries 429 after Retry-After and 503, then succeeds', async () => {
    const seen: Seen[] = [];
    const lines: string[] = [];
    const f = scriptedFetch([json(429, { error: 'slow down' }, { 'retry-after': '0' }), json(503, { errors: ['Server down'] }), json(200, viewerBody)], seen);
    const viewer = await new WandbApi(makeClient(f, lines)).viewer();
    expect(viewer.username).toBe('alice');
    expect(seen).toHaveLength(3);
    expect(lines.filter((l) => l.includes('retry after attempt'))).toHaveLength(2);
  });

  it('treats GraphQL errors on HTTP 200 as errors, not data', async () => {
    const f = scriptedFetch([json(200, { data: null, errors: [{ message: 'Cannot query field "features" on type "ServerInfo".' }] })]);
    await expect(new WandbApi(makeClient(f)).viewer()).rejects.toMatchObject({
      kind: 'graphql',
      message: expect.stringContaining('Cannot query field "features"'),
    });
  });

  it('turns a null project into notFound', async () => {
    const f = scriptedFetch([json(200, { data: { project: null } })]);
    await expect(new WandbApi(makeClient(f)).run({ entity: 'e', project: 'nope', runId: 'r' })).rejects.toMatchObject({
      kind: 'notFound',
      message: expect.stringContaining('e/nope'),
    });
  });

  it('reports an answer that is not JSON as invalidResponse', async () => {
    const f = scriptedFetch([new Response('<html>login page</html>', { status: 200, headers: { 'content-type': 'text/html' } })]);
    await expect(new WandbApi(makeClient(f)).viewer()).rejects.toMatchObject({ kind: 'invalidResponse' });
  });

  it('reports a 200 answer that is JSON but not one GraphQL result as invalidResponse, asked once', async () => {
    for (const body of [[{ data: {} }], { data: 'viewer' }, { data: null, errors: 'no' }, 'just a string']) {
      const seen: Seen[] = [];
      await expect(new WandbApi(makeClient(scriptedFetch([json(200, body)], seen))).viewer()).rejects.toMatchObject({
        kind: 'invalidResponse',
        status: 200,
        message: expect.stringContaining('not GraphQL JSON'),
      });
      expect(seen).toHaveLength(1);
    }
  });

  it('reports a 200 answer without data as invalidResponse', async () => {
    await expect(new WandbApi(makeClient(scriptedFetch([json(200, { extensions: {} })]))).viewer()).rejects.toMatchObject({
      kind: 'invalidResponse',
      message: expect.stringContaining('without data'),
    });
  });

  it('keeps the server’s message of a 5xx answer, after the retries', async () => {
    const seen: Seen[] = [];
    const f = scriptedFetch([json(502, { error: 'upstream timed out' })], seen);
    await expect(new WandbApi(makeClient(f)).viewer()).rejects.toMatchObject({ kind: 'server', status: 502, message: expect.stringContaining('upstream timed out') });
    expect(seen).toHaveLength(3);
  });

  it('retries a dropped connection and then reports a network error a person can act on', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const seen: Seen[] = [];
    const f = scriptedFetch([reset, reset, reset], seen);
    await expect(new WandbApi(makeClient(f)).viewer()).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringContaining('dropped the connection'),
    });
    expect(seen).toHaveLength(3);
  });

  it('times out a request that hangs', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    const f = scriptedFetch([hang]);
    await expect(new WandbApi(makeClient(f)).viewer()).rejects.toMatchObject({ kind: 'network', message: expect.stringContaining('did not answer in time') });
  });

  it('cancelling the caller signal aborts the request in flight', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    const controller = new AbortController();
    const client = new WandbClient({ baseUrl: BASE, apiKey: KEY, userAgent: 't', fetch: scriptedFetch([hang]), timeoutMs: 60_000 });
    const p = new WandbApi(client).viewer(controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(p).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('credentials go only to the configured origin', () => {
  const client = new WandbClient({ baseUrl: BASE, apiKey: KEY, userAgent: 'ua' });
  it('adds the key for the server itself', () => {
    expect(client.headersFor(`${BASE}/files/e/p/r/config.yaml`).Authorization).toMatch(/^Basic /);
  });
  it.each(['https://storage.googleapis.com/bucket/x?X-Goog-Signature=abc', 'https://wandb.example.com.evil.com/x', 'http://wandb.example.com/x', 'https://wandb.example.com:444/x', 'not a url'])(
    'never for %s',
    (url) => {
      expect(client.headersFor(url).Authorization).toBeUndefined();
    },
  );
  it('GET of a presigned URL carries no Authorization header', async () => {
    const seen: Seen[] = [];
    const c = new WandbClient({ baseUrl: BASE, apiKey: KEY, userAgent: 'ua', fetch: scriptedFetch([new Response('x')], seen) });
    await c.get('https://storage.example.net/obj?sig=secret');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });
  it('logs presigned URLs without their query string', () => {
    expect(redactUrl('https://s.example.net/a/b?X-Amz-Signature=secret&X-Amz-Credential=c')).toBe('https://s.example.net/a/b?…');
  });
});

describe('error bodies W&B sends', () => {
  it.each([
    ['{"error":"text"}', 'text'],
    ['{"error":{"message":"nested"}}', 'nested'],
    ['{"errors":["a",{"message":"b"}]}', 'a; b'],
    ['plain words', 'plain words'],
    ['<!DOCTYPE html><html></html>', undefined],
    ['', undefined],
  ])('%s', (body, msg) => {
    expect(messageFromBody(body)).toBe(msg);
  });
});
