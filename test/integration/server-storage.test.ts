/* eslint-disable @typescript-eslint/no-explicit-any -- raw GraphQL JSON answers are untyped on purpose */
/**
 * The dev server's two origins for file bytes: authenticated API URLs and presigned storage URLs
 * that refuse credentials and expire; Range, HEAD, ETag; upload by presigned PUT.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as N from '../server/demo-names';
import { basicAuth, gql, gqlData } from '../server/testing';
import { useDevServer, withDevServer } from './dev-server';

const srv = useDevServer();

beforeAll(async () => {
});

async function runFile(name: string, run = N.DEMO_RUN_ID) {
  const d = await gqlData(
    srv,
    `query F($names: [String]) { project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${run}") {
      files(names: $names) { edges { node { name url directUrl sizeBytes md5 mimetype } } } } } }`,
    { names: [name] },
  );
  return d.project.run.files.edges[0].node as { name: string; url: string; directUrl: string; sizeBytes: number; md5: string; mimetype: string };
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest();

describe('storage origin (directUrl)', () => {
  it('serves presigned URLs without credentials, with length, type and ETag', async () => {
    const f = await runFile('requirements.txt');
    expect(new URL(f.directUrl).origin).toBe(srv.storageUrl);
    expect(f.directUrl).toMatch(/X-Goog-Signature=[0-9a-f]{64}/);
    const r = await fetch(f.directUrl);
    expect(r.status).toBe(200);
    const body = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('content-length')).toBe(String(f.sizeBytes));
    expect(r.headers.get('content-type')).toBe('text/plain');
    expect(r.headers.get('etag')).toBe(`"${md5(body).toString('hex')}"`);
    expect(md5(body).toString('base64')).toBe(f.md5);
  });

  it('refuses any request that carries an Authorization header', async () => {
    const f = await runFile('requirements.txt');
    for (const authorization of [basicAuth(srv.apiKey), 'Bearer x', '']) {
      const r = await fetch(f.directUrl, { headers: { authorization } });
      expect(r.status).toBe(403);
      const text = await r.text();
      expect(text).toContain('<Code>AccessDenied</Code>');
    }
    const log = srv.requests.filter((q) => q.origin === 'storage' && q.headers.authorization !== undefined);
    expect(log.length).toBe(3);
    expect(log.every((q) => q.status === 403)).toBe(true);
  });

  it('refuses tampered, missing and expired signatures', async () => {
    const f = await runFile('requirements.txt');
    const u = new URL(f.directUrl);
    const sig = u.searchParams.get('X-Goog-Signature')!;
    u.searchParams.set('X-Goog-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    const tampered = await fetch(u);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
    const other = new URL(f.directUrl);
    other.pathname = other.pathname.replace('requirements.txt', 'output.log');
    expect((await fetch(other)).status).toBe(403);
    const bare = await fetch(f.directUrl.split('?')[0]!);
    expect(bare.status).toBe(403);

    await withDevServer({ directUrlTtlSeconds: 1 }, async (short) => {
      const d = await gqlData(
        short,
        `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_RUN_ID}") { files(names: ["requirements.txt"]) { edges { node { directUrl } } } } } }`,
      );
      const url = d.project.run.files.edges[0].node.directUrl;
      expect((await fetch(url)).status).toBe(200);
      short.clock.advance(2000);
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('<Code>ExpiredToken</Code>');
    });
  });

  it('supports Range and HEAD', async () => {
    const f = await runFile('output.log');
    const full = Buffer.from(await (await fetch(f.directUrl)).arrayBuffer());
    const part = await fetch(f.directUrl, { headers: { range: 'bytes=10-29' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-29/${full.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(full.subarray(10, 30));
    const tail = await fetch(f.directUrl, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(full.subarray(full.length - 5));
    const open = await fetch(f.directUrl, { headers: { range: `bytes=${full.length - 3}-` } });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(full.subarray(full.length - 3));
    const bad = await fetch(f.directUrl, { headers: { range: `bytes=${full.length + 10}-` } });
    expect(bad.status).toBe(416);
    const head = await fetch(f.directUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(full.length));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
  });

  it('streams the 1 GiB artifact file in ranges', async () => {
    const d = await gqlData(
      srv,
      `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { artifact(name: "${N.DEMO_BIG_COLLECTION}:latest") { files(names: ["${N.DEMO_BIG_FILE}"]) { edges { node { directUrl sizeBytes } } } } } }`,
    );
    const f = d.project.artifact.files.edges[0].node;
    expect(f.sizeBytes).toBe(N.DEMO_BIG_FILE_SIZE);
    const r = await fetch(f.directUrl, { headers: { range: `bytes=${N.DEMO_BIG_FILE_SIZE - 100000}-` } });
    expect(r.status).toBe(206);
    expect((await r.arrayBuffer()).byteLength).toBe(100000);
    const head = await fetch(f.directUrl, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(N.DEMO_BIG_FILE_SIZE));
  }, 60_000);
});

describe('API origin (url)', () => {
  it('needs basic auth for run files, artifact files and manifests', async () => {
    const f = await runFile('config.yaml');
    expect(new URL(f.url).origin).toBe(srv.baseUrl);
    expect((await fetch(f.url)).status).toBe(401);
    const ok = await fetch(f.url, { headers: { authorization: basicAuth(srv.apiKey) } });
    expect(ok.status).toBe(200);
    expect(md5(Buffer.from(await ok.arrayBuffer())).toString('base64')).toBe(f.md5);

    const d = await gqlData(
      srv,
      `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { artifact(name: "${N.DEMO_MODEL_COLLECTION}:best") {
        currentManifest { file { url } } files { edges { node { name url md5 } } } } } }`,
    );
    const a = d.project.artifact;
    const cfg = a.files.edges.find((e: any) => e.node.name === 'config.json').node;
    expect(cfg.url).toMatch(new RegExp(`^${srv.baseUrl}/artifactsV2/default/${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_MODEL_COLLECTION}/[^/]+/[0-9a-f]{32}/config.json$`));
    expect((await fetch(cfg.url)).status).toBe(401);
    const body = Buffer.from(await (await fetch(cfg.url, { headers: { authorization: basicAuth(srv.apiKey) } })).arrayBuffer());
    expect(md5(body).toString('base64')).toBe(cfg.md5);
    const v1 = await fetch(`${srv.baseUrl}/artifacts/${N.DEMO_USER}/${md5(body).toString('hex')}`, { headers: { authorization: basicAuth(srv.apiKey) } });
    expect(Buffer.from(await v1.arrayBuffer())).toEqual(body);
    const manifest = await fetch(a.currentManifest.file.url, { headers: { authorization: basicAuth(srv.apiKey) } });
    expect((await manifest.json()).version).toBe(1);
    expect((await fetch(`${srv.baseUrl}/files/${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_RUN_ID}/nope.txt`, { headers: { authorization: basicAuth(srv.apiKey) } })).status).toBe(404);
  });
});

describe('upload', () => {
  it('hands out presigned upload URLs; after the PUT the file is listed and served', async () => {
    const run = N.DEMO_KILLED_RUN_ID;
    const ask = await gqlData(
      srv,
      `query U($names: [String]) { project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${run}") {
        files(names: $names) { uploadHeaders edges { node { name url(upload: true) uploadHeaders } } } } } }`,
      { names: ['notes/review.md'] },
    );
    const node = ask.project.run.files.edges[0].node;
    expect(node.name).toBe('notes/review.md');
    expect(new URL(node.url).origin).toBe(srv.storageUrl);
    // The headers are announced on the connection, where the SDK reads them, as Azure needs them.
    expect(node.uploadHeaders).toEqual([]);
    expect(ask.project.run.files.uploadHeaders).toEqual(['Content-Type:application/octet-stream', 'x-ms-blob-type:BlockBlob']);
    const headers: Record<string, string> = {};
    for (const h of ask.project.run.files.uploadHeaders as string[]) headers[h.slice(0, h.indexOf(':'))] = h.slice(h.indexOf(':') + 1);
    const content = '# Review\n\nLooks good <b>really</b> ✓\n';
    // Storage demands what was announced, with Azure's error codes.
    const bare = await fetch(node.url, { method: 'PUT', body: content, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('<Code>MissingRequiredHeader</Code>');
    const wrong = await fetch(node.url, { method: 'PUT', body: content, headers: { ...headers, 'x-ms-blob-type': 'AppendBlob' } });
    expect(await wrong.text()).toContain('<Code>InvalidHeaderValue</Code>');
    // The upload URL is presigned: credentials are refused, a plain PUT works.
    expect((await fetch(node.url, { method: 'PUT', body: content, headers: { ...headers, authorization: basicAuth(srv.apiKey) } })).status).toBe(403);
    expect((await fetch(node.url.replace('upload', 'f'), { method: 'PUT', body: content })).status).toBe(403);
    const put = await fetch(node.url, { method: 'PUT', body: content, headers });
    expect(put.status).toBe(200);
    const after = await gqlData(
      srv,
      `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${run}") { fileCount files(names: ["notes/review.md"]) { edges { node { name sizeBytes md5 directUrl mimetype } } } } } }`,
    );
    const f = after.project.run.files.edges[0].node;
    expect(f.sizeBytes).toBe(Buffer.byteLength(content));
    expect(f.md5).toBe(createHash('md5').update(content).digest('base64'));
    expect(f.mimetype).toBe('text/markdown');
    expect(await (await fetch(f.directUrl)).text()).toBe(content);
    // Asking without url(upload: true) does not invent files.
    const none = await gqlData(srv, `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${run}") { files(names: ["missing.txt"]) { edges { node { name } } } } } }`);
    expect(none.project.run.files.edges).toEqual([]);
  });

  it('overwrites an existing file on a second upload', async () => {
    const q = `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${N.DEMO_KILLED_RUN_ID}") { fileCount files(names: ["output.log"]) { edges { node { url(upload: true) } } } } } }`;
    const before = await gqlData(srv, q);
    const headers = { 'Content-Type': 'application/octet-stream', 'x-ms-blob-type': 'BlockBlob' };
    expect((await fetch(before.project.run.files.edges[0].node.url, { method: 'PUT', body: 'replaced\n', headers })).status).toBe(200);
    const f = await runFile('output.log', N.DEMO_KILLED_RUN_ID);
    expect(await (await fetch(f.directUrl)).text()).toBe('replaced\n');
    const after = await gqlData(srv, q);
    expect(after.project.run.fileCount).toBe(before.project.run.fileCount);
  });
});

describe('request log', () => {
  it('records both origins with headers, operation names, documents and statuses', async () => {
    srv.clearRequests();
    await gql(srv, 'query Viewer { viewer { id entity } }', undefined, { headers: { 'user-agent': 'W&B Public Client test' } });
    const f = await runFile('requirements.txt');
    await fetch(f.directUrl);
    const api = srv.requests.filter((r) => r.origin === 'api');
    expect(api[0]).toMatchObject({ method: 'POST', path: '/graphql', operationName: 'Viewer', status: 200 });
    expect(api[0]!.query).toContain('viewer { id entity }');
    expect(api[0]!.headers.authorization).toBe(basicAuth(srv.apiKey));
    expect(api[0]!.headers['user-agent']).toBe('W&B Public Client test');
    const storage = srv.requests.filter((r) => r.origin === 'storage');
    expect(storage.length).toBe(1);
    expect(storage[0]!.headers.authorization).toBeUndefined();
    expect(storage[0]!.status).toBe(200);
    const viaHttp = await (await fetch(`${srv.baseUrl}/_admin/requests?origin=storage`)).json();
    expect(viaHttp.length).toBe(1);
    expect((await fetch(`${srv.baseUrl}/_admin/requests`, { method: 'DELETE' })).status).toBe(200);
    expect(srv.requests.length).toBe(0);
  });
});
