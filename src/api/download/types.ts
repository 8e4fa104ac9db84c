/**
 * The words of a download: what to fetch (plan and items), what the engine needs from HTTP,
 * how it reports progress, and what it hands back. Plain TypeScript: no `vscode`, no I/O.
 */
import type { ClientLogger } from '../client';
import type { StreamAnswer } from '../node-http';
import type { RetryPolicy, Sleep } from '../retry';
import type { ChecksumCache } from './checksum-cache';
import type { SdkArtifactCache } from './sdk-cache';

export interface FileUrls {
  /** On the W&B server's own origin: gets the API key. */
  url?: string;
  /** Presigned storage URL: never gets the API key. */
  directUrl?: string;
  /** Current digest and size, when the file can change (files of a live run). */
  md5?: string;
  size?: number;
}

/**
 * Asks the API again for the URLs of these names; may be called with thousands of names. May
 * hand over each page of URLs as it arrives (`onPage`) before resolving with all of them.
 */
export type RefreshUrls = (names: string[], signal: AbortSignal, onPage?: (page: Map<string, FileUrls>) => void) => Promise<Map<string, FileUrls>>;

/** One file to fetch. Everything in it came from W&B and is untrusted. */
export interface DownloadItem {
  /** The remote name (run file name or manifest path): shown in reports, used to refresh URLs. */
  name: string;
  /** Where it goes under the destination, `/`-separated. Default: `name`. */
  target?: string;
  /** Expected size in bytes, when known. */
  size?: number;
  /** Expected MD5, base64 (W&B's `md5`, or a manifest `digest` of a stored file). */
  md5?: string;
  url?: string;
  directUrl?: string;
  /** Reference entry of an artifact (`s3://`, `gs://`, `https://`...). */
  ref?: string;
}

export interface DownloadPlan {
  /** Destination folder; created if missing. */
  root: string;
  items: DownloadItem[];
  /** Asks the API again for the URLs of these names (expired presigned URLs). */
  refreshUrls?: RefreshUrls;
}

/** What the engine needs from the HTTP client (`WandbClient` fits). */
export interface Fetcher {
  get(url: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; label?: string }): Promise<Response>;
  isOwnOrigin(url: string): boolean;
  /** A lighter streamed GET for file bodies, with the same rules as `get`; used when present. */
  getStream?(url: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; label?: string }): Promise<StreamAnswer>;
}

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  /** Bytes received plus the sizes of files found unchanged. */
  bytesDone: number;
  bytesTotal: number;
  /** Bytes actually received so far (for the rate). */
  bytesReceived: number;
  elapsedMs: number;
}

/** A file whose copy on disk differs from W&B's (edited locally, or an older version). */
export interface LocalChange {
  name: string;
  path: string;
}

/** What to do with local copies that differ: replace them all, keep them all, or download nothing. */
export type LocalChangesAnswer = 'replace' | 'keep' | 'cancel';

export interface DownloadOptions {
  /** Files in flight at once (of which at most 4 above 1 MiB). Default 32, as the SDK. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Transient-error retries per file (attempts in all, Retry-After capped at maxDelayMs). */
  retry?: Partial<Pick<RetryPolicy, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'>>;
  /** Attempts per file when the bytes do not match the digest. Default 3. */
  integrityAttempts?: number;
  /** Fresh-URL requests per file after the storage refused an expired URL. Default 2. */
  urlRefreshes?: number;
  /** Abort an attempt when no body bytes arrive for this long. Default 60 s. */
  stallTimeoutMs?: number;
  log?: ClientLogger;
  /**
   * Records of files this engine wrote or hashed (kept outside the destination): a file on disk
   * whose size and times still match its record is skipped without being read again.
   */
  checksums?: ChecksumCache;
  /**
   * The W&B SDK's artifact cache: files found there (by MD5 and size) are copied instead of
   * fetched, and files fetched and checked are put there.
   */
  sdkCache?: SdkArtifactCache;
  /**
   * Asked once, before anything is fetched, when files on disk differ from W&B's: replace them,
   * keep them (reported as kept), or cancel. Without it, differing copies are replaced.
   */
  onLocalChanges?: (changes: LocalChange[]) => Promise<LocalChangesAnswer>;
  /**
   * Asked once when the plan holds references to plain web addresses (`https://`, outside
   * W&B): true fetches them (never with the API key). Without it, they are listed, not fetched.
   */
  onWebReferences?: (refs: Array<{ name: string; ref: string }>) => Promise<boolean>;
  /** Files from this many bytes on are hashed on a worker thread. Default 32 MiB. */
  hashOnWorkerFrom?: number;
  /** For tests: the longest one slice of synchronous file-system steps runs. Default 8 ms. */
  sliceMs?: number;
  /** For tests: the name rules of another platform. */
  platform?: NodeJS.Platform;
  random?: () => number;
  /** For tests: how the waits before retries pass. Default: a timer. */
  sleep?: Sleep;
}

export interface FileDownloaded {
  name: string;
  path: string;
  bytes: number;
  /** Copied from the W&B SDK's artifact cache, not fetched. */
  fromCache?: boolean;
}

export interface FileSkipped {
  name: string;
  /**
   * `unchanged`: already on disk with the same MD5. `reference`: stored outside W&B.
   * `kept`: the copy on disk differs and the user chose to keep it.
   */
  kind: 'unchanged' | 'reference' | 'kept';
  reason: string;
  path?: string;
  ref?: string;
}

export type FailureKind = 'unsafeName' | 'integrity' | 'http' | 'network' | 'noUrl' | 'disk';

export interface FileFailed {
  name: string;
  kind: FailureKind;
  reason: string;
}

export interface DownloadResult {
  root: string;
  filesTotal: number;
  downloaded: FileDownloaded[];
  skipped: FileSkipped[];
  failed: FileFailed[];
  /** Files neither done nor failed because the download was cancelled (or declined). */
  notDone: number;
  cancelled: boolean;
  /** Bytes written into completed files. */
  bytes: number;
  ms: number;
}
