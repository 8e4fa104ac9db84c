import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFiles, summarize, type DownloadItem, type Fetcher } from '../../src/api/download/engine';
import { MemoryChecksumCache } from '../../src/api/download/checksum-cache';
import { SdkArtifactCache } from '../../src/api/download/sdk-cache';
import { errorFromStatus } from '../../src/api/errors';

const API = 'https://api.test';
const STORE = 'https://storage.test';

const u8 = (b: Buffer) => new Uint8Array(b);
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const bytes = (n: number, seed = 1) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

type Handler = (init: { headers: Record<string, string>; signal?: AbortSignal }, n: number) => Response | Promise<Response>;

/** A fetcher over handlers keyed by URL; statuses >= 400 throw like WandbClient.get. */
function fakeFetcher(routes: Record<string, Handler>) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const counts = new Map<string, number>();
  const f: Fetcher & { calls: typeof calls } = {
    calls,
    isOwnOrigin: (u) => new URL(u).origin === API,
    async get(url, init = {}) {
      const headers = init.headers ?? {};
      calls.push({ url, headers });
      const h = routes[url];
      if (!h) throw errorFromStatus(404, '', { host: new URL(url).host });
      const n = (counts.get(url) ?? 0) + 1;
      counts.set(url, n);
      if (init.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      const res = await h({ headers, signal: init.signal }, n);
      if (!res.ok) throw errorFromStatus(res.status, await res.text(), { host: new URL(url).host, retryAfterMs: res.headers.get('retry-after') ? Number(res.headers.get('retry-after')) * 1000 : undefined });
      return res;
    },
  };
  return f;
}

/** Serves `data`, honouring `Range: bytes=N-`. */
const serve = (data: Buffer): Handler => ({ headers }) => {
  const m = /^bytes=(\d+)-$/.exec(headers.Range ?? '');
  if (m) {
    const from = Number(m[1]);
    return new Response(u8(data.subarray(from)), { status: 206, headers: { 'content-range': `bytes ${from}-${data.length - 1}/${data.length}` } });
  }
  return new Response(u8(data));
};

/** A body that sends `n` bytes of `data` and then fails like a reset connection. */
const resetAfter = (data: Buffer, n: number) =>
  new Response(
    new ReadableStream<Uint8Array>({
      sent: false,
      pull(c) {
        if (!this.sent) {
          this.sent = true;
          c.enqueue(new Uint8Array(data.subarray(0, n)));
        } else c.error(Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } }));
      },
    } as UnderlyingDefaultSource<Uint8Array> & { sent: boolean }),
  );

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wbdl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listAll(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile() || e.isSymbolicLink()) out.push(path.relative(root, path.join(e.parentPath, e.name)));
  }
  return out.sort();
}

/** Byte-for-byte (toEqual walks a Buffer element by element: seconds per megabyte). */
async function expectFileBytes(file: string, want: Buffer): Promise<void> {
  const got = await readFile(file);
  expect(got.length).toBe(want.length);
  expect(got.equals(want), `${file} holds other bytes`).toBe(true);
}

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 50 } };

describe('downloadFiles', () => {
  it('downloads, verifies and places files, keeping their folders', async () => {
    const a = bytes(100_000);
    const b = Buffer.from('hello');
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a), [`${API}/files/b`]: serve(b) });
    const items: DownloadItem[] = [
      { name: 'media/images/a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a`, url: `${API}/files/a` },
      { name: 'b.txt', size: b.length, md5: md5(b), url: `${API}/files/b` },
    ];
    const seen: number[] = [];
    const r = await downloadFiles({ root: dir, items }, f, { onProgress: (p) => seen.push(p.filesDone) });
    expect(r.downloaded.map((d) => d.name).sort()).toEqual(['b.txt', 'media/images/a.bin']);
    expect(r.failed).toEqual([]);
    expect(r.bytes).toBe(a.length + b.length);
    await expectFileBytes(path.join(dir, 'media/images/a.bin'), a);
    expect(await listAll(dir)).toEqual(['b.txt', 'media/images/a.bin']);
    expect(seen.at(-1)).toBe(2);
    expect(summarize(r)).toMatch(/^2 downloaded, 97.7 KB in /);
    // presigned URL preferred over the API URL
    expect(f.calls.map((c) => c.url)).toContain(`${STORE}/a`);
    expect(f.calls.map((c) => c.url)).not.toContain(`${API}/files/a`);
  });

  it('keeps many small files in flight and only a few large ones, within the bound', async () => {
    const small = bytes(10_000);
    const large = bytes(2 * 1024 * 1024 + 1);
    let inFlight = { small: 0, large: 0 };
    const peak = { small: 0, large: 0, all: 0 };
    const routes: Record<string, Handler> = {};
    const gate = (kind: 'small' | 'large', data: Buffer): Handler => async () => {
      inFlight = { ...inFlight, [kind]: inFlight[kind] + 1 };
      peak[kind] = Math.max(peak[kind], inFlight[kind]);
      peak.all = Math.max(peak.all, inFlight.small + inFlight.large);
      // Every request waits for the others queued with it, so the peak is what the limits allow.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      inFlight = { ...inFlight, [kind]: inFlight[kind] - 1 };
      return new Response(u8(data));
    };
    const items: DownloadItem[] = [];
    for (let i = 0; i < 6; i++) {
      routes[`${STORE}/l${i}`] = gate('large', large);
      items.push({ name: `large/${i}.bin`, size: large.length, md5: md5(large), directUrl: `${STORE}/l${i}` });
    }
    for (let i = 0; i < 60; i++) {
      routes[`${STORE}/s${i}`] = gate('small', small);
      items.push({ name: `small/${i}.bin`, size: small.length, md5: md5(small), directUrl: `${STORE}/s${i}` });
    }
    const r = await downloadFiles({ root: dir, items }, fakeFetcher(routes));
    expect(r.failed).toEqual([]);
    expect(r.downloaded).toHaveLength(66);
    expect(peak.large).toBe(4);
    expect(peak.all).toBe(32);

    Object.assign(peak, { small: 0, large: 0, all: 0 });
    const bounded = await downloadFiles({ root: path.join(dir, 'bounded'), items }, fakeFetcher(routes), { concurrency: 3 });
    expect(bounded.downloaded).toHaveLength(66);
    expect(peak.all).toBe(3);
  });

  it('puts many small files into place with their checksum records and copies in the SDK cache', async () => {
    const routes: Record<string, Handler> = {};
    const items: DownloadItem[] = [];
    for (let i = 0; i < 100; i++) {
      const data = bytes(5_000 + i, i);
      routes[`${STORE}/m${i}`] = serve(data);
      items.push({ name: `many/${i % 3}/${i}.bin`, size: data.length, md5: md5(data), directUrl: `${STORE}/m${i}` });
    }
    const checksums = new MemoryChecksumCache();
    const sdkCache = new SdkArtifactCache(path.join(dir, 'wandb-cache'));
    const root = path.join(dir, 'dest');
    const r = await downloadFiles({ root, items }, fakeFetcher(routes), { checksums, sdkCache });
    expect(r.failed).toEqual([]);
    expect(r.downloaded).toHaveLength(100);
    for (let i = 0; i < 100; i++) {
      await expectFileBytes(path.join(root, 'many', String(i % 3), `${i}.bin`), bytes(5_000 + i, i));
      expect(await readFile(sdkCache.pathOf(Buffer.from(items[i]!.md5!, 'base64')))).toHaveLength(5_000 + i);
    }
    expect((await listAll(root)).filter((n) => n.endsWith('.wandb-partial'))).toEqual([]);
    // Again: every file known unchanged from its record, none read or fetched.
    const f = fakeFetcher(routes);
    const again = await downloadFiles({ root, items }, f, { checksums, sdkCache });
    expect(again.skipped.map((s) => s.reason)).toEqual(Array(100).fill('already downloaded (same size and times as when its MD5 was checked)'));
    expect(f.calls).toEqual([]);
  });

  it('skips files already there with the same MD5 without asking the server', async () => {
    const a = Buffer.from('same content');
    await writeFile(path.join(dir, 'a.txt'), a);
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.txt', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f);
    expect(r.skipped).toMatchObject([{ name: 'a.txt', kind: 'unchanged' }]);
    expect(f.calls).toHaveLength(0);
  });

  it('replaces a changed local file', async () => {
    const a = Buffer.from('new content');
    await writeFile(path.join(dir, 'a.txt'), 'old content');
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.txt', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f);
    expect(r.downloaded).toHaveLength(1);
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('new content');
  });

  it('retries wrong bytes and then reports an MD5 mismatch, leaving nothing behind', async () => {
    const a = bytes(5000);
    const bad = Buffer.from(a);
    bad[10] = bad[10]! ^ 0xff;
    let n = 0;
    const f = fakeFetcher({ [`${STORE}/a`]: () => (++n, new Response(u8(bad))) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f, fast);
    expect(n).toBe(3);
    expect(r.failed).toMatchObject([{ name: 'a.bin', kind: 'integrity' }]);
    expect(r.failed[0]!.reason).toMatch(/MD5 mismatch/);
    expect(await listAll(dir)).toEqual([]);
  });

  it('recovers when wrong bytes come once', async () => {
    const a = bytes(5000);
    const bad = Buffer.from(a).fill(0, 0, 10);
    const f = fakeFetcher({ [`${STORE}/a`]: (_i, n) => new Response(u8(n === 1 ? bad : a)) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f, fast);
    expect(r.downloaded).toHaveLength(1);
    await expectFileBytes(path.join(dir, 'a.bin'), a);
  });

  it('resumes a large file after a reset mid-body with a Range request', async () => {
    const a = bytes(1_500_000);
    const f = fakeFetcher({ [`${STORE}/a`]: (init, n) => (n === 1 ? resetAfter(a, 700_000) : serve(a)(init, n)) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f, fast);
    expect(r.downloaded).toHaveLength(1);
    expect(f.calls[1]!.headers.Range).toBe('bytes=700000-');
    await expectFileBytes(path.join(dir, 'a.bin'), a);
    expect(r.bytes).toBe(a.length);
  });

  it('fetches a small file again from the start after a reset (its bytes were only in memory)', async () => {
    const a = bytes(200_000);
    const f = fakeFetcher({ [`${STORE}/a`]: (init, n) => (n === 1 ? resetAfter(a, 70_000) : serve(a)(init, n)) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f, fast);
    expect(r.downloaded).toHaveLength(1);
    expect(f.calls[1]!.headers.Range).toBeUndefined();
    await expectFileBytes(path.join(dir, 'a.bin'), a);
    expect(await listAll(dir)).toEqual(['a.bin']);
    expect(r.bytes).toBe(a.length);
  });

  it('starts over when the server ignores the Range header', async () => {
    const a = bytes(50_000);
    const f = fakeFetcher({ [`${STORE}/a`]: (_i, n) => (n === 1 ? resetAfter(a, 1000) : new Response(u8(a))) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f, fast);
    expect(r.downloaded).toHaveLength(1);
    await expectFileBytes(path.join(dir, 'a.bin'), a);
  });

  it('treats a body shorter than the size as a broken connection', async () => {
    const a = bytes(10_000);
    const f = fakeFetcher({ [`${STORE}/a`]: (init, n) => (n === 1 ? new Response(u8(a.subarray(0, 4000))) : serve(a)(init, n)) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a.bin', size: a.length, md5: md5(a), directUrl: `${STORE}/a` }] }, f, fast);
    expect(r.downloaded).toHaveLength(1);
    await expectFileBytes(path.join(dir, 'a.bin'), a);
  });

  it('honours Retry-After on 429', async () => {
    const a = Buffer.from('x');
    const f = fakeFetcher({ [`${STORE}/a`]: (_i, n) => (n === 1 ? new Response('slow down', { status: 429, headers: { 'retry-after': '0.2' } }) : new Response(u8(a))) });
    const t0 = Date.now();
    const r = await downloadFiles({ root: dir, items: [{ name: 'a', size: 1, md5: md5(a), directUrl: `${STORE}/a` }] }, f, { retry: { baseDelayMs: 1 } });
    expect(r.downloaded).toHaveLength(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('gives up after repeated server errors with a clear reason', async () => {
    const f = fakeFetcher({ [`${STORE}/a`]: () => new Response('oops', { status: 503 }) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a', size: 1, md5: md5('x'), directUrl: `${STORE}/a` }] }, f, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    expect(r.failed).toMatchObject([{ name: 'a', kind: 'http' }]);
    expect(r.failed[0]!.reason).toMatch(/503.*gave up after 3 attempts/);
    expect(await listAll(dir)).toEqual([]);
  });

  it('refreshes an expired presigned URL by asking the API, in batches', async () => {
    const a = Buffer.from('aaa');
    const b = Buffer.from('bbb');
    const f = fakeFetcher({
      [`${STORE}/a?old`]: () => new Response('<Error><Code>ExpiredToken</Code></Error>', { status: 403 }),
      [`${STORE}/b?old`]: () => new Response('expired', { status: 403 }),
      [`${STORE}/a?new`]: serve(a),
      [`${STORE}/b?new`]: serve(b),
    });
    const asked: string[][] = [];
    const r = await downloadFiles(
      {
        root: dir,
        items: [
          { name: 'a', size: 3, md5: md5(a), directUrl: `${STORE}/a?old` },
          { name: 'b', size: 3, md5: md5(b), directUrl: `${STORE}/b?old` },
        ],
        refreshUrls: async (names) => {
          asked.push(names);
          return new Map(names.map((n) => [n, { directUrl: `${STORE}/${n}?new` }]));
        },
      },
      f,
    );
    expect(r.downloaded).toHaveLength(2);
    // One batch for both expired files; their order depends on which 403 came back first.
    expect(asked).toHaveLength(1);
    expect([...asked[0]!].sort()).toEqual(['a', 'b']);
  });

  it('falls back to the API URL when the storage keeps refusing', async () => {
    const a = Buffer.from('aaa');
    const f = fakeFetcher({ [`${STORE}/a`]: () => new Response('no', { status: 403 }), [`${API}/files/a`]: serve(a) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a', size: 3, md5: md5(a), directUrl: `${STORE}/a`, url: `${API}/files/a` }] }, f);
    expect(r.downloaded).toHaveLength(1);
  });

  it('refuses unsafe names and writes nothing outside the destination', async () => {
    const root = path.join(dir, 'dest');
    const a = Buffer.from('pwned');
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const names = ['../../x', '/etc/x', 'C:\\x', 'a/../../x', 'ok/\u0000x', '..\\..\\x'];
    const r = await downloadFiles({ root, items: names.map((name) => ({ name, size: 5, md5: md5(a), directUrl: `${STORE}/a` })) }, f);
    expect(r.failed.map((x) => x.kind)).toEqual(names.map(() => 'unsafeName'));
    expect(f.calls).toHaveLength(0);
    expect(await listAll(dir)).toEqual([]);
  });

  it('never follows a symbolic link in the destination', async () => {
    const outside = path.join(dir, 'outside');
    const root = path.join(dir, 'dest');
    await mkdir(outside);
    await mkdir(root);
    await symlink(outside, path.join(root, 'linked'));
    await writeFile(path.join(outside, 'target.txt'), 'original');
    await symlink(path.join(outside, 'target.txt'), path.join(root, 'file.txt'));
    const a = Buffer.from('new');
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const r = await downloadFiles(
      {
        root,
        items: [
          { name: 'linked/x.txt', size: 3, md5: md5(a), directUrl: `${STORE}/a` },
          { name: 'file.txt', size: 3, md5: md5(a), directUrl: `${STORE}/a` },
        ],
      },
      f,
    );
    expect(r.failed.map((x) => x.kind)).toEqual(['unsafeName', 'unsafeName']);
    expect(await readdir(outside)).toEqual(['target.txt']);
    expect(await readFile(path.join(outside, 'target.txt'), 'utf8')).toBe('original');
  });

  it('lists cloud references with the reason, and fetches web references only when the caller agrees, without the key', async () => {
    const a = Buffer.from('remote');
    const items: DownloadItem[] = [
      { name: 'train.csv', size: 10, md5: '9a0364b9e99bb480dd25e1f0284c8555', ref: 's3://bucket/train.csv' },
      { name: 'web.csv', size: a.length, md5: 'etag-like', ref: 'https://example.org/data.csv' },
    ];
    const declined = fakeFetcher({ ['https://example.org/data.csv']: serve(a) });
    const asked: string[][] = [];
    const no = await downloadFiles({ root: dir, items }, declined, {
      onWebReferences: async (refs) => {
        asked.push(refs.map((r) => r.ref));
        return false;
      },
    });
    expect(asked).toEqual([['https://example.org/data.csv']]);
    expect(no.skipped.map((x) => [x.name, x.kind])).toEqual([
      ['train.csv', 'reference'],
      ['web.csv', 'reference'],
    ]);
    expect(no.skipped[0]!.reason).toMatch(/s3:\/\/bucket\/train\.csv, stored in s3:\/\/ storage outside W&B/);
    expect(no.skipped[1]!.reason).toMatch(/web address outside W&B: downloaded only when you agree/);
    expect(declined.calls).toEqual([]);
    // Nobody to ask: listed, not fetched.
    expect((await downloadFiles({ root: dir, items }, declined)).downloaded).toEqual([]);

    const agreed = fakeFetcher({ ['https://example.org/data.csv']: serve(a) });
    const yes = await downloadFiles({ root: dir, items }, agreed, { onWebReferences: async () => true });
    expect(yes.downloaded.map((d) => d.name)).toEqual(['web.csv']);
    expect(agreed.calls.map((c) => c.headers.authorization)).toEqual([undefined]);
  });

  it('refuses two entries that would write the same file', async () => {
    const a = Buffer.from('a');
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const r = await downloadFiles(
      { root: dir, items: [{ name: 'x/a', size: 1, md5: md5(a), directUrl: `${STORE}/a` }, { name: 'x//a', size: 1, md5: md5(a), directUrl: `${STORE}/a` }] },
      f,
    );
    expect(r.downloaded).toHaveLength(1);
    expect(r.failed).toMatchObject([{ name: 'x//a', kind: 'unsafeName' }]);
  });

  it('on cancel aborts requests in flight, deletes temp files and keeps completed files', async () => {
    const a = Buffer.from('done');
    const controller = new AbortController();
    const f = fakeFetcher({
      [`${STORE}/a`]: serve(a),
      [`${STORE}/slow`]: ({ signal }) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(new Uint8Array(1000));
              signal?.addEventListener('abort', () => c.error(Object.assign(new Error('aborted'), { name: 'AbortError' })));
              setTimeout(() => controller.abort(), 50);
            },
          }),
        ),
    });
    const items: DownloadItem[] = [
      { name: 'a', size: 4, md5: md5(a), directUrl: `${STORE}/a` },
      { name: 'slow', size: 5000, md5: md5(bytes(5000)), directUrl: `${STORE}/slow` },
      ...Array.from({ length: 5 }, (_, i) => ({ name: `later${i}`, size: 4, md5: md5(a), directUrl: `${STORE}/a` })),
    ];
    const r = await downloadFiles({ root: dir, items }, f, { signal: controller.signal, concurrency: 2 });
    expect(r.cancelled).toBe(true);
    expect(r.downloaded.map((d) => d.name)).toContain('a');
    expect(r.failed).toEqual([]);
    expect(r.notDone).toBeGreaterThanOrEqual(1);
    const files = await listAll(dir);
    expect(files).toContain('a');
    expect(files.filter((x) => x.includes('partial'))).toEqual([]);
    expect(files).not.toContain('slow');
  });

  it('stops between slices when cancelled while checking copies on disk and copying from the SDK cache', async () => {
    const files = Array.from({ length: 40 }, (_, i) => Buffer.from(`file ${i}`));
    const routes = Object.fromEntries(files.map((b, i) => [`${STORE}/${i}`, serve(b)]));
    const items: DownloadItem[] = files.map((b, i) => ({ name: `d/${i}.txt`, size: b.length, md5: md5(b), directUrl: `${STORE}/${i}` }));
    const checksums = new MemoryChecksumCache();
    const sdkCache = new SdkArtifactCache(path.join(dir, 'cache'));
    const first = await downloadFiles({ root: path.join(dir, 'one'), items }, fakeFetcher(routes), { checksums, sdkCache });
    expect(first.downloaded).toHaveLength(40);
    // A cancel lands only when a slice hands the event loop its turn: with 0 ms slices, after one file.
    const cancelledRun = async (root: string) => {
      const f = fakeFetcher(routes);
      const controller = new AbortController();
      const onProgress = () => void setImmediate(() => controller.abort());
      const r = await downloadFiles({ root, items }, f, { checksums, sdkCache, signal: controller.signal, onProgress, sliceMs: 0 });
      return { r, calls: f.calls.length };
    };
    const again = await cancelledRun(path.join(dir, 'one'));
    expect(again.r.cancelled).toBe(true);
    expect(again.r.skipped.length).toBeGreaterThanOrEqual(1);
    expect(again.r.notDone).toBeGreaterThanOrEqual(1);
    expect(again.r.skipped.length + again.r.notDone).toBe(40);
    const copied = await cancelledRun(path.join(dir, 'two'));
    expect(copied.r.cancelled).toBe(true);
    expect(copied.r.downloaded.every((d) => d.fromCache)).toBe(true);
    expect(copied.r.downloaded.length).toBeGreaterThanOrEqual(1);
    expect(copied.r.notDone).toBeGreaterThanOrEqual(1);
    expect(copied.r.downloaded.length + copied.r.notDone).toBe(40);
    expect(again.calls + copied.calls).toBe(0);
    expect((await listAll(path.join(dir, 'two'))).filter((x) => x.includes('partial'))).toEqual([]);
  });

  it('refuses a body longer than the expected size without writing it all', async () => {
    const f = fakeFetcher({ [`${STORE}/a`]: () => new Response(u8(bytes(100_000))) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a', size: 10, md5: md5('0123456789'), directUrl: `${STORE}/a` }] }, f, fast);
    expect(r.failed).toMatchObject([{ name: 'a', kind: 'integrity' }]);
    expect(await listAll(dir)).toEqual([]);
  });

  it('fetches the current version of a file that changed on the server since it was listed', async () => {
    const old = Buffer.from('old log');
    const now = Buffer.from('old log + more lines');
    const f = fakeFetcher({ [`${STORE}/log`]: serve(now) });
    let asked = 0;
    const r = await downloadFiles(
      {
        root: dir,
        items: [{ name: 'output.log', size: old.length, md5: md5(old), directUrl: `${STORE}/log` }],
        refreshUrls: async (names) => (asked++, new Map(names.map((n) => [n, { directUrl: `${STORE}/log`, md5: md5(now), size: now.length }]))),
      },
      f,
      fast,
    );
    expect(asked).toBe(1);
    expect(r.failed).toEqual([]);
    await expectFileBytes(path.join(dir, 'output.log'), now);
  });

  it('handles names of 255 bytes (the temp file gets a short name)', async () => {
    const a = Buffer.from('long');
    const long = `dir/${'é'.repeat(126)}abc`; // the file name is 255 bytes of UTF-8
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const r = await downloadFiles({ root: dir, items: [{ name: long, size: 4, md5: md5(a), directUrl: `${STORE}/a` }] }, f);
    expect(Buffer.byteLength(long.slice(4))).toBe(255);
    expect(r.failed).toEqual([]);
    await expectFileBytes(path.join(dir, long), a);
  });

  it('downloads with size only when W&B gives no MD5', async () => {
    const a = Buffer.from('no digest');
    const f = fakeFetcher({ [`${STORE}/a`]: serve(a) });
    const r = await downloadFiles({ root: dir, items: [{ name: 'a', size: a.length, directUrl: `${STORE}/a` }] }, f);
    expect(r.downloaded).toHaveLength(1);
  });
});
