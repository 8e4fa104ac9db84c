/**
 * The download engine's fast paths against the dev server: file bodies over `node:http` with
 * keep-alive (faults, redirects, cancellation) and the checksum records that let an unchanged
 * download skip files without reading them, and never let a changed file pass.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { downloadFiles } from '../../src/api/download/engine';
import { FileChecksumCache } from '../../src/api/download/checksum-cache';
import { planArtifact } from '../../src/api/download/sources';
import { isClean, verifyFolder } from '../../src/api/download/verify';
import { bufferBlob } from '../server/blob';
import * as N from '../server/demo-names';
import { addDataset, apiFor, clientFor, notedWaits, useDevServer, useTempFolder } from './dev-server';

const srv = useDevServer();
const folder = useTempFolder('wbdl-fast-');
let api: WandbApi;
let work: string;

const fast = { retry: { baseDelayMs: 20, maxDelayMs: 2000 } };
const run = (cmd: string, args: string[]) => new Promise<void>((resolve, reject) => execFile(cmd, args, (e) => (e ? reject(e) : resolve())));
const md5b64 = (b: Buffer) => createHash('md5').update(b).digest('base64');

/** Every file under `root`, `/`-separated, temp files included. */
async function listAll(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isDirectory()) out.push(path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  }
  return out.sort();
}

/**
 * Waits until the file system stamps change times later than `ms` (its clock ticks coarsely), so
 * a file written next is sure to have a change time of its own.
 */
async function untilChangeTimeMovesPast(ms: number): Promise<void> {
  const probe = path.join(work, 'change-time-probe');
  for (;;) {
    await writeFile(probe, '');
    if ((await stat(probe)).ctimeMs > ms) return rm(probe);
  }
}

function storageRequestsWithAuth() {
  return srv.requests.filter((r) => r.origin === 'storage' && r.headers.authorization !== undefined);
}

/** An artifact of its own with a 3 MiB file (streamed, resumable) and two small ones. */
async function addArtifact(name: string) {
  const big = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 131 + 7) & 0xff;
  addDataset(srv, name, [
    { path: 'big.bin', blob: bufferBlob(big, 'application/octet-stream') },
    { path: 'a/one.txt', blob: bufferBlob('one\n', 'text/plain') },
    { path: 'a/two.txt', blob: bufferBlob('two two\n', 'text/plain') },
  ]);
  const v = await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name, alias: 'latest' });
  return { v, big };
}

beforeAll(() => {
  api = apiFor(srv);
});
beforeEach(() => {
  work = folder.path;
});

describe('file bodies over node:http', () => {
  it('resumes a large file after a reset with a Range request, and refetches small ones whole', async () => {
    const { v, big } = await addArtifact('fast-reset');
    const root = path.join(work, 'reset');
    const { plan } = await planArtifact(api, v.id, root, {});
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'reset', afterBytes: 1_500_000 });
    srv.faults.add({ origin: 'storage', pathRegex: '/one\\.txt$', kind: 'reset', afterBytes: 2 });
    // big.bin hashed on the worker thread: the hash goes on across the resumed request
    const r = await downloadFiles(plan, api.client, { ...fast, hashOnWorkerFrom: 2 * 1024 * 1024 });
    expect(r.failed).toEqual([]);
    expect(r.downloaded.length).toBe(3);
    expect((await readFile(path.join(root, 'big.bin'))).equals(big)).toBe(true); // toEqual on MBs is slow
    expect(await readFile(path.join(root, 'a/one.txt'), 'utf8')).toBe('one\n');
    const ranges = srv.requests.filter((q) => q.origin === 'storage' && q.headers.range).map((q) => [path.posix.basename(q.path), q.headers.range]);
    expect(ranges).toHaveLength(1);
    expect(ranges[0]![0]).toBe('big.bin');
    expect(Number(/^bytes=(\d+)-$/.exec(ranges[0]![1]!)?.[1])).toBeGreaterThan(0);
    expect(await listAll(root)).toEqual(['a/one.txt', 'a/two.txt', 'big.bin']);
    expect(storageRequestsWithAuth()).toEqual([]);
  });

  it('gets through truncation, wrong bytes, 429 with Retry-After and an expired URL', async () => {
    const { v, big } = await addArtifact('fast-faults');
    const root = path.join(work, 'faults');
    const { plan, manifest } = await planArtifact(api, v.id, root, {});
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'truncate' });
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'corrupt' });
    srv.faults.add({ origin: 'storage', pathRegex: '/one\\.txt$', kind: 'status', status: 429, retryAfter: 1 });
    srv.faults.add({ origin: 'storage', pathRegex: '/two\\.txt$', kind: 'expired' });
    const { sleep, waits } = notedWaits();
    // big.bin hashed on the worker thread: a mismatch starts its hash over
    const r = await downloadFiles(plan, api.client, { ...fast, sleep, hashOnWorkerFrom: 2 * 1024 * 1024 });
    expect(r.failed).toEqual([]);
    expect(waits).toContain(1000); // Retry-After: 1 was honoured
    expect(md5b64(await readFile(path.join(root, 'big.bin')))).toBe(md5b64(big));
    expect(isClean(await verifyFolder(root, manifest.entries))).toBe(true);
    const faulted = srv.requests.filter((q) => q.faults.length > 0).flatMap((q) => q.faults);
    expect(faulted.sort()).toEqual(['corrupt', 'expired', 'status', 'truncate']);
    // the expired URL was refreshed through the API
    expect(srv.requests.some((q) => q.operationName === 'ArtifactFiles' && JSON.stringify(q.variables).includes('a/two.txt'))).toBe(true);
    expect(storageRequestsWithAuth()).toEqual([]);
  });

  it('reports a file whose bytes keep arriving wrong, leaving no partial file', async () => {
    const { v } = await addArtifact('fast-corrupt');
    const root = path.join(work, 'corrupt');
    const { plan } = await planArtifact(api, v.id, root, {});
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'corrupt', times: -1 });
    srv.faults.add({ origin: 'api', pathRegex: '/big\\.bin$', kind: 'corrupt', times: -1 });
    const r = await downloadFiles(plan, api.client, { ...fast, hashOnWorkerFrom: 2 * 1024 * 1024 });
    expect(r.failed).toMatchObject([{ name: 'big.bin', kind: 'integrity' }]);
    expect(await listAll(root)).toEqual(['a/one.txt', 'a/two.txt']);
  });

  it('cancels: aborts the transfer in flight, deletes its temp file, keeps finished files', async () => {
    const { v } = await addArtifact('fast-cancel');
    const root = path.join(work, 'cancel');
    const { plan } = await planArtifact(api, v.id, root, {});
    // The server's clock stands still: big.bin sends its first bytes, then waits.
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'trickle', bytesPerSecond: 200_000 });
    const controller = new AbortController();
    const p = downloadFiles(plan, api.client, { signal: controller.signal });
    // Cancel once the small files are done and big.bin is being written to its temp file.
    await vi.waitFor(async () => {
      const files = await listAll(root);
      expect(files).toEqual(expect.arrayContaining(['a/one.txt', 'a/two.txt']));
      expect(files).toHaveLength(3);
      expect(srv.clock.waiting).toBe(1);
    });
    controller.abort();
    const r = await p;
    expect(r.cancelled).toBe(true);
    expect(r.downloaded.map((d) => d.name).sort()).toEqual(['a/one.txt', 'a/two.txt']);
    expect(r.failed).toEqual([]);
    expect(await listAll(root)).toEqual(['a/one.txt', 'a/two.txt']);
  });

  it('follows a redirect from the API origin to storage without carrying the API key', async () => {
    // A stand-in for the W&B server that answers file URLs with a redirect to presigned storage.
    const { v } = await addArtifact('fast-redirect');
    const real = await planArtifact(api, v.id, path.join(work, 'x'), {});
    const urls = await api.artifactFiles(v.id, { first: 10 });
    const byName = new Map(urls.items.map((f) => [f.name, f.directUrl]));
    const seen: Array<{ url?: string; auth?: string }> = [];
    const front: Server = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      const name = decodeURIComponent((req.url ?? '').replace(/^\/file\//, ''));
      res.writeHead(302, { location: byName.get(name) ?? '/nope' }).end();
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const client = clientFor({ baseUrl: base, apiKey: srv.apiKey });
      const root = path.join(work, 'redirect');
      const items = real.plan.items.map((i) => ({ ...i, url: `${base}/file/${encodeURIComponent(i.name)}` }));
      srv.clearRequests();
      const r = await downloadFiles({ root, items }, client, fast);
      expect(r.failed).toEqual([]);
      expect(r.downloaded.length).toBe(3);
      // the API origin got the key, the storage origin after the redirect did not
      expect(seen.length).toBe(3);
      expect(seen.every((s) => s.auth?.startsWith('Basic '))).toBe(true);
      expect(srv.requests.filter((q) => q.origin === 'storage').length).toBe(3);
      expect(storageRequestsWithAuth()).toEqual([]);
    } finally {
      await new Promise((r) => front.close(r));
    }
  });

  it('downloads the same files over fetch when asked to (fileTransport: fetch)', async () => {
    const { v, big } = await addArtifact('fast-fetch');
    const client = clientFor(srv, { fileTransport: 'fetch' });
    const root = path.join(work, 'fetch');
    const { plan } = await planArtifact(new WandbApi(client), v.id, root, {});
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'reset', afterBytes: 1_500_000 });
    const r = await downloadFiles(plan, client, fast);
    expect(r.failed).toEqual([]);
    expect((await readFile(path.join(root, 'big.bin'))).equals(big)).toBe(true); // toEqual on MBs is slow
    expect(srv.requests.some((q) => q.origin === 'storage' && q.headers.range)).toBe(true);
  });
});

describe('checksum records', () => {
  it('skips an unchanged download without reading the files, and keeps its records outside the folder', async () => {
    const v = await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: N.DEMO_MANY_FILES_COLLECTION, alias: 'latest' });
    const root = path.join(work, 'images');
    const records = path.join(work, 'records');
    const checksums = new FileChecksumCache(records);
    const { plan, manifest } = await planArtifact(api, v.id, root, {});
    srv.clearRequests();
    const first = await downloadFiles(plan, api.client, { checksums });
    expect(first.failed).toEqual([]);
    expect(first.downloaded.length).toBe(N.DEMO_MANY_FILES_COUNT);
    // URLs come a short page first (fetching starts with it), then pages four times larger
    // each (files stay in flight while the next is listed), never above the SDK's batch of 5,000.
    const listings = srv.requests.filter((q) => q.operationName === 'ArtifactFileUrls');
    expect(listings.map((q) => (q.variables as { first?: number }).first)).toEqual([100, 400, 1600]);
    // Only names and presigned URLs, as the SDK lists them: the full records are for refreshes.
    expect(srv.requests.filter((q) => q.operationName === 'ArtifactFiles')).toEqual([]);
    expect(await readdir(records)).toHaveLength(1);
    // nothing of the records in the destination: Verify finds no extra file
    expect(isClean(await verifyFolder(root, manifest.entries))).toBe(true);

    srv.clearRequests();
    // A new cache object reads the records from disk, as after a restart.
    const again = await downloadFiles(plan, api.client, { checksums: new FileChecksumCache(records) });
    expect(again.skipped.length).toBe(N.DEMO_MANY_FILES_COUNT);
    expect(again.skipped.every((s) => s.reason.includes('same size and times'))).toBe(true);
    expect(srv.requests.filter((q) => q.operationName === 'ArtifactFiles' || q.operationName === 'ArtifactFileUrls' || q.origin === 'storage')).toEqual([]);
  }, 120_000);

  it.skipIf(process.platform === 'win32')('never lets a changed file pass: same size rewritten with its old times, replaced, grown', async () => {
    const { v } = await addArtifact('fast-records');
    const root = path.join(work, 'records-dest');
    const checksums = new FileChecksumCache(path.join(work, 'records'));
    const { plan, manifest } = await planArtifact(api, v.id, root, {});
    const first = await downloadFiles(plan, api.client, { checksums });
    expect(first.downloaded.length).toBe(3);

    // Same size, different bytes, modification time set back exactly: the change time still moved.
    const one = path.join(root, 'a/one.txt');
    const before = await stat(one);
    const saved = path.join(work, 'saved-times');
    await writeFile(saved, '');
    await run('touch', ['-r', one, saved]);
    await untilChangeTimeMovesPast(before.ctimeMs);
    await writeFile(one, 'ONE\n');
    await run('touch', ['-r', saved, one]);
    expect((await stat(one)).mtimeMs).toBe(before.mtimeMs);
    // Replaced by another file of the same size (new inode).
    const two = path.join(root, 'a/two.txt');
    await rm(two);
    await writeFile(two, 'TWO TWO\n');
    // Grown.
    await writeFile(path.join(root, 'big.bin'), Buffer.from('x'), { flag: 'a' });

    srv.clearRequests();
    const again = await downloadFiles(plan, api.client, { checksums });
    expect(again.failed).toEqual([]);
    expect(again.downloaded.map((d) => d.name).sort()).toEqual(['a/one.txt', 'a/two.txt', 'big.bin']);
    expect(isClean(await verifyFolder(root, manifest.entries))).toBe(true);

    // And now all three are recorded again: a third run reads nothing.
    const third = await downloadFiles(plan, api.client, { checksums });
    expect(third.skipped.map((s) => s.reason.includes('same size and times'))).toEqual([true, true, true]);
  });

  it('hashes a file on disk it has no record of, then records it', async () => {
    const { v } = await addArtifact('fast-adopt');
    const root = path.join(work, 'adopt');
    const { plan } = await planArtifact(api, v.id, root, {});
    await downloadFiles(plan, api.client); // no records kept
    const checksums = new FileChecksumCache(path.join(work, 'records'));
    const second = await downloadFiles(plan, api.client, { checksums });
    expect(second.skipped.map((s) => s.reason)).toEqual(Array(3).fill('already downloaded (same MD5)'));
    const third = await downloadFiles(plan, api.client, { checksums });
    expect(third.skipped.every((s) => s.reason.includes('same size and times'))).toBe(true);
  });
});
