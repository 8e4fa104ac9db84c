/**
 * A cap on how much of one HTTP answer is read into memory: a runs page, a history read and
 * a manifest are read whole, so a server (or proxy) that sends far more than asked for must
 * not exhaust the extension host. Past the cap the body is cancelled and the read fails.
 */
import { formatBytes } from '../format';

/** Defaults: a GraphQL answer (runs pages, history pages) and an artifact manifest. */
export const DEFAULT_LIMITS = {
  /** 50 runs with summaries, or 1,000 history rows of a wide run, are a few MB. */
  graphqlBytes: 64 * 1024 * 1024,
  /** A manifest of 1M entries is about 200 MB. */
  manifestBytes: 512 * 1024 * 1024,
};

export type ResponseLimits = typeof DEFAULT_LIMITS;

/** Thrown (inside the read) when an answer passes its cap. */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${formatBytes(limit)}`);
  }
}

/**
 * The same response with a body that fails with `TooLarge` once more than `limit` bytes came
 * (at once when the Content-Length already says so).
 */
export function capResponse(res: Response, limit: number): Response {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    void res.body?.cancel().catch(() => undefined);
    throw new TooLarge(limit);
  }
  if (!res.body) return res;
  // A declared length within the cap bounds the body already (HTTP/1.1 frames it by that
  // length), unless the body is decoded on the way: gzip may unpack to far more.
  const encoding = res.headers.get('content-encoding');
  if (Number.isFinite(declared) && res.headers.has('content-length') && (!encoding || encoding === 'identity')) return res;
  let seen = 0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new TooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** The error a caller sees: what was too large, and the cap. */
export function tooLargeMessage(what: string, host: string, limit: number): string {
  return `${host} sent ${what} larger than ${formatBytes(limit)}, more than one answer may be; it was not read. If this keeps happening, ask for less at a time (a smaller page size) or check the server.`;
}
