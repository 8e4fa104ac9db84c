/**
 * One file fetched, attempt after attempt, until it is in place and checked or there is a
 * reason to give up: a broken body resumes with a Range request, expired presigned URLs are
 * refreshed, wrong bytes are fetched again (after asking once whether the file changed on the
 * server), transient errors back off. Small files are received into memory and handed back
 * checked; larger ones stream into a temp file beside their final name, hashed as they arrive.
 */
import type { ClientLogger } from '../client';
import { redactUrl } from '../client';
import { WandbError, errorFromThrown, isAbort } from '../errors';
import { fromResponse, type StreamAnswer } from '../node-http';
import { backoffDelay, sleep, type Sleep } from '../retry';
import type { ChecksumBook } from './checksum-cache';
import { md5Bytes, md5OfFile } from './digest';
import { FileFailure, IntegrityError, hostOf, isNodeFsError, md5Mismatch } from './failures';
import type { Md5Stream, Md5Streams } from './md5-worker';
import type { ProgressMeter } from './progress-meter';
import { putInPlace, type InMemoryFile, type TempFile } from './put-in-place';
import { UnsafePathError, openTemp, removeQuietly } from './safe-fs';
import { displayName } from './safe-path';
import type { CacheEntryWriter } from './sdk-cache';
import type { FirstAttempt } from './small-fetch';
import { SlabWriter } from './slab-writer';
import { watchStall } from '../stall-watch';
import type { Target } from './target-claims';
import type { DownloadItem, Fetcher, FileUrls } from './types';
import type { DownloadUrls } from './url-refresh';

/** Files up to this size are received into memory and written with one call. */
export const SMALL_FILE = 1024 * 1024;

/** How hard one file is tried. */
export interface FetchPolicy {
  /** Attempts in all after transient errors. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Also the cap of a Retry-After. */
  maxDelayMs: number;
  /** Attempts when the bytes do not match the digest. */
  integrityAttempts: number;
  /** Fresh-URL requests after the storage refused an expired URL. */
  urlRefreshes: number;
  /** An attempt is aborted when no body bytes arrive for this long. */
  stallTimeoutMs: number;
  random?: () => number;
  /** How the wait before a retry passes (tests note it and go on). */
  sleep?: Sleep;
}

/** What a file's fetch shares with the rest of its download. */
export interface FetchContext {
  fetcher: Fetcher;
  urls: DownloadUrls;
  meter: ProgressMeter;
  hashes: Md5Streams;
  book: ChecksumBook | undefined;
  log: ClientLogger;
  /** The whole download's signal (cancel). */
  signal: AbortSignal;
  policy: FetchPolicy;
  /** W&B's artifact cache, written beside large files as their bytes arrive. */
  cache?: CacheEntries;
}

/** New entries of the SDK's cache; a failure to write one is said once and never fails the file. */
export interface CacheEntries {
  /** Undefined when the cache cannot be written (said already). */
  open(): Promise<CacheEntryWriter | undefined>;
  failed(e: unknown): void;
}

/** The server sent the whole file again instead of the rest: the attempt starts over. */
const START_OVER = Symbol('startOver');

/** True when `res` continues the file at byte `from` (206 with a matching Content-Range). */
/** A GET of a file's body: the fetcher's streaming path when it has one, else its `fetch` answer. */
export async function openBody(fetcher: Fetcher, url: string, init: Parameters<Fetcher['get']>[1]): Promise<StreamAnswer> {
  return fetcher.getStream ? fetcher.getStream(url, init) : fromResponse(await fetcher.get(url, init));
}

export function resumesAt(res: Pick<StreamAnswer, 'status' | 'header'>, from: number): boolean {
  if (res.status !== 206) return false;
  const m = /^bytes (\d+)-/.exec(res.header('content-range') ?? '');
  return !!m && Number(m[1]) === from;
}

export class ResumableFetch {
  private expected: Buffer | undefined;
  private size: number | undefined;
  private urls: FileUrls;
  /** The URL refresh `urls` came from. */
  private generation: number;
  private recheckedDigest = false;
  private transientFailures = 0;
  private integrityFailures = 0;
  private refreshes = 0;
  private tmp: TempFile | undefined;
  /** The SDK cache's copy of a checked large file, written beside `tmp`. */
  private cacheEntry: CacheEntryWriter | undefined;
  /** Why writing `cacheEntry` failed during the last attempt. */
  private cacheEntryError: unknown;
  private hash: Md5Stream;
  /** Bytes received (and kept) of this file so far. */
  private written = 0;

  constructor(
    private readonly item: DownloadItem,
    private readonly target: Target,
    expected: Buffer | undefined,
    private readonly ctx: FetchContext,
    /** A lean first attempt (small-fetch) that failed: recovered from as if it were this one's. */
    private readonly first?: FirstAttempt,
  ) {
    this.expected = expected;
    this.size = item.size;
    ({ urls: this.urls, generation: this.generation } = first?.from ?? ctx.urls.current(item));
    this.hash = ctx.hashes.for(this.size);
  }

  /**
   * Attempts until the file is in place (returns its size) or, for a small file, checked in
   * memory (returns its bytes to write); or throws a FileFailure.
   */
  async run(): Promise<number | InMemoryFile> {
    const outer = this.ctx.signal;
    try {
      if (this.first) await this.recover(this.first.error, this.first.url, !this.ctx.fetcher.isOwnOrigin(this.first.url));
      for (;;) {
        const url = await this.nextUrl();
        if (url === undefined) continue;
        const presigned = !this.ctx.fetcher.isOwnOrigin(url);
        // This attempt's own controller (stall timeout), also aborted by the caller's signal.
        const attempt = new AbortController();
        const onOuterAbort = () => attempt.abort(outer.reason);
        outer.addEventListener('abort', onOuterAbort, { once: true });
        try {
          const got = await this.attempt(url, attempt);
          if (got !== START_OVER) return got;
        } catch (e) {
          await this.recover(e, url, presigned);
        } finally {
          outer.removeEventListener('abort', onOuterAbort);
        }
      }
    } finally {
      await this.dropCacheEntry();
      if (this.tmp) {
        await this.tmp.handle.close().catch(() => undefined);
        await removeQuietly(this.tmp.path);
        this.ctx.meter.takeBack(this.written);
      }
    }
  }

  /** The URL of the next attempt; undefined when fresh URLs came instead of one (look again). */
  private async nextUrl(): Promise<string | undefined> {
    const url = this.urls.directUrl || this.urls.url;
    if (!url) {
      if (await this.refresh('no download URL')) return undefined;
      throw new FileFailure('noUrl', 'the server gave no download URL for it');
    }
    if (!/^https?:\/\//i.test(url)) throw new FileFailure('noUrl', `cannot download from ${redactUrl(url)}`);
    return url;
  }

  /** One request: the whole file, or the rest of it from the bytes already written. */
  private async attempt(url: string, attempt: AbortController): Promise<number | InMemoryFile | typeof START_OVER> {
    const { fetcher } = this.ctx;
    const headers: Record<string, string> = this.written > 0 ? { Range: `bytes=${this.written}-` } : {};
    const res = await openBody(fetcher, url, { signal: attempt.signal, headers, label: 'GET file' });
    if (this.written > 0 && !resumesAt(res, this.written)) {
      res.cancel();
      await this.discard();
      return START_OVER;
    }
    // A small file is received into memory and written with one call once it checked out;
    // a larger one streams into its temp file, writes going on while more bytes arrive.
    const small = this.written === 0 && this.size !== undefined && this.size <= SMALL_FILE;
    if (!small && !this.tmp) {
      this.tmp = await openTemp(this.target.path);
      // Only checked bytes go into the cache: a file without W&B's MD5 is not kept there.
      if (this.expected) this.cacheEntry = await this.ctx.cache?.open();
    }
    const parts: Uint8Array[] = [];
    await this.receive(res, url, attempt, small ? undefined : this.slabWriter(), parts);
    if (this.size !== undefined && this.written < this.size) {
      const got = this.written;
      if (small) await this.discard();
      throw new WandbError('network', `the connection ended after ${got} of ${this.size} bytes`);
    }
    // Should the hashing thread fail, the bytes are all in the temp file by now.
    const digest = await this.hash.digest().catch((e: unknown) => {
      if (!this.tmp) throw e;
      return md5OfFile(this.tmp.path, this.ctx.signal);
    });
    if (this.expected && !digest.equals(this.expected)) throw md5Mismatch(this.expected, digest);
    if (small) return { parts, bytes: this.written, digest, verified: !!this.expected };
    const { book } = this.ctx;
    await this.commitCacheEntry(digest);
    const stamp = await putInPlace(this.tmp!, this.target.path, !!book && !!this.expected);
    this.tmp = undefined;
    if (book && this.expected && stamp?.size === this.written) book.set(this.target.rel, stamp, digest);
    return this.written;
  }

  /** This attempt's writes into the temp file (and the cache entry), hashed as they go. */
  private slabWriter(): SlabWriter {
    const entry = this.cacheEntry;
    const copy = entry && {
      handle: entry.handle,
      failed: (e: unknown) => {
        this.cacheEntryError = e;
      },
    };
    return new SlabWriter(this.hash, this.tmp!.handle, this.written, { size: this.size, copy });
  }

  /** The checked bytes go into the SDK's cache under their MD5, before the file is renamed into place (as the SDK). */
  private async commitCacheEntry(digest: Buffer): Promise<void> {
    const entry = this.cacheEntry;
    if (!entry || !this.expected) return this.dropCacheEntry();
    this.cacheEntry = undefined;
    await entry.commit(digest).catch((e: unknown) => this.ctx.cache?.failed(e));
  }

  /** Removes the cache entry being written (a failed write is said once). */
  private async dropCacheEntry(): Promise<void> {
    const entry = this.cacheEntry;
    this.cacheEntry = undefined;
    if (this.cacheEntryError !== undefined) this.ctx.cache?.failed(this.cacheEntryError);
    this.cacheEntryError = undefined;
    await entry?.abandon();
  }

  /**
   * Takes the body in, each chunk hashed and queued for writing (or kept, for a small file);
   * aborts the attempt when no bytes arrive for the stall timeout.
   */
  private async receive(res: StreamAnswer, url: string, attempt: AbortController, writer: SlabWriter | undefined, parts: Uint8Array[]): Promise<void> {
    const { stallTimeoutMs } = this.ctx.policy;
    let finished = false;
    const watch = watchStall(stallTimeoutMs, () => attempt.abort());
    try {
      try {
        // Plain stream events rather than `for await`: a large file is thousands of chunks.
        await res.forEach((buf) => {
          watch.seen();
          if (this.size !== undefined && this.written + buf.byteLength > this.size) {
            throw new IntegrityError(`the server sent more than the expected ${this.size} bytes`);
          }
          this.written += buf.byteLength;
          this.ctx.meter.received(buf.byteLength);
          // Waits only while every slab is being written or hashed: the socket then pushes back.
          if (writer) return writer.put(buf);
          this.hash.update(buf);
          parts.push(buf);
          return undefined;
        });
        finished = true;
      } catch (e) {
        if (e instanceof IntegrityError || isNodeFsError(e)) throw e;
        if (watch.stalled) throw new WandbError('network', `no data arrived for ${Math.round(stallTimeoutMs / 1000)} s`);
        throw errorFromThrown(e, { host: hostOf(url) });
      }
    } finally {
      watch.stop();
      if (!finished) res.cancel();
      // Everything received is on disk before the file is checked, resumed or dropped;
      // a small file's bytes were only in memory: nothing to resume from.
      if (writer) {
        await writer.drain();
        if (this.cacheEntryError !== undefined) await this.dropCacheEntry();
      } else if (!finished) await this.discard();
    }
  }

  /** After a failed attempt: returns to try again (after a pause when due), or throws to give up. */
  private async recover(e: unknown, url: string, presigned: boolean): Promise<void> {
    const { signal, policy } = this.ctx;
    if (signal.aborted || (isAbort(e) && !(e instanceof WandbError))) throw e;
    if (e instanceof FileFailure || e instanceof UnsafePathError) throw e;
    if (e instanceof IntegrityError) return this.afterWrongBytes(e);
    const err = e instanceof WandbError ? e : isNodeFsError(e) ? undefined : errorFromThrown(e, { host: hostOf(url) });
    if (!err) throw new FileFailure('disk', (e as Error).message);
    if (err.kind === 'cancelled') throw e;
    // Storage refuses an expired signature with 403 (S3, GCS), sometimes 400 or 401.
    if (presigned && (err.kind === 'forbidden' || err.kind === 'auth' || err.kind === 'badRequest' || err.kind === 'notFound')) return this.afterRefusal(err);
    if (!err.transient) throw new FileFailure('http', err.message);
    this.transientFailures++;
    if (this.transientFailures >= policy.maxAttempts) throw new FileFailure(err.kind === 'network' ? 'network' : 'http', `${err.message} (gave up after ${this.transientFailures} attempts)`);
    const delay = err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, policy.maxDelayMs) : backoffDelay(this.transientFailures, policy, policy.random);
    this.ctx.log.info(
      `download ${displayName(this.item.name)}: ${err.kind}${err.status ? ` ${err.status}` : ''}, retry ${this.transientFailures} in ${delay} ms${this.written > 0 ? ` from byte ${this.written}` : ''}`,
    );
    await (policy.sleep ?? sleep)(delay, signal);
  }

  /** The storage refused a presigned URL: a fresh one, else the API's own URL, else give up. */
  private async afterRefusal(err: WandbError): Promise<void> {
    if (await this.refresh(`the storage refused the URL (HTTP ${err.status ?? '?'})`)) return;
    if (this.urls.directUrl && this.urls.url && this.ctx.fetcher.isOwnOrigin(this.urls.url)) {
      this.urls = { url: this.urls.url };
      return;
    }
    throw new FileFailure('http', `the storage refused the download (HTTP ${err.status ?? '?'}) even with a fresh URL`);
  }

  /** The bytes did not match: fetched again from the start, up to `integrityAttempts` times. */
  private async afterWrongBytes(e: IntegrityError): Promise<void> {
    const { integrityAttempts } = this.ctx.policy;
    this.integrityFailures++;
    if (await this.changedOnServer()) {
      this.integrityFailures--;
      await this.discard();
      return;
    }
    this.ctx.log.warn(`download ${displayName(this.item.name)}: ${e.message} (attempt ${this.integrityFailures} of ${integrityAttempts})`);
    await this.discard();
    if (this.integrityFailures >= integrityAttempts) throw new FileFailure('integrity', `${e.message}, ${integrityAttempts} times`);
  }

  /**
   * A file of a live run may have changed since it was listed: asks once for its current digest
   * and size before counting the bytes as damaged. True when it changed (the next attempt
   * fetches the current version).
   */
  private async changedOnServer(): Promise<boolean> {
    if (this.recheckedDigest || !this.ctx.urls.canRefresh || this.item.ref) return false;
    this.recheckedDigest = true;
    const { urls: now, generation } = await this.ctx.urls.refresh(this.item.name, this.generation);
    this.generation = generation;
    if (!now || !((now.md5 !== undefined && now.md5 !== this.item.md5) || (now.size !== undefined && now.size !== this.size))) return false;
    this.ctx.log.info(`download ${displayName(this.item.name)}: it changed on the server since it was listed; fetching the current version`);
    this.expected = md5Bytes(now.md5) ?? this.expected;
    this.size = now.size ?? this.size;
    if (now.url || now.directUrl) this.urls = { url: now.url, directUrl: now.directUrl };
    return true;
  }

  /** Fresh URLs for this file, within its allowance; false when there are none. */
  private async refresh(why: string): Promise<boolean> {
    if (!this.ctx.urls.canRefresh || this.item.ref || this.refreshes >= this.ctx.policy.urlRefreshes) return false;
    this.refreshes++;
    this.ctx.log.info(`download ${displayName(this.item.name)}: ${why}`);
    const { urls: next, generation } = await this.ctx.urls.refresh(this.item.name, this.generation);
    this.generation = generation;
    if (!next || (!next.url && !next.directUrl)) return false;
    this.urls = next;
    return true;
  }

  /** Drops what was received of this file (temp file, progress, hash): the next attempt starts at byte 0. */
  private async discard(): Promise<void> {
    await this.dropCacheEntry();
    if (this.tmp) {
      await this.tmp.handle.close().catch(() => undefined);
      await removeQuietly(this.tmp.path);
    }
    this.tmp = undefined;
    this.ctx.meter.takeBack(this.written);
    this.written = 0;
    this.hash.dispose();
    this.hash = this.ctx.hashes.for(this.size);
  }
}
