/**
 * The writing side of the W&B public API, as typed calls: `Run.update` (display name, notes,
 * tags), stopping a run, `Run.upload_file`, artifact aliases, description and delete, and the
 * reads those need (a project's tags, a sweep's configuration). No VS Code here.
 *
 * Uploads follow the SDK: ask the run for presigned upload URLs of the file names, then PUT
 * the bytes there with only the headers the server returned. Presigned URLs never get the
 * W&B API key.
 */
import type { ClientLogger, WandbClient } from './client';
import { redactUrl } from './client';
import { WandbError, errorFromStatus, errorFromThrown, isAbort } from './errors';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, withRetry, type RetryPolicy } from './retry';
import * as Q from './queries';
import type { RunRef } from './model/run';
import type { ArtifactVersion } from './model/artifacts';
import { parseWandbJson } from './model/json';

/** A run as an edit sees it: its storage id is what `upsertBucket` and `stopRun` take. */
export interface EditableRun extends RunRef {
  /** Storage id (`Run.id`), opaque. */
  id: string;
}

/** The editable fields of a run after an edit, as the server now has them. */
export interface RunEditState {
  id: string;
  runId: string;
  displayName: string;
  notes?: string;
  tags: string[];
  /** Lower-case run state (`running`, `finished`...). */
  state: string;
  /** W&B marks some runs read-only (`Run.read_only`); only known when read with `runEditState`. */
  readOnly?: boolean;
}

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

export interface EditsOptions {
  /** Where PUT requests are logged (one line each, URL without its query string). */
  logger?: ClientLogger;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
}

/** An artifact version reduced to what alias and delete edits need. */
export type ArtifactRef = Pick<ArtifactVersion, 'id' | 'entity' | 'project' | 'collection' | 'versionIndex'>;

const silent: ClientLogger = { info() {}, warn() {}, error() {} };

export class WandbEdits {
  private readonly log: ClientLogger;
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;

  constructor(
    readonly client: WandbClient,
    options: EditsOptions = {},
  ) {
    this.log = options.logger ?? silent;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  // ---------------------------------------------------------------------------------------
  // Runs

  /** The editable fields of a run (with its storage id) as the server has them now. */
  async runEditState(ref: RunRef, signal?: AbortSignal): Promise<RunEditState> {
    const data = await this.client.request(Q.RUN_EDITABLE, { entity: ref.entity, project: ref.project, runId: ref.runId }, signal);
    if (!data.project) throw new WandbError('notFound', `Project ${ref.entity}/${ref.project} was not found on ${this.client.host}, or you may not see it.`);
    if (!data.project.run) throw new WandbError('notFound', `Run ${ref.entity}/${ref.project}/${ref.runId} was not found on ${this.client.host}.`);
    return { ...decodeEdited(data.project.run), readOnly: data.project.run.readOnly === true };
  }

  async renameRun(run: EditableRun, displayName: string, signal?: AbortSignal): Promise<RunEditState> {
    const name = displayName.trim();
    if (!name) throw new WandbError('badRequest', 'A run name cannot be empty.');
    const data = await this.client.request(Q.RENAME_RUN, { id: run.id, displayName: name }, signal);
    return this.edited(run, data.upsertBucket?.bucket, 'RenameRun');
  }

  async setRunNotes(run: EditableRun, notes: string, signal?: AbortSignal): Promise<RunEditState> {
    const data = await this.client.request(Q.SET_RUN_NOTES, { id: run.id, notes }, signal);
    return this.edited(run, data.upsertBucket?.bucket, 'SetRunNotes');
  }

  /** Replaces the run's tags with `tags` (trimmed, duplicates dropped, order kept). */
  async setRunTags(run: EditableRun, tags: readonly string[], signal?: AbortSignal): Promise<RunEditState> {
    const clean = normaliseTags(tags);
    for (const t of clean) {
      const why = checkTag(t);
      if (why) throw new WandbError('badRequest', why);
    }
    const data = await this.client.request(Q.SET_RUN_TAGS, { id: run.id, tags: clean }, signal);
    return this.edited(run, data.upsertBucket?.bucket, 'SetRunTags');
  }

  /** Every tag some run of the project carries, sorted case-insensitively. */
  async projectTags(ref: { entity: string; project: string }, signal?: AbortSignal): Promise<string[]> {
    const data = await this.client.request(Q.PROJECT_TAGS, { entity: ref.entity, project: ref.project }, signal);
    if (!data.project) throw new WandbError('notFound', `Project ${ref.entity}/${ref.project} was not found on ${this.client.host}, or you may not see it.`);
    const names = new Set<string>();
    for (const t of data.project.tags ?? []) if (t && typeof t.name === 'string' && t.name) names.add(t.name);
    return [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  }

  /** Asks a running run to stop (the SDK stops at its next heartbeat). */
  async stopRun(run: EditableRun, signal?: AbortSignal): Promise<void> {
    const data = await this.client.request(Q.STOP_RUN, { id: run.id }, signal);
    if (!data.stopRun?.success) {
      throw new WandbError('graphql', `${this.client.host} did not stop run ${run.entity}/${run.project}/${run.runId}.`, { operation: 'StopRun' });
    }
  }

  private edited(run: EditableRun, bucket: Q.RawEditedRun | null | undefined, op: string): RunEditState {
    if (!bucket) {
      throw new WandbError('invalidResponse', `${this.client.host} answered ${op} for ${run.entity}/${run.project}/${run.runId} without the run.`, { operation: op });
    }
    return decodeEdited(bucket);
  }

  // ---------------------------------------------------------------------------------------
  // Uploads

  /** Presigned upload URLs for the given names in the run (one request for all). */
  async uploadTargets(ref: RunRef, names: readonly string[], signal?: AbortSignal): Promise<UploadTarget[]> {
    for (const n of names) {
      const why = checkRunFileName(n);
      if (why) throw new WandbError('badRequest', why);
    }
    const data = await this.client.request(Q.RUN_UPLOAD_URLS, { entity: ref.entity, project: ref.project, runId: ref.runId, names: [...names] }, signal);
    if (!data.project) throw new WandbError('notFound', `Project ${ref.entity}/${ref.project} was not found on ${this.client.host}, or you may not see it.`);
    if (!data.project.run) throw new WandbError('notFound', `Run ${ref.entity}/${ref.project}/${ref.runId} was not found on ${this.client.host}.`);
    const byName = new Map<string, UploadTarget>();
    for (const e of data.project.run.files?.edges ?? []) {
      const n = e.node;
      if (!n || !n.url) continue;
      byName.set(n.name, { name: n.name, url: n.url, headers: parseUploadHeaders(n.uploadHeaders), exists: n.exists });
    }
    return names.map((name) => {
      const t = byName.get(name);
      if (!t) throw new WandbError('invalidResponse', `${this.client.host} gave no upload URL for ${name}.`, { operation: 'RunUploadUrls' });
      return t;
    });
  }

  /**
   * PUTs one file to its presigned URL, with the server's headers and a Content-Length, never
   * with the API key. Transient failures (5xx, 429, network) are retried from the start.
   * `onProgress` gets the bytes sent so far of the current attempt.
   */
  async putFile(target: UploadTarget, source: UploadSource, options: { signal?: AbortSignal; onProgress?: (sent: number) => void } = {}): Promise<void> {
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
          res = await this.fetchImpl(target.url, { method: 'PUT', headers, body, signal, duplex: 'half', redirect: 'error' } as RequestInit);
        } catch (e) {
          await iterator.return?.().catch(() => undefined);
          const err = isAbort(e) || signal?.aborted ? new WandbError('cancelled', 'Cancelled.', { cause: e }) : errorFromThrown(e, { host });
          this.log.warn(`PUT ${shown} ${err.kind} ${Date.now() - started}ms`);
          throw err;
        }
        const text = await res.text().catch(() => '');
        this.log.info(`PUT ${shown} ${res.status} ${sent}B ${Date.now() - started}ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
        if (!res.ok) throw errorFromStatus(res.status, storageMessage(text), { host, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) });
      },
      this.policy,
      signal,
      { onRetry: ({ attempt, delayMs, error }) => this.log.info(`PUT ${shown} retry after attempt ${attempt} in ${delayMs}ms (${error.kind})`) },
    );
  }

  // ---------------------------------------------------------------------------------------
  // Artifacts

  /** The version's own aliases (not `vN`, not other collections'), state and description now. */
  async artifactState(artifact: ArtifactRef, signal?: AbortSignal): Promise<{ aliases: string[]; state: string; description?: string }> {
    const data = await this.client.request(Q.ARTIFACT_ALIASES, { artifactId: artifact.id }, signal);
    if (!data.artifact) throw new WandbError('notFound', `Artifact ${artifactLabel(artifact)} was not found on ${this.client.host}.`);
    return {
      aliases: ownAliases(data.artifact.aliases, artifact.collection),
      state: data.artifact.state,
      description: data.artifact.description || undefined,
    };
  }

  /** Adds an alias (moving it off another version of the collection); returns the new alias list. */
  async addAlias(artifact: ArtifactRef, alias: string, signal?: AbortSignal): Promise<string[]> {
    const a = alias.trim();
    const why = checkAlias(a);
    if (why) throw new WandbError('badRequest', why);
    const data = await this.client.request(Q.ADD_ARTIFACT_ALIAS, { artifactId: artifact.id, alias: a, ...aliasScope(artifact) }, signal);
    if (!data.addAliases?.success) throw new WandbError('graphql', `${this.client.host} did not add alias ${a} to ${artifactLabel(artifact)}.`, { operation: 'AddArtifactAlias' });
    return ownAliases(data.addAliases.artifact.aliases, artifact.collection);
  }

  async removeAlias(artifact: ArtifactRef, alias: string, signal?: AbortSignal): Promise<void> {
    if (/^v\d+$/.test(alias)) throw new WandbError('badRequest', `"${alias}" is the version's own index; it cannot be removed.`);
    const data = await this.client.request(Q.REMOVE_ARTIFACT_ALIAS, { artifactId: artifact.id, alias, ...aliasScope(artifact) }, signal);
    if (!data.deleteAliases?.success) {
      throw new WandbError('graphql', `${this.client.host} did not remove alias ${alias} from ${artifactLabel(artifact)}.`, { operation: 'RemoveArtifactAlias' });
    }
  }

  async setArtifactDescription(artifact: ArtifactRef, description: string, signal?: AbortSignal): Promise<string | undefined> {
    const data = await this.client.request(Q.SET_ARTIFACT_DESCRIPTION, { artifactId: artifact.id, description }, signal);
    if (!data.updateArtifact) throw new WandbError('invalidResponse', `${this.client.host} answered SetArtifactDescription without the artifact.`, { operation: 'SetArtifactDescription' });
    return data.updateArtifact.artifact.description || undefined;
  }

  /**
   * Deletes a version. Without `deleteAliases` W&B refuses while the version has aliases; with
   * it, the aliases go too.
   */
  async deleteArtifactVersion(artifact: ArtifactRef, options: { deleteAliases: boolean }, signal?: AbortSignal): Promise<void> {
    const data = await this.client.request(Q.DELETE_ARTIFACT, { artifactId: artifact.id, deleteAliases: options.deleteAliases }, signal);
    if (!data.deleteArtifact) throw new WandbError('invalidResponse', `${this.client.host} answered DeleteArtifact without the artifact.`, { operation: 'DeleteArtifact' });
  }

  // ---------------------------------------------------------------------------------------
  // Sweeps

  /** A sweep's configuration: the text as stored (YAML, sometimes JSON) and as YAML to show. */
  async sweepConfig(ref: { entity: string; project: string; sweepId: string }, signal?: AbortSignal): Promise<{ displayName: string; config: string; yaml: string }> {
    const data = await this.client.request(Q.SWEEP_CONFIG, { entity: ref.entity, project: ref.project, sweepId: ref.sweepId }, signal);
    if (!data.project) throw new WandbError('notFound', `Project ${ref.entity}/${ref.project} was not found on ${this.client.host}, or you may not see it.`);
    if (!data.project.sweep) throw new WandbError('notFound', `Sweep ${ref.entity}/${ref.project}/${ref.sweepId} was not found on ${this.client.host}.`);
    const config = data.project.sweep.config ?? '';
    return { displayName: data.project.sweep.displayName || data.project.sweep.name, config, yaml: sweepConfigYaml(config) };
  }
}

// -------------------------------------------------------------------------------------------
// Pure helpers (exported for tests and for input validation in the UI)

function decodeEdited(r: Q.RawEditedRun): RunEditState {
  return {
    id: r.id,
    runId: r.name,
    displayName: r.displayName || r.name,
    notes: r.notes || undefined,
    tags: (r.tags ?? []).filter((t): t is string => typeof t === 'string'),
    state: (r.state ?? 'unknown').toLowerCase(),
  };
}

/**
 * Refuses, before anything is sent, an edit of a run W&B marks read-only (the server would
 * refuse it too; this says why in plain words).
 */
export function assertEditable(run: Pick<RunEditState, 'readOnly' | 'runId' | 'displayName'>): void {
  if (run.readOnly) {
    throw new WandbError('forbidden', `Run ${run.displayName !== run.runId ? `“${run.displayName}” (${run.runId})` : run.runId} is read-only: W&B does not allow editing it.`);
  }
}

/** Trims, drops empties and duplicates, keeps the first spelling's order. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const t = raw.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Why a tag would be refused, or undefined. W&B caps tags at 64 characters. */
export function checkTag(tag: string): string | undefined {
  const t = tag.trim();
  if (!t) return 'A tag cannot be empty.';
  if (t.length > 64) return `Tags are at most 64 characters (this one has ${t.length}).`;
  if (/[\u0000-\u001f]/.test(t)) return 'A tag cannot contain control characters.';
  return undefined;
}

/** Why an alias would be refused, or undefined (`vN` is reserved; `/` and `:` separate names). */
export function checkAlias(alias: string): string | undefined {
  const a = alias.trim();
  if (!a) return 'An alias cannot be empty.';
  if (/^v\d+$/.test(a)) return `"${a}" is reserved for version indexes; choose another alias.`;
  if (/[/:]/.test(a)) return 'An alias cannot contain "/" or ":".';
  if (/\s/.test(a)) return 'An alias cannot contain spaces.';
  if (a.length > 128) return 'Aliases are at most 128 characters.';
  if (/[\u0000-\u001f]/.test(a)) return 'An alias cannot contain control characters.';
  return undefined;
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

function ownAliases(aliases: ReadonlyArray<{ alias: string; artifactCollectionName: string }>, collection: string): string[] {
  return aliases.filter((a) => a.artifactCollectionName === collection && !/^v\d+$/.test(a.alias)).map((a) => a.alias);
}

function aliasScope(a: ArtifactRef): { entity: string; project: string; collection: string } {
  return { entity: a.entity, project: a.project, collection: a.collection };
}

export function artifactLabel(a: Pick<ArtifactRef, 'collection' | 'versionIndex'>): string {
  return `${a.collection}:v${a.versionIndex}`;
}

/** A sweep configuration as YAML text: YAML as stored, JSON converted, a comment when empty. */
export function sweepConfigYaml(config: string): string {
  const text = config.trim();
  if (!text) return '# This sweep has no configuration.\n';
  if (text.startsWith('{')) {
    try {
      const value = parseWandbJson(text);
      if (value && typeof value === 'object') return `${toYaml(value, 0).join('\n')}\n`;
    } catch {
      // not JSON after all: show it as stored
    }
  }
  return `${text}\n`;
}

/** Block-style YAML for JSON values; strings that YAML would read as something else are quoted. */
function toYaml(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((v) => {
      if (isContainer(v)) {
        const lines = toYaml(v, indent + 2);
        return [`${pad}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
      }
      return [`${pad}- ${yamlScalar(v)}`];
    });
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([k, v]) => (isContainer(v) ? [`${pad}${yamlKey(k)}:`, ...toYaml(v, indent + 2)] : [`${pad}${yamlKey(k)}: ${yamlScalar(v)}`]));
  }
  return [`${pad}${yamlScalar(value)}`];
}

function isContainer(v: unknown): boolean {
  return !!v && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function yamlKey(k: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k);
}

function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  const s = String(v);
  const plain = /^[A-Za-z_/][\w ./-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(s) && !s.endsWith(' ');
  return plain ? s : JSON.stringify(s);
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
