/**
 * What bounds one large download on this machine, measured beside the engine in the same run:
 * - the least any Node downloader must do to "download and verify": read the file over
 *   `node:http` and hash it with MD5 on a worker thread beside the reads (4 MiB buffers handed
 *   over and back, eight in flight), writing nothing and checking nothing else;
 * - the CPU time of the two 1 GB writes a download into W&B's layout makes (destination and
 *   SDK cache entry), from memory;
 * - CPU time of the dev server's process, of this process, and of each of this process's
 *   threads (the engine's MD5 thread, the main thread, the rest), from /proc on Linux.
 */
import * as http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nowMs } from './figure';

const WORKER = `
const { parentPort } = require('node:worker_threads');
const h = require('node:crypto').createHash('md5');
parentPort.on('message', (m) => {
  if (m === null) parentPort.postMessage(h.digest('hex'));
  else {
    h.update(new Uint8Array(m.b, 0, m.n));
    parentPort.postMessage(m.b, [m.b]);
  }
});
`;
const STAGE = 4 * 1024 * 1024;
const IN_FLIGHT = 8;

/** Socket chunks the bare read lets queue before pausing the socket (the engine's is 256 KiB). */
const READ_HIGH_WATER = 1024 * 1024;

/**
 * Milliseconds to read `url` (plain http) and hash it on a worker thread; the digest (hex); and
 * the CPU this process spent on it (read, copies, MD5 thread, garbage collection). The read is
 * plain `data` events, paused only while every buffer is at the worker: the leanest loop
 * node:http allows.
 */
export async function bareReadAndMd5(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; md5: string; cpuMs: number }> {
  const w = new Worker(WORKER, { eval: true });
  await new Promise((r) => w.once('online', r));
  try {
    const c0 = ownCpuMs();
    const t0 = nowMs();
    const spare: ArrayBuffer[] = [];
    let inFlight = 0;
    /** The body being read, once its head arrived (the worker's answers resume it). */
    const reading: { body?: http.IncomingMessage } = {};
    let digest: ((hex: string) => void) | undefined;
    w.on('message', (m: ArrayBuffer | string) => {
      if (typeof m === 'string') return digest?.(m);
      spare.push(m);
      inFlight--;
      if (reading.body?.isPaused() && inFlight < IN_FLIGHT) reading.body.resume();
    });
    let stage = new Uint8Array(STAGE);
    let n = 0;
    const send = () => {
      inFlight++;
      w.postMessage({ b: stage.buffer, n }, [stage.buffer as ArrayBuffer]);
      const b = spare.pop();
      stage = b ? new Uint8Array(b) : new Uint8Array(STAGE);
      n = 0;
    };
    const body = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(url, { headers, highWaterMark: READ_HIGH_WATER } as http.RequestOptions, resolve).once('error', reject),
    );
    if (body.statusCode !== 200) throw new Error(`bare GET ${body.statusCode}`);
    reading.body = body;
    await new Promise<void>((resolve, reject) => {
      body.on('data', (chunk: Buffer) => {
        for (let off = 0; off < chunk.length; ) {
          const k = Math.min(STAGE - n, chunk.length - off);
          stage.set(chunk.subarray(off, off + k), n);
          n += k;
          off += k;
          if (n === STAGE) send();
        }
        if (inFlight >= IN_FLIGHT) body.pause();
      });
      body.once('end', resolve);
      body.once('error', reject);
    });
    if (n > 0) send();
    const md5 = await new Promise<string>((r) => {
      digest = r;
      w.postMessage(null);
    });
    return { ms: nowMs() - t0, md5, cpuMs: ownCpuMs() - c0 };
  } finally {
    await w.terminate();
  }
}

/**
 * CPU time this process spends writing `bytes` to `copies` new files in `dir`, in 4 MiB
 * positional writes with a few in flight (as the engine writes its destination and its SDK
 * cache entry): the kernel's copy into the page cache, on libuv's threads. Milliseconds.
 */
export async function bareWritesCpuMs(bytes: Uint8Array, dir: string, copies: number): Promise<number> {
  const c0 = ownCpuMs();
  for (let c = 0; c < copies; c++) {
    const file = join(dir, `bare-write-${c}`);
    const fh = await open(file, 'w');
    try {
      const pending: Array<Promise<unknown>> = [];
      for (let at = 0; at < bytes.length; at += STAGE) {
        pending.push(fh.write(bytes, at, Math.min(STAGE, bytes.length - at), at));
        if (pending.length >= 4) await pending.shift();
      }
      await Promise.all(pending);
    } finally {
      await fh.close();
      await rm(file, { force: true });
    }
  }
  return ownCpuMs() - c0;
}

const ticksPerSecond = 100; // USER_HZ on Linux, what /proc/.../stat counts in

/** CPU time (user + system) in ms from a /proc stat file; NaN where it is not there. */
function statCpuMs(file: string): number {
  try {
    const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return NaN;
  }
}

/** CPU time of another process so far, in ms. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** Where a run's CPU went in this process, by thread, in ms. */
export interface ThreadCpu {
  /** The main thread: socket reads, HTTP parsing, copies, JavaScript, most garbage collection. */
  main: number;
  /** The busiest thread started during the run (the engine's MD5 thread). */
  busiestNew: number;
  /** Every other thread: libuv's pool (file writes), V8's helpers (concurrent marking), other new threads. */
  others: number;
}

/**
 * Watches this process's threads while `run` goes on (a look every 50 ms, as threads started by
 * the run end with it): the CPU time of each, summed as a ThreadCpu.
 */
export async function threadCpuDuring<T>(run: () => Promise<T>): Promise<{ result: T; threads: ThreadCpu }> {
  const tids = () => {
    try {
      return readdirSync('/proc/self/task');
    } catch {
      return [];
    }
  };
  const cpuOf = (t: string) => statCpuMs(`/proc/self/task/${t}/stat`);
  const before = new Map(tids().map((t) => [t, cpuOf(t)] as const));
  const seen = new Map<string, number>();
  const look = () => {
    for (const t of tids()) {
      const ms = cpuOf(t);
      if (Number.isFinite(ms)) seen.set(t, Math.max(ms, seen.get(t) ?? 0));
    }
  };
  const timer = setInterval(look, 50);
  try {
    const result = await run();
    look();
    const main = String(process.pid);
    let busiestNew = 0;
    let others = 0;
    let mainMs = NaN;
    for (const [t, ms] of seen) {
      const spent = ms - (before.get(t) ?? 0);
      if (t === main) mainMs = spent;
      else if (!before.has(t) && spent > busiestNew) {
        others += busiestNew;
        busiestNew = spent;
      } else others += spent;
    }
    return { result, threads: { main: mainMs, busiestNew: seen.size > 0 ? busiestNew : NaN, others } };
  } finally {
    clearInterval(timer);
  }
}

/** CPU time of this process (every thread: the worker's, libuv's file writes) so far, in ms. */
export function ownCpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}
