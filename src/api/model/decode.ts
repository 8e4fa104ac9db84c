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
import type { ArtifactFile, ArtifactManifest, ArtifactPath, ArtifactVersion, ManifestEntry } from './artifacts';
import { parseWandbJson } from './json';
import type { RawViewer } from '../queries/viewer';
import type { RawProject } from '../queries/projects';
import type { RawRunDetail, RawRunLight } from '../queries/runs';
import type { RawFile, RawFileRow } from '../queries/files';
import type { RawArtifact, RawArtifactFile } from '../queries/artifacts';

/** A string field W&B may send as null or empty, as undefined then. */
export const opt = (s: string | null | undefined): string | undefined => (s === null || s === undefined || s === '' ? undefined : s);

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

/** An alias as listings ask it: with the name, entity and project of its collection. */
type RawAlias = { alias: string; artifactCollection?: { name: string; project?: { name: string; entityName: string } | null } | null };

/**
 * The aliases (other than `vN`) a version has in the collection at `path`. `Artifact.aliases`
 * spans every collection the version belongs to; as the SDK does (`Artifact._assign_attrs`),
 * keep those whose collection name, entity and project all match.
 */
export function aliasesIn(aliases: readonly RawAlias[], path: Pick<ArtifactPath, 'entity' | 'project' | 'collection'>): string[] {
  return aliases
    .filter((al) => {
      const c = al.artifactCollection;
      return c?.name === path.collection && c.project?.name === path.project && c.project.entityName === path.entity && !/^v\d+$/.test(al.alias);
    })
    .map((al) => al.alias);
}

/**
 * A version from a listing. `path` is where it was listed (a collection's `artifacts` edge: the
 * collection and the edge's `version`, as the SDK's `Artifacts._convert` names it); without it,
 * the version's own sequence and index (`Artifact._from_id`).
 */
export function decodeArtifact(a: RawArtifact, usedAs?: string[], path?: ArtifactPath): ArtifactVersion {
  const source: ArtifactPath = {
    entity: a.artifactSequence.project?.entityName ?? '',
    project: a.artifactSequence.project?.name ?? '',
    collection: a.artifactSequence.name,
    version: `v${a.versionIndex ?? 0}`,
  };
  const at = path ?? source;
  const versionIndex = Number(/^v(\d+)$/.exec(at.version)?.[1] ?? a.versionIndex ?? 0);
  const linked = at.entity !== source.entity || at.project !== source.project || at.collection !== source.collection;
  const aliases = aliasesIn(a.aliases, at);
  let metadata: Record<string, unknown> = {};
  try {
    metadata = decodeJsonObject(a.metadata);
  } catch {
    metadata = {};
  }
  const out: ArtifactVersion = {
    id: a.id,
    entity: at.entity,
    project: at.project,
    collection: at.collection,
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
  if (linked) out.linkedFrom = source;
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
