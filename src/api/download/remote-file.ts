/**
 * One remote file read into memory (for the read-only preview): find its URLs, fetch with
 * retries and a fresh URL when the presigned one expired, verify size and MD5.
 * Plain Node: no `vscode` here.
 */
import { createHash } from 'node:crypto';
import type { WandbApi } from '../wandb-api';
import { WandbError } from '../errors';
import { backoffDelay, sleep } from '../retry';
import { md5Bytes } from './digest';
import type { DownloadItem, Fetcher, FileUrls } from './engine';

/** A file of a run or of an artifact version, by name. */
export type RemoteFileRef =
  | { kind: 'run'; entity: string; project: string; runId: string; path: string }
  | { kind: 'artifact'; entity: string; project: string; collection: string; version: string; path: string };

export interface RemoteFileInfo extends DownloadItem {
  size: number;
  updatedAt?: Date;
  /** Refreshes this file's URLs. */
  refresh: (signal?: AbortSignal) => Promise<FileUrls | undefined>;
}

/** Looks the file up (size, digest, URLs). Throws `notFound` when it is not there. */
export async function resolveRemoteFile(api: WandbApi, f: RemoteFileRef, signal?: AbortSignal): Promise<RemoteFileInfo> {
  if (f.kind === 'run') {
    const ref = { entity: f.entity, project: f.project, runId: f.runId };
    const lookup = async (s?: AbortSignal) => (await api.runFiles(ref, { first: 1, names: [f.path], signal: s })).items.find((x) => x.name === f.path);
    const file = await lookup(signal);
    if (!file) throw new WandbError('notFound', `${f.path} is not a file of run ${f.entity}/${f.project}/${f.runId}.`);
    return {
      name: file.name,
      size: file.sizeBytes,
      md5: file.md5,
      url: file.url,
      directUrl: file.directUrl,
      updatedAt: file.updatedAt,
      refresh: async (s) => {
        const again = await lookup(s);
        return again && { url: again.url, directUrl: again.directUrl };
      },
    };
  }
  const version = await api.artifactByName({ entity: f.entity, project: f.project, name: f.collection, alias: f.version }, signal);
  const lookup = async (s?: AbortSignal) => (await api.artifactFiles(version.id, { first: 1, names: [f.path], signal: s })).items.find((x) => x.name === f.path);
  const file = await lookup(signal);
  if (!file) throw new WandbError('notFound', `${f.path} is not a file of ${f.entity}/${f.project}/${f.collection}:${f.version}.`);
  const direct = file.directUrl && /^https?:/i.test(file.directUrl) ? file.directUrl : undefined;
  if (!direct && file.directUrl) {
    throw new WandbError('badRequest', `${f.path} is a reference to ${file.directUrl}, stored outside W&B; it cannot be previewed here.`);
  }
  return {
    name: file.name,
    size: file.sizeBytes,
    md5: file.md5 ?? file.digest,
    url: file.url,
    directUrl: direct,
    updatedAt: version.updatedAt ?? version.createdAt,
    refresh: async (s) => {
      const again = await lookup(s);
      return again && { url: again.url, directUrl: again.directUrl };
    },
  };
}

export interface FetchBytesOptions {
  signal?: AbortSignal;
  /** Refuse bodies larger than this (protects memory). */
  maxBytes?: number;
  attempts?: number;
  baseDelayMs?: number;
}

/** The whole file in memory, verified. */
export async function fetchBytes(fetcher: Fetcher, info: RemoteFileInfo, options: FetchBytesOptions = {}): Promise<Uint8Array> {
  const attempts = options.attempts ?? 4;
  const max = options.maxBytes ?? 1024 * 1024 * 1024;
  if (info.size > max) throw new WandbError('badRequest', `${info.name} is too large to open (${info.size} bytes).`);
  let urls: FileUrls = { url: info.url, directUrl: info.directUrl };
  let refreshed = false;
  const expected = md5Bytes(info.md5);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const url = urls.directUrl || urls.url;
    if (!url) throw new WandbError('notFound', `The server gave no download URL for ${info.name}.`);
    try {
      const res = await fetcher.get(url, { signal: options.signal, label: 'GET preview' });
      const body = new Uint8Array(await res.arrayBuffer());
      if (body.byteLength > max) throw new WandbError('badRequest', `${info.name} is too large to open.`);
      const wrongSize = info.size > 0 && body.byteLength !== info.size;
      const wrongMd5 = expected && !createHash('md5').update(body).digest().equals(expected);
      if (wrongSize || wrongMd5) {
        lastError = new WandbError('invalidResponse', `${info.name} arrived damaged (${wrongSize ? `${body.byteLength} of ${info.size} bytes` : 'MD5 mismatch'}).`);
        continue;
      }
      return body;
    } catch (e) {
      if (options.signal?.aborted) throw new WandbError('cancelled', 'Cancelled.');
      lastError = e;
      const err = e instanceof WandbError ? e : undefined;
      const presigned = !fetcher.isOwnOrigin(url);
      if (presigned && err && (err.kind === 'forbidden' || err.kind === 'badRequest' || err.kind === 'auth' || err.kind === 'notFound')) {
        if (!refreshed) {
          refreshed = true;
          urls = (await info.refresh(options.signal)) ?? urls;
          continue;
        }
        if (urls.url && urls.directUrl) {
          urls = { url: urls.url };
          continue;
        }
        throw e;
      }
      if (!err?.transient) throw e;
      await sleep(err.retryAfterMs ?? backoffDelay(attempt, { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: 10_000 }), options.signal);
    }
  }
  throw lastError instanceof Error ? lastError : new WandbError('network', `${info.name} could not be read.`);
}
