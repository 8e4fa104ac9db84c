/**
 * Small reads of one run's files by name: where a file is, the run's `wandb-metadata.json`,
 * `output.log` from a byte offset, and the multipart console log's `logs/` chunks.
 */
import type { WandbApi } from './wandb-api';
import type { RunRef } from './model/run';
import { decodeMetadata, type RunMetadata } from './model/metadata';

/** The download URL of one run file, or undefined when the run has no such file. */
export async function runFileUrl(api: WandbApi, ref: RunRef, name: string, signal?: AbortSignal): Promise<{ url: string; size: number } | undefined> {
  const page = await api.runFiles(ref, { first: 1, names: [name], signal });
  const f = page.items.find((x) => x.name === name);
  const url = f?.url ?? f?.directUrl;
  return f && url ? { url, size: f.sizeBytes } : undefined;
}

/** A small text file of the run; undefined when it has none, or one larger than `maxBytes`. */
export async function readRunText(api: WandbApi, ref: RunRef, name: string, maxBytes: number, signal?: AbortSignal): Promise<string | undefined> {
  const file = await runFileUrl(api, ref, name, signal);
  if (!file || file.size > maxBytes) return undefined;
  const res = await api.client.get(file.url, { signal, label: `GET ${name}` });
  return res.text();
}

/** The run's `wandb-metadata.json`, decoded; undefined when it has none (or an implausibly large one). */
export async function readRunMetadata(api: WandbApi, ref: RunRef, signal?: AbortSignal): Promise<RunMetadata | undefined> {
  const text = await readRunText(api, ref, 'wandb-metadata.json', 5_000_000, signal);
  return text === undefined ? undefined : decodeMetadata(text);
}

export interface LogChunk {
  text: string;
  /** Bytes of the file read so far (the offset of the next read). */
  offset: number;
  /** The head of the file was left out (too large). */
  truncated: boolean;
  append: boolean;
}

/** Logs larger than this show their last part. */
export const MAX_LOG_BYTES = 4_000_000;

/**
 * Reads `output.log`, from `offset` when given (asks for a byte range; a server that ignores it
 * answers the whole file, which is then sliced). Undefined when the run has no log.
 */
export async function readRunLog(api: WandbApi, ref: RunRef, offset: number, signal?: AbortSignal): Promise<LogChunk | undefined> {
  const file = await runFileUrl(api, ref, 'output.log', signal);
  if (!file) return undefined;
  if (offset > 0 && file.size > 0 && file.size <= offset) return { text: '', offset, truncated: false, append: true };
  const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
  const res = await api.client.get(file.url, { signal, headers, label: 'GET output.log' });
  let bytes = new Uint8Array(await res.arrayBuffer());
  let append = false;
  let start = 0;
  if (offset > 0) {
    if (res.status === 206) {
      append = true;
      start = offset;
    } else if (bytes.length >= offset) {
      bytes = bytes.subarray(offset);
      append = true;
      start = offset;
    }
  }
  const end = start + bytes.length;
  let truncated = false;
  if (!append && bytes.length > MAX_LOG_BYTES) {
    bytes = bytes.subarray(bytes.length - MAX_LOG_BYTES);
    truncated = true;
  }
  // Read up to the last complete UTF-8 sequence; the rest comes with the next read.
  const cut = completeUtf8Length(bytes);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, cut));
  return { text, offset: end - (bytes.length - cut), truncated, append };
}

/** Length of the longest prefix of `bytes` that does not end inside a multi-byte UTF-8 character. */
export function completeUtf8Length(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0 || bytes[i]! < 0xc0) return bytes.length;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return continuation + 1 < need ? i : bytes.length;
}

/**
 * With multipart console logging the SDK's core writes `logs/output_<YYYYMMDD_HHMMSS>_<ns>.log`
 * chunks instead of one `output.log` (`core/internal/runconsolelogs/outputfilewriter.go`,
 * `generateChunkPath`); their names sort in time order.
 */
export const LOG_CHUNK_NAME = /^logs\/output_\d{8}_\d{6}_\d{9}\.log$/;
const MAX_LOG_CHUNKS = 500;

/**
 * The console log as the multipart chunks hold it, joined in order (its last `MAX_LOG_BYTES`
 * when larger). Undefined when the run has no chunks.
 */
export async function readLogChunks(api: WandbApi, ref: RunRef, signal?: AbortSignal): Promise<LogChunk | undefined> {
  const page = await api.runFiles(ref, { first: MAX_LOG_CHUNKS, pattern: 'logs/%', signal });
  const chunks = page.items.filter((f) => LOG_CHUNK_NAME.test(f.name) && (f.url ?? f.directUrl)).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (chunks.length === 0) return undefined;
  const parts: Uint8Array[] = [];
  let size = 0;
  // Newest first, until the budget is spent: the tail matters most.
  for (let i = chunks.length - 1; i >= 0 && size < MAX_LOG_BYTES; i--) {
    const f = chunks[i]!;
    const res = await api.client.get((f.url ?? f.directUrl)!, { signal, label: 'GET log chunk' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    parts.unshift(bytes);
    size += bytes.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const truncated = size > MAX_LOG_BYTES || parts.length < chunks.length;
  const bytes = size > MAX_LOG_BYTES ? all.subarray(size - MAX_LOG_BYTES) : all;
  return { text: new TextDecoder('utf-8').decode(bytes), offset: size, truncated, append: false };
}
