/**
 * The download engine: many files into one destination folder, each checked against W&B's MD5
 * and size and renamed into place from a temp file beside its final name only when it matches.
 * Files up to 1 MiB are received into memory and written with one call (while the next requests
 * go on); larger ones stream into their temp file, hashed as they arrive, writes queued behind
 * the reads. Files already on disk are skipped when their MD5 matches, read from the engine's
 * own records (`checksums`) when the file has not changed since. Plain Node: no `vscode` here.
 */
import { inlineMd5, Md5Worker, type Md5Stream } from './md5-worker';
import { mkdir, readdir, rename, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import pLimit from 'p-limit';
import type { ClientLogger } from '../client';
import { redactUrl } from '../client';
import { WandbError, errorFromThrown, isAbort } from '../errors';
import { backoffDelay, sleep, type RetryPolicy, type Sleep } from '../retry';
import { fromResponse, type StreamAnswer } from '../node-http';
import { stampOf, type ChecksumBook, type ChecksumCache, type FileStamp } from './checksum-cache';
import { md5Bytes, md5OfFile } from './digest';
import { checkRemoteName, displayName, resolveInside } from './safe-path';
import { UnsafePathError, ensureDirs, lstatOrUndefined, openTemp, removeQuietly } from './safe-fs';

export interface FileUrls {
  /** On the W&B server's own origin: gets the API key. */
  url?: string;
  /** Presigned storage URL: never gets the API key. */
  directUrl?: string;
  /** Current digest and size, when the file can change (files of a live run). */
  md5?: string;
  size?: number;
}

/**
 * Asks the API again for the URLs of these names; may be called with thousands of names. May
 * hand over each page of URLs as it arrives (`onPage`) before resolving with all of them.
 */
export type RefreshUrls = (names: string[], signal: AbortSignal, onPage?: (page: Map<string, FileUrls>) => void) => Promise<Map<string, FileUrls>>;

/** One file to fetch. Everything in it came from W&B and is untrusted. */
export interface DownloadItem {
  /** The remote name (run file name or manifest path): shown in reports, used to refresh URLs. */
  name: string;
  /** Where it goes under the destination, `/`-separated. Default: `name`. */
  target?: string;
  /** Expected size in bytes, when known. */
  size?: number;
  /** Expected MD5, base64 (W&B's `md5`, or a manifest `digest` of a stored file). */
  md5?: string;
  url?: string;
  directUrl?: string;
  /** Reference entry of an artifact (`s3://`, `gs://`, `https://`...). */
  ref?: string;
}

export interface DownloadPlan {
  /** Destination folder; created if missing. */
  root: string;
  items: DownloadItem[];
  /** Asks the API again for the URLs of these names (expired presigned URLs). */
  refreshUrls?: RefreshUrls;
}

/** What the engine needs from the HTTP client (`WandbClient` fits). */
export interface Fetcher {
  get(url: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; label?: string }): Promise<Response>;
  isOwnOrigin(url: string): boolean;
  /** A lighter streamed GET for file bodies, with the same rules as `get`; used when present. */
  getStream?(url: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; label?: string }): Promise<StreamAnswer>;
}

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  /** Bytes received plus the sizes of files found unchanged. */
  bytesDone: number;
  bytesTotal: number;
  /** Bytes actually received so far (for the rate). */
  bytesReceived: number;
  elapsedMs: number;
}

export interface DownloadOptions {
  /** Files in flight at once. Default 8. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Transient-error retries per file (attempts in all, Retry-After capped at maxDelayMs). */
  retry?: Partial<Pick<RetryPolicy, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'>>;
  /** Attempts per file when the bytes do not match the digest. Default 3. */
  integrityAttempts?: number;
  /** Fresh-URL requests per file after the storage refused an expired URL. Default 2. */
  urlRefreshes?: number;
  /** Abort an attempt when no body bytes arrive for this long. Default 60 s. */
  stallTimeoutMs?: number;
  log?: ClientLogger;
  /**
   * Records of files this engine wrote or hashed (kept outside the destination): a file on disk
   * whose size and times still match its record is skipped without being read again.
   */
  checksums?: ChecksumCache;
  /** Files from this many bytes on are hashed on a worker thread. Default 32 MiB. */
  hashOnWorkerFrom?: number;
  /** For tests: the name rules of another platform. */
  platform?: NodeJS.Platform;
  random?: () => number;
  /** For tests: how the waits before retries pass. Default: a timer. */
  sleep?: Sleep;
}

export interface FileDownloaded {
  name: string;
  path: string;
  bytes: number;
}

export interface FileSkipped {
  name: string;
  /** `unchanged`: already on disk with the same MD5. `reference`: stored outside W&B. */
  kind: 'unchanged' | 'reference';
  reason: string;
  path?: string;
  ref?: string;
}

export type FailureKind = 'unsafeName' | 'integrity' | 'http' | 'network' | 'noUrl' | 'disk';

export interface FileFailed {
  name: string;
  kind: FailureKind;
  reason: string;
}

export interface DownloadResult {
  root: string;
  filesTotal: number;
  downloaded: FileDownloaded[];
  skipped: FileSkipped[];
  failed: FileFailed[];
  /** Files neither done nor failed because the download was cancelled. */
  notDone: number;
  cancelled: boolean;
  /** Bytes written into completed files. */
  bytes: number;
  ms: number;
}

const DEFAULTS = {
  concurrency: 8,
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  integrityAttempts: 3,
  urlRefreshes: 2,
  stallTimeoutMs: 60_000,
};

const silent: ClientLogger = { info() {}, warn() {}, error() {} };

/** Bytes of one file that may wait to be written while more arrive. */
const WRITE_AHEAD = 16 * 1024 * 1024;
/** Files up to this size are received into memory and written with one call. */
const SMALL_FILE = 1024 * 1024;
/** Files from this size on are hashed on a worker thread, beside the reads and writes. */
const WORKER_MD5_MIN = 32 * 1024 * 1024;
/** Bytes of small files received and checked that may wait to be written. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

/** A small file received and checked, not yet written. */
interface InMemoryFile {
  parts: Uint8Array[];
  bytes: number;
  digest: Buffer;
  /** Checked against W&B's MD5 (not only its size). */
  verified: boolean;
}

/** A file's bytes did not match what W&B says they are. */
class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
}

/** A failure that ends this file's attempts with a reason for the report. */
class FileFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

const isHttpUrl = (u: string) => /^https?:\/\//i.test(u);
/** Where two names that differ only in case (or Unicode normalization) may be the same file. */
const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

/** Runs the plan. Never throws for one file's failure; throws only if the destination itself is unusable. */
export async function downloadFiles(plan: DownloadPlan, fetcher: Fetcher, options: DownloadOptions = {}): Promise<DownloadResult> {
  const started = Date.now();
  const o = { ...DEFAULTS, ...options, ...options.retry };
  const log = options.log ?? silent;
  const outer = options.signal ?? new AbortController().signal;
  await mkdir(plan.root, { recursive: true });
  const root = await realpath(plan.root);
  const rootStat = await lstatOrUndefined(root);
  if (!rootStat?.isDirectory()) throw new WandbError('badRequest', `${plan.root} is not a folder.`);

  let md5Worker: Md5Worker | undefined;
  const book: ChecksumBook | undefined = await options.checksums?.open(root).catch((e: unknown) => {
    log.warn(`download: the checksum records could not be read (${(e as Error).message}); files on disk are hashed instead`);
    return undefined;
  });

  const result: DownloadResult = { root, filesTotal: plan.items.length, downloaded: [], skipped: [], failed: [], notDone: 0, cancelled: false, bytes: 0, ms: 0 };
  const dirs = new Map<string, Promise<void>>();
  // Names in each folder when first seen (one readdir instead of an lstat per absent file).
  const listings = new Map<string, Promise<Set<string> | undefined>>();
  const foldName = (n: string) => (caseInsensitive ? n.normalize('NFC').toLowerCase() : n);
  const listing = (dir: string) => {
    let p = listings.get(dir);
    if (!p) {
      p = readdir(dir).then(
        (names) => new Set(names.map(foldName)),
        () => undefined,
      );
      listings.set(dir, p);
    }
    return p;
  };

  // Presigned URLs of one plan were signed together and expire together: the first file that
  // finds its URL expired refreshes the URLs of every file not done yet, in one go, and the
  // others wait for that instead of asking one by one.
  const remaining = new Set(plan.items.filter((i) => !i.ref).map((i) => i.name));
  const fresh = new Map<string, FileUrls>();
  /** The URL generation each entry of `fresh` belongs to. */
  const freshGeneration = new Map<string, number>();
  let urlGeneration = 0;
  let bulk: Promise<void> | undefined;
  const refreshFor = async (name: string, generation: number): Promise<FileUrls | undefined> => {
    if (!plan.refreshUrls) return undefined;
    if (generation === urlGeneration) {
      bulk ??= (async () => {
        try {
          const names = [...remaining];
          if (!names.includes(name)) names.push(name);
          log.info(`download: asking the API for fresh URLs of ${names.length} file(s)`);
          const map = await plan.refreshUrls!(names, outer);
          urlGeneration++;
          for (const [n, u] of map) {
            fresh.set(n, u);
            freshGeneration.set(n, urlGeneration);
          }
        } finally {
          bulk = undefined;
        }
      })();
      await bulk;
    }
    return fresh.get(name);
  };

  const progress: DownloadProgress = {
    filesDone: 0,
    filesTotal: plan.items.length,
    bytesDone: 0,
    bytesTotal: plan.items.reduce((n, i) => n + (i.ref && !isHttpUrl(i.ref) ? 0 : Math.max(0, i.size ?? 0)), 0),
    bytesReceived: 0,
    elapsedMs: 0,
  };
  let lastEmit = 0;
  const emit = (force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - lastEmit < 100) return;
    lastEmit = now;
    options.onProgress({ ...progress, elapsedMs: now - started });
  };
  const addBytes = (n: number) => {
    progress.bytesDone += n;
    progress.bytesReceived += n;
    emit();
  };

  // Two entries writing the same file would race; the first one wins, the others are reported.
  const claimed = new Set<string>();

  const fail = (item: DownloadItem, e: unknown) => {
    if (outer.aborted) {
      result.notDone++;
      return;
    }
    const failure = toFailure(e);
    log.warn(`download ${displayName(item.name)} failed: ${failure.reason}`);
    result.failed.push({ name: item.name, ...failure });
    progress.filesDone++;
    emit();
  };

  /**
   * Step 1 for one file: where it goes (or why not), references, and whether the copy on disk
   * is already right. Returns what still needs fetching.
   */
  const prepare = async (item: DownloadItem): Promise<Job | undefined> => {
    if (outer.aborted) {
      result.notDone++;
      return undefined;
    }
    try {
      const checked = checkRemoteName(item.target ?? item.name, options.platform);
      if (!checked.ok) throw new FileFailure('unsafeName', `refused: ${checked.reason}`);
      const target = resolveInside(root, checked.segments);
      if (!target) throw new FileFailure('unsafeName', 'refused: it resolves outside the destination folder');
      const key = caseInsensitive ? target.toLowerCase() : target;
      if (claimed.has(key)) throw new FileFailure('unsafeName', 'refused: another file in this download has the same name');
      claimed.add(key);

      if (item.ref && !isHttpUrl(item.ref)) {
        result.skipped.push({ name: item.name, kind: 'reference', ref: item.ref, reason: `reference to ${item.ref} (stored outside W&B)` });
        progress.filesDone++;
        emit();
        return undefined;
      }

      const parent = await ensureDirs(root, checked.segments.slice(0, -1), dirs);
      // Absent from its folder's listing: nothing to look at (a file that appears meanwhile is
      // replaced by the rename, never followed). Listed: look at what it is.
      const names = await listing(parent);
      const existing = names && !names.has(foldName(checked.segments[checked.segments.length - 1]!)) ? undefined : await lstatOrUndefined(target);
      if (existing?.isSymbolicLink()) throw new FileFailure('unsafeName', 'refused: a symbolic link is in its place; links are never followed or replaced');
      if (existing?.isDirectory()) throw new FileFailure('disk', 'a folder of the same name is in its place');
      const expected = item.ref ? undefined : md5Bytes(item.md5);
      const rel = checked.segments.join('/');
      if (existing?.isFile() && expected && (item.size === undefined || existing.size === item.size)) {
        // The engine's own record of this exact file (same size, times, inode) spares reading it.
        let have = book?.get(rel, stampOf(existing));
        let how = 'same size and times as when its MD5 was checked';
        if (!have) {
          have = await md5OfFile(target, outer, existing.size);
          how = 'same MD5';
          // Recorded only if the file did not change while it was read.
          const after = await lstatOrUndefined(target);
          if (book && after?.isFile() && sameStat(existing, after)) book.set(rel, stampOf(after), have);
        }
        if (have.equals(expected)) {
          result.skipped.push({ name: item.name, kind: 'unchanged', path: target, reason: `already downloaded (${how})` });
          progress.filesDone++;
          progress.bytesDone += existing.size;
          emit();
          return undefined;
        }
      }
      return { item, target, rel, expected };
    } catch (e) {
      fail(item, e);
      return undefined;
    }
  };

  /** Step 3 for one file: fetch it into place. */
  const fetchOne = async (job: Job): Promise<void> => {
    const { item } = job;
    if (outer.aborted) {
      result.notDone++;
      return;
    }
    const done = (bytes: number) => {
      result.downloaded.push({ name: item.name, path: job.target, bytes });
      result.bytes += bytes;
      progress.filesDone++;
      emit();
    };
    try {
      const got = await fetchInto(item, job.target, job.rel, job.expected);
      if (typeof got === 'number') {
        done(got);
        return;
      }
      // A small file checked out in memory: written while the next requests go on. The
      // request slot is held only while too many bytes wait to be written (backpressure).
      while (inMemory.bytes >= IN_MEMORY_LIMIT) await new Promise<void>((r) => inMemory.waiters.push(r));
      inMemory.bytes += got.bytes;
      writes.push(
        diskLimit(() => writeInMemory(job, got))
          .then(
            () => done(got.bytes),
            (e: unknown) => {
              progress.bytesDone -= got.bytes;
              progress.bytesReceived -= got.bytes;
              fail(item, e);
            },
          )
          .finally(() => {
            inMemory.bytes -= got.bytes;
            const w = inMemory.waiters;
            inMemory.waiters = [];
            for (const r of w) r();
          }),
      );
    } catch (e) {
      fail(item, e);
    } finally {
      remaining.delete(item.name);
    }
  };

  /** Puts a small file received in memory into place: temp file, one write, rename. */
  const writeInMemory = async (job: Job, got: InMemoryFile): Promise<void> => {
    const t = await openTemp(job.target);
    try {
      await writeAll(t.handle, got.parts, 0);
      const stamp = await putInPlace(t, job.target, !!book && got.verified);
      if (book && got.verified && stamp?.size === got.bytes) book.set(job.rel, stamp, got.digest);
    } catch (e) {
      await t.handle.close().catch(() => undefined);
      await removeQuietly(t.path);
      throw e;
    }
  };

  /**
   * Attempts until the file is in place (returns its size) or, for a small file, checked in
   * memory (returns its bytes to write); or throws a FileFailure.
   */
  const fetchInto = async (item: DownloadItem, target: string, rel: string, expectedAtStart: Buffer | undefined): Promise<number | InMemoryFile> => {
    let expected = expectedAtStart;
    let size = item.size;
    let recheckedDigest = false;
    let urls: FileUrls = item.ref ? { url: item.ref } : (fresh.get(item.name) ?? { url: item.url, directUrl: item.directUrl });
    let generation = freshGeneration.get(item.name) ?? 0;
    let transientFailures = 0;
    let integrityFailures = 0;
    let refreshes = 0;
    let tmp: Awaited<ReturnType<typeof openTemp>> | undefined;
    const newHash = (): Md5Stream => (size !== undefined && size >= (options.hashOnWorkerFrom ?? WORKER_MD5_MIN) ? (md5Worker ??= new Md5Worker()).stream() : inlineMd5());
    let hash = newHash();
    let written = 0;

    const discard = async () => {
      if (tmp) {
        await tmp.handle.close().catch(() => undefined);
        await removeQuietly(tmp.path);
      }
      tmp = undefined;
      progress.bytesDone -= written;
      progress.bytesReceived -= written;
      written = 0;
      hash.dispose();
      hash = newHash();
    };

    const refresh = async (why: string): Promise<boolean> => {
      if (!plan.refreshUrls || item.ref || refreshes >= o.urlRefreshes) return false;
      refreshes++;
      log.info(`download ${displayName(item.name)}: ${why}`);
      const next = await refreshFor(item.name, generation);
      generation = urlGeneration;
      if (!next || (!next.url && !next.directUrl)) return false;
      urls = next;
      return true;
    };

    try {
      for (;;) {
        const url = urls.directUrl || urls.url;
        if (!url) {
          if (await refresh('no download URL')) continue;
          throw new FileFailure('noUrl', 'the server gave no download URL for it');
        }
        if (!isHttpUrl(url)) throw new FileFailure('noUrl', `cannot download from ${redactUrl(url)}`);
        const presigned = !fetcher.isOwnOrigin(url);
        let detach = () => undefined as void;
        try {
          const headers: Record<string, string> = written > 0 ? { Range: `bytes=${written}-` } : {};
          // This attempt's own controller (stall timeout), also aborted by the caller's signal.
          const attempt = new AbortController();
          const onOuterAbort = () => attempt.abort(outer.reason);
          outer.addEventListener('abort', onOuterAbort, { once: true });
          detach = () => outer.removeEventListener('abort', onOuterAbort);
          const init = { signal: attempt.signal, headers, label: 'GET file' };
          const res = fetcher.getStream ? await fetcher.getStream(url, init) : fromResponse(await fetcher.get(url, init));
          if (written > 0 && !resumesAt(res, written)) {
            // The server sent the whole file again: start over.
            res.cancel();
            await discard();
            continue;
          }
          // A small file is received into memory and written with one call once it checked out;
          // a larger one streams into its temp file, writes going on while more bytes arrive.
          const small = written === 0 && size !== undefined && size <= SMALL_FILE;
          if (!small && !tmp) tmp = await openTemp(target);
          const parts: Uint8Array[] = [];
          const writer = small ? undefined : new WriteQueue(tmp!.handle, written);
          let stalled = false;
          let finished = false;
          let lastData = Date.now();
          const onStall = () => {
            const idle = Date.now() - lastData;
            if (idle < o.stallTimeoutMs) {
              timer = setTimeout(onStall, o.stallTimeoutMs - idle);
              return;
            }
            stalled = true;
            attempt.abort();
          };
          let timer = setTimeout(onStall, o.stallTimeoutMs);
          try {
            try {
              for await (const buf of res.body) {
                lastData = Date.now();
                if (size !== undefined && written + buf.byteLength > size) {
                  throw new IntegrityError(`the server sent more than the expected ${size} bytes`);
                }
                hash.update(buf);
                written += buf.byteLength;
                if (writer) await writer.put(buf);
                else parts.push(buf);
                addBytes(buf.byteLength);
              }
              finished = true;
            } catch (e) {
              if (e instanceof IntegrityError || isNodeFsError(e)) throw e;
              if (stalled) throw new WandbError('network', `no data arrived for ${Math.round(o.stallTimeoutMs / 1000)} s`);
              throw errorFromThrown(e, { host: hostOf(url) });
            }
          } finally {
            clearTimeout(timer);
            if (!finished) res.cancel();
            // Everything received is on disk before the file is checked, resumed or dropped;
            // a small file's bytes were only in memory: nothing to resume from.
            if (writer) await writer.drain();
            else if (!finished) await discard();
          }
          if (size !== undefined && written < size) {
            const got = written;
            if (small) await discard();
            throw new WandbError('network', `the connection ended after ${got} of ${size} bytes`);
          }
          // Should the hashing thread fail, the bytes are all in the temp file by now.
          const digest = await hash.digest().catch((e: unknown) => {
            if (!tmp) throw e;
            return md5OfFile(tmp.path, outer);
          });
          if (expected && !digest.equals(expected)) {
            throw new IntegrityError(`MD5 mismatch: expected ${expected.toString('base64')}, received ${digest.toString('base64')}`);
          }
          if (small) return { parts, bytes: written, digest, verified: !!expected };
          const stamp = await putInPlace(tmp!, target, !!book && !!expected);
          tmp = undefined;
          if (book && expected && stamp?.size === written) book.set(rel, stamp, digest);
          return written;
        } catch (e) {
          if (outer.aborted || (isAbort(e) && !(e instanceof WandbError))) throw e;
          if (e instanceof FileFailure || e instanceof UnsafePathError) throw e;
          if (e instanceof IntegrityError) {
            integrityFailures++;
            // A file of a live run may have changed since it was listed: ask once for its
            // current digest and size before counting the bytes as damaged.
            if (!recheckedDigest && plan.refreshUrls && !item.ref) {
              recheckedDigest = true;
              const now = await refreshFor(item.name, generation);
              generation = urlGeneration;
              if (now && ((now.md5 !== undefined && now.md5 !== item.md5) || (now.size !== undefined && now.size !== size))) {
                log.info(`download ${displayName(item.name)}: it changed on the server since it was listed; fetching the current version`);
                expected = md5Bytes(now.md5) ?? expected;
                size = now.size ?? size;
                if (now.url || now.directUrl) urls = { url: now.url, directUrl: now.directUrl };
                integrityFailures--;
                await discard();
                continue;
              }
            }
            log.warn(`download ${displayName(item.name)}: ${e.message} (attempt ${integrityFailures} of ${o.integrityAttempts})`);
            await discard();
            if (integrityFailures >= o.integrityAttempts) throw new FileFailure('integrity', `${e.message}, ${o.integrityAttempts} times`);
            continue;
          }
          const err = e instanceof WandbError ? e : isNodeFsError(e) ? undefined : errorFromThrown(e, { host: hostOf(url) });
          if (!err) throw new FileFailure('disk', (e as Error).message);
          if (err.kind === 'cancelled') throw e;
          // Storage refuses an expired signature with 403 (S3, GCS), sometimes 400 or 401.
          if (presigned && (err.kind === 'forbidden' || err.kind === 'auth' || err.kind === 'badRequest' || err.kind === 'notFound')) {
            if (await refresh(`the storage refused the URL (HTTP ${err.status ?? '?'})`)) continue;
            if (urls.directUrl && urls.url && fetcher.isOwnOrigin(urls.url)) {
              urls = { url: urls.url };
              continue;
            }
            throw new FileFailure('http', `the storage refused the download (HTTP ${err.status ?? '?'}) even with a fresh URL`);
          }
          if (!err.transient) throw new FileFailure('http', err.message);
          transientFailures++;
          if (transientFailures >= o.maxAttempts) throw new FileFailure(err.kind === 'network' ? 'network' : 'http', `${err.message} (gave up after ${transientFailures} attempts)`);
          const delay = err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, o.maxDelayMs) : backoffDelay(transientFailures, o, options.random);
          log.info(`download ${displayName(item.name)}: ${err.kind}${err.status ? ` ${err.status}` : ''}, retry ${transientFailures} in ${delay} ms${written > 0 ? ` from byte ${written}` : ''}`);
          await (options.sleep ?? sleep)(delay, outer);
        } finally {
          detach();
        }
      }
    } finally {
      if (tmp) {
        await tmp.handle.close().catch(() => undefined);
        await removeQuietly(tmp.path);
        progress.bytesDone -= written;
        progress.bytesReceived -= written;
      }
    }
  };

  const limit = pLimit(Math.max(1, o.concurrency));
  const diskLimit = pLimit(Math.max(8, o.concurrency));
  const writes: Array<Promise<void>> = [];
  const inMemory = { bytes: 0, waiters: [] as Array<() => void> };
  // 1. Check names and local copies (an unchanged artifact ends here, without a request).
  // Local checks are cheap stats: more of them at once than requests.
  const checkLimit = pLimit(Math.max(32, o.concurrency));
  const jobs = (await Promise.all(plan.items.map((item) => checkLimit(() => prepare(item))))).filter((j) => j !== undefined);
  remaining.clear();
  for (const j of jobs) if (!j.item.ref) remaining.add(j.item.name);
  // 2. URLs for the files that need them, in one listing (plans may leave them out). Files are
  // fetched as soon as the page with their URL arrived, while the listing goes on.
  const unlisted = jobs.filter((j) => !j.item.ref && !j.item.url && !j.item.directUrl).map((j) => j.item.name);
  /** Files (by name; two entries may share one) waiting for the page with their URL. */
  const awaitingUrl = new Map<string, Array<() => void>>();
  let urlListing: Promise<void> | undefined;
  if (unlisted.length > 0 && plan.refreshUrls && !outer.aborted) {
    const take = (page: Map<string, FileUrls>) => {
      for (const [n, u] of page) {
        if (!fresh.has(n)) fresh.set(n, u);
        for (const r of awaitingUrl.get(n) ?? []) r();
        awaitingUrl.delete(n);
      }
    };
    urlListing = plan
      .refreshUrls(unlisted, outer, take)
      .then(take, (e: unknown) => {
        if (!outer.aborted) log.warn(`download: listing download URLs failed: ${toFailure(e).reason}`);
      })
      .finally(() => {
        urlListing = undefined;
        for (const rs of awaitingUrl.values()) for (const r of rs) r();
        awaitingUrl.clear();
      });
  }
  const urlFor = async (job: Job) => {
    const { item } = job;
    if (urlListing && !item.ref && !item.url && !item.directUrl && !fresh.has(item.name)) await new Promise<void>((r) => awaitingUrl.set(item.name, [...(awaitingUrl.get(item.name) ?? []), r]));
  };
  // 3. Fetch.
  try {
    await Promise.all(
      jobs.map((job) =>
        limit(async () => {
          await urlFor(job);
          await fetchOne(job);
        }),
      ),
    );
    await urlListing;
  } finally {
    await md5Worker?.close();
  }
  await Promise.all(writes);
  if (book) await book.save().catch((e: unknown) => log.warn(`download: the checksum records could not be saved: ${(e as Error).message}`));
  result.cancelled = outer.aborted;
  result.ms = Date.now() - started;
  emit(true);
  log.info(
    `download into ${root}: ${result.downloaded.length} downloaded, ${result.skipped.length} skipped, ${result.failed.length} failed` +
      `${result.cancelled ? `, cancelled with ${result.notDone} not done` : ''}, ${result.bytes} bytes in ${result.ms} ms`,
  );
  return result;
}

/** One file that needs fetching, after its name and the copy on disk were checked. */
interface Job {
  item: DownloadItem;
  target: string;
  /** `/`-separated path inside the destination (the checksum records' key). */
  rel: string;
  expected?: Buffer;
}

/** True when `res` continues the file at byte `from` (206 with a matching Content-Range). */
function resumesAt(res: StreamAnswer, from: number): boolean {
  if (res.status !== 206) return false;
  const m = /^bytes (\d+)-/.exec(res.header('content-range') ?? '');
  return !!m && Number(m[1]) === from;
}

/** Same file, unchanged, by the parts of a stat any change moves. */
function sameStat(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Writes `bufs` at `position`, all of them (a short write continues where it stopped). */
async function writeAll(handle: FileHandle, bufs: Uint8Array[], position: number): Promise<void> {
  let total = 0;
  for (const b of bufs) total += b.byteLength;
  if (total === 0) return;
  const first = bufs.length === 1 ? await handle.write(bufs[0]!, 0, total, position) : await handle.writev(bufs, position);
  let done = first.bytesWritten;
  if (done === total) return;
  const rest = Buffer.concat(bufs);
  while (done < total) done += (await handle.write(rest, done, total - done, position + done)).bytesWritten;
}

/**
 * The writes of one file, in order, each batch of queued chunks in one call, while the caller
 * goes on receiving. `put` waits only when WRITE_AHEAD bytes are queued (backpressure).
 */
class WriteQueue {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private running: Promise<void> | undefined;
  private error: unknown;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly handle: FileHandle,
    private at: number,
  ) {}

  async put(buf: Uint8Array): Promise<void> {
    if (this.error) throw this.error;
    this.pending.push(buf);
    this.pendingBytes += buf.byteLength;
    this.running ??= this.pump();
    while (this.pendingBytes >= WRITE_AHEAD && this.running) await new Promise<void>((r) => this.waiters.push(r));
    if (this.error) throw this.error;
  }

  /** Waits for every queued write; throws the first write error. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    if (this.error) throw this.error;
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let n = 0;
        for (const b of batch) n += b.byteLength;
        await writeAll(this.handle, batch, this.at);
        this.at += n;
        this.pendingBytes -= n;
        this.wake();
      }
    } catch (e) {
      this.error = e;
      this.pending = [];
      this.pendingBytes = 0;
    } finally {
      this.running = undefined;
      this.wake();
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/**
 * Closes the finished temp file and renames it over its final name. With `wantStamp`, returns
 * the stamp of the file now in place when it is known to be the one written.
 */
async function putInPlace(t: { path: string; handle: FileHandle }, target: string, wantStamp: boolean): Promise<FileStamp | undefined> {
  if (process.platform === 'win32') {
    // Windows: closed before the rename; the file in place must still be the one written.
    const written = wantStamp ? await t.handle.stat() : undefined;
    await t.handle.close();
    await rename(t.path, target);
    if (!written) return undefined;
    const now = await lstatOrUndefined(target).catch(() => undefined);
    const same = now?.isFile() && now.ino === written.ino && now.size === written.size && now.mtimeMs === written.mtimeMs;
    return now && same ? stampOf(now) : undefined;
  }
  // rename() replaces a link planted meanwhile instead of following it, and fails on a folder.
  try {
    await rename(t.path, target);
  } catch (e) {
    await t.handle.close().catch(() => undefined);
    throw e;
  }
  // The open handle is the file written for sure; its stat includes the rename's change time.
  const st = wantStamp ? await t.handle.stat().catch(() => undefined) : undefined;
  try {
    await t.handle.close();
  } catch (e) {
    // A late write error (network file systems report them on close): the file is not good.
    await removeQuietly(target);
    throw e;
  }
  return st && stampOf(st);
}

function toFailure(e: unknown): { kind: FailureKind; reason: string } {
  if (e instanceof FileFailure) return { kind: e.kind, reason: e.message };
  if (e instanceof UnsafePathError) return { kind: 'unsafeName', reason: `refused: ${e.message}` };
  if (e instanceof WandbError) return { kind: e.kind === 'network' ? 'network' : 'http', reason: e.message };
  if (isNodeFsError(e)) return { kind: 'disk', reason: (e as Error).message };
  return { kind: 'http', reason: e instanceof Error ? e.message : String(e) };
}

function isNodeFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** Sum of a result for one line: "12 downloaded, 3 skipped, 1 failed, 4.2 MB in 1.3 s". */
export function summarize(r: DownloadResult): string {
  const parts = [`${r.downloaded.length} downloaded`];
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped`);
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  if (r.cancelled) parts.push(`${r.notDone} not done (cancelled)`);
  return `${parts.join(', ')}, ${formatBytes(r.bytes)} in ${formatMs(r.ms)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
