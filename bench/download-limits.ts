/**
 * What bounds one large download on this machine, measured beside the engine in the same run:
 * - the least any Node downloader must do to "download and verify": read the file over
 *   `node:http` and hash it with MD5 on a worker thread beside the reads (4 MiB buffers handed
 *   over and back, eight in flight), writing nothing and checking nothing else;
 * - CPU time of the dev server's process, of this process, and of each of this process's
 *   threads (the engine's MD5 thread among them), from /proc on Linux.
 */
import * as http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
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

/** Milliseconds to read `url` (plain http) and hash it on a worker thread; and the digest (hex). */
export async function bareReadAndMd5(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; md5: string }> {
  const w = new Worker(WORKER, { eval: true });
  await new Promise((r) => w.once('online', r));
  try {
    const t0 = nowMs();
    const spare: ArrayBuffer[] = [];
    let inFlight = 0;
    let wake: (() => void) | undefined;
    let digest: ((hex: string) => void) | undefined;
    w.on('message', (m: ArrayBuffer | string) => {
      if (typeof m === 'string') return digest?.(m);
      spare.push(m);
      inFlight--;
      wake?.();
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
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(url, { headers }, resolve).once('error', reject));
    if (res.statusCode !== 200) throw new Error(`bare GET ${res.statusCode}`);
    for await (const chunk of res as AsyncIterable<Buffer>) {
      for (let off = 0; off < chunk.length; ) {
        const k = Math.min(STAGE - n, chunk.length - off);
        stage.set(chunk.subarray(off, off + k), n);
        n += k;
        off += k;
        if (n === STAGE) send();
      }
      while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
    }
    if (n > 0) send();
    const md5 = await new Promise<string>((r) => {
      digest = r;
      w.postMessage(null);
    });
    return { ms: nowMs() - t0, md5 };
  } finally {
    await w.terminate();
  }
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

/**
 * Watches this process's threads while `run` goes on (a look every 50 ms, as threads end with
 * it): the CPU time, in ms, of the busiest thread started meanwhile (the engine's MD5 thread).
 */
export async function newThreadCpuMs<T>(run: () => Promise<T>): Promise<{ result: T; busiestNewThreadCpuMs: number }> {
  const tids = () => {
    try {
      return readdirSync('/proc/self/task');
    } catch {
      return [];
    }
  };
  const before = new Set(tids());
  const seen = new Map<string, number>();
  const look = () => {
    for (const t of tids()) {
      if (before.has(t)) continue;
      const ms = statCpuMs(`/proc/self/task/${t}/stat`);
      if (Number.isFinite(ms)) seen.set(t, Math.max(ms, seen.get(t) ?? 0));
    }
  };
  const timer = setInterval(look, 50);
  try {
    const result = await run();
    look();
    return { result, busiestNewThreadCpuMs: seen.size > 0 ? Math.max(...seen.values()) : NaN };
  } finally {
    clearInterval(timer);
  }
}

/** CPU time of this process (every thread: the worker's, libuv's file writes) so far, in ms. */
export function ownCpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}
