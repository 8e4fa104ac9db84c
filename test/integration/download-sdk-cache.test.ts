/**
 * The W&B SDK's artifact cache, shared with the download engine: files land there under the
 * SDK's layout after they were checked, and a file found there is copied instead of fetched.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WandbApi } from '../../src/api/wandb-api';
import { downloadFiles } from '../../src/api/download/engine';
import { SdkArtifactCache, sdkCacheDir } from '../../src/api/download/sdk-cache';
import { planArtifact } from '../../src/api/download/sources';
import { bufferBlob } from '../server/blob';
import * as N from '../server/demo-names';
import { addDataset, apiFor, useDevServer, useTempFolder } from './dev-server';

const srv = useDevServer();
const folder = useTempFolder('wbdl-cache-');
let api: WandbApi;
let work: string;

const hexMd5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
/** Requests for file bodies (the manifest, also on the storage origin, is not one). */
const storageGets = () => srv.requests.filter((r) => r.origin === 'storage' && !r.path.includes('manifest'));

beforeAll(() => {
  api = apiFor(srv);
});
beforeEach(() => {
  work = folder.path;
});

async function dataset(name: string, files: Record<string, string>) {
  addDataset(
    srv,
    name,
    Object.entries(files).map(([p, text]) => ({ path: p, blob: bufferBlob(text, 'text/plain') })),
  );
  return api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name, alias: 'latest' });
}

describe("the SDK's artifact cache", () => {
  it('is $WANDB_CACHE_DIR, else the platform cache folder + wandb, as platformdirs names it', () => {
    expect(sdkCacheDir({ WANDB_CACHE_DIR: '/c' }, 'linux', '/home/u')).toBe('/c');
    expect(sdkCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/wandb');
    expect(sdkCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/wandb');
    expect(sdkCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/wandb');
    expect(sdkCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Local\\wandb\\wandb\\Cache');
  });

  it('keeps checked files under obj/md5/<hex[:2]>/<hex[2:]> with mode 0666 less the umask, then copies them into a second folder without a storage request', async () => {
    const files = { 'a.txt': 'alpha\n', 'sub/b.txt': 'beta\n', 'sub/c.txt': 'gamma\n' };
    const v = await dataset('cache-shared', files);
    const cache = new SdkArtifactCache(path.join(work, 'wandb-cache'));
    const first = path.join(work, 'first');
    const r1 = await downloadFiles((await planArtifact(api, v.id, first, {})).plan, api.client, { sdkCache: cache });
    expect(r1.failed).toEqual([]);
    expect(r1.downloaded.filter((d) => d.fromCache)).toEqual([]);
    const umask = process.umask(0o022);
    process.umask(umask);
    for (const text of Object.values(files)) {
      const hex = hexMd5(text);
      const p = path.join(work, 'wandb-cache', 'artifacts', 'obj', 'md5', hex.slice(0, 2), hex.slice(2));
      expect(await readFile(p, 'utf8')).toBe(text);
      expect((await stat(p)).mode & 0o777).toBe(0o666 & ~umask);
    }
    expect(await readdir(path.join(work, 'wandb-cache', 'artifacts', 'tmp'))).toEqual([]);

    srv.clearRequests();
    const second = path.join(work, 'second');
    const r2 = await downloadFiles((await planArtifact(api, v.id, second, {})).plan, api.client, { sdkCache: cache });
    expect(r2.failed).toEqual([]);
    expect(r2.downloaded.map((d) => d.fromCache)).toEqual([true, true, true]);
    expect(storageGets()).toEqual([]);
    for (const [name, text] of Object.entries(files)) expect(await readFile(path.join(second, name), 'utf8')).toBe(text);
  });

  it('writes a large file into the cache as its bytes arrive (resumed after a reset too), and keeps nothing of a corrupt one', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 151 + 3) & 0xff;
    addDataset(srv, 'cache-large', [
      { path: 'big.bin', blob: bufferBlob(big, 'application/octet-stream') },
      { path: 'bad.bin', blob: bufferBlob(big.subarray(1), 'application/octet-stream') },
    ]);
    const v = await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: 'cache-large', alias: 'latest' });
    const cacheDir = path.join(work, 'large-cache');
    const root = path.join(work, 'large');
    srv.faults.add({ origin: 'storage', pathRegex: '/big\\.bin$', kind: 'reset', afterBytes: 1_500_000 });
    srv.faults.add({ origin: 'storage', pathRegex: '/bad\\.bin$', kind: 'corrupt', times: -1 });
    const r = await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client, {
      sdkCache: new SdkArtifactCache(cacheDir),
      // The worker thread hashes it, as a file of hundreds of MB.
      hashOnWorkerFrom: 1024 * 1024,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    expect(r.downloaded.map((d) => d.name)).toEqual(['big.bin']);
    expect(r.failed).toMatchObject([{ name: 'bad.bin', kind: 'integrity' }]);
    expect(srv.requests.some((q) => q.origin === 'storage' && q.path.endsWith('/big.bin') && q.headers.range === 'bytes=1500000-')).toBe(true);
    const hex = hexMd5(big);
    const objects = path.join(cacheDir, 'artifacts', 'obj', 'md5');
    expect((await readFile(path.join(objects, hex.slice(0, 2), hex.slice(2)))).equals(big)).toBe(true);
    expect((await readFile(path.join(root, 'big.bin'))).equals(big)).toBe(true);
    // Only the checked file: nothing of the corrupt one, in the cache or beside its name.
    expect(await readdir(objects, { recursive: true })).toEqual([hex.slice(0, 2), path.join(hex.slice(0, 2), hex.slice(2))]);
    expect(await readdir(path.join(cacheDir, 'artifacts', 'tmp'))).toEqual([]);
    expect(await readdir(root)).toEqual(['big.bin']);
  });

  it('uses a file the SDK put there, and fetches one whose cached size is wrong', async () => {
    const v = await dataset('cache-from-sdk', { 'x.txt': 'from the sdk\n', 'y.txt': 'sized wrong\n' });
    const cacheDir = path.join(work, 'sdk-cache');
    const put = async (text: string, content: string) => {
      const hex = hexMd5(text);
      await mkdir(path.join(cacheDir, 'artifacts', 'obj', 'md5', hex.slice(0, 2)), { recursive: true });
      await writeFile(path.join(cacheDir, 'artifacts', 'obj', 'md5', hex.slice(0, 2), hex.slice(2)), content);
    };
    await put('from the sdk\n', 'from the sdk\n');
    await put('sized wrong\n', 'short');
    const root = path.join(work, 'dest');
    const r = await downloadFiles((await planArtifact(api, v.id, root, {})).plan, api.client, { sdkCache: new SdkArtifactCache(cacheDir) });
    expect(r.failed).toEqual([]);
    expect(Object.fromEntries(r.downloaded.map((d) => [d.name, !!d.fromCache]))).toEqual({ 'x.txt': true, 'y.txt': false });
    expect(storageGets()).toHaveLength(1);
    expect(await readFile(path.join(root, 'y.txt'), 'utf8')).toBe('sized wrong\n');
  });
});
