/**
 * File bodies over `node:http` / `node:https` with keep-alive agents: much less work per request
 * than the global fetch, which matters for thousands of small files and for the throughput of
 * one large one. Only for plain GETs of file contents; GraphQL stays on fetch.
 *
 * Safety is the same as `WandbClient.get`: the caller decides the headers of the first request;
 * redirects are followed here, and an `Authorization` header never goes to another origin than
 * the one it was given for, nor to any hop after a redirect left that origin.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { WandbError, errorFromStatus, errorFromThrown } from './errors';
import { parseRetryAfter } from './retry';
import { watchStall } from './stall-watch';
import { watchSignal } from './abort-watch';

/** The answer of a streamed GET. */
export interface StreamAnswer {
  status: number;
  /** A response header by lower-case name. */
  header(name: string): string | undefined;
  /** The body, in chunks. */
  body: AsyncIterable<Uint8Array>;
  /** Stops the transfer and drops the connection (it cannot be reused with a body half read). */
  cancel(): void;
  /**
   * The whole body in memory, read with plain stream events instead of `body`'s async
   * iteration (for small files, where that machinery costs more than the bytes). Stops reading
   * once more than `limit` bytes arrived: the answer then has `bytes > limit`. Rejects as
   * `body` would (network error, cancel); `onChunk` is told of each chunk (a stall timer).
   * Use either this or `body`, once.
   */
  collect(limit: number, onChunk?: () => void): Promise<CollectedBody>;
  /**
   * Hands each chunk to `sink` as it arrives, read with plain stream events (a large file's
   * thousands of chunks each cost a few promises through `body`'s async iteration). Reading
   * pauses while a promise `sink` returned is pending. Settles after the last chunk's promise;
   * rejects as `body` would, or with what `sink` threw, the transfer then stopped.
   * Use one of `body`, `collect` and this, once.
   */
  forEach(sink: ChunkSink): Promise<void>;
}

/** Takes one chunk of a body; a promise asks the reader to wait for it. */
export type ChunkSink = (chunk: Uint8Array) => Promise<void> | undefined;

/** A body received whole (or, when `bytes` is over the limit asked for, cut off there). */
export interface CollectedBody {
  parts: Uint8Array[];
  bytes: number;
}

export interface StreamGetInit {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Gives up when the response head does not arrive in this long. */
  headTimeoutMs: number;
  /** Headers for the request to `url` (decides on the API key); called for each redirect hop. */
  headersFor(url: URL): Record<string, string>;
}

const MAX_REDIRECTS = 5;
/** Larger reads from the socket: fewer chunks to hash and write for big files. */
const HIGH_WATER_MARK = 256 * 1024;

const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo', timeout: 60_000 };
const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

/** A `Response` from fetch seen as a stream answer (for fetchers without a native path). */
export function fromResponse(res: Response): StreamAnswer {
  const reader = res.body?.getReader();
  let done = false;
  const body: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      if (!reader) return;
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) {
            done = true;
            return;
          }
          yield chunk.value;
        }
      } finally {
        if (!done) await reader.cancel().catch(() => undefined);
      }
    },
  };
  return {
    status: res.status,
    header: (name) => res.headers.get(name) ?? undefined,
    body,
    cancel: () => {
      if (!done) void reader?.cancel().catch(() => undefined);
    },
    // No cheaper read than the chunks here: the same answer, gathered from them.
    collect: (limit, onChunk) => collectChunks(body, limit, onChunk),
    forEach: (sink) => forEachChunk(body, sink),
  };
}

/** `forEach` over an answer's chunks. */
export async function forEachChunk(body: AsyncIterable<Uint8Array>, sink: ChunkSink): Promise<void> {
  for await (const chunk of body) {
    const wait = sink(chunk);
    if (wait) await wait;
  }
}

/** `collect` over an answer's chunks: the body whole, or cut off once past `limit`. */
export async function collectChunks(body: AsyncIterable<Uint8Array>, limit: number, onChunk?: () => void): Promise<CollectedBody> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    onChunk?.();
    parts.push(chunk);
    bytes += chunk.byteLength;
    if (bytes > limit) break;
  }
  return { parts, bytes };
}

/**
 * GET `url` and answer once the head arrived with a 2xx status; other statuses become a
 * `WandbError` (with Retry-After), network failures a `network` or `cancelled` one.
 */
export async function streamGet(url: URL, init: StreamGetInit): Promise<StreamAnswer> {
  const first = url;
  let current = first;
  // The caller's extra headers (Range) go to every hop; the API key only while on the first origin.
  let sameOrigin = true;
  for (let hop = 0; ; hop++) {
    const headers = { ...init.headersFor(current), ...init.headers };
    if (!sameOrigin) delete headers.Authorization;
    const res = await requestOnce(current, headers, init);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && status !== 304 && location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new WandbError('network', `${current.host} redirected too many times.`);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new WandbError('badRequest', `${current.host} redirected to an unsupported address.`);
      if (current.protocol === 'https:' && next.protocol === 'http:') throw new WandbError('badRequest', `${current.host} redirected from https to plain http; refused.`);
      if (next.origin !== first.origin) sameOrigin = false;
      current = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      // The error text is read under the caller's signal too.
      const watch = init.signal && watchSignal(init.signal);
      const stop = () => res.destroy(abortError());
      if (watch?.aborted) stop();
      else watch?.onAbort(stop);
      const body = await readText(res, 64 * 1024)
        .catch(() => '')
        .finally(() => watch?.forget(stop));
      if (watch?.aborted) throw errorFromThrown(abortError(), { host: current.host });
      throw errorFromStatus(status, body, { host: current.host, retryAfterMs: parseRetryAfter(headerOf(res, 'retry-after')) });
    }
    return answerOf(res, current.host, init.signal);
  }
}

function requestOnce(u: URL, headers: Record<string, string>, init: StreamGetInit): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    // The signal's state through its watch: see abort-watch for why not `signal.aborted`.
    const watch = init.signal && watchSignal(init.signal);
    if (watch?.aborted) {
      reject(errorFromThrown(watch.signal.reason ?? abortError(), { host: u.host }));
      return;
    }
    const mod = u.protocol === 'https:' ? https : http;
    const agent = u.protocol === 'https:' ? agents.https : agents.http;
    const req = mod.request(u, { method: 'GET', headers, agent, highWaterMark: HIGH_WATER_MARK } as http.RequestOptions);
    // Requests in flight share one timer (see stall-watch): thousands of small files each set one otherwise.
    const head = watchStall(init.headTimeoutMs, () => req.destroy(new Error('timeout')));
    const stop = () => req.destroy(abortError());
    watch?.onAbort(stop);
    req.once('response', (res) => {
      head.stop();
      // From here on, the body's reader owns the abort (see answerOf).
      watch?.forget(stop);
      resolve(res);
    });
    req.once('error', (e) => {
      head.stop();
      watch?.forget(stop);
      reject(errorFromThrown(e, { host: u.host, timedOut: head.stalled }));
    });
    req.end();
  });
}

function answerOf(res: http.IncomingMessage, host: string, signal: AbortSignal | undefined): StreamAnswer {
  const cancel = () => {
    if (!res.readableEnded) res.destroy();
  };
  if (signal) {
    const watch = watchSignal(signal);
    const stop = () => res.destroy(abortError());
    if (watch.aborted) stop();
    else {
      watch.onAbort(stop);
      res.once('close', () => watch.forget(stop));
    }
  }
  return {
    status: res.statusCode ?? 0,
    header: (name) => headerOf(res, name),
    body: bodyOf(res, host),
    cancel,
    collect: (limit, onChunk) => collectBody(res, host, limit, onChunk),
    forEach: (sink) => forEachBody(res, host, sink),
  };
}

/** What a body's reader is told, with plain stream events. */
interface BodyEvents {
  data(chunk: Buffer): void;
  /** The whole body arrived (listening has stopped). */
  end(): void;
  /** A network error, a cancel, or a close before the end (listening has stopped; the answer is destroyed). */
  error(e: unknown): void;
}

/**
 * Listens to `res` until its end or an error; returns how to stop listening earlier. An answer
 * destroyed before is an error at once.
 */
function listenToBody(res: http.IncomingMessage, host: string, on: BodyEvents): () => void {
  const stop = () => {
    res.off('data', on.data);
    res.off('end', onEnd);
    res.off('error', onError);
    res.off('close', onClose);
  };
  const onEnd = () => {
    stop();
    on.end();
  };
  const onError = (e: Error) => {
    stop();
    if (!res.destroyed) res.destroy();
    on.error(errorFromThrown(e, { host }));
  };
  // Closed before its end without an error: the body was cut short.
  const onClose = () => onError(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  if (res.destroyed) {
    on.error(errorFromThrown(res.errored ?? new Error('Premature close'), { host }));
    return stop;
  }
  res.on('data', on.data);
  res.on('end', onEnd);
  res.on('error', onError);
  res.on('close', onClose);
  return stop;
}

function forEachBody(res: http.IncomingMessage, host: string, sink: ChunkSink): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    /** The sink's promise for the last chunk, while pending. */
    let waiting: Promise<void> | undefined;
    // No `stop` while listenToBody is still starting (an answer destroyed before fails at once).
    const listening: { stop?: () => void } = {};
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      listening.stop?.();
      if (!res.destroyed) res.destroy();
      // A chunk the sink is still taking in is taken in whole first, as with `for await`.
      const settle = () => reject(e);
      void (waiting ?? Promise.resolve()).then(settle, settle);
    };
    listening.stop = listenToBody(res, host, {
      data: (chunk) => {
        let wait: Promise<void> | undefined;
        try {
          wait = sink(chunk);
        } catch (e) {
          return fail(e);
        }
        if (!wait) return;
        res.pause();
        const current = (waiting = wait.then(() => {
          if (waiting === current) waiting = undefined;
          if (!settled) res.resume();
        }, fail));
      },
      end: () => {
        void (waiting ?? Promise.resolve()).then(() => {
          if (settled) return;
          settled = true;
          resolve();
        });
      },
      error: fail,
    });
  });
}

function collectBody(res: http.IncomingMessage, host: string, limit: number, onChunk: (() => void) | undefined): Promise<CollectedBody> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let bytes = 0;
    const stop = listenToBody(res, host, {
      data: (chunk) => {
        onChunk?.();
        parts.push(chunk);
        bytes += chunk.byteLength;
        if (bytes <= limit) return;
        stop();
        res.destroy();
        resolve({ parts, bytes });
      },
      end: () => resolve({ parts, bytes }),
      error: reject,
    });
  });
}

async function* bodyOf(res: Readable, host: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of res) yield chunk as Buffer;
  } catch (e) {
    throw errorFromThrown(e, { host });
  } finally {
    if (!res.readableEnded) res.destroy();
  }
}

function headerOf(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readText(res: Readable, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of res) {
    n += (chunk as Buffer).length;
    if (n > max) {
      res.destroy();
      break;
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

function abortError(): Error {
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}
