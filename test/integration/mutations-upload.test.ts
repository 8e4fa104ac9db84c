/**
 * `Run.upload_file` through WandbEdits against the dev server: upload URLs from GraphQL, a PUT to
 * the presigned storage origin (never with the API key), and the file then listed by the run.
 * Refusals: an expired URL, a storage outage that outlasts the retries, an unknown run.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { WandbEdits, type UploadSource } from '../../src/api/edits';
import * as N from '../server/demo-names';
import { failure } from './expect-failure';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
let edits: WandbEdits;

const RUN = { entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: N.DEMO_FAILED_RUN_ID };

function bytes(content: Buffer, chunk = 64 * 1024): UploadSource {
  return {
    size: content.length,
    open: async function* () {
      for (let i = 0; i < content.length; i += chunk) yield content.subarray(i, i + chunk);
    },
  };
}

async function listed(name: string) {
  const page = await api.runFiles(RUN, { first: 10, names: [name] });
  return page.items.find((f) => f.name === name);
}


beforeAll(async () => {
  const client = clientFor(srv, { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 } });
  api = new WandbApi(client);
  edits = new WandbEdits(client, { retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 } });
});

describe('upload a new file', () => {
  it('PUTs to the storage origin without credentials; the run then lists the file with its size and md5', async () => {
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const [target] = await edits.uploadTargets(RUN, ['uploads/data.bin']);
    expect(target!.exists).toBe(false);
    expect(new URL(target!.url).origin).toBe(srv.storageUrl);
    const progress: number[] = [];
    await edits.putFile(target!, bytes(content), { onProgress: (n) => progress.push(n) });
    expect(progress.at(-1)).toBe(content.length);
    const f = await listed('uploads/data.bin');
    expect(f?.sizeBytes).toBe(content.length);
    expect(f?.md5).toBe(createHash('md5').update(content).digest('base64'));
    const puts = srv.requests.filter((r) => r.origin === 'storage' && r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.headers.authorization).toBeUndefined();
    expect(puts[0]!.headers['content-length']).toBe(String(content.length));
    // The headers the server announced on the file connection (Azure's blob type among them).
    expect(target!.headers).toEqual({ 'Content-Type': 'application/octet-stream', 'x-ms-blob-type': 'BlockBlob' });
    expect(puts[0]!.headers['x-ms-blob-type']).toBe('BlockBlob');
    // The only requests with the key went to the API origin.
    expect(srv.requests.filter((r) => r.headers.authorization !== undefined).every((r) => r.origin === 'api')).toBe(true);
  });

  it('replacing a file says so first (exists) and the run then has the new bytes', async () => {
    const [target] = await edits.uploadTargets(RUN, ['requirements.txt']);
    expect(target!.exists).toBe(true);
    await edits.putFile(target!, bytes(Buffer.from('torch==2.4.0\n')));
    expect((await listed('requirements.txt'))?.sizeBytes).toBe(13);
  });

  it('uploads several files with one URL request', async () => {
    const names = ['many/a.txt', 'many/b.txt', 'many/c/d.txt'];
    const targets = await edits.uploadTargets(RUN, names);
    expect(srv.requests.filter((r) => r.operationName === 'RunUploadUrls')).toHaveLength(1);
    for (const t of targets) await edits.putFile(t, bytes(Buffer.from(t.name)));
    for (const n of names) expect((await listed(n))?.sizeBytes).toBe(Buffer.byteLength(n));
  });

  it('an empty file uploads too', async () => {
    const [t] = await edits.uploadTargets(RUN, ['empty.txt']);
    await edits.putFile(t!, bytes(Buffer.alloc(0)));
    expect((await listed('empty.txt'))?.sizeBytes).toBe(0);
  });
});

describe('refusals and faults', () => {
  it('a storage 503 is retried and the upload completes', async () => {
    const [t] = await edits.uploadTargets(RUN, ['retry.txt']);
    srv.faults.add({ origin: 'storage', method: 'PUT', kind: 'status', status: 503 });
    await edits.putFile(t!, bytes(Buffer.from('second time lucky')));
    expect(srv.requests.filter((r) => r.origin === 'storage' && r.method === 'PUT').map((r) => r.status)).toEqual([503, 200]);
    expect((await listed('retry.txt'))?.sizeBytes).toBe(17);
  });

  it('an expired upload URL is refused (forbidden, not retried) and nothing is stored', async () => {
    const [t] = await edits.uploadTargets(RUN, ['expired.txt']);
    srv.faults.add({ origin: 'storage', method: 'PUT', kind: 'expired' });
    const e = await failure(edits.putFile(t!, bytes(Buffer.from('late'))));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toMatch(/expired/i);
    expect(srv.requests.filter((r) => r.origin === 'storage' && r.method === 'PUT')).toHaveLength(1);
    expect(await listed('expired.txt')).toBeUndefined();
  });

  it('a storage outage that outlasts the retries is a server error', async () => {
    const [t] = await edits.uploadTargets(RUN, ['outage.txt']);
    srv.faults.add({ origin: 'storage', method: 'PUT', kind: 'status', status: 503, times: Infinity });
    const e = await failure(edits.putFile(t!, bytes(Buffer.from('x'))));
    expect(e.kind).toBe('server');
    expect(await listed('outage.txt')).toBeUndefined();
  });

  it('an unknown run is notFound; a bad name is refused before asking', async () => {
    expect((await failure(edits.uploadTargets({ ...RUN, runId: 'nope0000' }, ['a.txt']))).kind).toBe('notFound');
    srv.clearRequests();
    expect((await failure(edits.uploadTargets(RUN, ['../escape.txt']))).kind).toBe('badRequest');
    expect(srv.requests).toHaveLength(0);
  });

  it('cancelling stops the upload', async () => {
    const [t] = await edits.uploadTargets(RUN, ['cancelled.bin']);
    const controller = new AbortController();
    const slow: UploadSource = {
      size: 10 * 1024 * 1024,
      open: async function* () {
        for (let i = 0; i < 160; i++) {
          if (i === 3) controller.abort();
          yield Buffer.alloc(64 * 1024);
          await new Promise((r) => setImmediate(r)); // let the request take the chunk
        }
      },
    };
    const e = await failure(edits.putFile(t!, slow, { signal: controller.signal }));
    expect(e.kind).toBe('cancelled');
    expect(await listed('cancelled.bin')).toBeUndefined();
  });
});
