/**
 * A W&B-compatible dev server for tests, benchmarks and the demo.
 *
 * Two HTTP origins on 127.0.0.1:
 * - the API origin (`baseUrl`): `POST /graphql` (basic auth `api:<key>`), authenticated file
 *   downloads (`/files/...`, `/artifactsV2/...`, `/artifacts/...`, `/manifests/...`) and the
 *   loopback-only admin API (`/_admin/faults`, `/_admin/requests`);
 * - the storage origin (`storageUrl`): presigned `directUrl` downloads and upload PUTs; it refuses
 *   any request that carries an `Authorization` header, and expired or bad signatures.
 *
 * See test/server/README.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, type DocumentNode } from 'graphql';
import { manifestBytes } from './artifacts.js';
import { bufferBlob, mimeFor } from './blob.js';
import { realClock, type Clock } from './clock.js';
import { buildDemo } from './demo.js';
import { FaultController, type FaultAction } from './faults.js';
import { loadFixtureDir } from './fixtures.js';
import { operationNameOf, runGraphql, UPLOAD_HEADERS, type Ctx, type Links } from './graphql.js';
import type { ArtifactRec, ManifestEntry, RunFileRec, RunRec, Store } from './model.js';
import { blobReply, jsonReply, Signer, textReply, xmlError, type Reply } from './storage.js';

export { FaultController } from './faults.js';
export { ManualClock, realClock, type Clock } from './clock.js';
export type { FaultAction, FaultMatch, FaultRule } from './faults.js';

/** 40 hex characters after an on-prem style prefix, as W&B's key format check accepts. */
export const DEFAULT_API_KEY = 'local-3f9a2c7e1b4d8f60a5c2e9b7d1f4a8c3e6b0d2f5';

export interface DevServerOptions {
  /** API port; 0 (default) picks a free one. */
  port?: number;
  /** Storage port; 0 (default) picks a free one. */
  storagePort?: number;
  /** Interface to bind; only loopback is supported. */
  host?: '127.0.0.1';
  /** API key the server accepts (basic auth `api:<key>`). Default DEFAULT_API_KEY. */
  apiKey?: string;
  /** Fixture directory to load (see README). */
  data?: string;
  /** Serve the generated demo data set (the default when `data` is not given). */
  demo?: boolean;
  /** Lifetime of presigned storage URLs in seconds. Default 3600. */
  directUrlTtlSeconds?: number;
  /** Do not log to stderr. */
  quiet?: boolean;
  /**
   * HTTP status of GraphQL answers that carry `errors` (validation, refusals). Default 200, as
   * W&B answers; set 400 to check a client copes with servers (or proxies) that use it.
   */
  graphqlErrorStatus?: number;
  /** Keep at most this many entries in the request log (oldest dropped first). Default 20,000. */
  maxRecordedRequests?: number;
  /**
   * What the server takes the time to be (URL expiry, the live run, record times, latency and
   * trickle faults). Default: the real clock. Tests pass a `ManualClock` and advance it.
   */
  clock?: Clock;
}

export interface RecordedRequest {
  id: number;
  /** ISO time the request arrived. */
  time: string;
  origin: 'api' | 'storage';
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string. */
  url: string;
  /** Request headers with lower-case names. */
  headers: Record<string, string>;
  /** GraphQL operationName (from the body, else the document's first operation). */
  operationName: string | null;
  /** GraphQL document text. */
  query: string | null;
  variables: unknown;
  /** Response status (null until the response starts). */
  status: number | null;
  /** Kinds of the faults applied to this request. */
  faults: string[];
}

export interface DevServer {
  /** `http://127.0.0.1:P`, no trailing slash. */
  baseUrl: string;
  /** `http://127.0.0.1:S`, no trailing slash. */
  storageUrl: string;
  apiKey: string;
  /** Requests to either origin except the admin API, oldest first (capped, see maxRecordedRequests). */
  requests: RecordedRequest[];
  faults: FaultController;
  /** The data the server serves (tests may inspect or edit it). */
  store: Store;
  /** The clock the server reads (the one passed in, else the real one). */
  clock: Clock;
  clearRequests(): void;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** base64 → base64url, for ids inside URL paths. */
const urlId = (id: string) => Buffer.from(id, 'base64').toString('base64url');
const fromUrlId = (s: string) => Buffer.from(s, 'base64url').toString('base64');
const encPath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

async function* bodyChunks(reply: Reply): AsyncIterable<Buffer> {
  if (!reply.body) return;
  if (Buffer.isBuffer(reply.body)) {
    const CH = 16 * 1024;
    for (let i = 0; i < reply.body.length; i += CH) yield reply.body.subarray(i, i + CH);
  } else {
    yield* reply.body.blob.read(reply.body.start, reply.body.end);
  }
}

function writeChunk(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    if (res.write(chunk)) resolve();
    else res.once('drain', () => resolve());
  });
}

/** Send a reply, shaped by response faults (reset, truncate, corrupt, trickle, pad). */
async function send(res: ServerResponse, reply: Reply, faults: FaultAction[], rec: RecordedRequest | undefined, clock: Clock = realClock): Promise<void> {
  if (rec) rec.status = reply.status;
  const pad = faults.find((f) => f.kind === 'pad') as Extract<FaultAction, { kind: 'pad' }> | undefined;
  if (pad && !reply.headOnly) return sendPadded(res, reply, pad);
  const headers = { ...reply.headers, 'content-length': String(reply.length) };
  res.writeHead(reply.status, headers);
  if (reply.headOnly) {
    res.end();
    return;
  }
  const reset = faults.find((f) => f.kind === 'reset') as Extract<FaultAction, { kind: 'reset' }> | undefined;
  const truncate = faults.find((f) => f.kind === 'truncate') as Extract<FaultAction, { kind: 'truncate' }> | undefined;
  const corrupt = faults.some((f) => f.kind === 'corrupt');
  const trickle = faults.find((f) => f.kind === 'trickle') as Extract<FaultAction, { kind: 'trickle' }> | undefined;
  let limit = Infinity;
  if (reset) limit = reset.afterBytes ?? 0;
  if (truncate) limit = Math.min(limit, truncate.bytes ?? Math.floor(reply.length / 2));
  let sent = 0;
  let corrupted = false;
  const bodyStarted = clock.now();
  res.flushHeaders();
  for await (let chunk of bodyChunks(reply)) {
    if (res.destroyed) return;
    if (corrupt && !corrupted && chunk.length > 0) {
      chunk = Buffer.from(chunk);
      chunk[0] = chunk[0]! ^ 0xff;
      corrupted = true;
    }
    if (sent + chunk.length > limit) chunk = chunk.subarray(0, limit - sent);
    if (trickle) {
      // Each slice waits for its time on a schedule from the start of the body, so the rate
      // holds however long the writes take, and advancing a test clock releases what is due.
      const bps = Math.max(1, trickle.bytesPerSecond ?? 64 * 1024);
      const slice = Math.max(1, Math.floor(bps / 10));
      for (let i = 0; i < chunk.length; i += slice) {
        if (res.destroyed) return;
        await writeChunk(res, chunk.subarray(i, i + slice));
        const trickled = sent + Math.min(i + slice, chunk.length);
        await clock.sleep(bodyStarted + (trickled / bps) * 1000 - clock.now());
      }
    } else if (chunk.length > 0) {
      await writeChunk(res, chunk);
    }
    sent += chunk.length;
    if (sent >= limit) break;
  }
  if (sent < reply.length && limit !== Infinity) {
    // Let the bytes reach the client, then cut the connection (real time: this is about sockets).
    await sleep(30);
    if (reset) res.socket?.destroy();
    else res.socket?.end();
    return;
  }
  res.end();
}

/** The reply, then `pad.bytes` spaces, in 1 MiB writes (the client may stop reading early). */
async function sendPadded(res: ServerResponse, reply: Reply, pad: Extract<FaultAction, { kind: 'pad' }>): Promise<void> {
  const headers: Record<string, string> = { ...reply.headers };
  if (!pad.chunked) headers['content-length'] = String(reply.length + pad.bytes);
  res.writeHead(reply.status, headers);
  for await (const chunk of bodyChunks(reply)) {
    if (res.destroyed) return;
    await writeChunk(res, chunk);
  }
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = pad.bytes; left > 0 && !res.destroyed; left -= spaces.length) await writeChunk(res, spaces.subarray(0, Math.min(left, spaces.length)));
  res.end();
}

function statusFaultReply(origin: 'api' | 'storage', f: Extract<FaultAction, { kind: 'status' }>, nowMs: number): Reply {
  const headers: Record<string, string> = {};
  if (f.retryAfter !== undefined) {
    if (typeof f.retryAfter === 'number' && f.retryAfterDate) {
      headers['retry-after'] = new Date(nowMs + f.retryAfter * 1000).toUTCString();
    } else {
      headers['retry-after'] = String(f.retryAfter);
    }
  }
  const message =
    f.body ??
    (f.status === 429 ? 'rate limit exceeded' : f.status === 503 ? 'service unavailable' : f.status === 502 ? 'bad gateway' : `injected error ${f.status}`);
  if (origin === 'storage') {
    const r = xmlError(f.status, f.status === 429 ? 'SlowDown' : 'InternalError', message);
    Object.assign(r.headers, headers);
    return r;
  }
  if (f.status >= 500 && f.body === undefined) {
    return { ...jsonReply(f.status, { errors: [message] }), headers: { 'content-type': 'application/json', ...headers } };
  }
  return { ...jsonReply(f.status, { errors: [{ message }] }), headers: { 'content-type': 'application/json', ...headers } };
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const expectedAuth = 'Basic ' + Buffer.from(`api:${apiKey}`).toString('base64');
  const clock = options.clock ?? realClock;
  const signer = new Signer(options.directUrlTtlSeconds ?? 3600, clock);
  const store: Store = options.data ? await loadFixtureDir(options.data, clock.now()) : buildDemo(clock);
  const faults = new FaultController();
  const requests: RecordedRequest[] = [];
  const maxRecorded = Math.max(1, options.maxRecordedRequests ?? 20_000);
  let nextRequestId = 1;
  const log = (msg: string) => {
    if (!options.quiet) process.stderr.write(`[dev-server] ${msg}\n`);
  };

  let baseUrl = '';
  let storageUrl = '';
  const BUCKET = '/wandb-dev-bucket';

  const signed = (method: string, path: string) => `${storageUrl}${path}?${signer.sign(method, path)}`;

  const links: Links = {
    runFileUrl: (run, name) => `${baseUrl}/files/${encPath(run.project.entity)}/${encPath(run.project.name)}/${encodeURIComponent(run.name)}/${encPath(name)}`,
    runFileDirectUrl: (file) => signed('GET', `${BUCKET}/f/${urlId(file.id)}/${encPath(file.name)}`),
    uploadUrl: (run, name) => signed('PUT', `${BUCKET}/upload/${urlId(run.id)}/${encPath(name)}`),
    artifactFileUrl: async (art, entry) => {
      const hex = (await entry.blob!.md5()).toString('hex');
      const c = art.collection;
      const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
      return `${baseUrl}/artifactsV2/default/${encodeURIComponent(c.project.entity)}/${encodeURIComponent(c.project.name)}/${encodeURIComponent(c.name)}/${encodeURIComponent(entry.birthArtifactID)}/${hex}/${encodeURIComponent(base)}`;
    },
    artifactFileDirectUrl: (entry) => signed('GET', `${BUCKET}/f/${urlId(entry.fileId)}/${encPath(entry.path)}`),
    manifestUrl: (art) => `${baseUrl}/manifests/${urlId(art.id)}/wandb_manifest.json`,
    manifestDirectUrl: (art) => signed('GET', `${BUCKET}/f/${urlId(art.manifestFileId)}/wandb_manifest.json`),
  };
  const ctx: Ctx = { store, links, errorStatus: options.graphqlErrorStatus ?? 200, clock };

  /** A file by id: run file, artifact entry or manifest. */
  async function fileById(id: string): Promise<{ blob: import('./blob.js').Blob; name: string } | null> {
    const hit = store.filesById.get(id);
    if (!hit) return null;
    if (hit.manifestOf) {
      if (hit.manifestOf.state === 'DELETED') return null;
      return { blob: bufferBlob(await manifestBytes(hit.manifestOf), 'application/json'), name: 'wandb_manifest.json' };
    }
    if (hit.entry) {
      if (!hit.entry.blob || hit.artifact?.state === 'DELETED') return null;
      return { blob: hit.entry.blob, name: hit.entry.path };
    }
    if (hit.run) {
      const f = hit.run.files().find((x) => x.id === id);
      return f ? { blob: f.blob, name: f.name } : null;
    }
    return null;
  }

  async function findArtifactEntry(segs: string[]): Promise<ManifestEntry | null> {
    // artifactsV2/<region>/<entity>/<project>/<collection>/<birthArtifactID>/<hexmd5>/<basename>
    const [, entity, project, collection, birth, hex, base] = segs;
    const p = store.project(entity, project);
    const c = p?.collections.get(collection ?? '');
    if (!c) return null;
    for (const a of c.versions) {
      if (a.state === 'DELETED') continue;
      for (const e of a.entries) {
        if (!e.blob || e.birthArtifactID !== birth) continue;
        if (e.path.slice(e.path.lastIndexOf('/') + 1) !== base) continue;
        if ((await e.blob.md5()).toString('hex') === hex) return e;
      }
    }
    return null;
  }

  async function apiRoute(req: IncomingMessage, path: string, body: Buffer, doc: DocumentNode | undefined, gqlBody: Record<string, unknown> | undefined): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (path === '/' || path === '/healthz') return textReply(200, 'W&B dev server: POST /graphql\n');
    const auth = req.headers.authorization;
    if (auth !== expectedAuth) return jsonReply(401, { errors: [{ message: 'unauthorized' }] });
    if (path === '/graphql') {
      if (method !== 'POST') return jsonReply(405, { errors: [{ message: 'method not allowed: use POST' }] });
      if (!gqlBody) return jsonReply(400, { errors: [{ message: 'request body must be JSON: {"query": ..., "variables": ...}' }] });
      const out = await runGraphql(ctx, gqlBody, doc);
      return jsonReply(out.status, out.body);
    }
    if (method !== 'GET' && method !== 'HEAD') return jsonReply(405, { errors: [{ message: 'method not allowed' }] });
    const segs = path.split('/').slice(1).map((s) => decodeURIComponent(s));
    const notFound = () => jsonReply(404, { errors: [{ message: `not found: ${path}` }] });
    if (segs[0] === 'files' && segs.length >= 5) {
      const [, entity, project, runName, ...rest] = segs;
      const run = store.project(entity, project)?.runsByName.get(runName!);
      const f = run?.files().find((x) => x.name === rest.join('/'));
      if (!f) return notFound();
      return blobReply(method, req.headers.range, f.blob, f.name);
    }
    if (segs[0] === 'artifactsV2' && segs.length === 8) {
      const e = await findArtifactEntry(segs.slice(1));
      if (!e) return notFound();
      return blobReply(method, req.headers.range, e.blob!, e.path);
    }
    if (segs[0] === 'artifacts' && segs.length === 3) {
      const [, entity, hex] = segs;
      for (const p of store.projects.values()) {
        if (p.entity !== entity) continue;
        for (const c of p.collections.values())
          for (const a of c.versions)
            for (const e of a.entries) {
              if (!e.blob || a.state === 'DELETED' || e.blob.size > 64 * 1024 * 1024) continue;
              if ((await e.blob.md5()).toString('hex') === hex) return blobReply(method, req.headers.range, e.blob, e.path);
            }
      }
      return notFound();
    }
    if (segs[0] === 'manifests' && segs.length === 3) {
      const art = store.artifactsById.get(fromUrlId(segs[1]!));
      if (!art || art.state === 'DELETED') return notFound();
      return blobReply(method, req.headers.range, bufferBlob(await manifestBytes(art), 'application/json'), 'wandb_manifest.json');
    }
    return notFound();
  }

  async function storageRoute(req: IncomingMessage, path: string, query: URLSearchParams, body: Buffer, forceExpired: boolean): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (req.headers.authorization !== undefined) {
      return xmlError(
        403,
        'AccessDenied',
        'Requests to presigned URLs must not carry an Authorization header: the signature in the query string is the credential.',
      );
    }
    const v = forceExpired ? 'expired' : signer.verify(method, path, query);
    if (v === 'expired') return xmlError(403, 'ExpiredToken', 'Request has expired');
    if (v === 'missing') return xmlError(403, 'AccessDenied', 'Missing signature: this origin only serves presigned URLs');
    if (v === 'bad') {
      return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    if (!path.startsWith(BUCKET + '/')) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
    const segs = path.slice(BUCKET.length + 1).split('/');
    if (segs[0] === 'f' && (method === 'GET' || method === 'HEAD')) {
      const f = await fileById(fromUrlId(segs[1] ?? ''));
      if (!f) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
      return blobReply(method, req.headers.range, f.blob, f.name);
    }
    if (segs[0] === 'upload' && method === 'PUT') {
      const run = store.runsById.get(fromUrlId(segs[1] ?? ''));
      if (!run) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
      const refused = missingUploadHeader(req);
      if (refused) return refused;
      const name = segs.slice(2).map(decodeURIComponent).join('/');
      const blob = bufferBlob(Buffer.from(body), mimeFor(name));
      const files = run.files();
      const existing = files.findIndex((f) => f.name === name);
      const rec: RunFileRec = store.newRunFile(run, name, blob, clock.now());
      if (existing >= 0) files.splice(existing, 1, rec);
      else {
        files.push(rec);
        files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }
      run.updatedAt = clock.now();
      const md5 = await blob.md5();
      return { status: 200, headers: { etag: `"${md5.toString('hex')}"`, 'content-type': 'text/plain' }, body: Buffer.alloc(0), length: 0 };
    }
    return xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  /** Storage demands the headers the API announced, as Azure Blob storage does (its errors). */
  function missingUploadHeader(req: IncomingMessage): Reply | undefined {
    for (const h of UPLOAD_HEADERS) {
      const i = h.indexOf(':');
      const name = h.slice(0, i).toLowerCase();
      const want = h.slice(i + 1);
      const got = req.headers[name];
      if (got === undefined) return xmlError(400, 'MissingRequiredHeader', `An HTTP header that's mandatory for this request is not specified: ${h.slice(0, i)}.`);
      if (got !== want) return xmlError(400, 'InvalidHeaderValue', `The value for one of the HTTP headers is not in the correct format: ${h.slice(0, i)}.`);
    }
    return undefined;
  }

  async function admin(req: IncomingMessage, path: string, url: URL, body: Buffer): Promise<Reply> {
    if (!isLoopback(req.socket.remoteAddress)) return jsonReply(403, { error: 'admin API is loopback-only' });
    const method = req.method ?? 'GET';
    if (path === '/_admin/faults') {
      if (method === 'GET') return jsonReply(200, faults.list());
      if (method === 'DELETE') {
        faults.clear();
        return jsonReply(200, { cleared: true });
      }
      if (method === 'POST') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          return jsonReply(400, { error: 'body must be a JSON fault rule or a list of rules' });
        }
        const list = Array.isArray(parsed) ? parsed : [parsed];
        try {
          const ids = list.map((r) => {
            const rule = { ...r };
            if (rule.times === null) rule.times = Infinity;
            return faults.add(rule);
          });
          return jsonReply(200, { ids });
        } catch (e) {
          return jsonReply(400, { error: (e as Error).message });
        }
      }
    }
    if (path === '/_admin/requests') {
      if (method === 'GET') {
        const origin = url.searchParams.get('origin');
        const op = url.searchParams.get('operationName');
        return jsonReply(
          200,
          requests.filter((r) => (!origin || r.origin === origin) && (!op || r.operationName === op)),
        );
      }
      if (method === 'DELETE') {
        requests.length = 0;
        return jsonReply(200, { cleared: true });
      }
    }
    return jsonReply(404, { error: `unknown admin endpoint ${method} ${path}` });
  }

  function handler(origin: 'api' | 'storage') {
    return (req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const path = url.pathname;
        const method = req.method ?? 'GET';
        let body: Buffer;
        try {
          body = await readBody(req);
        } catch {
          if (!res.headersSent) await send(res, jsonReply(413, { errors: [{ message: 'request body too large' }] }), [], undefined);
          return;
        }
        if (origin === 'api' && path.startsWith('/_admin/')) {
          await send(res, await admin(req, path, url, body), [], undefined);
          return;
        }
        let gqlBody: Record<string, unknown> | undefined;
        let doc: DocumentNode | undefined;
        let operationName: string | null = null;
        if (origin === 'api' && path === '/graphql' && method === 'POST') {
          try {
            const parsed = JSON.parse(body.toString('utf8'));
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) gqlBody = parsed;
          } catch {
            /* answered as a 400 below */
          }
          if (gqlBody) {
            if (typeof gqlBody.operationName === 'string') operationName = gqlBody.operationName;
            if (typeof gqlBody.query === 'string') {
              try {
                doc = parse(gqlBody.query);
                operationName ??= operationNameOf(doc);
              } catch {
                /* syntax errors are reported by runGraphql */
              }
            }
          }
        }
        const rec: RecordedRequest = {
          id: nextRequestId++,
          time: new Date(clock.now()).toISOString(),
          origin,
          method,
          path,
          url: url.pathname + url.search,
          headers: lowerHeaders(req),
          operationName,
          query: typeof gqlBody?.query === 'string' ? gqlBody.query : null,
          variables: gqlBody?.variables ?? null,
          status: null,
          faults: [],
        };
        requests.push(rec);
        if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
        const variables = gqlBody?.variables && typeof gqlBody.variables === 'object' ? (gqlBody.variables as Record<string, unknown>) : null;
        const applied = faults.take({ origin, method, path, operationName, variables });
        rec.faults = applied.map((f) => f.kind);
        try {
          for (const f of applied) if (f.kind === 'latency') await clock.sleep(f.ms);
          const statusFault = applied.find((f) => f.kind === 'status') as Extract<FaultAction, { kind: 'status' }> | undefined;
          let reply: Reply;
          if (statusFault) reply = statusFaultReply(origin, statusFault, clock.now());
          else if (origin === 'api') reply = await apiRoute(req, path, body, doc, gqlBody);
          else reply = await storageRoute(req, path, url.searchParams, body, applied.some((f) => f.kind === 'expired'));
          await send(res, reply, applied, rec, clock);
        } catch (e) {
          log(`error handling ${method} ${path}: ${(e as Error).stack ?? e}`);
          if (!res.headersSent) await send(res, jsonReply(500, { errors: ['internal server error'] }), [], rec);
          else res.destroy();
        }
      })();
    };
  }

  const apiServer = createServer(handler('api'));
  const storageServer = createServer(handler('storage'));
  const listen = (s: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => resolve((s.address() as AddressInfo).port));
    });
  const apiPort = await listen(apiServer, options.port ?? 0);
  let storagePort: number;
  try {
    storagePort = await listen(storageServer, options.storagePort ?? 0);
  } catch (e) {
    apiServer.close();
    throw e;
  }
  baseUrl = `http://${host}:${apiPort}`;
  storageUrl = `http://${host}:${storagePort}`;
  log(`API ${baseUrl}  storage ${storageUrl}`);

  const closeServer = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });

  return {
    baseUrl,
    storageUrl,
    apiKey,
    requests,
    faults,
    store,
    clock,
    clearRequests: () => {
      requests.length = 0;
    },
    close: async () => {
      await Promise.all([closeServer(apiServer), closeServer(storageServer)]);
    },
  };
}

export type { Store, RunRec, ArtifactRec };
