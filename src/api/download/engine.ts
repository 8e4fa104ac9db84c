/**
 * The download engine: many files into one destination folder, each checked against W&B's MD5
 * and size and renamed into place from a temp file beside its final name only when it matches.
 * This module runs the steps; each part lives in its own module:
 *   target-claims    where each file goes (or why not), one entry per file
 *   local-copy       the copy already on disk, skipped when its MD5 matches
 *   url-refresh      the plan's URLs, listed when missing and refreshed together when expired
 *   small-fetch      a small file's lean first attempt (one GET, checked in memory)
 *   resumable-fetch  one file's attempts (resume, retry, refresh, recheck); goes on from a
 *                    failed lean attempt as from its own
 *   slab-writer      writes (and the SDK cache's copy) and the hash going on while more bytes arrive
 *   memory-budget    small files checked in memory waiting to be written
 *   small-file-workers  many small files checked (MD5) and put into place on worker threads
 *   slots            files in flight, being written, hashed or copied, a few at a time
 *   progress-meter   files and bytes done, reported at most every 100 ms
 * Plain Node: no `vscode` here.
 */
import { setMaxListeners } from 'node:events';
import { mkdirSync, realpathSync, type Stats } from 'node:fs';
import { watchSignal, type SignalWatch } from '../abort-watch';
import type { ClientLogger } from '../client';
import { WandbError } from '../errors';
import { stampOf, type ChecksumBook } from './checksum-cache';
import { md5Bytes } from './digest';
import { IntegrityError, md5Mismatch, toFailure } from './failures';
import { LocalCopies, needsHash, type Unchanged } from './local-copy';
import { MemoryBudget } from './memory-budget';
import { Md5Streams } from './md5-worker';
import { ProgressMeter, isCloudReference } from './progress-meter';
import { placeInMemoryFile, type InMemoryFile } from './put-in-place';
import { ResumableFetch, SMALL_FILE, type FetchContext } from './resumable-fetch';
import { lstatSyncOrUndefined, tempPathFor } from './safe-fs';
import type { CacheEntryWriter, SdkArtifactCache } from './sdk-cache';
import { checkedInMemory, fetchSmallOnce, isUnchecked, leanUrl, type FirstAttempt, type UncheckedFile } from './small-fetch';
import { SmallFileWorkers, sharedSmallFileWorkers, type SmallFileOutcome } from './small-file-workers';
import { Slots } from './slots';
import { displayName } from './safe-path';
import { TargetClaims, type Target } from './target-claims';
import { inSlices } from './time-slices';
import type { DownloadItem, DownloadOptions, DownloadPlan, DownloadResult, Fetcher } from './types';
import { DownloadUrls } from './url-refresh';

export type * from './types';
export { summarize } from './summary';

const DEFAULTS = {
  /** As many files in flight as the SDK's file workers (`artifact.py`, `_FILE_EXECUTOR_WORKERS`). */
  concurrency: 32,
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  integrityAttempts: 3,
  urlRefreshes: 2,
  stallTimeoutMs: 60_000,
};

const silent: ClientLogger = { info() {}, warn() {}, error() {} };

/** Files from this size on are hashed on a worker thread, beside the reads and writes. */
const WORKER_MD5_MIN = 32 * 1024 * 1024;
/**
 * Files above SMALL_FILE in flight at once, within `concurrency`: a few streams already fill the
 * link and the disk, while many small files are bound by each request's latency.
 */
const LARGE_FILES_IN_FLIGHT = 4;
/** Bytes of small files received and checked that may wait to be written. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;
/**
 * From this many small files to fetch on, they are put into place on worker threads (see
 * small-file-workers): below it, starting a thread costs more than the calls it saves.
 */
const SMALL_FILES_FOR_WORKERS = 64;

/** Runs the plan. Never throws for one file's failure; throws only if the destination itself is unusable. */
export async function downloadFiles(plan: DownloadPlan, fetcher: Fetcher, options: DownloadOptions = {}): Promise<DownloadResult> {
  const started = Date.now();
  const log = options.log ?? silent;
  // Plain calls: three quick steps, each of which would otherwise wait for a free thread-pool
  // thread behind the other work of the extension host.
  mkdirSync(plan.root, { recursive: true });
  const root = realpathSync.native(plan.root);
  const rootStat = lstatSyncOrUndefined(root);
  if (!rootStat?.isDirectory()) throw new WandbError('badRequest', `${plan.root} is not a folder.`);
  const book: ChecksumBook | undefined = await options.checksums?.open(root).catch((e: unknown) => {
    log.warn(`download: the checksum records could not be read (${(e as Error).message}); files on disk are hashed instead`);
    return undefined;
  });
  return new Download(plan, root, fetcher, options, log, book, started).run();
}

/** Why a reference to cloud storage is listed, not fetched. */
function cloudReason(ref: string): string {
  const scheme = /^([a-z0-9+.-]+):/i.exec(ref)?.[1]?.toLowerCase() ?? 'unknown';
  return `reference to ${ref}, stored in ${scheme}:// storage outside W&B: fetching it needs that storage's own credentials, which W&B Explorer does not use (the SDK's artifact.download() does)`;
}

/** A file of unknown size counts as large: it may be. */
const isLarge = (item: DownloadItem) => item.size === undefined || item.size > SMALL_FILE;

/** One file that needs fetching, after its name and the copy on disk were checked. */
interface Job {
  item: DownloadItem;
  target: Target;
  expected?: Buffer;
  /** A copy whose MD5 differs is in its place. */
  differs?: boolean;
}

/** One run of a plan: its parts, its result, and the steps that fill it. */
class Download {
  private readonly result: DownloadResult;
  private readonly signal: AbortSignal;
  /** The signal's state, read by the per-file steps. */
  private readonly cancel: SignalWatch;
  private readonly concurrency: number;
  private readonly meter: ProgressMeter;
  private readonly urls: DownloadUrls;
  private readonly claims: TargetClaims;
  private readonly copies: LocalCopies;
  private readonly hashes: Md5Streams;
  private readonly fetchContext: FetchContext;
  private readonly memory = new MemoryBudget(IN_MEMORY_LIMIT);
  /** Files in flight. */
  private readonly fetchSlots: Slots;
  private readonly diskSlots: Slots;
  private readonly sdkCache: SdkArtifactCache | undefined;
  /** The user cancelled when asked about local changes. */
  private declined = false;
  /** The SDK cache could not be written once: said once, then left alone for this download. */
  private cacheWriteFailed = false;
  /** Small files checked in memory and being written. */
  private readonly writes: Array<Promise<void>> = [];
  /** Threads that put many small files into place; none for a few. */
  private smallFiles: SmallFileWorkers | undefined;

  constructor(
    private readonly plan: DownloadPlan,
    root: string,
    fetcher: Fetcher,
    private readonly options: DownloadOptions,
    private readonly log: ClientLogger,
    private readonly book: ChecksumBook | undefined,
    private readonly started: number,
  ) {
    const o = { ...DEFAULTS, ...options, ...options.retry };
    this.signal = options.signal ?? new AbortController().signal;
    // An option given as undefined means the default, not "none".
    this.concurrency = options.concurrency ?? DEFAULTS.concurrency;
    // Every file in flight listens for cancel on the one signal.
    setMaxListeners(Math.max(64, 2 * this.concurrency), this.signal);
    // Made here, before any request: the per-file steps and the requests read the signal's
    // state through it (see abort-watch), and none of them makes it.
    this.cancel = watchSignal(this.signal);
    this.result = { root, filesTotal: plan.items.length, downloaded: [], skipped: [], failed: [], notDone: 0, cancelled: false, bytes: 0, ms: 0 };
    this.meter = new ProgressMeter(plan.items, options.onProgress, started);
    this.urls = new DownloadUrls(plan.refreshUrls, this.signal, log);
    this.claims = new TargetClaims(root, options.platform);
    this.copies = new LocalCopies(root, book, this.signal);
    this.hashes = new Md5Streams(options.hashOnWorkerFrom ?? WORKER_MD5_MIN);
    this.fetchSlots = new Slots(Math.max(1, this.concurrency));
    this.diskSlots = new Slots(Math.max(8, this.concurrency));
    this.sdkCache = options.sdkCache;
    const policy = {
      maxAttempts: o.maxAttempts,
      baseDelayMs: o.baseDelayMs,
      maxDelayMs: o.maxDelayMs,
      integrityAttempts: o.integrityAttempts,
      urlRefreshes: o.urlRefreshes,
      stallTimeoutMs: o.stallTimeoutMs,
      random: options.random,
      sleep: options.sleep,
    };
    const cache = this.sdkCache ? { open: () => this.openCacheEntry(), failed: (e: unknown) => this.cacheNotWritten((e as Error).message) } : undefined;
    this.fetchContext = { fetcher, urls: this.urls, meter: this.meter, hashes: this.hashes, book, log, signal: this.signal, policy, cache };
  }

  async run(): Promise<DownloadResult> {
    // 1. Check names and local copies (an unchanged artifact ends here, without a request).
    const checked = await this.prepareAll();
    // 1b. Web references and copies on disk that differ from W&B's: asked once each.
    const prepared = await this.settleLocalChanges(await this.settleWebReferences(checked));
    // 2. Files the SDK's artifact cache holds are copied from there, without a request.
    const jobs = this.sdkCache && prepared.length > 0 ? await this.fromCacheAll(prepared) : prepared;
    this.urls.track(jobs.filter((j) => !j.item.ref).map((j) => j.item.name));
    // 3. URLs for the files that need them, in one listing (plans may leave them out). Files are
    // fetched as soon as the page with their URL arrived, while the listing goes on.
    this.urls.listMissing(jobs.filter((j) => !j.item.ref && !j.item.url && !j.item.directUrl).map((j) => j.item.name));
    // 4. Fetch: up to `concurrency` files at once, of which only a few large ones.
    const largeSlots = new Slots(Math.max(1, Math.min(LARGE_FILES_IN_FLIGHT, this.concurrency)));
    if (SmallFileWorkers.supported && jobs.filter((j) => !isLarge(j.item)).length >= SMALL_FILES_FOR_WORKERS) {
      this.smallFiles = sharedSmallFileWorkers();
      this.smallFiles.startDownload();
    }
    const fetchJob = async (job: Job) => {
      await this.urls.listed(job.item);
      await this.fetchOne(job);
    };
    try {
      await Promise.all(jobs.map((job) => (isLarge(job.item) ? largeSlots.run(() => this.fetchSlots.run(() => fetchJob(job))) : this.fetchSlots.run(() => fetchJob(job)))));
      await this.urls.settled();
    } finally {
      await this.hashes.close();
    }
    // Bytes found wrong while being written are fetched again and written after the others.
    // (The placement threads are shared by every download and end on their own when idle.)
    while (this.writes.length > 0) await Promise.all(this.writes.splice(0));
    if (this.book) await this.book.save().catch((e: unknown) => this.log.warn(`download: the checksum records could not be saved: ${(e as Error).message}`));
    return this.finish();
  }

  /**
   * Step 1: each file's name and the copy on disk, as plain stats in slices (see time-slices);
   * copies that only their bytes can tell about are then hashed, a few at a time. Returns what
   * still needs fetching, in the plan's order.
   */
  private async prepareAll(): Promise<Job[]> {
    const slots: Array<Job | undefined> = [];
    const hashing: Array<Promise<void>> = [];
    const hashSlots = new Slots(Math.max(8, this.concurrency));
    await inSlices(this.plan.items, this.options.sliceMs, (item, i) => {
      const got = this.prepare(item);
      if (!got || !('onDisk' in got)) {
        slots[i] = got;
        return;
      }
      const { job, onDisk } = got;
      hashing.push(
        hashSlots.run(async () => {
          if (this.cancel.aborted) throw this.signal.reason;
          slots[i] = this.settleLocalCopy(job, await this.copies.hash(job.target, onDisk, job.expected!));
        }).catch((e: unknown) => this.fail(job.item, e)),
      );
    });
    await Promise.all(hashing);
    return slots.filter((j) => j !== undefined);
  }

  /**
   * Step 1 for one file: where it goes (or why not), references, and whether the copy on disk
   * is already right. Returns what still needs fetching, or a copy that must be hashed to tell.
   */
  private prepare(item: DownloadItem): Job | { job: Job; onDisk: Stats } | undefined {
    if (this.cancel.aborted) {
      this.result.notDone++;
      return undefined;
    }
    try {
      const target = this.claims.claim(item.target ?? item.name);
      if (isCloudReference(item)) {
        this.result.skipped.push({ name: item.name, kind: 'reference', ref: item.ref, reason: cloudReason(item.ref!) });
        this.meter.fileDone();
        return undefined;
      }
      // A reference's digest is not an MD5 of its bytes (an ETag, for one).
      const found = this.copies.look(target, item.ref ? undefined : item.md5, item.size);
      if (needsHash(found)) return { job: { item, target, expected: found.expected }, onDisk: found.onDisk };
      if (found && found !== 'differs') return this.unchanged(item, target, found);
      // Decoded only for files still to fetch: an unchanged download compares digests as strings.
      return { item, target, expected: item.ref ? undefined : md5Bytes(item.md5), differs: found === 'differs' };
    } catch (e) {
      this.fail(item, e);
      return undefined;
    }
  }

  /** A copy found unchanged is skipped; one that differs is marked so. Returns what needs fetching. */
  private settleLocalCopy(job: Job, found: Unchanged | 'differs' | undefined): Job | undefined {
    if (found && found !== 'differs') return this.unchanged(job.item, job.target, found);
    job.differs = found === 'differs';
    return job;
  }

  /** A copy found unchanged: skipped. */
  private unchanged(item: DownloadItem, target: Target, found: Unchanged): undefined {
    this.result.skipped.push({ name: item.name, kind: 'unchanged', path: target.path, reason: `already downloaded (${found.how})` });
    this.meter.fileDone(found.bytes);
    return undefined;
  }

  /** References to web addresses are fetched only when the caller agrees (asked once). */
  private async settleWebReferences(jobs: Job[]): Promise<Job[]> {
    const web = jobs.filter((j) => j.item.ref);
    if (web.length === 0) return jobs;
    const ask = this.options.onWebReferences;
    const agreed = !!ask && !this.cancel.aborted && (await ask(web.map((j) => ({ name: j.item.name, ref: j.item.ref! }))));
    if (agreed) return jobs;
    for (const j of web) {
      this.result.skipped.push({ name: j.item.name, kind: 'reference', ref: j.item.ref, reason: `reference to ${j.item.ref}, a web address outside W&B: downloaded only when you agree` });
      this.meter.fileDone();
    }
    return jobs.filter((j) => !j.item.ref);
  }

  /**
   * Copies on disk that differ (edited locally, or older): the caller decides once for all of
   * them. `keep` leaves them, reported as kept; `cancel` leaves every file as it is.
   */
  private async settleLocalChanges(jobs: Job[]): Promise<Job[]> {
    const differing = jobs.filter((j) => j.differs);
    const ask = this.options.onLocalChanges;
    if (differing.length === 0 || !ask || this.cancel.aborted) return jobs;
    const answer = await ask(differing.map((j) => ({ name: j.item.name, path: j.target.path })));
    if (answer === 'replace') return jobs;
    if (answer === 'cancel') {
      this.declined = true;
      this.result.notDone += jobs.length;
      return [];
    }
    for (const j of differing) {
      this.result.skipped.push({ name: j.item.name, kind: 'kept', path: j.target.path, reason: 'changed on disk: your copy was kept' });
      this.meter.fileDone();
    }
    return jobs.filter((j) => !j.differs);
  }

  /**
   * Step 2: files the SDK's cache holds (by MD5, with the right size) are copied into place
   * (temp file beside the final name, rename) instead of fetched: small ones in slices, large
   * ones a few at a time. Returns what still needs fetching, in order.
   */
  private async fromCacheAll(jobs: Job[]): Promise<Job[]> {
    const cache = this.sdkCache!;
    const find = cache.finder();
    const slots: Array<Job | undefined> = [];
    const large: Array<Promise<void>> = [];
    const copySlots = new Slots(LARGE_FILES_IN_FLIGHT);
    await inSlices(jobs, this.options.sliceMs, (job, i) => {
      slots[i] = job;
      const { item, target, expected } = job;
      const hit = expected && item.size !== undefined && !this.cancel.aborted ? find(expected) : undefined;
      if (!hit) return;
      const tmp = tempPathFor(target.path);
      if (isLarge(item)) {
        const placed = () => cache.placeCopy(hit, tmp, target.path, item.size!);
        large.push(copySlots.run(placed).then((st) => this.copiedFromCache(job, st), (e: unknown) => this.cacheCopyFailed(job, e)).then((j) => void (slots[i] = j)));
        return;
      }
      try {
        slots[i] = this.copiedFromCache(job, cache.placeCopySync(hit, tmp, target.path, item.size!));
      } catch (e) {
        slots[i] = this.cacheCopyFailed(job, e);
      }
    });
    await Promise.all(large);
    return slots.filter((j) => j !== undefined);
  }

  /** A copy from the cache is in place: done, and recorded (`placed` is its stat when known to be it). */
  private copiedFromCache(job: Job, placed: Stats | undefined): undefined {
    if (this.book && placed) this.book.set(job.target.rel, stampOf(placed), job.expected!);
    this.done(job, job.item.size!, true);
    return undefined;
  }

  /** A copy from the cache failed: the file is fetched instead. */
  private cacheCopyFailed(job: Job, e: unknown): Job {
    this.log.warn(`download ${displayName(job.item.name)}: copying it from W&B's artifact cache failed (${(e as Error).message}); fetching it instead`);
    return job;
  }

  /** Puts a checked file into the SDK's cache; a failure is said once and never fails the download. */
  private async keepInCache(put: (c: SdkArtifactCache) => Promise<void>): Promise<void> {
    if (!this.sdkCache || this.cacheWriteFailed) return;
    try {
      await put(this.sdkCache);
    } catch (e) {
      this.cacheNotWritten((e as Error).message);
    }
  }

  /** A new entry of the SDK's cache for a large file, written as its bytes arrive; undefined once the cache failed. */
  private async openCacheEntry(): Promise<CacheEntryWriter | undefined> {
    if (!this.sdkCache || this.cacheWriteFailed) return undefined;
    return this.sdkCache.openEntry().catch((e: unknown) => {
      this.cacheNotWritten((e as Error).message);
      return undefined;
    });
  }

  /** Said once; the cache is then left alone for this download. */
  private cacheNotWritten(why: string): void {
    if (this.cacheWriteFailed || !this.sdkCache) return;
    this.cacheWriteFailed = true;
    this.log.warn(`download: W&B's artifact cache in ${this.sdkCache.root} could not be written (${why}); files are not kept there this time`);
  }

  /** Step 4 for one file: fetch it into place. */
  private async fetchOne(job: Job): Promise<void> {
    const { item } = job;
    if (this.cancel.aborted) {
      this.result.notDone++;
      return;
    }
    // A file whose MD5 is checked where it is written is done only once that check is.
    let checkedLater = false;
    try {
      const got = (await this.fetchSmall(job)) ?? (await new ResumableFetch(item, job.target, job.expected, this.fetchContext).run());
      if (typeof got === 'number') this.done(job, got);
      else {
        checkedLater = isUnchecked(got);
        await this.writeLater(job, got);
      }
    } catch (e) {
      this.fail(item, e);
    } finally {
      if (!checkedLater) this.urls.done(item.name);
    }
  }

  /**
   * A small file: a lean first attempt (see small-fetch), and ResumableFetch from its failure.
   * Undefined when the file is not small or has no URL to try yet (ResumableFetch does it all).
   * With placement workers, its MD5 is checked on the worker that writes it.
   */
  private async fetchSmall(job: Job): Promise<number | InMemoryFile | UncheckedFile | undefined> {
    const { item } = job;
    if (item.size === undefined || item.size > SMALL_FILE) return undefined;
    const from = this.urls.current(item);
    const url = leanUrl(from);
    if (url === undefined) return undefined;
    const got = await fetchSmallOnce(item.size, job.expected, from, url, this.fetchContext, !!this.smallFiles);
    return 'error' in got ? this.fetchFrom(job, got) : got;
  }

  /** ResumableFetch going on from a failed first attempt (a lean one, or bytes found wrong where they were to be written). */
  private fetchFrom(job: Job, first: FirstAttempt): Promise<number | InMemoryFile> {
    return new ResumableFetch(job.item, job.target, job.expected, this.fetchContext, first).run();
  }

  /**
   * A small file in memory: written while the next requests go on. The request slot is held
   * only while too many bytes wait to be written (backpressure). Bytes found wrong when they
   * were to be written are fetched again (see fetchAgain).
   */
  private async writeLater(job: Job, got: InMemoryFile | UncheckedFile): Promise<void> {
    await this.memory.reserve(got.bytes);
    const unchecked = isUnchecked(got);
    this.writes.push(
      this.diskSlots
        .run(() => this.place(job, got))
        .finally(() => this.memory.release(got.bytes))
        .then(
          (wrong) => (wrong ? this.fetchAgain(job, got as UncheckedFile, wrong) : this.done(job, got.bytes)),
          (e: unknown) => {
            this.meter.takeBack(got.bytes);
            this.fail(job.item, e);
          },
        )
        .finally(() => {
          if (unchecked) this.urls.done(job.item.name);
        }),
    );
  }

  /**
   * Puts a small file into place (and into the SDK's cache): on a worker thread when there are
   * workers, else here. Returns why its bytes are wrong when its MD5 was still to check and
   * differs: then nothing of it was written.
   */
  private async place(job: Job, got: InMemoryFile | UncheckedFile): Promise<IntegrityError | undefined> {
    const outcome = await this.placeOnWorker(job, got);
    if (outcome && 'wrongMd5' in outcome) return md5Mismatch(job.expected!, outcome.wrongMd5);
    if (outcome) return undefined;
    let checked: InMemoryFile;
    try {
      checked = isUnchecked(got) ? checkedInMemory(got.parts, got.bytes, got.expected) : got;
    } catch (e) {
      if (e instanceof IntegrityError) return e;
      throw e;
    }
    await placeInMemoryFile(job.target, checked, this.book);
    if (checked.verified) await this.keepInCache((c) => c.putBytes(checked.digest, checked.parts));
    return undefined;
  }

  /**
   * A small file put into place (and into the SDK's cache) by a worker thread, with the same
   * steps as `placeInMemoryFile` and `putBytes`, its MD5 checked there first when still to be.
   * Undefined when there are no workers or they could not place it: then nothing of it was
   * written and the caller places it itself.
   */
  private async placeOnWorker(job: Job, got: InMemoryFile | UncheckedFile): Promise<SmallFileOutcome> {
    if (!this.smallFiles) return undefined;
    const unchecked = isUnchecked(got);
    const verified = unchecked || got.verified;
    const digest = unchecked ? got.expected : got.digest;
    const keep = verified && this.sdkCache && !this.cacheWriteFailed ? this.sdkCache.entryPaths(digest) : undefined;
    const outcome = await this.smallFiles.place({
      tmp: tempPathFor(job.target.path),
      target: job.target.path,
      parts: got.parts,
      md5: unchecked ? got.expected : undefined,
      wantStamp: !!this.book && verified,
      keep,
    });
    if (!outcome || 'wrongMd5' in outcome) return outcome;
    if (this.book && verified && outcome.stamp?.size === got.bytes) this.book.set(job.target.rel, outcome.stamp, digest);
    if (outcome.cacheError !== undefined) this.cacheNotWritten(outcome.cacheError);
    return outcome;
  }

  /**
   * Bytes found wrong where they were to be written: fetched again in a request slot,
   * ResumableFetch going on from that attempt as from a failed lean one (the same retries,
   * digest recheck and failure as when the MD5 is checked on receipt).
   */
  private async fetchAgain(job: Job, got: UncheckedFile, error: IntegrityError): Promise<void> {
    this.meter.takeBack(got.bytes);
    try {
      const again = await this.fetchSlots.run(() => this.fetchFrom(job, { from: got.from, url: got.url, error }));
      if (typeof again === 'number') this.done(job, again);
      else await this.writeLater(job, again);
    } catch (e) {
      this.fail(job.item, e);
    }
  }

  private done(job: Job, bytes: number, fromCache = false): void {
    this.result.downloaded.push({ name: job.item.name, path: job.target.path, bytes, ...(fromCache ? { fromCache } : {}) });
    this.result.bytes += bytes;
    // Fetched bytes were counted as they arrived; copied ones now.
    this.meter.fileDone(fromCache ? bytes : 0);
  }

  private fail(item: DownloadItem, e: unknown): void {
    if (this.cancel.aborted) {
      this.result.notDone++;
      return;
    }
    const failure = toFailure(e);
    this.log.warn(`download ${displayName(item.name)} failed: ${failure.reason}`);
    this.result.failed.push({ name: item.name, ...failure });
    this.meter.fileDone();
  }

  private finish(): DownloadResult {
    const r = this.result;
    r.cancelled = this.cancel.aborted || this.declined;
    r.ms = Date.now() - this.started;
    this.meter.report(true);
    this.log.info(
      `download into ${r.root}: ${r.downloaded.length} downloaded, ${r.skipped.length} skipped, ${r.failed.length} failed` +
        `${r.cancelled ? `, cancelled with ${r.notDone} not done` : ''}, ${r.bytes} bytes in ${r.ms} ms`,
    );
    return r;
  }
}
