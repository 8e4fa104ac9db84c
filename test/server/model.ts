/**
 * The dev server's in-memory data: entities, projects, runs, files, artifacts, sweeps, reports.
 * Demo data and fixture directories both build a Store through these types; resolvers only read
 * (and the mutations edit) a Store.
 */
import { createHash } from 'node:crypto';
import type { Blob } from './blob.js';
import { b64 } from './wbjson.js';

export type Row = Record<string, unknown>;

/** A run's metric history. Rows are produced on demand so huge histories cost no memory. */
export interface HistorySource {
  /** Number of rows now (may grow with time for live runs). */
  length(): number;
  /** Row i (0-based, ascending by `_step`). */
  row(i: number): Row;
  /** First index whose `_step` >= step (binary search is fine; rows are ascending). */
  indexOfStep?(step: number): number;
  /** `historyKeys` without scanning every row (generated histories know their keys). */
  keyInfo?(): { lastStep: number; keys: Record<string, { typeCounts: TypeCount[] }> };
}

/**
 * How often a key was logged with one value type. A dict counts as type `map`, with `keys`
 * holding each nested key's own counts (the weave `run_history` ops read `keys`; see
 * docs/wandb/API-FACTS.md, historyKeys).
 */
export interface TypeCount {
  type: string;
  count: number;
  keys?: Record<string, TypeCount[]>;
}

export function arrayHistory(rows: Row[]): HistorySource {
  return { length: () => rows.length, row: (i) => rows[i]! };
}

export interface UserRec {
  id: string;
  username: string;
  name: string;
  email: string;
  /** Default entity name (the user's own entity). */
  entity: string;
  teams: string[];
  createdAt: number;
}

/**
 * An organization: its own entity (`orgEntity`, where its W&B Registry projects live), its
 * members (usernames) and its team entities.
 */
export interface OrgRec {
  id: string;
  name: string;
  orgEntity: string;
  members: string[];
  teams: string[];
}

export interface EntityRec {
  id: string;
  name: string;
  isTeam: boolean;
  createdAt: number;
  members: string[];
}

/**
 * One streamed console line (`Run.logLines`): the SDK's core sends stdout/stderr to the service
 * as the run goes (`core/internal/runconsolelogs/filestreamwriter.go`), long before `output.log`
 * is uploaded at the end (`outputfilewriter.go`).
 */
export interface LogLineRec {
  /** Position in the run's console log, from 0. */
  number: number;
  line: string;
  /** `error` for stderr, '' otherwise. */
  level: string;
  /** Milliseconds. */
  timestamp: number;
}

export interface RunFileRec {
  id: string;
  name: string;
  blob: Blob;
  updatedAt: number;
}

export interface RunRec {
  id: string;
  name: string;
  displayName: string;
  state: string;
  createdAt: number;
  heartbeatAt: number;
  updatedAt: number;
  username: string;
  tags: string[];
  group: string | null;
  jobType: string | null;
  notes: string | null;
  description: string | null;
  sweepName: string | null;
  host: string | null;
  commit: string | null;
  exitcode: number | null;
  /** Stored form: `{key: {value, desc}}`. */
  config: Record<string, unknown>;
  summary: Record<string, unknown>;
  systemMetrics: Record<string, unknown>;
  history: HistorySource;
  events: HistorySource;
  /** Lazily built list of files; uploads are added to it. */
  files: () => RunFileRec[];
  /** The console lines streamed so far (none for runs synced from an offline folder). */
  logLines: () => LogLineRec[];
  project: ProjectRec;
  outputArtifacts: ArtifactRec[];
  inputArtifacts: { artifact: ArtifactRec; usedAs: string[] }[];
  stopRequested: boolean;
}

export interface ArtifactTypeRec {
  id: string;
  name: string;
  description: string | null;
  createdAt: number;
  project: ProjectRec;
}

export interface CollectionRec {
  id: string;
  name: string;
  /**
   * `sequence`: the versions logged to it (`ArtifactSequence`). `portfolio`: links to versions of
   * other collections (`ArtifactPortfolio`: `link_artifact`, the legacy model registry); its
   * `versions` are the linked versions in link order, so a member's index is its own `vN`.
   */
  kind: 'sequence' | 'portfolio';
  type: ArtifactTypeRec;
  description: string | null;
  createdAt: number;
  updatedAt: number | null;
  project: ProjectRec;
  /** Versions by their index in this collection (deleted ones are marked, not removed). */
  versions: ArtifactRec[];
  /** Custom aliases (including `latest`) → version. */
  aliases: Map<string, ArtifactRec>;
}

export interface ManifestEntry {
  path: string;
  size: number;
  /** Stored file content (absent for references). */
  blob?: Blob;
  /** Reference URI (s3://...). */
  ref?: string;
  /** Digest for references (an ETag); stored files use base64 md5 of the blob. */
  refDigest?: string;
  /** The stored entry a `wandb-artifact://` reference names: its digest is the reference's. */
  refTo?: ManifestEntry;
  extra?: Record<string, unknown>;
  birthArtifactID: string;
  fileId: string;
}

export interface ArtifactRec {
  id: string;
  collection: CollectionRec;
  versionIndex: number;
  description: string | null;
  metadata: Record<string, unknown>;
  state: 'COMMITTED' | 'PENDING' | 'DELETED';
  createdAt: number;
  updatedAt: number | null;
  entries: ManifestEntry[];
  createdBy: RunRec | null;
  usedBy: RunRec[];
  commitHash: string;
  manifestFileId: string;
  cachedManifest?: Buffer;
  /** Portfolios this version is linked into (besides its own sequence, `collection`). */
  linkedIn: CollectionRec[];
}

export interface SweepRec {
  id: string;
  name: string;
  displayName: string;
  method: string;
  state: string;
  config: string;
  createdAt: number;
  heartbeatAt: number;
  bestLoss: number | null;
  project: ProjectRec;
  username: string;
  runs: () => RunRec[];
}

export interface ViewRec {
  id: string;
  name: string;
  displayName: string;
  description: string;
  type: string;
  spec: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  username: string;
  project: ProjectRec;
}

export interface ProjectRec {
  id: string;
  name: string;
  entity: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
  username: string;
  access: string;
  runs: RunRec[];
  runsByName: Map<string, RunRec>;
  artifactTypes: Map<string, ArtifactTypeRec>;
  collections: Map<string, CollectionRec>;
  sweeps: Map<string, SweepRec>;
  views: ViewRec[];
}

let idCounter = 1000;
export function nextNumericId(): number {
  return ++idCounter;
}

export class Store {
  viewer!: UserRec;
  users = new Map<string, UserRec>();
  entities = new Map<string, EntityRec>();
  organizations = new Map<string, OrgRec>();
  projects = new Map<string, ProjectRec>();
  runsById = new Map<string, RunRec>();
  artifactsById = new Map<string, ArtifactRec>();
  collectionsById = new Map<string, CollectionRec>();
  filesById = new Map<string, { run?: RunRec; artifact?: ArtifactRec; entry?: ManifestEntry; manifestOf?: ArtifactRec }>();

  addUser(u: Omit<UserRec, 'id'> & { id?: string }): UserRec {
    const rec: UserRec = { ...u, id: u.id ?? b64(`User:${nextNumericId()}`) };
    this.users.set(rec.username, rec);
    if (!this.entities.has(rec.entity)) {
      this.addEntity({ name: rec.entity, isTeam: false, createdAt: rec.createdAt, members: [rec.username] });
    }
    return rec;
  }

  addEntity(e: Omit<EntityRec, 'id'>): EntityRec {
    const rec: EntityRec = { ...e, id: b64(`Entity:${nextNumericId()}`) };
    this.entities.set(rec.name, rec);
    return rec;
  }

  /** An organization with its own entity (a team entity named `orgEntity`). */
  addOrganization(o: Omit<OrgRec, 'id'>, createdAt: number): OrgRec {
    const rec: OrgRec = { ...o, id: b64(`Organization:${nextNumericId()}`) };
    this.organizations.set(rec.name, rec);
    if (!this.entities.has(rec.orgEntity)) this.addEntity({ name: rec.orgEntity, isTeam: true, createdAt, members: [...rec.members] });
    return rec;
  }

  /** The organization a team entity (or an org's own entity) belongs to. */
  organizationOf(entity: string): OrgRec | undefined {
    for (const o of this.organizations.values()) if (o.orgEntity === entity || o.teams.includes(entity)) return o;
    return undefined;
  }

  addProject(p: { name: string; entity: string; description?: string | null; createdAt: number; username: string; access?: string }): ProjectRec {
    if (!this.entities.has(p.entity)) {
      this.addEntity({ name: p.entity, isTeam: true, createdAt: p.createdAt, members: [p.username] });
    }
    const rec: ProjectRec = {
      id: b64(`Project:v1:${p.name}:${p.entity}`),
      name: p.name,
      entity: p.entity,
      description: p.description ?? null,
      createdAt: p.createdAt,
      updatedAt: p.createdAt,
      username: p.username,
      access: p.access ?? 'PRIVATE',
      runs: [],
      runsByName: new Map(),
      artifactTypes: new Map(),
      collections: new Map(),
      sweeps: new Map(),
      views: [],
    };
    this.projects.set(`${p.entity}/${p.name}`, rec);
    return rec;
  }

  /**
   * May the viewer change this project's runs and artifacts? As on W&B: only members of the
   * owning entity may; anyone else sees a public project read-only.
   */
  canWrite(project: ProjectRec): boolean {
    return this.entities.get(project.entity)?.members.includes(this.viewer.username) ?? false;
  }

  project(entity: string | null | undefined, name: string | null | undefined): ProjectRec | null {
    if (!name) return null;
    const ent = entity || this.viewer.entity;
    return this.projects.get(`${ent}/${name}`) ?? null;
  }

  addRun(project: ProjectRec, r: Partial<RunRec> & { name: string; createdAt: number; username: string }): RunRec {
    const rec: RunRec = {
      id: b64(`Run:v1:${r.name}:${project.name}:${project.entity}`),
      displayName: r.name,
      state: 'finished',
      heartbeatAt: r.createdAt,
      updatedAt: r.createdAt,
      tags: [],
      group: null,
      jobType: null,
      notes: null,
      description: null,
      sweepName: null,
      host: null,
      commit: null,
      exitcode: null,
      config: {},
      summary: {},
      systemMetrics: {},
      history: arrayHistory([]),
      events: arrayHistory([]),
      files: () => [],
      logLines: () => [],
      outputArtifacts: [],
      inputArtifacts: [],
      stopRequested: false,
      ...r,
      project,
    };
    project.runs.push(rec);
    project.runsByName.set(rec.name, rec);
    this.runsById.set(rec.id, rec);
    return rec;
  }

  /** Wrap a lazily built file list so each file gets a stable id and can be found by id. */
  runFiles(run: RunRec, make: () => { name: string; blob: Blob; updatedAt?: number }[]): () => RunFileRec[] {
    let cache: RunFileRec[] | undefined;
    return () => {
      if (!cache) {
        cache = make().map((f) => this.newRunFile(run, f.name, f.blob, f.updatedAt ?? run.heartbeatAt));
        cache.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }
      return cache;
    };
  }

  newRunFile(run: RunRec, name: string, blob: Blob, updatedAt: number): RunFileRec {
    const id = b64(`File:${nextNumericId()}`);
    this.filesById.set(id, { run });
    return { id, name, blob, updatedAt };
  }

  addArtifactType(project: ProjectRec, name: string, createdAt: number, description: string | null = null): ArtifactTypeRec {
    let t = project.artifactTypes.get(name);
    if (!t) {
      t = { id: b64(`ArtifactType:${nextNumericId()}`), name, description, createdAt, project };
      project.artifactTypes.set(name, t);
    }
    return t;
  }

  addCollection(project: ProjectRec, type: string, name: string, createdAt: number, description: string | null = null, kind: CollectionRec['kind'] = 'sequence'): CollectionRec {
    const t = this.addArtifactType(project, type, createdAt);
    const rec: CollectionRec = {
      id: b64(`ArtifactCollection:${nextNumericId()}`),
      name,
      kind,
      type: t,
      description,
      createdAt,
      updatedAt: createdAt,
      project,
      versions: [],
      aliases: new Map(),
    };
    project.collections.set(name, rec);
    this.collectionsById.set(rec.id, rec);
    return rec;
  }

  /**
   * Add a version to a collection. `files` are stored entries (path → blob) and `refs` reference
   * entries. The new version takes the `latest` alias plus any given aliases (moved from older
   * versions, as W&B does).
   */
  addArtifactVersion(
    coll: CollectionRec,
    v: {
      createdAt: number;
      description?: string | null;
      metadata?: Record<string, unknown>;
      aliases?: string[];
      files?: { path: string; blob: Blob; birthArtifactID?: string }[];
      refs?: { path: string; ref: string; size: number; etag: string; versionID?: string }[];
      /**
       * `wandb-artifact://` references to another version's entries, written as the SDK's
       * `WBArtifactHandler.store_path` writes them: size 0, the target entry's digest, no extra.
       */
      artifactRefs?: { path: string; artifact: ArtifactRec; entryPath: string }[];
      createdBy?: RunRec | null;
      /** `PENDING`: logged but not committed (no manifest yet); takes no alias, not `latest`. */
      state?: 'PENDING';
    },
  ): ArtifactRec {
    const id = b64(`Artifact:${nextNumericId()}`);
    const entries: ManifestEntry[] = [];
    for (const f of v.files ?? []) {
      entries.push({ path: f.path, size: f.blob.size, blob: f.blob, birthArtifactID: f.birthArtifactID ?? id, fileId: b64(`File:${nextNumericId()}`) });
    }
    for (const r of v.refs ?? []) {
      entries.push({
        path: r.path,
        size: r.size,
        ref: r.ref,
        refDigest: r.etag,
        extra: { etag: r.etag, ...(r.versionID ? { versionID: r.versionID } : {}) },
        birthArtifactID: id,
        fileId: b64(`File:${nextNumericId()}`),
      });
    }
    for (const r of v.artifactRefs ?? []) {
      const target = r.artifact.entries.find((e) => e.path === r.entryPath);
      if (!target) throw new Error(`${r.entryPath} is not in the referenced version`);
      const hexId = Buffer.from(r.artifact.id, 'base64').toString('hex');
      entries.push({ path: r.path, size: 0, ref: `wandb-artifact://${hexId}/${r.entryPath}`, refTo: target, birthArtifactID: id, fileId: b64(`File:${nextNumericId()}`) });
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const rec: ArtifactRec = {
      id,
      collection: coll,
      versionIndex: coll.versions.length,
      description: v.description ?? null,
      metadata: v.metadata ?? {},
      state: v.state ?? 'COMMITTED',
      createdAt: v.createdAt,
      updatedAt: v.createdAt,
      entries,
      createdBy: v.createdBy ?? null,
      usedBy: [],
      commitHash: createHash('sha1').update(id).digest('hex').slice(0, 20),
      manifestFileId: b64(`File:${nextNumericId()}`),
      linkedIn: [],
    };
    coll.versions.push(rec);
    coll.updatedAt = v.createdAt;
    if (rec.state === 'COMMITTED') for (const a of ['latest', ...(v.aliases ?? [])]) coll.aliases.set(a, rec);
    this.artifactsById.set(id, rec);
    for (const e of entries) this.filesById.set(e.fileId, { artifact: rec, entry: e });
    this.filesById.set(rec.manifestFileId, { manifestOf: rec });
    if (rec.createdBy) rec.createdBy.outputArtifacts.push(rec);
    return rec;
  }

  /**
   * Link a version into a portfolio (`Artifact.link`): it becomes the portfolio's next `vN` and
   * takes `latest` there plus the given aliases, which belong to the portfolio only.
   */
  linkArtifact(portfolio: CollectionRec, art: ArtifactRec, aliases: string[] = [], at = art.createdAt): void {
    if (portfolio.kind !== 'portfolio') throw new Error(`${portfolio.name} is not a portfolio`);
    portfolio.versions.push(art);
    portfolio.updatedAt = at;
    for (const a of ['latest', ...aliases]) portfolio.aliases.set(a, art);
    art.linkedIn.push(portfolio);
  }

  /** The collections a version belongs to: its own sequence first, then the portfolios. */
  membershipsOf(art: ArtifactRec): CollectionRec[] {
    return [art.collection, ...art.linkedIn];
  }

  /** The version's index in a collection it belongs to (its own `versionIndex` in its sequence). */
  indexIn(coll: CollectionRec, art: ArtifactRec): number {
    return coll.kind === 'sequence' ? art.versionIndex : coll.versions.indexOf(art);
  }

  useArtifact(run: RunRec, art: ArtifactRec, usedAs: string[] = []): void {
    run.inputArtifacts.push({ artifact: art, usedAs });
    art.usedBy.push(run);
  }

  /** Custom aliases of an artifact in a collection (default its own; `latest` included, `vN` not). */
  aliasesOf(art: ArtifactRec, coll: CollectionRec = art.collection): string[] {
    const out: string[] = [];
    for (const [alias, a] of coll.aliases) if (a === art) out.push(alias);
    return out;
  }

  /** Resolve `alias`, `vN` or a digest/commit hash within a collection. */
  resolveVersion(coll: CollectionRec, alias: string): ArtifactRec | null {
    const byAlias = coll.aliases.get(alias);
    if (byAlias && byAlias.state !== 'DELETED') return byAlias;
    const m = /^v(\d+)$/.exec(alias);
    if (m) {
      const a = coll.versions[Number(m[1])];
      return a && a.state !== 'DELETED' ? a : null;
    }
    for (const a of coll.versions) if (a.state !== 'DELETED' && a.commitHash === alias) return a;
    return null;
  }
}
