/**
 * Small files checked in memory, put into place on worker threads: each one is a handful of
 * file-system calls (open the temp file O_EXCL, write, rename over the final name, stat, close;
 * then the same into W&B's artifact cache), and thousands of them through the async API cost the
 * main thread far more than the requests themselves (every call is a thread-pool round trip
 * and a promise). A worker makes the same calls synchronously, in the same order and with the
 * same flags as `placeInMemoryFile` and `SdkArtifactCache.putBytes`, and answers once per file.
 *
 * Given W&B's MD5, a worker hashes the bytes first and writes nothing when they differ: the
 * answer says so and the caller fetches the file again. The hash is then off the main thread,
 * beside the writes it comes with.
 *
 * A file the workers cannot place (any error, or a worker that stopped) is handed back to the
 * caller, who places it the async way: that path reports the real error, so the workers never
 * decide a file's failure. Not on Windows (there the temp file is closed before the rename).
 * Plain Node: no `vscode` here.
 */
import { Worker } from 'node:worker_threads';
import type { FileStamp } from './checksum-cache';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const c = fs.constants;
const NEW_FILE = c.O_WRONLY | c.O_CREAT | c.O_EXCL | (c.O_NOFOLLOW || 0);
const madeDirs = new Set();
const unlinkQuietly = (p) => { try { fs.unlinkSync(p); } catch {} };
const writeAll = (fd, b) => { let off = 0; while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off, off); };
// One call, no Hash object, where Node has it (20.12 on).
const md5Of = crypto.hash ? (b) => crypto.hash('md5', b, 'base64') : (b) => crypto.createHash('md5').update(b).digest('base64');
const mkdirOnce = (d) => { if (!madeDirs.has(d)) { fs.mkdirSync(d, { recursive: true }); madeDirs.add(d); } };
function place(m, b) {
  const fd = fs.openSync(m.tmp, NEW_FILE, 0o666);
  try {
    writeAll(fd, b);
    // rename() replaces a link planted meanwhile instead of following it, and fails on a folder.
    fs.renameSync(m.tmp, m.target);
  } catch (e) {
    try { fs.closeSync(fd); } catch {}
    unlinkQuietly(m.tmp);
    throw e;
  }
  let st;
  if (m.stamp) { try { st = fs.fstatSync(fd); } catch {} }
  try { fs.closeSync(fd); } catch (e) { unlinkQuietly(m.target); throw e; }
  return st && [st.size, st.mtimeMs, st.ctimeMs, st.ino, st.dev];
}
function keep(k, b) {
  mkdirOnce(path.dirname(k.tmp));
  try {
    const fd = fs.openSync(k.tmp, 'wx', 0o666);
    try { writeAll(fd, b); } finally { fs.closeSync(fd); }
    mkdirOnce(path.dirname(k.final));
    try {
      fs.renameSync(k.tmp, k.final);
    } catch (e) {
      // The folder was removed since (a cache cleanup): made again once.
      if (e.code !== 'ENOENT') throw e;
      fs.mkdirSync(path.dirname(k.final), { recursive: true });
      fs.renameSync(k.tmp, k.final);
    }
  } catch (e) {
    unlinkQuietly(k.tmp);
    throw e;
  }
}
let answers = [];
let busyMs = 0;
const flush = () => {
  if (answers.length === 0) return;
  const a = answers;
  answers = [];
  parentPort.postMessage({ a, ms: busyMs });
  busyMs = 0;
};
parentPort.on('message', ({ files, bytes, fresh }) => {
  const t0 = performance.now();
  // A new download: folders made for an earlier one may have been removed since.
  if (fresh) madeDirs.clear();
  let at = 0;
  for (const m of files) {
    const b = new Uint8Array(bytes, at, m.n);
    at += m.n;
    const a = { id: m.id };
    if (m.md5 !== undefined) {
      // Wrong bytes are not written at all: the caller fetches them again.
      const got = md5Of(b);
      if (got !== m.md5) {
        a.w = got;
        answers.push(a);
        continue;
      }
    }
    try {
      a.s = place(m, b);
      if (m.keep) { try { keep(m.keep, b); } catch (e) { a.ce = String((e && e.message) || e); } }
    } catch (e) {
      a.e = String((e && e.message) || e);
    }
    answers.push(a);
  }
  busyMs += performance.now() - t0;
  // Answers of files handed over together go back together.
  setImmediate(flush);
});
`;

/** Where a file's copy goes in W&B's artifact cache: a temp name, renamed to its entry. */
export interface CacheEntryPaths {
  tmp: string;
  final: string;
}

/** One small file to put into place. */
export interface SmallFileJob {
  /** A new temp name beside the final name (created with O_EXCL). */
  tmp: string;
  target: string;
  /** The file's bytes, in order; copied (with the other files handed over in the same turn) into one buffer for the worker. */
  parts: readonly Uint8Array[];
  /** W&B's MD5 of the file: checked on the worker first, and the file written only when it matches. */
  md5?: Buffer;
  /** Stat the placed file (for the checksum records). */
  wantStamp: boolean;
  /** Also copy it into the SDK's cache. */
  keep?: CacheEntryPaths;
}

/** A file the worker placed. */
export interface SmallFilePlaced {
  stamp?: FileStamp;
  /** Why the cache copy failed (the file itself is in place). */
  cacheError?: string;
}

/** A file whose bytes have another MD5 than the one given: nothing of it was written. */
export interface SmallFileWrong {
  wrongMd5: Buffer;
}

/** What became of a file handed to the workers; undefined: they could not place it (nothing of it written). */
export type SmallFileOutcome = SmallFilePlaced | SmallFileWrong | undefined;

interface Answer {
  id: number;
  s?: [number, number, number, number, number];
  e?: string;
  ce?: string;
  /** The MD5 (base64) of bytes that did not match. */
  w?: string;
}

interface Pending {
  resolve: (p: SmallFileOutcome) => void;
}

function outcomeOf(a: Answer): SmallFileOutcome {
  if (a.w !== undefined) return { wrongMd5: Buffer.from(a.w, 'base64') };
  if (a.e !== undefined) return undefined;
  return { stamp: a.s && { size: a.s[0], mtimeMs: a.s[1], ctimeMs: a.s[2], ino: a.s[3], dev: a.s[4] }, cacheError: a.ce };
}

/**
 * Another worker is started only while every one has BUSY files waiting and spends SLOW_FILE_MS
 * or more on each: a disk that is slow to create files (network shares, some VMs' disks) gets
 * parallel creates as in the thread pool, while a fast one behind a busy CPU does not get more
 * threads competing for it. On a RAM disk or an SSD a file takes a few tens of microseconds.
 */
const BUSY = 16;
const SLOW_FILE_MS = 1;

/** One worker thread and the files handed to it. */
class PlacementWorker {
  readonly pending = new Map<number, Pending>();
  /** It answered once: started up and placing files (a thread takes a while to start). */
  answered = false;
  /** Milliseconds the worker spends on one file, of late. */
  msPerFile: number | undefined;
  private stopped = false;
  /** The next message starts a new download (see SmallFileWorkers.startDownload). */
  fresh = true;
  private batch: Array<{ id: number; tmp: string; target: string; stamp: boolean; keep?: CacheEntryPaths; n: number; md5?: string }> = [];
  private parts: Array<readonly Uint8Array[]> = [];
  private batchBytes = 0;

  constructor(
    private readonly worker: Worker,
    /** Told after each answer (the pool's idle clock). */
    private readonly onAnswers: () => void,
  ) {
    worker.unref();
    worker.on('message', ({ a: answers, ms }: { a: Answer[]; ms: number }) => {
      this.answered = true;
      // Recent files weigh most: the disk may be slow at first (folders) and then not.
      this.msPerFile = this.msPerFile === undefined ? ms / answers.length : 0.7 * this.msPerFile + 0.3 * (ms / answers.length);
      for (const a of answers) {
        const p = this.pending.get(a.id);
        this.pending.delete(a.id);
        p?.resolve(outcomeOf(a));
      }
      this.onAnswers();
    });
    const stop = () => {
      this.stopped = true;
      // Files handed over and not answered are placed by the caller instead.
      for (const p of this.pending.values()) p.resolve(undefined);
      this.pending.clear();
    };
    worker.on('error', stop);
    worker.on('exit', stop);
  }

  get usable(): boolean {
    return !this.stopped;
  }

  send(id: number, job: SmallFileJob): Promise<SmallFileOutcome> {
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      // The length the parts really have: the batch's buffer is not zeroed first (see flush).
      let n = 0;
      for (const p of job.parts) n += p.byteLength;
      this.batch.push({ id, tmp: job.tmp, target: job.target, stamp: job.wantStamp, keep: job.keep, n, md5: job.md5?.toString('base64') });
      this.parts.push(job.parts);
      this.batchBytes += n;
      // Files handed over in one turn of the event loop go in one message, their bytes in one
      // buffer: one allocation and one transfer instead of one for each file.
      if (this.batch.length === 1) setImmediate(this.flush);
    });
  }

  private readonly flush = () => {
    const files = this.batch;
    const parts = this.parts;
    // Every byte is written below (batchBytes adds up the parts' own lengths): no zero fill
    // first. Its own memory, not a slice of Node's pool, so that it can be transferred.
    const bytes = Buffer.allocUnsafeSlow(this.batchBytes);
    this.batch = [];
    this.parts = [];
    this.batchBytes = 0;
    if (files.length === 0 || this.stopped) return;
    let at = 0;
    for (const file of parts) {
      for (const p of file) {
        bytes.set(p, at);
        at += p.byteLength;
      }
    }
    this.worker.postMessage({ files, bytes: bytes.buffer, fresh: this.fresh }, [bytes.buffer]);
    this.fresh = false;
  };

  async close(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}

/**
 * Up to `max` worker threads, started when needed: another one only while every one is up,
 * has files waiting and is slow with each (see SLOW_FILE_MS), so that slow file creation
 * still goes on in parallel as it would in the thread pool.
 */
export class SmallFileWorkers {
  private readonly workers: PlacementWorker[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  /**
   * `idleMs`: the threads end after this long without files (and start again when needed);
   * without it they last until `close`.
   */
  constructor(
    private readonly max = 4,
    private readonly idleMs?: number,
  ) {}

  /** Worker threads running now. */
  get threads(): number {
    return this.workers.length;
  }

  /** A new download starts: the workers forget which folders they made (they may be gone). */
  startDownload(): void {
    for (const w of this.workers) w.fresh = true;
  }

  /** Whether workers can place files on this platform. */
  static get supported(): boolean {
    return process.platform !== 'win32';
  }

  /**
   * Puts one file into place (and into the cache), after checking its MD5 when given. Resolves
   * undefined when the workers could not: nothing of it is left at its temp name, and the
   * caller places it the usual way.
   */
  place(job: SmallFileJob): Promise<SmallFileOutcome> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const w = this.pick();
    return w ? w.send(this.nextId++, job) : Promise.resolve(undefined);
  }

  private pick(): PlacementWorker | undefined {
    let best: PlacementWorker | undefined;
    for (let i = this.workers.length - 1; i >= 0; i--) {
      if (!this.workers[i]!.usable) this.workers.splice(i, 1);
    }
    for (const w of this.workers) if (!best || w.pending.size < best.pending.size) best = w;
    const allBusy = !!best && this.workers.every((w) => w.answered && w.pending.size >= BUSY && (w.msPerFile ?? 0) >= SLOW_FILE_MS);
    if ((!best || allBusy) && this.workers.length < this.max) {
      try {
        best = new PlacementWorker(new Worker(WORKER_SOURCE, { eval: true, execArgv: [] }), this.answered);
        this.workers.push(best);
      } catch {
        // No worker threads here: the caller places files itself.
      }
    }
    return best;
  }

  /** Every file handed over was answered: the idle clock starts. */
  private readonly answered = () => {
    if (this.idleMs === undefined || this.idleTimer || this.workers.some((w) => w.pending.size > 0)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      void this.close();
    }, this.idleMs);
    this.idleTimer.unref();
  };

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.close()));
  }
}

/** How long the shared placement threads wait for another download's files before they end. */
const SHARED_IDLE_MS = 30_000;
let shared: SmallFileWorkers | undefined;

/**
 * The placement threads every download of this process shares: a thread takes ~45 ms of CPU to
 * start and then runs cold, which a download of a few thousand small files would pay each
 * time. They end after SHARED_IDLE_MS without files and never keep the process alive.
 */
export function sharedSmallFileWorkers(): SmallFileWorkers {
  return (shared ??= new SmallFileWorkers(4, SHARED_IDLE_MS));
}
