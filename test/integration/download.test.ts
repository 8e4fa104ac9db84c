/**
 * The download engine against the dev server: real HTTP on two origins, injected faults,
 * expired presigned URLs, hostile manifests. Ends with correct files or reported failures,
 * never a partial file under a final name.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WandbApi } from '../../src/api/wandb-api';
import { downloadFiles } from '../../src/api/download/engine';
import { artifactUrls, planArtifact, planArtifactPaths, planRunFiles } from '../../src/api/download/sources';
import { isClean, verifyFolder } from '../../src/api/download/verify';
import { fetchBytes, resolveRemoteFile } from '../../src/api/download/remote-file';
import { bufferBlob } from '../server/blob';
import * as N from '../server/demo-names';
import { addDataset, apiFor, notedWaits, useDevServer, useTempFolder } from './dev-server';

const srv = useDevServer();
const folder = useTempFolder('wbdl-int-');
let api: WandbApi;
let work: string;

const RUN = { entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: N.DEMO_RUN_ID };
const fast = { retry: { baseDelayMs: 20, maxDelayMs: 2000 } };
/** How long the dev server's presigned URLs live (its default). */
const URL_LIFETIME_MS = 3600 * 1000;

async function versionOf(collection: string, alias = 'latest') {
  return api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: collection, alias });
}

/** Every file under `root`, `/`-separated, temp files included. */
async function listAll(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isDirectory()) out.push(path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  }
  return out.sort();
}

const md5b64 = (b: Buffer) => createHash('md5').update(b).digest('base64');

function storageRequestsWithAuth() {
  return srv.requests.filter((r) => r.origin === 'storage' && r.headers.authorization !== undefined);
}

beforeAll(() => {
  api = apiFor(srv);
});
beforeEach(() => {
  work = folder.path;
});

describe('run files', () => {
  it('downloads every file of a run with matching MD5s, then skips them all the second time', async () => {
    const root = path.join(work, 'run');
    const plan = await planRunFiles(api, RUN, root, {});
    expect(plan.items.length).toBeGreaterThanOrEqual(N.DEMO_RUN_FILES.length);
    const r = await downloadFiles(plan, api.client);
    expect(r.failed).toEqual([]);
    expect(r.downloaded.length).toBe(plan.items.length);
    for (const item of plan.items) {
      const b = await readFile(path.join(root, ...item.name.split('/')));
      expect(md5b64(b), item.name).toBe(item.md5);
    }
    expect(await listAll(root)).toEqual(plan.items.map((i) => i.name).sort());
    expect(srv.requests.some((r) => r.origin === 'storage')).toBe(true);
    expect(storageRequestsWithAuth()).toEqual([]);

    srv.clearRequests();
    const again = await downloadFiles(plan, api.client);
    expect(again.skipped.length).toBe(plan.items.length);
    expect(again.downloaded).toEqual([]);
    expect(srv.requests.filter((r) => r.origin === 'storage')).toEqual([]);
  });

  it('recovers from a reset mid-body, wrong bytes, 429 with Retry-After, a 503 and an expired URL', async () => {
    const root = path.join(work, 'faults');
    const plan = await planRunFiles(api, RUN, root, {});
    const big = [...plan.items].sort((a, b) => (b.size ?? 0) - (a.size ?? 0));
    const [f1, f2, f3, f4, f5] = big.map((i) => i.name);
    const at = (name: string) => `/f/.*/${name.split('/').map(encodeURIComponent).join('/').replace(/[.]/g, '\\.')}$`;
    srv.faults.add({ origin: 'storage', pathRegex: at(f1!), kind: 'reset', afterBytes: Math.floor((big[0]!.size ?? 2) / 2) });
    srv.faults.add({ origin: 'storage', pathRegex: at(f2!), kind: 'corrupt' });
    srv.faults.add({ origin: 'storage', pathRegex: at(f3!), kind: 'status', status: 429, retryAfter: 1 });
    srv.faults.add({ origin: 'storage', pathRegex: at(f4!), kind: 'status', status: 503 });
    srv.faults.add({ origin: 'storage', pathRegex: at(f5!), kind: 'expired' });
    const { sleep, waits } = notedWaits();
    const r = await downloadFiles(plan, api.client, { ...fast, sleep });
    expect(r.failed).toEqual([]);
    expect(r.downloaded.length).toBe(plan.items.length);
    expect(waits).toContain(1000); // Retry-After: 1 was honoured
    for (const item of plan.items) {
      expect(md5b64(await readFile(path.join(root, ...item.name.split('/')))), item.name).toBe(item.md5);
    }
    expect(await listAll(root)).toEqual(plan.items.map((i) => i.name).sort());
    const faulted = srv.requests.filter((q) => q.faults.length > 0).map((q) => q.faults[0]);
    expect(faulted.sort()).toEqual(['corrupt', 'expired', 'reset', 'status', 'status']);
    // the reset file (small: its bytes were in memory) was fetched again whole; the expired one
    // was refreshed through the API (large files resume: download-fast-path.test.ts)
    const resetFile = srv.requests.filter((q) => q.origin === 'storage' && q.path.endsWith(encodeURIComponent(f1!.split('/').pop()!)));
    expect(resetFile.map((q) => q.headers.range)).toEqual([undefined, undefined]);
    expect(srv.requests.some((q) => q.operationName === 'RunFiles' && JSON.stringify(q.variables).includes(f5!))).toBe(true);
    expect(storageRequestsWithAuth()).toEqual([]);
  });

  it('reports a file that keeps arriving wrong as failed and leaves nothing under its name', async () => {
    const root = path.join(work, 'corrupt');
    const plan = await planRunFiles(api, RUN, root, { names: ['config.yaml', 'requirements.txt'] });
    srv.faults.add({ origin: 'storage', pathRegex: '/config\\.yaml$', kind: 'corrupt', times: -1 });
    srv.faults.add({ origin: 'api', pathRegex: '/config\\.yaml$', kind: 'corrupt', times: -1 });
    const r = await downloadFiles(plan, api.client, fast);
    expect(r.downloaded.map((d) => d.name)).toEqual(['requirements.txt']);
    expect(r.failed).toMatchObject([{ name: 'config.yaml', kind: 'integrity' }]);
    expect(r.failed[0]!.reason).toMatch(/MD5 mismatch/);
    expect(await listAll(root)).toEqual(['requirements.txt']);
  });

  it('reports a truncated body that never completes as failed, without a partial file', async () => {
    const root = path.join(work, 'trunc');
    const plan = await planRunFiles(api, RUN, root, { names: ['output.log'] });
    srv.faults.add({ pathRegex: '/output\\.log$', kind: 'truncate', times: -1 });
    const r = await downloadFiles(plan, api.client, { retry: { maxAttempts: 3, baseDelayMs: 10 } });
    expect(r.failed).toMatchObject([{ name: 'output.log' }]);
    expect(await listAll(root)).toEqual([]);
  });

  it('cancels: aborts the transfer in flight, deletes its temp file, keeps finished files', async () => {
    const root = path.join(work, 'cancel');
    const plan = await planRunFiles(api, RUN, root, { names: ['requirements.txt', 'output.log'] });
    // The server's clock stands still: output.log sends its first bytes, then waits.
    srv.faults.add({ origin: 'storage', pathRegex: '/output\\.log$', kind: 'trickle', bytesPerSecond: 200 });
    const controller = new AbortController();
    const p = downloadFiles(plan, api.client, { signal: controller.signal });
    // Cancel once requirements.txt is done and output.log is on its way (its first bytes sent,
    // the server waiting to send more).
    await vi.waitFor(async () => {
      expect(await listAll(root)).toContain('requirements.txt');
      expect(srv.requests.some((q) => q.path.endsWith('/output.log') && q.status === 200)).toBe(true);
      expect(srv.clock.waiting).toBe(1);
    });
    controller.abort();
    const r = await p;
    expect(r.cancelled).toBe(true);
    expect(r.downloaded.map((d) => d.name)).toEqual(['requirements.txt']);
    expect(r.failed).toEqual([]);
    expect(await listAll(root)).toEqual(['requirements.txt']);
  });
});

describe('artifacts', () => {
  it('downloads 2,000 files, verifies them against the manifest, and skips them the second time', async () => {
    const v = await versionOf(N.DEMO_MANY_FILES_COLLECTION);
    const root = path.join(work, 'images');
    const { plan, manifest } = await planArtifact(api, v.id, root, {});
    expect(plan.items.length).toBe(N.DEMO_MANY_FILES_COUNT);
    const r = await downloadFiles(plan, api.client, { concurrency: 8 });
    expect(r.failed).toEqual([]);
    expect(r.downloaded.length).toBe(N.DEMO_MANY_FILES_COUNT);
    const check = await verifyFolder(root, manifest.entries);
    expect(isClean(check)).toBe(true);
    expect(check.ok.length).toBe(N.DEMO_MANY_FILES_COUNT);
    expect(storageRequestsWithAuth()).toEqual([]);
    // URLs came in a few pages, not one query per file
    const listings = srv.requests.filter((q) => q.operationName === 'ArtifactFileUrls').length;
    expect(listings).toBeGreaterThan(0);
    expect(listings).toBeLessThanOrEqual(3);

    srv.clearRequests();
    const again = await downloadFiles(plan, api.client);
    expect(again.skipped.length).toBe(N.DEMO_MANY_FILES_COUNT);
    // unchanged: no URL listing and no file request at all
    expect(srv.requests.filter((q) => q.operationName === 'ArtifactFiles' || q.operationName === 'ArtifactFileUrls' || q.origin === 'storage')).toEqual([]);
  }, 180_000);

  it('plans only the paths asked for (what Verify found missing or changed), with their URLs', async () => {
    const v = await versionOf(N.DEMO_DATASET_COLLECTION);
    const { manifest } = await planArtifact(api, v.id, work, {});
    const wanted = manifest.entries.filter((e) => !e.ref).slice(0, 2).map((e) => e.path);
    expect(wanted.length).toBe(2);
    const plan = await planArtifactPaths(api, v.id, work, [...wanted, 'not/in/the/manifest']);
    expect(plan.items.map((i) => i.name).sort()).toEqual([...wanted].sort());
    expect(plan.items.every((i) => i.url || i.directUrl)).toBe(true);
    const r = await downloadFiles(plan, api.client);
    expect(r.failed).toEqual([]);
    expect((await listAll(work)).sort()).toEqual([...wanted].sort());
  });

  it('refreshes expired presigned URLs in batches', async () => {
    const v = await versionOf(N.DEMO_MANY_FILES_COLLECTION);
    const root = path.join(work, 'expired');
    const { plan, manifest } = await planArtifact(api, v.id, root, { folder: 'images/' });
    // URLs listed now, used after they expired (as when a long download reaches them late)
    const first = plan.items.slice(0, 150);
    const urls = await artifactUrls(api, v.id, first.map((i) => i.name));
    const some = { ...plan, items: first.map((i) => ({ ...i, ...urls.get(i.name) })) };
    expect(some.items.every((i) => i.directUrl)).toBe(true);
    srv.clock.advance(URL_LIFETIME_MS + 1000);
    srv.clearRequests();
    const r = await downloadFiles(some, api.client);
    expect(r.failed).toEqual([]);
    expect(r.downloaded.length).toBe(150);
    const expired = srv.requests.filter((q) => q.origin === 'storage' && q.status === 403);
    expect(expired.length).toBeGreaterThan(0);
    const refreshes = srv.requests.filter((q) => q.operationName === 'ArtifactFiles');
    // Batched: one refresh covers every remaining file; a per-file refresh would make 150.
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes.length).toBeLessThan(first.length / 10);
    const check = await verifyFolder(root, manifest.entries.slice(0, 150));
    expect(check.changed).toEqual([]);
    expect(check.missing).toEqual([]);
  }, 120_000);

  it('skips reference entries with the reference shown', async () => {
    const v = await versionOf(N.DEMO_BIG_COLLECTION);
    const root = path.join(work, 'big');
    const { plan } = await planArtifact(api, v.id, root, {});
    const small = { ...plan, items: plan.items.filter((i) => i.name !== N.DEMO_BIG_FILE) };
    const r = await downloadFiles(small, api.client);
    expect(r.failed).toEqual([]);
    expect(r.skipped).toMatchObject([{ kind: 'reference', ref: N.DEMO_REFERENCE_URI }]);
    expect(r.skipped[0]!.reason).toContain(N.DEMO_REFERENCE_URI);
    expect(r.downloaded.length).toBeGreaterThan(0);
  });

  it('writes nothing outside the destination for a manifest with ../../x, /etc/x and C:\\x', async () => {
    const payload = bufferBlob('owned\n', 'text/plain');
    const hostile = ['../../x', '/etc/x', 'C:\\x', 'a/../../../x', '..\\..\\x', 'ok/\u0001x'];
    addDataset(srv, 'hostile-paths', [...hostile.map((p) => ({ path: p, blob: payload })), { path: 'good/file.txt', blob: payload }]);
    const v = await versionOf('hostile-paths');
    const sandbox = path.join(work, 'sandbox');
    const root = path.join(sandbox, 'deep', 'dest');
    const { plan, manifest } = await planArtifact(api, v.id, root, {});
    expect(manifest.entries.map((e) => e.path)).toEqual(expect.arrayContaining(hostile));
    const r = await downloadFiles(plan, api.client);
    expect(r.downloaded.map((d) => d.name)).toEqual(['good/file.txt']);
    expect(r.failed.map((f) => f.name).sort()).toEqual([...hostile].sort());
    expect(r.failed.every((f) => f.kind === 'unsafeName')).toBe(true);
    expect(await listAll(sandbox)).toEqual(['deep/dest/good/file.txt']);
    expect(await listAll(work)).toEqual(['sandbox/deep/dest/good/file.txt']);
  });
});

describe('wandb-artifact:// references', () => {
  it("downloads the referenced artifact's file under the referring path, verified, as the SDK's handler does", async () => {
    // The demo's reference is written as WBArtifactHandler.store_path writes one: size 0, the
    // target entry's digest, the host the hex of the target artifact's id.
    const v = await versionOf(N.DEMO_REF_COLLECTION);
    const source = await versionOf(N.DEMO_DATASET_COLLECTION, 'v2');
    const root = path.join(work, 'ref-user');
    const { plan, manifest } = await planArtifact(api, v.id, root, {});
    const entry = manifest.entries.find((e) => e.path === N.DEMO_REF_FILE);
    expect(entry?.ref).toBe(`wandb-artifact://${Buffer.from(source.id, 'base64').toString('hex')}/${N.DEMO_REF_TARGET_FILE}`);
    expect(entry?.size).toBe(0);
    const sourceFile = (await api.artifactManifest(source.id)).entries.find((e) => e.path === N.DEMO_REF_TARGET_FILE)!;
    expect(entry?.digest).toBe(sourceFile.digest);
    srv.clearRequests();
    const r = await downloadFiles(plan, api.client);
    expect(r.failed).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.downloaded.map((d) => d.name).sort()).toEqual([N.DEMO_REF_OWN_FILE, N.DEMO_REF_FILE].sort());
    const bytes = await readFile(path.join(root, N.DEMO_REF_FILE));
    expect(bytes.length).toBe(sourceFile.size);
    expect(md5b64(bytes)).toBe(sourceFile.digest);
    expect(storageRequestsWithAuth()).toEqual([]);
  });

  it('Verify\'s "download missing" fetches a missing reference from the referenced artifact too', async () => {
    const v = await versionOf(N.DEMO_REF_COLLECTION);
    const root = path.join(work, 'ref-missing');
    expect((await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client)).failed).toEqual([]);
    await rm(path.join(root, N.DEMO_REF_FILE));
    const missing = await verifyFolder(root, (await api.artifactManifest(v.id)).entries);
    expect(missing.missing).toEqual([N.DEMO_REF_FILE]);
    const r = await downloadFiles(await planArtifactPaths(api, v.id, root, missing.missing), api.client);
    expect(r.failed).toEqual([]);
    expect(r.downloaded.map((d) => d.name)).toEqual([N.DEMO_REF_FILE]);
    expect(isClean(await verifyFolder(root, (await api.artifactManifest(v.id)).entries))).toBe(true);
  });
});

describe('local edits', () => {
  async function downloadedThenEdited(name: string) {
    addDataset(srv, name, [
      { path: 'notes.txt', blob: bufferBlob('from W&B\n', 'text/plain') },
      { path: 'data/b.txt', blob: bufferBlob('b\n', 'text/plain') },
    ]);
    const v = await versionOf(name);
    const root = path.join(work, name);
    const first = await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client);
    expect(first.downloaded).toHaveLength(2);
    await writeFile(path.join(root, 'notes.txt'), 'my edit\n');
    srv.clearRequests();
    return { v, root };
  }

  it('asks once about every changed file; "keep" leaves them and reports them kept', async () => {
    const { v, root } = await downloadedThenEdited('edited-keep');
    await rm(path.join(root, 'data/b.txt'));
    const asked: string[][] = [];
    const r = await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client, {
      onLocalChanges: async (changes) => {
        asked.push(changes.map((c) => c.name));
        return 'keep';
      },
    });
    expect(asked).toEqual([['notes.txt']]);
    expect(await readFile(path.join(root, 'notes.txt'), 'utf8')).toBe('my edit\n');
    expect(r.skipped).toMatchObject([{ name: 'notes.txt', kind: 'kept' }]);
    expect(r.downloaded.map((d) => d.name)).toEqual(['data/b.txt']);
  });

  it('"replace" puts W&B\'s copy back; "cancel" changes nothing and fetches nothing', async () => {
    const { v, root } = await downloadedThenEdited('edited-replace');
    const cancelled = await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client, { onLocalChanges: async () => 'cancel' });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.downloaded).toEqual([]);
    expect(srv.requests.filter((q) => q.origin === 'storage' && !q.path.endsWith('wandb_manifest.json'))).toEqual([]);
    expect(await readFile(path.join(root, 'notes.txt'), 'utf8')).toBe('my edit\n');

    const replaced = await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client, { onLocalChanges: async () => 'replace' });
    expect(replaced.downloaded.map((d) => d.name)).toEqual(['notes.txt']);
    expect(await readFile(path.join(root, 'notes.txt'), 'utf8')).toBe('from W&B\n');
  });
});

describe('names that only look like traversal', () => {
  it('downloads ..foo, ... and ..data/x (the SDK takes them), still refusing a/../../x', async () => {
    const payload = bufferBlob('dots\n', 'text/plain');
    const names = ['..foo', '...', '..data/x'];
    addDataset(srv, 'dotted-names', [...names.map((p) => ({ path: p, blob: payload })), { path: 'a/../../x', blob: payload }]);
    const v = await versionOf('dotted-names');
    const root = path.join(work, 'dots');
    const { plan } = await planArtifact(api, v.id, root, {});
    const r = await downloadFiles(plan, api.client);
    expect(r.downloaded.map((d) => d.name).sort()).toEqual([...names].sort());
    expect(r.failed.map((f) => f.name)).toEqual(['a/../../x']);
    expect(await listAll(work)).toEqual(names.map((n) => `dots/${n}`).sort());
  });
});

describe('remote preview (read into memory)', () => {
  it('reads a run file and an artifact file, verified, through an expired URL and wrong bytes', async () => {
    const info = await resolveRemoteFile(api, { kind: 'run', ...RUN, path: 'config.yaml' });
    srv.faults.add({ origin: 'storage', pathRegex: '/config\\.yaml$', kind: 'expired' });
    srv.faults.add({ origin: 'storage', pathRegex: '/config\\.yaml$', kind: 'corrupt' });
    const bytes = await fetchBytes(api.client, info, { baseDelayMs: 10 });
    expect(md5b64(Buffer.from(bytes))).toBe(info.md5);
    expect(Buffer.from(bytes).toString('utf8')).toContain('optimizer');
    expect(storageRequestsWithAuth()).toEqual([]);

    const v = await versionOf(N.DEMO_MANY_FILES_COLLECTION);
    const art = await resolveRemoteFile(api, { kind: 'artifact', entity: N.DEMO_USER, project: N.DEMO_PROJECT, collection: v.collection, version: v.version, path: 'images/00007.png' });
    const png = Buffer.from(await fetchBytes(api.client, art));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('says a missing file is not found and a reference cannot be previewed', async () => {
    await expect(resolveRemoteFile(api, { kind: 'run', ...RUN, path: 'nope.txt' })).rejects.toMatchObject({ kind: 'notFound' });
    const v = await versionOf(N.DEMO_BIG_COLLECTION);
    await expect(
      resolveRemoteFile(api, { kind: 'artifact', entity: N.DEMO_USER, project: N.DEMO_PROJECT, collection: v.collection, version: v.version, path: 'raw/mnist.tar.gz' }),
    ).rejects.toThrow(/reference/);
  });
});
