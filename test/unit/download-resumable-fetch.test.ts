import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFailure } from '../../src/api/download/failures';
import { Md5Streams } from '../../src/api/download/md5-worker';
import { ProgressMeter } from '../../src/api/download/progress-meter';
import { ResumableFetch, SMALL_FILE, resumesAt, type FetchContext } from '../../src/api/download/resumable-fetch';
import { TargetClaims } from '../../src/api/download/target-claims';
import type { DownloadItem, Fetcher } from '../../src/api/download/types';
import { DownloadUrls } from '../../src/api/download/url-refresh';
import { collectChunks, forEachChunk, type StreamAnswer } from '../../src/api/node-http';

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const quiet = { info() {}, warn() {}, error() {} };
const data = Buffer.alloc(SMALL_FILE + 4096);
for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;

/** A stream answer over chunks; `hang` leaves the body open after them until aborted. */
function answer(status: number, chunks: Buffer[], opts: { hang?: AbortSignal; range?: string } = {}): StreamAnswer {
  const body = (async function* () {
    for (const c of chunks) yield new Uint8Array(c);
    const hang = opts.hang;
    if (hang) await new Promise((_r, reject) => hang.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true }));
  })();
  return {
    status,
    header: (n) => (n === 'content-range' ? opts.range : undefined),
    body,
    cancel() {},
    collect: (limit, onChunk) => collectChunks(body, limit, onChunk),
    forEach: (sink) => forEachChunk(body, sink),
  };
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'wbfetch-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function fetchOf(item: DownloadItem, getStream: NonNullable<Fetcher['getStream']>, policy: Partial<FetchContext['policy']> = {}, expected = md5(data)) {
  const signal = new AbortController().signal;
  const hashes = new Md5Streams(Infinity);
  const ctx: FetchContext = {
    fetcher: { getStream, get: () => Promise.reject(new Error('not used')), isOwnOrigin: () => false },
    urls: new DownloadUrls(undefined, signal, quiet),
    meter: new ProgressMeter([item], undefined, 0),
    hashes,
    book: undefined,
    log: quiet,
    signal,
    policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, integrityAttempts: 2, urlRefreshes: 0, stallTimeoutMs: 60_000, ...policy },
  };
  return new ResumableFetch(item, new TargetClaims(root).claim(item.name), expected, ctx);
}

describe('ResumableFetch', () => {
  it('continues a broken body with a Range request and puts the whole file in place', async () => {
    const ranges: Array<string | undefined> = [];
    const f = fetchOf({ name: 'big.bin', size: data.length, directUrl: 'https://store/big' }, async (_url, init) => {
      ranges.push(init?.headers?.Range);
      if (ranges.length === 1) {
        return { ...answer(200, [data.subarray(0, 1000)]), body: (async function* () { yield new Uint8Array(data.subarray(0, 1000)); throw Object.assign(new Error('reset'), { code: 'ECONNRESET' }); })() };
      }
      return answer(206, [data.subarray(1000)], { range: `bytes 1000-${data.length - 1}/${data.length}` });
    });
    expect(await f.run()).toBe(data.length);
    expect(ranges).toEqual([undefined, 'bytes=1000-']);
    expect((await readFile(path.join(root, 'big.bin'))).equals(data)).toBe(true);
    expect(await readdir(root)).toEqual(['big.bin']);
  });

  it('aborts an attempt when no bytes arrive for the stall timeout, then tries again', async () => {
    let attempts = 0;
    const f = fetchOf({ name: 'big.bin', size: data.length, directUrl: 'https://store/big' }, async (_url, init) => {
      attempts++;
      return attempts === 1 ? answer(200, [], { hang: init!.signal }) : answer(200, [data]);
    }, { stallTimeoutMs: 50 });
    expect(await f.run()).toBe(data.length);
    expect(attempts).toBe(2);
  });

  it('hands a small file back checked, in memory, without touching the disk', async () => {
    const small = data.subarray(0, 100);
    const got = await fetchOf({ name: 's.txt', size: small.length, directUrl: 'https://store/s' }, async () => answer(200, [small]), {}, md5(small)).run();
    expect(got).toMatchObject({ bytes: 100, verified: true });
    expect(await readdir(root)).toEqual([]);
  });

  it('gives up on wrong bytes after the allowed attempts, leaving no temp file', async () => {
    const wrong = Buffer.from(data);
    wrong[10] = wrong[10]! ^ 1;
    const f = fetchOf({ name: 'big.bin', size: data.length, directUrl: 'https://store/big' }, async () => answer(200, [wrong]));
    const e = await f.run().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileFailure);
    expect(e).toMatchObject({ kind: 'integrity' });
    expect(await readdir(root)).toEqual([]);
  });

  it('knows a Range answer that continues at the right byte', () => {
    const at = (status: number, range?: string) => resumesAt({ status, header: () => range }, 1000);
    expect(at(206, 'bytes 1000-1999/2000')).toBe(true);
    expect(at(206, 'bytes 0-1999/2000')).toBe(false);
    expect(at(200, 'bytes 1000-1999/2000')).toBe(false);
  });
});
