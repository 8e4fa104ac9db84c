import type { Document } from './queries/document';
import { GRAPHQL_POST_HEADERS, graphqlBody, readGraphqlAnswer } from './graphql-http';
import { WandbError, errorFromStatus, errorFromThrown } from './errors';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type Sleep, parseRetryAfter, withRetry } from './retry';
import { fromResponse, streamGet, type StreamAnswer } from './node-http';
import { capResponse, DEFAULT_LIMITS, TooLarge, tooLargeMessage, type ResponseLimits } from './size-cap';

/** Where the client writes one line per request. Never receives secrets. */
export interface ClientLogger {
  /** Per-file lines of a download: thousands for one artifact, so below the default level. Without it, nothing. */
  debug?(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ClientOptions {
  /** API base URL, e.g. `https://api.wandb.ai` (no trailing slash needed). */
  baseUrl: string;
  /** The W&B API key; sent only to `baseUrl`'s origin. */
  apiKey: string;
  /** Names the extension and its version, e.g. `wandb-explorer/0.1.0 (vscode)`. */
  userAgent: string;
  /** Give up on one attempt after this many ms (then retried by policy). Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests: how the waits between attempts pass. Defaults to a timer. */
  sleep?: Sleep;
  logger?: ClientLogger;
  /** Injected for tests; defaults to the global `fetch` (which VS Code routes through its proxy). */
  fetch?: typeof fetch;
  /**
   * How `getStream` fetches file bodies: `node` (default) uses `node:http`/`node:https` with
   * keep-alive agents (VS Code applies its proxy settings to those modules too); `fetch` uses the
   * same fetch as everything else. An injected `fetch` implies `fetch`.
   */
  fileTransport?: 'node' | 'fetch';
  /** The most one answer may be, read whole (GraphQL answers, manifests). */
  limits?: Partial<ResponseLimits>;
}

const silent: ClientLogger = { info() {}, warn() {}, error() {} };

/**
 * Transport to one W&B server: GraphQL over HTTP with basic auth, retries, timeouts,
 * cancellation and one log line per request. Knows nothing about VS Code.
 */
export class WandbClient {
  readonly baseUrl: string;
  readonly origin: string;
  readonly host: string;
  private readonly authorization: string;
  /** Built once: every GraphQL POST goes to the same URL with the same headers. */
  private readonly graphqlUrl: string;
  private readonly graphqlHeaders: Record<string, string>;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly log: ClientLogger;
  private readonly fetchImpl: typeof fetch;
  private readonly fileTransport: 'node' | 'fetch';
  private readonly sleep: Sleep | undefined;
  readonly limits: ResponseLimits;

  constructor(options: ClientOptions) {
    const url = new URL(options.baseUrl);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.origin = url.origin;
    this.host = url.host;
    this.authorization = `Basic ${Buffer.from(`api:${options.apiKey}`, 'utf8').toString('base64')}`;
    this.userAgent = options.userAgent;
    this.graphqlUrl = `${this.baseUrl}/graphql`;
    this.graphqlHeaders = { ...GRAPHQL_POST_HEADERS, Authorization: this.authorization, 'User-Agent': this.userAgent };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.log = options.logger ?? silent;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.fileTransport = options.fileTransport ?? (options.fetch ? 'fetch' : 'node');
    this.sleep = options.sleep;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /**
   * Sends one GraphQL operation and returns its `data`. Transient failures are retried;
   * GraphQL `errors` become a `graphql` error; a missing `data` is `invalidResponse`.
   */
  async request<TData, TVars>(doc: Document<TData, TVars>, variables: TVars, signal?: AbortSignal): Promise<TData> {
    const op = doc.operationName;
    // Serialized once for every attempt.
    const body = graphqlBody(doc, variables);
    return withRetry(
      async (attempt) => {
        const started = Date.now();
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
        const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
        // Set when an HTTP answer arrived: a later throw means its body was unreadable, not the network.
        const answered = { status: 0 };
        try {
          const http = await this.fetchImpl(this.graphqlUrl, { method: 'POST', headers: this.graphqlHeaders, body, signal: combined });
          answered.status = http.status;
          const text = await capResponse(http, this.limits.graphqlBytes).text();
          if (!http.ok) {
            this.log.warn(`graphql ${op} ${http.status} ${Date.now() - started}ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
            throw errorFromStatus(http.status, text, { host: this.host, operation: op, retryAfterMs: parseRetryAfter(http.headers.get('retry-after')) });
          }
          const { data, errors } = readGraphqlAnswer<TData>(text, http.headers.get('content-type'));
          const { status } = http;
          const ms = Date.now() - started;
          if (errors && errors.length > 0) {
            const msg = errors.map((e) => e.message).join('; ');
            this.log.warn(`graphql ${op} ${status} ${ms}ms errors: ${msg}`);
            throw new WandbError('graphql', `${this.host} refused the query ${op}: ${msg}`, { status, operation: op, serverMessage: msg });
          }
          if (data === undefined || data === null) {
            this.log.warn(`graphql ${op} ${status} ${ms}ms no data`);
            throw new WandbError('invalidResponse', `${this.host} answered ${op} without data.`, { status, operation: op });
          }
          this.log.info(`graphql ${op} ${status} ${ms}ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
          return data;
        } catch (e) {
          if (e instanceof WandbError) throw e;
          const ms = Date.now() - started;
          const big = tooLargeIn(e);
          if (big) {
            this.log.warn(`graphql ${op} ${answered.status} ${ms}ms answer over ${big.limit} bytes, not read`);
            throw new WandbError('invalidResponse', tooLargeMessage(`an answer to ${op}`, this.host, big.limit), { status: answered.status, operation: op, cause: e });
          }
          const timedOut = timeout.signal.aborted && !signal?.aborted;
          // A socket that dies while the body streams (reset, truncated body) is a network
          // failure worth retrying; a body that arrived whole but is not GraphQL JSON is not.
          const bodyCut = answered.status !== 0 && isBodyStreamError(e);
          const err =
            answered.status !== 0 && !combined.aborted && !bodyCut
              ? new WandbError('invalidResponse', `${this.host} sent an answer to ${op} that is not GraphQL JSON (HTTP ${answered.status}). Is the base URL a W&B API server?`, {
                  status: answered.status,
                  operation: op,
                  cause: e,
                })
              : errorFromThrown(e, { host: this.host, operation: op, timedOut });
          this.log.warn(`graphql ${op} ${err.kind} ${ms}ms: ${err.message}`);
          throw err;
        } finally {
          clearTimeout(timer);
        }
      },
      this.policy,
      signal,
      {
        onRetry: ({ attempt, delayMs, error }) =>
          this.log.info(`graphql ${op} retry after attempt ${attempt} in ${delayMs}ms (${error.kind})`),
        sleep: this.sleep,
      },
    );
  }

  /** True when `url` is on the configured server, the only origin that may see the API key. */
  isOwnOrigin(url: string): boolean {
    try {
      return new URL(url).origin === this.origin;
    } catch {
      return false;
    }
  }

  /**
   * Headers for a GET of `url`: the API key only for the server's own origin, never for a
   * presigned storage URL (which would leak the key and make S3/GCS reject the request).
   */
  headersFor(url: string): Record<string, string> {
    const h: Record<string, string> = { 'User-Agent': this.userAgent };
    if (this.isOwnOrigin(url)) h.Authorization = this.authorization;
    return h;
  }

  /**
   * A plain GET (file contents, manifests) with the right headers and a timeout for the
   * response head. The caller reads and cancels the body. Non-2xx becomes a WandbError.
   */
  async get(url: string, init: { signal?: AbortSignal; headers?: Record<string, string>; label?: string } = {}): Promise<Response> {
    const started = Date.now();
    const label = init.label ?? 'GET';
    const shown = redactUrl(url);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const combined = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    let res: Response;
    try {
      res = await this.fetchImpl(url, { headers: { ...this.headersFor(url), ...init.headers }, signal: combined, redirect: 'follow' });
    } catch (e) {
      const err = errorFromThrown(e, { host: hostOf(url), timedOut: timeout.signal.aborted && !init.signal?.aborted });
      this.log.warn(`${label} ${shown} ${err.kind} ${Date.now() - started}ms`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    this.log.info(`${label} ${shown} ${res.status} ${Date.now() - started}ms`);
    if (!res.ok) {
      const body = await res.text().catch(() => '');
      throw errorFromStatus(res.status, body, { host: hostOf(url), retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) });
    }
    return res;
  }

  /**
   * The body of a `get` answer as text, at most `limit` bytes (`what` names it in the error);
   * past that the body is cancelled and the read fails with an `invalidResponse` error.
   */
  async readText(res: Response, what: string, limit: number): Promise<string> {
    const host = hostOf(res.url || this.baseUrl);
    try {
      return await capResponse(res, limit).text();
    } catch (e) {
      const big = tooLargeIn(e);
      if (!big) throw e;
      this.log.warn(`${what} from ${host} over ${big.limit} bytes, not read`);
      throw new WandbError('invalidResponse', tooLargeMessage(what, host, big.limit), { cause: e });
    }
  }

  /**
   * A GET of file contents as a stream: the same headers, redirect rules, head timeout, errors
   * and log line as `get`, over the lighter `node:http` path unless `fileTransport` is `fetch`.
   */
  async getStream(url: string, init: { signal?: AbortSignal; headers?: Record<string, string>; label?: string } = {}): Promise<StreamAnswer> {
    if (this.fileTransport === 'fetch') return fromResponse(await this.get(url, init));
    const started = Date.now();
    const label = init.label ?? 'GET';
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new WandbError('badRequest', 'The download URL is not valid.');
    }
    // Parsed once: the origin check for the key and the log line work on the same URL.
    const shown = `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
    const headersFor = (hop: URL): Record<string, string> => {
      const h: Record<string, string> = { 'User-Agent': this.userAgent };
      if (hop.origin === this.origin) h.Authorization = this.authorization;
      return h;
    };
    try {
      const answer = await streamGet(u, { signal: init.signal, headers: init.headers, headTimeoutMs: this.timeoutMs, headersFor });
      this.log.debug?.(`${label} ${shown} ${answer.status} ${Date.now() - started}ms`);
      return answer;
    } catch (e) {
      const err = e instanceof WandbError ? e : errorFromThrown(e, { host: u.host });
      this.log.warn(`${label} ${shown} ${err.status ?? err.kind} ${Date.now() - started}ms`);
      throw err;
    }
  }
}

/** The size-cap error somewhere in a thrown error's causes (fetch may wrap it). */
function tooLargeIn(e: unknown): TooLarge | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    if (cur instanceof TooLarge) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** undici reports a body cut short as `TypeError: terminated` (cause: socket closed / reset). */
function isBodyStreamError(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const { message, code } = cur as { message?: unknown; code?: unknown };
    if (message === 'terminated' || (typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('ECONN') || code === 'EPIPE'))) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Presigned URLs carry credentials in their query string: log only origin and path. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '<invalid url>';
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
