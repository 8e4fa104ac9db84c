/**
 * Every failure the W&B API can produce, as a value with a kind the UI can act on.
 * Messages are written for the person using the extension, never for a stack trace.
 */
export type WandbErrorKind =
  | 'auth' // 401: missing, wrong or revoked API key
  | 'forbidden' // 403: the key works but may not see this
  | 'notFound' // 404, or a null object (unknown entity, project, run, artifact)
  | 'rateLimited' // 429
  | 'server' // 5xx
  | 'network' // no answer: DNS, refused, reset, timeout
  | 'cancelled' // the caller aborted
  | 'invalidResponse' // an answer we cannot read (not JSON, no data)
  | 'graphql' // HTTP 200 with `errors`: the server refused the query
  | 'badRequest'; // other 4xx (400, 409, 413, 422...)

export interface WandbErrorDetails {
  status?: number;
  /** Milliseconds the server asked us to wait (Retry-After), already parsed. */
  retryAfterMs?: number;
  /** GraphQL operation that failed, for the log. */
  operation?: string;
  /** What the server said in refusing, verbatim (GraphQL `errors`), for callers that reword it. */
  serverMessage?: string;
  cause?: unknown;
}

/** Marks a WandbError of any copy of this module (see WandbError's `instanceof`). */
const WANDB_ERROR: unique symbol = Symbol.for('wandb-explorer.WandbError');

export class WandbError extends Error {
  /**
   * `instanceof WandbError` holds for a WandbError made by another copy of this module too: a
   * lazily loaded chunk of the production build (scripts/build.mjs) bundles its own copy, and
   * its errors must still be reported by their kind (Sign In for `auth`, silence for `cancelled`).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [WANDB_ERROR]?: unknown })[WANDB_ERROR] === true;
  }

  override readonly name = 'WandbError';
  readonly [WANDB_ERROR] = true;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly operation?: string;
  readonly serverMessage?: string;

  constructor(
    readonly kind: WandbErrorKind,
    message: string,
    details: WandbErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.operation = details.operation;
    this.serverMessage = details.serverMessage;
  }

  /** True for failures that may succeed when tried again unchanged. */
  get transient(): boolean {
    return this.kind === 'rateLimited' || this.kind === 'server' || this.kind === 'network';
  }
}

export function isWandbError(e: unknown): e is WandbError {
  return e instanceof WandbError;
}

/**
 * Reads the error text out of the bodies W&B's backend is known to send:
 * `{"error":"t"}`, `{"error":{"message":"t"}}`, `{"errors":["t",{"message":"t"}]}`, or plain text.
 */
export function messageFromBody(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      if (typeof o.error === 'string') return o.error;
      if (o.error && typeof o.error === 'object' && typeof (o.error as { message?: unknown }).message === 'string') {
        return (o.error as { message: string }).message;
      }
      if (Array.isArray(o.errors)) {
        const parts = o.errors
          .map((e) => (typeof e === 'string' ? e : e && typeof e === 'object' ? (e as { message?: unknown }).message : undefined))
          .filter((m): m is string => typeof m === 'string' && m.length > 0);
        if (parts.length > 0) return parts.join('; ');
      }
      if (typeof o.message === 'string') return o.message;
    }
    return undefined;
  } catch {
    // HTML error pages from proxies are noise; keep short plain text only.
    if (/^<(!doctype|html)/i.test(text)) return undefined;
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
}

/** Maps an HTTP status (with its body) to an error a person can act on. */
export function errorFromStatus(
  status: number,
  body: string,
  context: { host: string; operation?: string; retryAfterMs?: number },
): WandbError {
  const said = messageFromBody(body);
  const detail = said ? ` (server said: ${said})` : '';
  const d = { status, operation: context.operation, retryAfterMs: context.retryAfterMs };
  if (status === 401) {
    return new WandbError(
      'auth',
      `The API key was rejected by ${context.host}. Sign in again with a key from ${context.host === 'api.wandb.ai' ? 'https://wandb.ai/authorize' : 'your W&B server\'s user settings'}.`,
      d,
    );
  }
  if (status === 403) return new WandbError('forbidden', `Your W&B account may not access this on ${context.host}${detail}.`, d);
  if (status === 404) return new WandbError('notFound', `Not found on ${context.host}${detail}.`, d);
  if (status === 429) {
    const wait = context.retryAfterMs !== undefined ? ` Try again in ${Math.ceil(context.retryAfterMs / 1000)} s.` : '';
    return new WandbError('rateLimited', `${context.host} is rate limiting requests.${wait}`, d);
  }
  if (status >= 500) return new WandbError('server', `${context.host} had a server error (HTTP ${status})${detail}. It is usually temporary.`, d);
  return new WandbError('badRequest', `${context.host} refused the request (HTTP ${status})${detail}.`, d);
}

/** Maps what `fetch` throws (no HTTP answer at all) to a network or cancelled error. */
export function errorFromThrown(e: unknown, context: { host: string; operation?: string; timedOut?: boolean }): WandbError {
  if (e instanceof WandbError) return e;
  if (context.timedOut) {
    return new WandbError('network', `${context.host} did not answer in time. Check the connection or raise wandbExplorer.requestTimeoutSeconds.`, {
      operation: context.operation,
      cause: e,
    });
  }
  if (isAbort(e)) return new WandbError('cancelled', 'Cancelled.', { operation: context.operation, cause: e });
  const code = networkCode(e);
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `the host name ${context.host} could not be resolved`
      : code === 'ECONNREFUSED'
        ? `${context.host} refused the connection`
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? `${context.host} dropped the connection`
          : code
            ? `${context.host} could not be reached (${code})`
            : `${context.host} could not be reached`;
  return new WandbError('network', `Network error: ${why}. Check the base URL setting, your proxy and your connection.`, {
    operation: context.operation,
    cause: e,
  });
}

export function isAbort(e: unknown): boolean {
  return !!e && typeof e === 'object' && ((e as { name?: string }).name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}

/** undici wraps socket errors: `TypeError: fetch failed` with `cause.code`. */
function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A project the server does not know, or the key may not see. */
export function projectNotFound(q: { entity: string; project: string }, host: string): WandbError {
  return new WandbError('notFound', `Project ${q.entity}/${q.project} was not found on ${host}, or you may not see it.`);
}

/** A run the project does not have. */
export function runNotFound(ref: { entity: string; project: string; runId: string }, host: string): WandbError {
  return new WandbError('notFound', `Run ${ref.entity}/${ref.project}/${ref.runId} was not found on ${host}.`);
}
