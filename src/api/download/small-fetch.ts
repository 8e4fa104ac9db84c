/**
 * The first attempt at a small file, lean: one GET, the body collected whole, its MD5 taken
 * right there (10 KB hash in microseconds), checked against W&B's size and MD5 before anything
 * is written. Thousands of small files are bound by the work around each request, so this
 * attempt has none of ResumableFetch's machinery: no attempt controller, no async iteration, no
 * hash object to hand around. It throws exactly what an attempt of ResumableFetch throws; the
 * caller then hands the failure to ResumableFetch, which recovers from it (retry, fresh URLs,
 * digest recheck) as from its own first attempt.
 * Plain Node: no `vscode` here.
 */
import { createHash } from 'node:crypto';
import { WandbError, errorFromThrown } from '../errors';
import type { CollectedBody, StreamAnswer } from '../node-http';
import { IntegrityError, hostOf, md5Mismatch } from './failures';
import type { InMemoryFile } from './put-in-place';
import { openBody, type FetchContext } from './resumable-fetch';
import { watchStall } from '../stall-watch';
import type { UrlsOf } from './url-refresh';

/** What the first attempt tried, for ResumableFetch to go on from. */
export interface FirstAttempt {
  /** The URLs (and their refresh generation) the attempt used. */
  from: UrlsOf;
  url: string;
  error: unknown;
}

/** The URL a lean first attempt would use; undefined when ResumableFetch must decide (none yet, or not http). */
export function leanUrl(from: UrlsOf): string | undefined {
  const url = from.urls.directUrl || from.urls.url;
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * A small file received whole with the right size, its MD5 still to check: by the thread that
 * writes it, before anything is written (see small-file-workers). Its bytes count in the
 * progress already; wrong ones are taken back.
 */
export interface UncheckedFile {
  parts: Uint8Array[];
  bytes: number;
  /** W&B's MD5 of the file. */
  expected: Buffer;
  /** The attempt that received it: ResumableFetch goes on from there when the bytes are wrong. */
  from: UrlsOf;
  url: string;
}

export const isUnchecked = (got: InMemoryFile | UncheckedFile): got is UncheckedFile => 'expected' in got;

/**
 * One GET of a small file of `size` bytes into memory, checked. Returns the file, or the
 * failure for ResumableFetch. Progress counts its bytes only once they checked out. With
 * `md5Elsewhere`, a file with an expected MD5 comes back unchecked after its size checked out:
 * the thread that writes it hashes it (off this one) before writing.
 */
export async function fetchSmallOnce(
  size: number,
  expected: Buffer | undefined,
  from: UrlsOf,
  url: string,
  ctx: FetchContext,
  md5Elsewhere = false,
): Promise<InMemoryFile | UncheckedFile | FirstAttempt> {
  try {
    const res = await openBody(ctx.fetcher, url, { signal: ctx.signal, label: 'GET file' });
    const { parts, bytes } = await collectWithin(res, size, ctx.policy.stallTimeoutMs, url);
    if (bytes > size) throw new IntegrityError(`the server sent more than the expected ${size} bytes`);
    if (bytes < size) throw new WandbError('network', `the connection ended after ${bytes} of ${size} bytes`);
    if (md5Elsewhere && expected) {
      ctx.meter.received(bytes);
      return { parts, bytes, expected, from, url };
    }
    const got = checkedInMemory(parts, bytes, expected);
    ctx.meter.received(bytes);
    return got;
  } catch (error) {
    return { from, url, error };
  }
}

/** The MD5 of bytes in memory, checked against `expected` (when there is one); throws an IntegrityError when they differ. */
export function checkedInMemory(parts: Uint8Array[], bytes: number, expected: Buffer | undefined): InMemoryFile {
  const hash = createHash('md5');
  for (const p of parts) hash.update(p);
  const digest = hash.digest();
  if (expected && !digest.equals(expected)) throw md5Mismatch(expected, digest);
  return { parts, bytes, digest, verified: !!expected };
}

/**
 * The body, up to one byte past `limit`; the transfer is cancelled (as by ResumableFetch's stall
 * timer) when no bytes arrive for `stallMs`.
 */
async function collectWithin(res: StreamAnswer, limit: number, stallMs: number, url: string): Promise<CollectedBody> {
  const watch = watchStall(stallMs, () => res.cancel());
  try {
    const got = await res.collect(limit, watch.seen);
    // A cancelled fetch body ends quietly: cut short by the stall timer all the same.
    if (watch.stalled) throw new Error('stalled');
    return got;
  } catch (e) {
    if (watch.stalled) throw new WandbError('network', `no data arrived for ${Math.round(stallMs / 1000)} s`);
    throw errorFromThrown(e, { host: hostOf(url) });
  } finally {
    watch.stop();
  }
}
