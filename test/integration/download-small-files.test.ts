/**
 * Small files' lean first attempt (small-fetch) against the dev server: one GET collected whole
 * and checked before any write; every failure goes on through ResumableFetch with the same
 * retries, waits and checks as before. Enough files that the placing worker threads are used.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFiles } from '../../src/api/download/engine';
import { planArtifact } from '../../src/api/download/sources';
import { isClean, verifyFolder } from '../../src/api/download/verify';
import type { WandbApi } from '../../src/api/wandb-api';
import { bufferBlob } from '../server/blob';
import * as N from '../server/demo-names';
import { addDataset, apiFor, notedWaits, useDevServer, useTempFolder } from './dev-server';

const srv = useDevServer();
const folder = useTempFolder('wbdl-small-');
let api: WandbApi;

const FILES = 80;
const bodyOf = (i: number) => Buffer.from(`file ${i} `.repeat(40 + i));

/** An artifact of FILES small files, f/00.txt … f/79.txt. */
async function addSmallFiles(name: string) {
  addDataset(
    srv,
    name,
    Array.from({ length: FILES }, (_, i) => ({ path: `f/${String(i).padStart(2, '0')}.txt`, blob: bufferBlob(bodyOf(i), 'text/plain') })),
  );
  const v = await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name, alias: 'latest' });
  return planArtifact(api, v.id, path.join(folder.path, name), {});
}

const storageGets = (file: string) => srv.requests.filter((q) => q.origin === 'storage' && q.path.endsWith(`/${file}`)).length;

beforeAll(() => {
  api = apiFor(srv);
});
beforeEach(() => {
  srv.clearRequests();
});

describe('small files, lean first attempt', () => {
  it('rejects a small file whose bytes keep arriving wrong: nothing under its name, no temp file', async () => {
    const { plan } = await addSmallFiles('small-corrupt');
    srv.faults.add({ origin: 'storage', pathRegex: '/07\\.txt$', kind: 'corrupt', times: -1 });
    srv.faults.add({ origin: 'api', pathRegex: '/07\\.txt$', kind: 'corrupt', times: -1 });
    const r = await downloadFiles(plan, api.client, { integrityAttempts: 3 });
    expect(r.failed).toMatchObject([{ name: 'f/07.txt', kind: 'integrity' }]);
    expect(r.downloaded).toHaveLength(FILES - 1);
    const left = await readdir(path.join(plan.root, 'f'));
    expect(left).toHaveLength(FILES - 1);
    expect(left).not.toContain('07.txt');
    // three attempts in all, the lean one counted among them
    expect(storageGets('07.txt')).toBe(3);
  });

  it('retries a 500 after the usual wait, then puts the file in place', async () => {
    const { plan, manifest } = await addSmallFiles('small-500');
    srv.faults.add({ origin: 'storage', pathRegex: '/12\\.txt$', kind: 'status', status: 500 });
    srv.faults.add({ origin: 'storage', pathRegex: '/13\\.txt$', kind: 'status', status: 503, retryAfter: 2 });
    const { sleep, waits } = notedWaits();
    const r = await downloadFiles(plan, api.client, { sleep, retry: { baseDelayMs: 100, maxDelayMs: 5000 } });
    expect(r.failed).toEqual([]);
    expect(r.downloaded).toHaveLength(FILES);
    expect(await readFile(path.join(plan.root, 'f/12.txt'))).toEqual(bodyOf(12));
    expect(storageGets('12.txt')).toBe(2);
    // one backoff wait for the 500, and the Retry-After of the 503
    expect(waits).toHaveLength(2);
    expect(waits).toContain(2000);
    expect(isClean(await verifyFolder(plan.root, manifest.entries))).toBe(true);
  });

  it('fetches again whole after a cut, a body too long and wrong bytes once', async () => {
    const { plan, manifest } = await addSmallFiles('small-faults');
    srv.faults.add({ origin: 'storage', pathRegex: '/20\\.txt$', kind: 'truncate' });
    srv.faults.add({ origin: 'storage', pathRegex: '/21\\.txt$', kind: 'reset', afterBytes: 5 });
    srv.faults.add({ origin: 'storage', pathRegex: '/22\\.txt$', kind: 'pad', bytes: 10 });
    srv.faults.add({ origin: 'storage', pathRegex: '/23\\.txt$', kind: 'corrupt' });
    srv.faults.add({ origin: 'storage', pathRegex: '/24\\.txt$', kind: 'expired' });
    const { sleep } = notedWaits();
    const r = await downloadFiles(plan, api.client, { sleep });
    expect(r.failed).toEqual([]);
    expect(isClean(await verifyFolder(plan.root, manifest.entries))).toBe(true);
    for (const f of ['20', '21', '22', '23']) expect(storageGets(`${f}.txt`)).toBe(2);
    // no Range request: a small file's bytes were only in memory
    expect(srv.requests.some((q) => q.origin === 'storage' && q.headers.range)).toBe(false);
    // the expired URL was refreshed through the API
    expect(srv.requests.some((q) => q.operationName === 'ArtifactFiles' && JSON.stringify(q.variables).includes('f/24.txt'))).toBe(true);
  });

  it('gives up on a body that stalls and tries again', async () => {
    const { plan, manifest } = await addSmallFiles('small-stall');
    // The server's clock stands still: the file sends its first bytes, then waits.
    srv.faults.add({ origin: 'storage', pathRegex: '/30\\.txt$', kind: 'trickle', bytesPerSecond: 10 });
    const r = await downloadFiles(plan, api.client, { stallTimeoutMs: 300, retry: { baseDelayMs: 1 } });
    expect(r.failed).toEqual([]);
    expect(storageGets('30.txt')).toBe(2);
    expect(isClean(await verifyFolder(plan.root, manifest.entries))).toBe(true);
  });

  it('counts every byte once in the progress', async () => {
    const { plan } = await addSmallFiles('small-progress');
    srv.faults.add({ origin: 'storage', pathRegex: '/40\\.txt$', kind: 'corrupt' });
    const seen: number[] = [];
    const r = await downloadFiles(plan, api.client, { onProgress: (p) => seen.push(p.bytesReceived) });
    const total = Array.from({ length: FILES }, (_, i) => bodyOf(i).length).reduce((a, b) => a + b, 0);
    expect(r.bytes).toBe(total);
    expect(seen.at(-1)).toBe(total);
    expect(createHash('md5').update(await readFile(path.join(plan.root, 'f/40.txt'))).digest()).toEqual(createHash('md5').update(bodyOf(40)).digest());
  });

  it("logs each file's GET below the default level and the download's outcome at it, the key in neither", async () => {
    const { plan } = await addSmallFiles('small-logged');
    srv.faults.add({ origin: 'storage', pathRegex: '/03\\.txt$', kind: 'status', status: 500, times: 1 });
    const lines: Record<'debug' | 'info' | 'warn' | 'error', string[]> = { debug: [], info: [], warn: [], error: [] };
    const logger = { debug: (m: string) => lines.debug.push(m), info: (m: string) => lines.info.push(m), warn: (m: string) => lines.warn.push(m), error: (m: string) => lines.error.push(m) };
    const logged = apiFor(srv, { logger });
    const { sleep } = notedWaits();
    const r = await downloadFiles(plan, logged.client, { sleep, log: logger });
    expect(r.downloaded).toHaveLength(FILES);
    // One line per file GET that answered: every file, the one retried after its 500 included.
    expect(lines.debug.filter((l) => /^GET file \S+ 200 \d+ms$/.test(l))).toHaveLength(FILES);
    expect(lines.info.filter((l) => l.startsWith('GET'))).toEqual([]);
    // The signed URL's query is never shown.
    expect(lines.warn.filter((l) => /^GET file \S+\/03\.txt\?… 500 \d+ms$/.test(l))).toHaveLength(1);
    expect(lines.info.filter((l) => l.startsWith(`download into ${plan.root}: ${FILES} downloaded`))).toHaveLength(1);
    for (const l of Object.values(lines).flat()) expect(l).not.toContain(srv.apiKey);
  });
});
