/**
 * Turns GraphQL response shapes into domain objects. The only place that knows W&B's encodings
 * (JSON strings, Int64 as strings, zone-less dates); nothing above `src/api` parses W&B JSON.
 */
import { parseWandbDate } from './dates';
import { decodeConfig, decodeJsonObject } from './values';
import { decodeHistoryKeys } from './history';
import type { Project, Viewer } from './entities';
import type { RunDetail, RunSummary } from './run';
import type { RunFile } from './files';
import type { ArtifactFile, ArtifactManifest, ArtifactVersion, ManifestEntry } from './artifacts';
import { parseWandbJson } from './json';
import type { RawViewer } from '../queries/viewer';
import type { RawProject } from '../queries/projects';
import type { RawRunDetail, RawRunLight } from '../queries/runs';
import type { RawFile, RawFileRow } from '../queries/files';
import type { RawArtifact, RawArtifactFile } from '../queries/artifacts';

const opt = (s: string | null | undefined): string | undefined => (s === null || s === undefined || s === '' ? undefined : s);

/** Int64 may arrive as a number or a numeric string. */
export function toNumber(v: unknown, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fallback;
}

/** W&B's run state (`RUNNING`, `finished`…, or none) as the lower-case `RunState`. */
export function decodeRunState(state: string | null | undefined): string {
  return (state ?? 'unknown').toLowerCase();
}

export function decodeViewer(v: RawViewer): Viewer {
  const username = v.username ?? v.entity ?? '';
  return {
    id: v.id,
    username,
    defaultEntity: v.entity ?? username,
    name: opt(v.name),
    teams: (v.teams?.edges ?? []).map((e) => e.node?.name).filter((n): n is string => !!n && n !== (v.entity ?? username)),
  };
}

export function decodeProject(p: RawProject): Project {
  return {
    id: p.id,
    name: p.name,
    entity: p.entityName,
    description: opt(p.description),
    createdAt: parseWandbDate(p.createdAt),
    updatedAt: parseWandbDate(p.updatedAt),
    lastActive: parseWandbDate(p.lastActive),
    runCount: typeof p.runCount === 'number' ? p.runCount : undefined,
  };
}

export function decodeRunLight(r: RawRunLight, entity: string, project: string): RunSummary {
  return {
    id: r.id,
    entity,
    project,
    runId: r.name,
    displayName: opt(r.displayName) ?? r.name,
    state: decodeRunState(r.state),
    createdAt: parseWandbDate(r.createdAt),
    heartbeatAt: parseWandbDate(r.heartbeatAt),
    user: opt(r.user?.username) ?? opt(r.user?.name),
    tags: r.tags ?? [],
    group: opt(r.group),
    jobType: opt(r.jobType),
    sweepName: opt(r.sweepName),
    notes: opt(r.notes),
    readOnly: r.readOnly === true ? true : undefined,
  };
}

export function decodeRunDetail(r: RawRunDetail, entity: string, project: string): RunDetail {
  return {
    ...decodeRunLight(r, entity, project),
    config: decodeConfig(r.config),
    summary: decodeJsonObject(r.summaryMetrics),
    systemMetrics: decodeJsonObject(r.systemMetrics),
    historyKeys: decodeHistoryKeys(r.historyKeys),
    historyLineCount: r.historyLineCount ?? undefined,
    host: opt(r.host),
    commit: opt(r.commit),
    description: opt(r.description),
    updatedAt: parseWandbDate(r.updatedAt),
    fileCount: r.fileCount ?? undefined,
    exitCode: typeof r.exitcode === 'number' ? r.exitcode : undefined,
  };
}

/** A run file from a listing with URLs (`RunFiles`) or without them (`RunFileList`). */
export function decodeRunFile(f: RawFileRow & Partial<Pick<RawFile, 'md5' | 'url' | 'directUrl'>>): RunFile {
  return {
    id: f.id,
    name: f.name,
    sizeBytes: toNumber(f.sizeBytes),
    md5: opt(f.md5),
    mimetype: opt(f.mimetype),
    updatedAt: parseWandbDate(f.updatedAt),
    url: opt(f.url),
    directUrl: opt(f.directUrl),
  };
}

export function decodeArtifact(a: RawArtifact, usedAs?: string[]): ArtifactVersion {
  const collection = a.artifactSequence.name;
  const versionIndex = a.versionIndex ?? 0;
  // Aliases may include links from other collections (portfolios); keep this collection's,
  // and leave out the `vN` alias, which the version label already says.
  const aliases = a.aliases
    .filter((al) => al.artifactCollectionName === collection && !/^v\d+$/.test(al.alias))
    .map((al) => al.alias);
  let metadata: Record<string, unknown> = {};
  try {
    metadata = decodeJsonObject(a.metadata);
  } catch {
    metadata = {};
  }
  const out: ArtifactVersion = {
    id: a.id,
    entity: a.artifactSequence.project?.entityName ?? '',
    project: a.artifactSequence.project?.name ?? '',
    collection,
    type: a.artifactType.name,
    versionIndex,
    version: `v${versionIndex}`,
    aliases,
    description: opt(a.description),
    metadata,
    state: a.state,
    size: toNumber(a.size),
    fileCount: toNumber(a.fileCount),
    digest: a.digest,
    commitHash: opt(a.commitHash),
    createdAt: parseWandbDate(a.createdAt),
    updatedAt: parseWandbDate(a.updatedAt),
  };
  if (usedAs) out.usedAs = usedAs;
  return out;
}

export function decodeArtifactFile(f: RawArtifactFile): ArtifactFile {
  return {
    id: f.id,
    name: f.name,
    sizeBytes: toNumber(f.sizeBytes),
    md5: opt(f.md5),
    digest: opt(f.digest),
    url: opt(f.url),
    directUrl: opt(f.directUrl),
  };
}

/** Parses `wandb_manifest.json` (version 1). Throws on anything else: we cannot verify it. */
export function decodeManifest(text: string): ArtifactManifest {
  const raw = parseWandbJson(text) as {
    version?: unknown;
    storagePolicy?: unknown;
    storagePolicyConfig?: { storageLayout?: unknown } | null;
    contents?: Record<string, { digest?: unknown; size?: unknown; ref?: unknown; birthArtifactID?: unknown }>;
  };
  if (!raw || typeof raw !== 'object' || raw.version !== 1 || !raw.contents || typeof raw.contents !== 'object') {
    throw new Error('Not a W&B artifact manifest (version 1).');
  }
  const entries: ManifestEntry[] = [];
  for (const [path, e] of Object.entries(raw.contents)) {
    const entry: ManifestEntry = { path, digest: typeof e.digest === 'string' ? e.digest : '', size: toNumber(e.size) };
    if (typeof e.ref === 'string') entry.ref = e.ref;
    if (typeof e.birthArtifactID === 'string') entry.birthArtifactId = e.birthArtifactID;
    entries.push(entry);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    version: 1,
    storagePolicy: typeof raw.storagePolicy === 'string' ? raw.storagePolicy : 'wandb-storage-policy-v1',
    storageLayout: typeof raw.storagePolicyConfig?.storageLayout === 'string' ? raw.storagePolicyConfig.storageLayout : 'V1',
    entries,
  };
}
