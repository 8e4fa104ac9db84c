/**
 * The W&B operations the extension performs, as typed calls returning domain objects.
 * Every call takes an AbortSignal; unknown objects become `notFound` errors.
 */
import type { WandbClient } from './client';
import { WandbError, projectNotFound, runNotFound } from './errors';
import { pageFromConnection, paginate, type Page } from './paginate';
import * as Q from './queries';
import {
  decodeArtifact,
  decodeArtifactFile,
  decodeManifest,
  decodeProject,
  decodeRunDetail,
  decodeRunFile,
  decodeRunLight,
  decodeRunState,
  decodeViewer,
  opt,
} from './model/decode';
import { parseWandbDate } from './model/dates';
import { valueAtPath, withTopLevelKeys } from './model/nested-keys';
import { decodeLogLines, type LogLinesPage } from './model/log-lines';
import { decodeHistoryRows, decodeSampledHistory, type HistoryRow } from './model/history';
import type { Project, ServerInfo, Viewer } from './model/entities';
import type { RunDetail, RunLiveState, RunRef, RunSummary } from './model/run';
import type { RunFile } from './model/files';
import { notDownloadable, type ArtifactCollection, type ArtifactFile, type ArtifactManifest, type ArtifactPath, type ArtifactType, type ArtifactVersion } from './model/artifacts';
import { orgEntityFor, type OrgInfo } from './artifact-names';
import { ManifestMemo } from './manifest-memo';
import { decodeSweep, sweepMetric, sweepOrder, type Sweep, type SweepGoal } from './model/sweeps';
import { decodeReport, type Report } from './model/reports';
import { decodeJsonObject, emptyRecord, type WandbValue } from './model/values';

export interface PageRequest {
  first: number;
  after?: string;
  signal?: AbortSignal;
}

export interface ProjectRef {
  entity: string;
  project: string;
}

export interface RunsQuery extends ProjectRef {
  /** A Mongo-style filter object (see `runs-filter`); sent as a JSON string. */
  filters?: Record<string, unknown>;
  /** `-created_at` (default newest first), `+heartbeat_at`, `summary_metrics.loss`... */
  order?: string;
  /** Summary keys to fetch with each run (into `RunSummary.metrics`); none: no summary at all. */
  metricKeys?: string[];
}

/** Which console lines to read: a tail (`last`), on from a cursor (`first`, `after`), or back from one (`last`, `before`). */
export interface LogLinesRequest {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

export interface ArtifactCollectionRef extends ProjectRef {
  type: string;
  collection: string;
}

/** A manifest of 100k entries is a few MB: a minute is generous even on slow links. */
const MANIFEST_TIMEOUT_MS = 60_000;

export class WandbApi {
  /** Manifests of committed versions read in this session (see manifest-memo). */
  private readonly manifests = new ManifestMemo();

  constructor(readonly client: WandbClient) {}

  async viewer(signal?: AbortSignal): Promise<Viewer> {
    const data = await this.client.request(Q.VIEWER, {}, signal);
    if (!data.viewer) {
      throw new WandbError('auth', `${this.client.host} did not recognise the API key (no viewer). Sign in again.`, { operation: 'Viewer' });
    }
    return decodeViewer(data.viewer);
  }

  async serverInfo(signal?: AbortSignal): Promise<ServerInfo> {
    const data = await this.client.request(Q.SERVER_INFO, {}, signal);
    const cli = data.serverInfo?.cliVersionInfo as { max_cli_version?: unknown } | null | undefined;
    return {
      serverVersion: data.serverInfo?.latestLocalVersionInfo?.versionOnThisInstanceString || undefined,
      maxCliVersion: typeof cli?.max_cli_version === 'string' ? cli.max_cli_version : undefined,
    };
  }

  async projects(entity: string, page: PageRequest): Promise<Page<Project>> {
    const data = await this.client.request(Q.PROJECTS, { entity, first: page.first, after: page.after ?? null }, page.signal);
    if (!data.models) throw notFound(`Entity "${entity}" was not found on ${this.client.host}, or you may not see its projects.`);
    return pageFromConnection(data.models, decodeProject);
  }

  /** One page of runs. The first page (no `after`) also carries the filtered total. */
  async runs(q: RunsQuery, page: PageRequest): Promise<Page<RunSummary>> {
    const vars = {
      entity: q.entity,
      project: q.project,
      filters: filtersArg(q.filters),
      order: q.order ?? '-created_at',
      first: page.first,
      after: page.after ?? null,
      withCount: page.after === undefined,
    };
    if (q.metricKeys && q.metricKeys.length > 0) {
      const keys = q.metricKeys;
      const withMetrics = await this.client.request(Q.RUNS_WITH_METRICS, { ...vars, keys: withTopLevelKeys(keys) }, page.signal);
      if (!withMetrics.project) throw projectNotFound(q, this.client.host);
      return pageFromConnection(
        withMetrics.project.runs,
        (r) => ({ ...decodeRunLight(r, q.entity, q.project), metrics: pickKeys(decodeJsonObject(r.summaryMetrics), keys) }),
        withMetrics.project.runCount,
      );
    }
    const data = await this.client.request(Q.RUNS, vars, page.signal);
    if (!data.project) throw projectNotFound(q, this.client.host);
    return pageFromConnection(data.project.runs, (r) => decodeRunLight(r, q.entity, q.project), data.project.runCount);
  }

  /** Every page of runs, lazily (scripts and benchmarks; the tree pages by hand). */
  allRuns(q: RunsQuery, pageSize: number, signal?: AbortSignal): AsyncGenerator<Page<RunSummary>> {
    return paginate((after) => this.runs(q, { first: pageSize, after, signal }));
  }

  async run(ref: RunRef, signal?: AbortSignal): Promise<RunDetail> {
    const data = await this.client.request(Q.RUN, { entity: ref.entity, project: ref.project, runId: ref.runId }, signal);
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return decodeRunDetail(data.project.run, ref.entity, ref.project);
  }

  /** Current state and heartbeat of the given runs (one request), for live refresh. */
  async runStates(q: ProjectRef, runIds: string[], signal?: AbortSignal): Promise<Map<string, RunLiveState>> {
    const out = new Map<string, RunLiveState>();
    if (runIds.length === 0) return out;
    const data = await this.client.request(
      Q.RUN_STATES,
      { entity: q.entity, project: q.project, filters: JSON.stringify({ name: { $in: runIds } }), first: runIds.length },
      signal,
    );
    if (!data.project) throw projectNotFound(q, this.client.host);
    for (const e of data.project.runs?.edges ?? []) {
      if (e.node) out.set(e.node.name, { state: decodeRunState(e.node.state), heartbeatAt: parseWandbDate(e.node.heartbeatAt) });
    }
    return out;
  }

  /**
   * Server-sampled history: for each key set, up to `samples` rows spread over the whole run
   * (first and last kept). One request for all specs.
   */
  async sampledHistory(ref: RunRef, specs: Array<{ keys: string[]; samples: number; minStep?: number; maxStep?: number }>, signal?: AbortSignal): Promise<HistoryRow[][]> {
    const data = await this.client.request(
      Q.SAMPLED_HISTORY,
      { entity: ref.entity, project: ref.project, runId: ref.runId, specs: specs.map((s) => JSON.stringify(s)) },
      signal,
    );
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return decodeSampledHistory(data.project.run.sampledHistory);
  }

  /** Full-resolution rows with `minStep <= _step < maxStep`. */
  async historyPage(ref: RunRef, minStep: number, maxStep: number, signal?: AbortSignal): Promise<HistoryRow[]> {
    const samples = Math.max(1, maxStep - minStep);
    const data = await this.client.request(
      Q.HISTORY_PAGE,
      { entity: ref.entity, project: ref.project, runId: ref.runId, minStep, maxStep, samples },
      signal,
    );
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return decodeHistoryRows(data.project.run.history);
  }

  /** System-metric rows (`system.cpu`, `system.memory`, GPU...), sampled by the server. */
  async systemEvents(ref: RunRef, samples: number, signal?: AbortSignal): Promise<HistoryRow[]> {
    const data = await this.client.request(Q.SYSTEM_EVENTS, { entity: ref.entity, project: ref.project, runId: ref.runId, samples }, signal);
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return decodeHistoryRows(data.project.run.events);
  }

  /**
   * A page of the run's streamed console lines: `{last}` the tail, `{first, after}` the lines
   * after a cursor, `{last, before}` the lines before one.
   */
  async logLines(ref: RunRef, page: LogLinesRequest, signal?: AbortSignal): Promise<LogLinesPage> {
    const data = await this.client.request(
      Q.RUN_LOG_LINES,
      { ...runVars(ref), first: page.first ?? null, after: page.after ?? null, last: page.last ?? null, before: page.before ?? null },
      signal,
    );
    return decodeLogLines(this.runOf(data, ref).logLines);
  }

  /** One page of a run's files; `totalCount` is the run's `fileCount`. */
  async runFiles(ref: RunRef, page: PageRequest & { names?: string[]; pattern?: string }): Promise<Page<RunFile>> {
    const data = await this.client.request(
      Q.RUN_FILES,
      {
        entity: ref.entity,
        project: ref.project,
        runId: ref.runId,
        first: page.first,
        after: page.after ?? null,
        names: page.names ?? null,
        pattern: page.pattern ?? null,
      },
      page.signal,
    );
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return pageFromConnection(data.project.run.files, decodeRunFile, data.project.run.fileCount ?? undefined);
  }

  /** One page of a run's file names and sizes (no download URLs): what the side bar lists. */
  async runFileList(ref: RunRef, page: PageRequest): Promise<Page<RunFile>> {
    const data = await this.client.request(Q.RUN_FILE_LIST, { ...runVars(ref), first: page.first, after: page.after ?? null }, page.signal);
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return pageFromConnection(data.project.run.files, decodeRunFile, data.project.run.fileCount ?? undefined);
  }

  async artifactTypes(q: ProjectRef, page: PageRequest): Promise<Page<ArtifactType>> {
    const data = await this.client.request(Q.ARTIFACT_TYPES, { entity: q.entity, project: q.project, first: page.first, after: page.after ?? null }, page.signal);
    if (!data.project) throw projectNotFound(q, this.client.host);
    return pageFromConnection(data.project.artifactTypes, (t) => ({ id: t.id, name: t.name }));
  }

  async artifactCollections(q: ProjectRef & { type: string }, page: PageRequest): Promise<Page<ArtifactCollection>> {
    const data = await this.client.request(
      Q.ARTIFACT_COLLECTIONS,
      { entity: q.entity, project: q.project, type: q.type, first: page.first, after: page.after ?? null },
      page.signal,
    );
    if (!data.project) throw projectNotFound(q, this.client.host);
    if (!data.project.artifactType) throw notFound(`Artifact type "${q.type}" was not found in ${q.entity}/${q.project}.`);
    return pageFromConnection(data.project.artifactType.artifactCollections, (c) => ({
      id: c.id,
      name: c.name,
      type: q.type,
      linked: c.__typename === 'ArtifactPortfolio',
      description: c.description ?? undefined,
      createdAt: parseWandbDate(c.createdAt),
      updatedAt: parseWandbDate(c.updatedAt),
    }));
  }

  /** The collection a versions query found, or why not. */
  private collectionIn<C>(data: { project?: { artifactType?: { artifactCollection?: C | null } | null } | null }, q: ArtifactCollectionRef): C {
    if (!data.project) throw projectNotFound(q, this.client.host);
    const coll = data.project.artifactType?.artifactCollection;
    if (!coll) throw notFound(`Artifact "${q.collection}" of type "${q.type}" was not found in ${q.entity}/${q.project}.`);
    return coll;
  }

  /** One page of a collection's committed versions, newest first, as the SDK lists them. */
  async artifactVersions(q: ArtifactCollectionRef, page: PageRequest): Promise<Page<ArtifactVersion>> {
    const data = await this.client.request(
      Q.ARTIFACT_VERSIONS,
      { entity: q.entity, project: q.project, type: q.type, collection: q.collection, first: page.first, after: page.after ?? null, filters: Q.COMMITTED_ONLY },
      page.signal,
    );
    const coll = this.collectionIn(data, q);
    return pageFromConnection(coll.artifacts, (a, edge) => decodeArtifact(a, undefined, memberPath(q, edge.version)));
  }

  /** Resolves `name:alias` (alias `latest`, `vN`, a custom alias or a digest). */
  async artifactByName(q: ProjectRef & { name: string; alias: string }, signal?: AbortSignal): Promise<ArtifactVersion> {
    const data = await this.client.request(Q.ARTIFACT_BY_NAME, { entity: q.entity, project: q.project, name: `${q.name}:${q.alias}` }, signal);
    if (!data.project) throw projectNotFound(q, this.client.host);
    if (!data.project.artifact) throw notFound(`Artifact ${q.entity}/${q.project}/${q.name}:${q.alias} was not found.`);
    return decodeArtifact(data.project.artifact);
  }

  /**
   * The entity that holds a W&B Registry name's project: the organization of `entity` (the
   * settings' or the viewer's entity) that `organization` names, as `Api._artifact` resolves it
   * (`resolve_org_entity_name`).
   */
  async registryEntity(entity: string, organization: string | undefined, signal?: AbortSignal): Promise<string> {
    const data = await this.client.request(Q.ORG_INFO_FROM_ENTITY, { entity }, signal);
    const info = (o: { name: string; orgEntity: { name: string } | null } | null | undefined): OrgInfo[] => (o?.orgEntity ? [{ name: o.name, entityName: o.orgEntity.name }] : []);
    const picked = orgEntityFor({ teamOrg: info(data.entity?.organization)[0], userOrgs: (data.entity?.user?.organizations ?? []).flatMap(info) }, entity, organization);
    if (!picked.ok) throw notFound(picked.reason);
    return picked.entity;
  }

  async runLoggedArtifacts(ref: RunRef, page: PageRequest): Promise<Page<ArtifactVersion>> {
    const data = await this.client.request(Q.RUN_LOGGED_ARTIFACTS, { ...runVars(ref), first: page.first, after: page.after ?? null }, page.signal);
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return pageFromConnection(data.project.run.outputArtifacts, (a) => decodeArtifact(a));
  }

  async runUsedArtifacts(ref: RunRef, page: PageRequest): Promise<Page<ArtifactVersion>> {
    const data = await this.client.request(Q.RUN_USED_ARTIFACTS, { ...runVars(ref), first: page.first, after: page.after ?? null }, page.signal);
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return pageFromConnection(data.project.run.inputArtifacts, (a, edge) => decodeArtifact(a, edge.usedAs ?? []));
  }

  /** Fetches and parses the version's manifest (from its presigned URL, without the API key). */
  async artifactManifest(artifactId: string, signal?: AbortSignal): Promise<ArtifactManifest> {
    const data = await this.client.request(Q.ARTIFACT_MANIFEST, { id: artifactId }, signal);
    if (!data.artifact) throw notFound('The artifact version was not found (it may have been deleted).');
    const a = data.artifact;
    const pending = notDownloadable({ state: a.state, collection: a.artifactSequence.name, version: `v${a.versionIndex ?? 0}` });
    if (pending) throw new WandbError('badRequest', pending);
    const current = a.currentManifest;
    const key = current && a.state === 'COMMITTED' ? { artifactId, manifestId: current.id, digest: current.digest } : undefined;
    const known = key && this.manifests.get(key);
    if (known) return known;
    const file = current?.file;
    const url = file?.directUrl || file?.url;
    if (!url) throw new WandbError('invalidResponse', 'The server gave no manifest for this artifact version.');
    // The client's timeout covers the response head only; bound the whole body read too, so a
    // stalled storage answer cannot hang the tree or a download plan.
    const bounded = AbortSignal.any([AbortSignal.timeout(MANIFEST_TIMEOUT_MS), ...(signal ? [signal] : [])]);
    let text: string;
    try {
      const res = await this.client.get(url, { signal: bounded, label: 'GET manifest' });
      text = await this.client.readText(res, 'an artifact manifest', this.client.limits.manifestBytes);
    } catch (e) {
      if (bounded.aborted && !signal?.aborted) throw new WandbError('network', 'The artifact manifest did not arrive in time. Try again.', { cause: e });
      throw e;
    }
    let manifest: ArtifactManifest;
    try {
      manifest = decodeManifest(text);
    } catch (e) {
      throw new WandbError('invalidResponse', `The artifact manifest could not be read: ${(e as Error).message}`, { cause: e });
    }
    if (key) this.manifests.set(key, manifest);
    return manifest;
  }

  /** The version's metadata as the server holds it now (free-form JSON object). */
  async artifactMetadata(artifactId: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const data = await this.client.request(Q.ARTIFACT_METADATA, { id: artifactId }, signal);
    if (!data.artifact) throw notFound('The artifact version was not found (it may have been deleted).');
    return decodeJsonObject(data.artifact.metadata);
  }

  /** One page of an artifact's files with fresh download URLs; `names` asks for specific ones. */
  async artifactFiles(artifactId: string, page: PageRequest & { names?: string[] }): Promise<Page<ArtifactFile>> {
    const data = await this.client.request(
      Q.ARTIFACT_FILES,
      { id: artifactId, first: page.first, after: page.after ?? null, names: page.names ?? null },
      page.signal,
    );
    if (!data.artifact) throw notFound('The artifact version was not found (it may have been deleted).');
    return pageFromConnection(data.artifact.files, decodeArtifactFile);
  }

  /** One page of an artifact's files with only their names and presigned URLs (a download's first listing). */
  async artifactFileUrls(artifactId: string, page: PageRequest): Promise<Page<{ name: string; directUrl?: string }>> {
    const data = await this.client.request(Q.ARTIFACT_FILE_URLS, { id: artifactId, first: page.first, after: page.after ?? null }, page.signal);
    if (!data.artifact) throw notFound('The artifact version was not found (it may have been deleted).');
    return pageFromConnection(data.artifact.files, (f) => ({ name: f.name, directUrl: opt(f.directUrl) }));
  }

  /** One page of a project's sweeps (newest first); the first page carries the total. */
  async sweeps(q: ProjectRef, page: PageRequest): Promise<Page<Sweep>> {
    const data = await this.client.request(
      Q.SWEEPS,
      { entity: q.entity, project: q.project, first: page.first, after: page.after ?? null, withCount: page.after === undefined },
      page.signal,
    );
    if (!data.project) throw projectNotFound(q, this.client.host);
    return pageFromConnection(data.project.sweeps, (s) => decodeSweep(s, q.entity, q.project), data.project.totalSweeps);
  }

  /**
   * One page of a sweep's runs. With a metric, ordered best first by it (as the SDK's
   * `Sweep.best_run` orders) and carrying only that summary value in `metrics`.
   */
  async sweepRuns(q: ProjectRef & { sweepId: string; metric?: { name: string; goal: 'maximize' | 'minimize' } }, page: PageRequest): Promise<Page<RunSummary>> {
    const metric = q.metric;
    const data = await this.client.request(
      Q.SWEEP_RUNS,
      {
        entity: q.entity,
        project: q.project,
        sweep: q.sweepId,
        first: page.first,
        after: page.after ?? null,
        order: metric ? sweepOrder(metric) : '-created_at',
        keys: metric ? withTopLevelKeys([metric.name]) : [],
      },
      page.signal,
    );
    if (!data.project) throw projectNotFound(q, this.client.host);
    if (!data.project.sweep) throw notFound(`Sweep ${q.entity}/${q.project}/${q.sweepId} was not found on ${this.client.host}.`);
    return pageFromConnection(
      data.project.sweep.runs,
      (r) => ({ ...decodeRunLight(r, q.entity, q.project), metrics: metric ? pickKeys(decodeJsonObject(r.summaryMetrics), [metric.name]) : {} }),
      data.project.sweep.runCount,
    );
  }

  /**
   * The sweep's best run by its metric, as the SDK's `Sweep.best_run` finds it
   * (`wandb/apis/public/sweeps.py`): one runs request filtered to the sweep, ordered by the
   * metric, one run long; the server orders every run, not a loaded page. Runs without the metric
   * are left out by the filter, so they never come first whatever the server does with missing
   * values. Undefined when no run has the metric yet.
   */
  async sweepBestRun(q: ProjectRef & { sweepId: string; metric: { name: string; goal: SweepGoal } }, signal?: AbortSignal): Promise<RunSummary | undefined> {
    const name = q.metric.name;
    const page = await this.runs(
      {
        entity: q.entity,
        project: q.project,
        filters: { $and: [{ sweep: q.sweepId }, { [`summary_metrics.${name}`]: { $exists: true } }] },
        order: sweepOrder(q.metric),
        metricKeys: [name],
      },
      { first: 1, signal },
    );
    const best = page.items[0];
    return best && typeof best.metrics?.[name] === 'number' && !Number.isNaN(best.metrics[name]) ? best : undefined;
  }

  /**
   * The `metric: {name, goal}` of one sweep's configuration (goal minimize unless it says
   * maximize, as `Sweep.order` reads it); undefined when the sweep names no metric.
   */
  async sweepMetric(q: ProjectRef & { sweepId: string }, signal?: AbortSignal): Promise<{ name: string; goal: SweepGoal } | undefined> {
    const data = await this.client.request(Q.SWEEP_CONFIG, { entity: q.entity, project: q.project, sweepId: q.sweepId }, signal);
    if (!data.project) throw projectNotFound(q, this.client.host);
    if (!data.project.sweep) throw notFound(`Sweep ${q.entity}/${q.project}/${q.sweepId} was not found on ${this.client.host}.`);
    return sweepMetric(data.project.sweep.config);
  }

  /** One page of a collection's versions with only what a tree row shows (no metadata). */
  async artifactVersionRows(q: ArtifactCollectionRef, page: PageRequest): Promise<Page<ArtifactVersion>> {
    const data = await this.client.request(
      Q.ARTIFACT_VERSION_ROWS,
      { entity: q.entity, project: q.project, type: q.type, collection: q.collection, first: page.first, after: page.after ?? null, filters: Q.COMMITTED_ONLY },
      page.signal,
    );
    const coll = this.collectionIn(data, q);
    return pageFromConnection(coll.artifacts, (a, edge) => decodeArtifact({ ...a, metadata: null, commitHash: null }, undefined, memberPath(q, edge.version)));
  }

  /** One page of the artifacts a run logged (`logged`) or used (`used`), as tree rows. */
  async runArtifactRows(ref: RunRef, direction: 'logged' | 'used', page: PageRequest): Promise<Page<ArtifactVersion>> {
    const vars = { ...runVars(ref), first: page.first, after: page.after ?? null };
    const row = (a: Q.RawArtifactRow, usedAs?: string[]) => decodeArtifact({ ...a, metadata: null, commitHash: null }, usedAs);
    if (direction === 'logged') {
      const data = await this.client.request(Q.RUN_LOGGED_ARTIFACT_ROWS, vars, page.signal);
      return pageFromConnection(this.runOf(data, ref).outputArtifacts, (a) => row(a));
    }
    const data = await this.client.request(Q.RUN_USED_ARTIFACT_ROWS, vars, page.signal);
    return pageFromConnection(this.runOf(data, ref).inputArtifacts, (a, edge) => row(a, edge.usedAs ?? []));
  }

  /**
   * One page of a project's reports (title, author, dates; no report body); with `name`, only the
   * reports of that name, as the SDK's `Api.reports(path, name)` asks (`viewName`).
   */
  async reports(q: ProjectRef & { name?: string }, page: PageRequest): Promise<Page<Report>> {
    const data = await this.client.request(
      Q.REPORTS,
      { entity: q.entity, project: q.project, first: page.first, after: page.after ?? null, viewName: q.name?.trim() || null },
      page.signal,
    );
    if (!data.project) throw projectNotFound(q, this.client.host);
    return pageFromConnection(data.project.allViews, (r) => decodeReport(r, q.entity, q.project));
  }

  /** The run of a `project { run }` answer; `notFound` when the project or the run is missing. */
  private runOf<R>(data: { project: { run: R | null } | null }, ref: RunRef): R {
    if (!data.project) throw projectNotFound(ref, this.client.host);
    if (!data.project.run) throw runNotFound(ref, this.client.host);
    return data.project.run;
  }
}

/** The `filters` argument: the filter object as JSON, or null for none. */
export function filtersArg(filters: Record<string, unknown> | undefined): string | null {
  return filters && Object.keys(filters).length > 0 ? JSON.stringify(filters) : null;
}

/** The summary values of `keys`, a dot path read through nested dicts (`eval.acc`). */
function pickKeys(summary: Record<string, WandbValue>, keys: string[]): Record<string, WandbValue> {
  const out = emptyRecord<WandbValue>();
  for (const k of keys) {
    const v = valueAtPath(summary, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function runVars(ref: RunRef) {
  return { entity: ref.entity, project: ref.project, runId: ref.runId };
}

function notFound(message: string): WandbError {
  return new WandbError('notFound', message);
}

/** A member of the listed collection, named by the edge's `version` (the SDK's `Artifacts._convert`). */
function memberPath(q: ArtifactCollectionRef, version: string | null | undefined): ArtifactPath | undefined {
  return version ? { entity: q.entity, project: q.project, collection: q.collection, version } : undefined;
}
