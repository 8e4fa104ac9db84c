/**
 * `Run.upload_file`, as the SDK does it: ask the run for presigned upload URLs of the file names,
 * then PUT the bytes there with only the headers the server returned. Presigned URLs never get
 * the W&B API key.
 */
import type { ClientLogger, WandbClient } from '../client';
import { redactUrl } from '../client';
import { WandbError, errorFromStatus, errorFromThrown, isAbort, projectNotFound, runNotFound } from '../errors';
import { parseRetryAfter, withRetry, type RetryPolicy } from '../retry';
import * as Q from '../queries';
import type { RunRef } from '../model/run';

/** Where one file of a run is to be PUT. */
export interface UploadTarget {
  /** Path of the file inside the run. */
  name: string;
  /** Presigned URL: credentials travel in its query string, so it is never logged whole. */
  url: string;
  /** Headers the PUT must carry, from the server (`Content-Type`, `x-amz-*`...). */
  headers: Record<string, string>;
  /** The run already has a file of this name: the upload replaces it. */
  exists: boolean;
}

/** The bytes of one upload: a size and a way to read them (again, for a retry). */
export interface UploadSource {
  size: number;
  open(): AsyncIterable<Uint8Array>;
}

/** How PUTs to storage go out: which fetch, where they are logged, how they are retried. */
export interface UploadTransport {
  fetch: typeof fetch;
  log: ClientLogger;
  policy: RetryPolicy;
}

/** Presigned upload URLs for the given names in the run (one request for all). */
export async function uploadTargets(client: WandbClient, ref: RunRef, names: readonly string[], signal?: AbortSignal): Promise<UploadTarget[]> {
  for (const n of names) {
    const why = checkRunFileName(n);
    if (why) throw new WandbError('badRequest', why);
  }
  const data = await client.request(Q.RUN_UPLOAD_URLS, { entity: ref.entity, project: ref.project, runId: ref.runId, names: [...names] }, signal);
  if (!data.project) throw projectNotFound(ref, client.host);
  if (!data.project.run) throw runNotFound(ref, client.host);
  const byName = new Map<string, UploadTarget>();
  // The connection's headers apply to every file (an Azure-backed server announces
  // `x-ms-blob-type: BlockBlob` there); a file's own, if any, add to them.
  const shared = parseUploadHeaders(data.project.run.files?.uploadHeaders);
  for (const e of data.project.run.files?.edges ?? []) {
    const n = e.node;
    if (!n || !n.url) continue;
    byName.set(n.name, { name: n.name, url: n.url, headers: { ...shared, ...parseUploadHeaders(n.uploadHeaders) }, exists: n.exists });
  }
  return names.map((name) => {
    const t = byName.get(name);
    if (!t) throw new WandbError('invalidResponse', `${client.host} gave no upload URL for ${name}.`, { operation: 'RunUploadUrls' });
    return t;
  });
}

/**
 * PUTs one file to its presigned URL, with the server's headers and a Content-Length, never
 * with the API key. Transient failures (5xx, 429, network) are retried from the start.
 * `onProgress` gets the bytes sent so far of the current attempt.
 */
export async function putFile(transport: UploadTransport, target: UploadTarget, source: UploadSource, options: { signal?: AbortSignal; onProgress?: (sent: number) => void } = {}): Promise<void> {
  const { signal, onProgress } = options;
  const shown = redactUrl(target.url);
  const host = hostOf(target.url);
  await withRetry(
    async (attempt) => {
      const started = Date.now();
      let sent = 0;
      onProgress?.(0);
      const iterator = source.open()[Symbol.asyncIterator]();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await iterator.next();
          if (next.done) {
            controller.close();
            return;
          }
          sent += next.value.byteLength;
          controller.enqueue(next.value);
          onProgress?.(sent);
        },
        async cancel() {
          await iterator.return?.();
        },
      });
      const headers: Record<string, string> = { ...target.headers, 'Content-Length': String(source.size) };
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/octet-stream';
      let res: Response;
      try {
        res = await transport.fetch(target.url, { method: 'PUT', headers, body, signal, duplex: 'half', redirect: 'error' } as RequestInit);
      } catch (e) {
        await iterator.return?.().catch(() => undefined);
        const err = isAbort(e) || signal?.aborted ? new WandbError('cancelled', 'Cancelled.', { cause: e }) : errorFromThrown(e, { host });
        transport.log.warn(`PUT ${shown} ${err.kind} ${Date.now() - started}ms`);
        throw err;
      }
      const text = await res.text().catch(() => '');
      transport.log.info(`PUT ${shown} ${res.status} ${sent}B ${Date.now() - started}ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      if (!res.ok) throw errorFromStatus(res.status, storageMessage(text), { host, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) });
    },
    transport.policy,
    signal,
    { onRetry: ({ attempt, delayMs, error }) => transport.log.info(`PUT ${shown} retry after attempt ${attempt} in ${delayMs}ms (${error.kind})`) },
  );
}

/** Why a path inside a run would be refused, or undefined: relative, `/`-separated, no `..`. */
export function checkRunFileName(name: string): string | undefined {
  if (!name) return 'The file name in the run cannot be empty.';
  if (name.length > 1024) return 'The file name in the run is too long.';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'Use a path relative to the run (no leading "/").';
  if (name.includes('\\')) return 'Use "/" to separate folders.';
  if (/[\u0000-\u001f]/.test(name)) return 'The file name cannot contain control characters.';
  const segs = name.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return 'The path cannot contain empty, "." or ".." parts.';
  return undefined;
}

/** `["Content-Type:application/octet-stream", "x-amz-meta-x: y"]` → a header record. */
export function parseUploadHeaders(list: readonly string[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) continue;
    const name = h.slice(0, i).trim();
    if (!name || /^(authorization|cookie|host|content-length)$/i.test(name)) continue;
    out[name] = h.slice(i + 1).trim();
  }
  return out;
}

/** S3/GCS answer errors in XML: keep the `<Message>`, which says what went wrong. */
function storageMessage(body: string): string {
  const m = /<Message>([^<]{1,300})<\/Message>/.exec(body);
  return m ? m[1]! : body;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the storage server';
  }
}
