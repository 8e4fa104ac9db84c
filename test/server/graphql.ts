/**
 * GraphQL: the W&B schema (read from schema/wandb.graphql at run time), validation
 * with graphql-js, and resolvers over a Store.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type SelectionSetNode,
} from 'graphql';
import type { Clock } from './clock.js';
import { artifactDigest, artifactSize, entryDigest, manifestBytes } from './artifacts.js';
import { compileFilters, FilterError, sortRuns } from './filters.js';
import { isLive, uploadOutputLog } from './console-log.js';
import { pathCounts } from './path-counts.js';
import { wrapConfigValues } from './run-config.js';
import { historyKeys, parseSpec, rowsInRange, sampledHistory, strideIndices } from './history.js';
import type { ArtifactRec, CollectionRec, ManifestEntry, OrgRec, ProjectRec, RunFileRec, RunRec, Store, SweepRec, UserRec, ViewRec } from './model.js';
import { b64, cursorFor, offsetFromCursor, wbDate, wbParse, wbStringify } from './wbjson.js';

export const SCHEMA_URL = new URL('../../schema/wandb.graphql', import.meta.url);

let cachedSchema: GraphQLSchema | undefined;
export function loadSchema(): GraphQLSchema {
  if (!cachedSchema) {
    const schema = buildSchema(readFileSync(fileURLToPath(SCHEMA_URL), 'utf8'));
    checkResolvers(schema);
    cachedSchema = schema;
  }
  return cachedSchema;
}

/** URLs the resolvers hand out; implemented by the HTTP layer. */
export interface Links {
  runFileUrl(run: RunRec, name: string): string;
  runFileDirectUrl(file: RunFileRec): string;
  uploadUrl(run: RunRec, name: string): string;
  artifactFileUrl(art: ArtifactRec, entry: ManifestEntry): Promise<string>;
  artifactFileDirectUrl(entry: ManifestEntry): string;
  manifestUrl(art: ArtifactRec): string;
  manifestDirectUrl(art: ArtifactRec): string;
}

export interface Ctx {
  store: Store;
  links: Links;
  /** HTTP status for answers that carry GraphQL `errors` (default 200, as W&B). */
  errorStatus?: number;
  /** The server's clock: edits stamp `updatedAt` with it. */
  clock: Clock;
}

/** A file that does not exist yet but was asked for with `url(upload: true)`. */
interface PendingFile {
  pending: true;
  run: RunRec;
  name: string;
}

/**
 * The headers an upload PUT must carry, announced as an Azure-backed W&B server does (Azure Blob
 * storage refuses a Put Blob without `x-ms-blob-type`). They are announced on the file
 * connection, the level the SDK reads (`files { uploadHeaders }` in
 * `InternalApi.legacy_upload_urls`; `createRunFiles { uploadHeaders }` in `upload_urls`), not on
 * each file; the storage origin refuses a PUT without them.
 */
export const UPLOAD_HEADERS = ['Content-Type:application/octet-stream', 'x-ms-blob-type:BlockBlob'];

// ---------------------------------------------------------------------------------------------
// Relay connections

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

function page<T>(items: T[], args: PageArgs, edge?: (item: T) => Record<string, unknown>): any {
  let start = 0;
  if (args.after) start = offsetFromCursor(args.after) + 1;
  let end = items.length;
  if (args.before) end = Math.min(end, offsetFromCursor(args.before));
  if (args.first !== null && args.first !== undefined) {
    if (args.first < 0) throw new GraphQLError('first must be a non-negative integer');
    end = Math.min(end, start + args.first);
  }
  if (args.last !== null && args.last !== undefined) {
    if (args.last < 0) throw new GraphQLError('last must be a non-negative integer');
    start = Math.max(start, end - args.last);
  }
  start = Math.min(start, items.length);
  end = Math.max(start, end);
  const edges = items.slice(start, end).map((node, i) => ({ node, cursor: cursorFor(start + i), ...(edge ? edge(node) : {}) }));
  return {
    edges,
    totalCount: items.length,
    pageInfo: {
      startCursor: edges.length ? edges[0]!.cursor : null,
      endCursor: edges.length ? edges[edges.length - 1]!.cursor : null,
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// helpers

function numericId(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return String((h % 900000) + 100000);
}

function pickKeys(obj: Record<string, unknown>, keys: string[] | null | undefined): Record<string, unknown> {
  if (!keys) return obj;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in obj) out[k] = obj[k];
  return out;
}

function userOf(ctx: Ctx, username: string): UserRec {
  return (
    ctx.store.users.get(username) ?? {
      id: b64(`User:${numericId(username)}`),
      username,
      name: username,
      email: `${username}@example.com`,
      entity: username,
      teams: [],
      createdAt: 0,
    }
  );
}

/** A type's collections: sequences and, unless `sequencesOnly`, portfolios (as W&B lists them). */
function liveCollections(p: ProjectRec, type?: string, sequencesOnly = false): CollectionRec[] {
  return [...p.collections.values()]
    .filter((c) => (!type || c.type.name === type) && (!sequencesOnly || c.kind === 'sequence') && c.versions.some((v) => v.state !== 'DELETED'))
    .sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? -1 : 1));
}

function artifactByName(ctx: Ctx, p: ProjectRec, name: string, type?: string): ArtifactRec | null {
  const idx = name.lastIndexOf(':');
  const collName = idx >= 0 ? name.slice(0, idx) : name;
  const alias = idx >= 0 ? name.slice(idx + 1) : 'latest';
  const coll = p.collections.get(collName);
  if (!coll || (type && coll.type.name !== type)) return null;
  return ctx.store.resolveVersion(coll, alias);
}

function requireArtifact(ctx: Ctx, id: string): ArtifactRec {
  const a = ctx.store.artifactsById.get(id);
  if (!a || a.state === 'DELETED') throw new GraphQLError(`artifact not found: ${id}`);
  requireWrite(ctx, a.collection.project);
  return a;
}

/**
 * A write the viewer may not make. W&B answers these with HTTP 403 and the body
 * `{"errors":[{"message":"permission denied",...}]}` (the SDK shows it as
 * "permission denied (<Response [403]>)"); `runGraphql` turns this error into that status.
 */
export class PermissionDenied extends GraphQLError {
  constructor() {
    super('permission denied');
  }
}

function requireWrite(ctx: Ctx, project: ProjectRec): void {
  if (!ctx.store.canWrite(project)) throw new PermissionDenied();
}

function liveVersions(c: CollectionRec): ArtifactRec[] {
  return c.versions.filter((v) => v.state !== 'DELETED');
}

/**
 * A collection's `artifacts(filters:)`: the JSON object's `state` (a value or `{"$in": [...]}`)
 * is what the SDK sends (`{"state": "COMMITTED"}` by default); other keys are refused, so a
 * client that sends one learns it here rather than from a silently ignored filter.
 */
function filterVersions(versions: ArtifactRec[], filters: string | null | undefined): ArtifactRec[] {
  if (!filters) return versions;
  let f: unknown;
  try {
    f = JSON.parse(filters);
  } catch {
    throw new GraphQLError('filters must be a JSON object');
  }
  if (!f || typeof f !== 'object' || Array.isArray(f)) throw new GraphQLError('filters must be a JSON object');
  const keys = Object.keys(f);
  const other = keys.find((k) => k !== 'state');
  if (other) throw new GraphQLError(`unsupported artifact filter "${other}" (the dev server knows "state")`);
  const want = (f as { state?: unknown }).state;
  if (want === undefined) return versions;
  const states = typeof want === 'string' ? [want] : Array.isArray((want as { $in?: unknown }).$in) ? ((want as { $in: unknown[] }).$in as unknown[]) : undefined;
  if (!states) throw new GraphQLError('filter "state" must be a string or {"$in": [...]}');
  return versions.filter((v) => states.includes(v.state));
}

/** Does the selection under this field ask for `url(upload: true)` or `uploadHeaders`? */
function asksForUpload(info: GraphQLResolveInfo): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === 'uploadHeaders') return true;
        if (sel.name.value === 'url') {
          const arg = sel.arguments?.find((a) => a.name.value === 'upload');
          if (arg) {
            if (arg.value.kind === Kind.BOOLEAN && arg.value.value) return true;
            if (arg.value.kind === Kind.VARIABLE && info.variableValues[arg.value.name.value] === true) return true;
          }
        }
        if (visit(sel.selectionSet)) return true;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (visit(sel.selectionSet)) return true;
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = info.fragments[sel.name.value];
        if (frag && visit(frag.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((n: FieldNode) => visit(n.selectionSet));
}

/** SQL LIKE (`%`, `_`) to a RegExp. */
function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

function runsOf(p: ProjectRec, filters: string | null | undefined, order: string | null | undefined): RunRec[] {
  try {
    const pred = compileFilters(filters);
    return sortRuns(p.runs.filter(pred), order);
  } catch (e) {
    if (e instanceof FilterError) throw new GraphQLError(e.message);
    throw e;
  }
}

function parseJsonArg(text: string | null | undefined, what: string): Record<string, unknown> | undefined {
  if (text === null || text === undefined) return undefined;
  let v: unknown;
  try {
    v = wbParse(text);
  } catch {
    throw new GraphQLError(`invalid ${what}: not valid JSON`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new GraphQLError(`invalid ${what}: expected a JSON object`);
  return v as Record<string, unknown>;
}

const RESERVED_ALIAS = /^(v\d+)$/;
const BAD_ALIAS = /[/:]/;

function checkAlias(alias: string): void {
  if (RESERVED_ALIAS.test(alias)) throw new GraphQLError(`alias "${alias}" is reserved for version indices`);
  if (!alias || BAD_ALIAS.test(alias)) throw new GraphQLError(`invalid alias "${alias}": aliases cannot be empty or contain "/" or ":"`);
}

/** After a version is deleted or loses `latest`, point `latest` at the newest live version. */
function repointLatest(c: CollectionRec): void {
  const cur = c.aliases.get('latest');
  if (cur && cur.state !== 'DELETED') return;
  c.aliases.delete('latest');
  const live = liveVersions(c).filter((v) => v.state === 'COMMITTED');
  if (live.length) c.aliases.set('latest', live[live.length - 1]!);
}

/** One alias object per alias of the version in one collection it belongs to (`vN` included). */
function aliasesIn(ctx: Ctx, a: ArtifactRec, c: CollectionRec): any[] {
  const names = [...ctx.store.aliasesOf(a, c), `v${ctx.store.indexIn(c, a)}`];
  return names.map((alias) => ({
    __typename: 'ArtifactAlias',
    id: b64(`ArtifactAlias:${c.id}:${a.id}:${alias}`),
    alias,
    artifactCollectionName: c.name,
    artifactCollection: c,
    artifact: a,
  }));
}

/**
 * `Artifact.aliases`: the aliases of every collection the version belongs to, its sequence and
 * each portfolio it is linked into, each naming its collection. That is why the SDK keeps only
 * those whose collection name, entity and project match the path it asked by
 * (`Artifact._assign_attrs`).
 */
function aliasObjects(ctx: Ctx, a: ArtifactRec, collectionName?: string | null): any[] {
  return ctx.store
    .membershipsOf(a)
    .filter((c) => !collectionName || c.name === collectionName)
    .flatMap((c) => aliasesIn(ctx, a, c));
}

/** A version as a member of one collection: that collection's index and aliases. */
function membership(ctx: Ctx, a: ArtifactRec, c: CollectionRec = a.collection): any {
  return {
    __typename: 'ArtifactCollectionMembership',
    id: b64(`ArtifactCollectionMembership:${c.id}:${a.id}`),
    artifact: a,
    artifactCollection: c,
    aliases: aliasesIn(ctx, a, c),
    versionIndex: ctx.store.indexIn(c, a),
    commitHash: a.commitHash,
    createdAt: wbDate(a.createdAt),
  };
}

/** The collection of `a` an alias input names (name, entity and project must all match). */
function aliasCollection(ctx: Ctx, a: ArtifactRec, al: { artifactCollectionName: string; entityName?: string; projectName?: string }): CollectionRec {
  const c = ctx.store
    .membershipsOf(a)
    .find((m) => m.name === al.artifactCollectionName && (al.projectName === undefined || m.project.name === al.projectName) && (al.entityName === undefined || m.project.entity === al.entityName));
  if (!c) throw new GraphQLError(`artifact ${a.id} is not in collection ${al.entityName ?? '?'}/${al.projectName ?? '?'}/${al.artifactCollectionName}`);
  return c;
}

function manifestFileNode(a: ArtifactRec): any {
  return { __typename: 'File', manifestOf: a };
}

// ---------------------------------------------------------------------------------------------
// resolvers: `Type.field(source, args, ctx, info)`; anything not listed falls back to the
// source object's property of the same name.

type R = (src: any, args: any, ctx: Ctx, info: GraphQLResolveInfo) => unknown;

const projectsOf = (ctx: Ctx, entityName?: string | null): ProjectRec[] =>
  [...ctx.store.projects.values()]
    .filter((p) => !entityName || p.entity === entityName)
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.name < b.name ? -1 : 1));

const userResolvers: Record<string, R> = {
  id: (u: UserRec) => u.id,
  username: (u: UserRec) => u.username,
  name: (u: UserRec) => u.name,
  email: (u: UserRec) => u.email,
  entity: (u: UserRec) => u.entity,
  admin: () => false,
  createdAt: (u: UserRec) => wbDate(u.createdAt),
  photoUrl: () => null,
  accountType: () => 'USER',
  private: () => false,
  signupRequired: () => false,
  hideTeamsFromPublic: () => false,
  totalRuns: (u: UserRec, _a, ctx) => [...ctx.store.projects.values()].reduce((n, p) => n + p.runs.filter((r) => r.username === u.username).length, 0),
  apiKey: () => null,
  uploadHeaders: () => [],
  photoUploadUrl: () => '',
  emails: () => [],
  organizations: (u: UserRec, _a, ctx) => [...ctx.store.organizations.values()].filter((o) => o.members.includes(u.username)),
  defaultEntity: (u: UserRec, _a, ctx) => ctx.store.entities.get(u.entity) ?? null,
  userEntity: (u: UserRec, _a, ctx) => ctx.store.entities.get(u.entity) ?? null,
  teams: (u: UserRec, args, ctx) =>
    page(
      u.teams.map((t) => ctx.store.entities.get(t)).filter((e) => e !== undefined),
      args,
    ),
  projects: (u: UserRec, args, ctx) => page(projectsOf(ctx, u.entity), args),
  runs: (u: UserRec, args, ctx) =>
    page(
      [...ctx.store.projects.values()].flatMap((p) => p.runs.filter((r) => r.username === u.username)).sort((a, b) => b.createdAt - a.createdAt),
      args,
    ),
};

const resolvers: Record<string, Record<string, R>> = {
  Query: {
    viewer: (_s, _a, ctx) => ctx.store.viewer,
    user: (_s, args, ctx) => (args.userName ? ctx.store.users.get(args.userName) ?? null : ctx.store.viewer),
    entity: (_s, args, ctx) => ctx.store.entities.get(args.name ?? ctx.store.viewer.entity) ?? null,
    models: (_s, args, ctx) => page(projectsOf(ctx, args.entityName), args),
    projects: (_s, args, ctx) => page(projectsOf(ctx, args.entityName), args),
    project: (_s, args, ctx) => ctx.store.project(args.entityName, args.name),
    model: (_s, args, ctx) => ctx.store.project(args.entityName, args.name),
    artifact: (_s, args, ctx) => {
      const a = ctx.store.artifactsById.get(args.id);
      return a && a.state !== 'DELETED' ? a : null;
    },
    artifactCollection: (_s, args, ctx) => ctx.store.collectionsById.get(args.id) ?? null,
    artifactSequence: (_s, args, ctx) => ctx.store.collectionsById.get(args.id) ?? null,
    view: (_s, args, ctx) => {
      for (const p of ctx.store.projects.values()) for (const v of p.views) if (v.id === args.id) return v;
      return null;
    },
    serverInfo: () => ({
      cliVersionInfo: { max_cli_version: '0.25.1', min_cli_version: '0.10.0', yanked_cli_versions: [] },
      latestLocalVersionInfo: { outOfDate: false, latestVersionString: '0.63.0', versionOnThisInstanceString: '0.63.0' },
      frontendHost: '',
      pollingOK: true,
      hasLocalLicense: false,
      isGoogleIap: false,
      licenseFlags: [],
      messageOfTheDay: null,
      availableBucketProviders: [],
      availableCloudRegions: [],
      exposesExplicitRunQueueAckPath: false,
      secureStorageConnectorEnabled: false,
      slackClientID: '',
      userLimitReached: false,
      viewOnlyUserLimitReached: false,
      registeredModelLimitReached: false,
    }),
  },

  User: userResolvers,

  Entity: {
    id: (e) => e.id,
    name: (e) => e.name,
    isTeam: (e) => e.isTeam,
    createdAt: (e) => wbDate(e.createdAt),
    updatedAt: (e) => wbDate(e.createdAt),
    photoUrl: () => null,
    available: () => false,
    readOnly: () => false,
    readOnlyAdmin: () => false,
    privateOnly: () => false,
    codeSavingEnabled: () => true,
    defaultAccess: () => 'PRIVATE',
    memberCount: (e) => e.members.length,
    members: (e, _a, ctx) =>
      e.members.map((m: string) => {
        const u = userOf(ctx, m);
        return { id: u.id, name: u.name, username: u.username, email: u.email, role: 'member', pending: false, photoUrl: null, accountType: 'USER' };
      }),
    projects: (e, args, ctx) => page(projectsOf(ctx, e.name), args),
    user: (e, _a, ctx) => (e.isTeam ? null : [...ctx.store.users.values()].find((u) => u.entity === e.name) ?? null),
    // A team's organization; a personal entity has none (its user lists its organizations).
    organization: (e, _a, ctx) => (e.isTeam ? ctx.store.organizationOf(e.name) ?? null : null),
    runCount: (e, args, ctx) => projectsOf(ctx, e.name).reduce((n, p) => n + runsOf(p, args.filters, null).length, 0),
    storageBytes: () => 0,
    referenceBytes: () => 0,
    uploadHeaders: () => [],
    photoUploadUrl: () => '',
    isPaid: () => false,
  },

  Organization: {
    id: (o: OrgRec) => o.id,
    name: (o: OrgRec) => o.name,
    orgEntity: (o: OrgRec, _a, ctx) => ctx.store.entities.get(o.orgEntity) ?? null,
    orgType: () => 'ORGANIZATION',
    available: () => true,
  },

  Project: {
    id: (p: ProjectRec) => p.id,
    name: (p: ProjectRec) => p.name,
    entityName: (p: ProjectRec) => p.entity,
    entity: (p: ProjectRec, _a, ctx) => ctx.store.entities.get(p.entity) ?? null,
    entityId: () => null,
    description: (p: ProjectRec) => p.description,
    createdAt: (p: ProjectRec) => wbDate(p.createdAt),
    updatedAt: (p: ProjectRec) => wbDate(p.updatedAt),
    lastActive: (p: ProjectRec) => wbDate(p.updatedAt),
    access: (p: ProjectRec) => p.access,
    public: (p: ProjectRec) => p.access !== 'PRIVATE',
    readOnly: (p: ProjectRec, _a, ctx) => !ctx.store.canWrite(p),
    isBenchmark: () => false,
    isPublished: () => false,
    featured: () => 0,
    user: (p: ProjectRec, _a, ctx) => userOf(ctx, p.username),
    runCount: (p: ProjectRec, args) => runsOf(p, args.filters, null).length,
    runActiveCount: (p: ProjectRec, args) => runsOf(p, args.filters, null).filter((r) => r.state === 'running').length,
    totalRuns: (p: ProjectRec) => p.runs.length,
    bucketCount: (p: ProjectRec) => p.runs.length,
    totalSweeps: (p: ProjectRec) => p.sweeps.size,
    totalUsers: (p: ProjectRec) => new Set(p.runs.map((r) => r.username)).size,
    totalRunsWithGroup: (p: ProjectRec) => p.runs.filter((r) => r.group).length,
    totalRunsWithJobType: (p: ProjectRec) => p.runs.filter((r) => r.jobType).length,
    totalRunTime: (p: ProjectRec) => p.runs.reduce((n, r) => n + Math.max(0, r.heartbeatAt - r.createdAt) / 1000, 0),
    computeHours: (p: ProjectRec) => p.runs.reduce((n, r) => n + Math.max(0, r.heartbeatAt - r.createdAt) / 3.6e6, 0),
    storageBytes: () => 0,
    runs: (p: ProjectRec, args) => {
      let runs = runsOf(p, args.filters, args.order);
      if (args.names) runs = runs.filter((r) => args.names.includes(r.name));
      return page(runs, args);
    },
    buckets: (p: ProjectRec, args) => {
      let runs = runsOf(p, null, args.order);
      if (args.names) runs = runs.filter((r) => args.names.includes(r.name));
      return page(runs, args);
    },
    run: (p: ProjectRec, args) => p.runsByName.get(args.name) ?? null,
    bucket: (p: ProjectRec, args) => p.runsByName.get(args.name) ?? null,
    tags: (p: ProjectRec) => {
      const names = new Set<string>();
      for (const r of p.runs) for (const t of r.tags) names.add(t);
      return [...names].sort().map((name, i) => ({ name, colorIndex: i % 20 }));
    },
    artifactTypes: (p: ProjectRec, args) =>
      page(
        [...p.artifactTypes.values()].filter((t) => liveCollections(p, t.name).length > 0),
        args,
      ),
    artifactType: (p: ProjectRec, args) => p.artifactTypes.get(args.name) ?? null,
    artifactCollections: (p: ProjectRec, args) => page(liveCollections(p), args),
    artifactCollection: (p: ProjectRec, args) => {
      const c = p.collections.get(args.name);
      return c && liveVersions(c).length ? c : null;
    },
    artifact: (p: ProjectRec, args, ctx) => artifactByName(ctx, p, args.name),
    sweep: (p: ProjectRec, args) => p.sweeps.get(args.sweepName) ?? null,
    sweeps: (p: ProjectRec, args) => page([...p.sweeps.values()].sort((a, b) => b.createdAt - a.createdAt), args),
    allViews: (p: ProjectRec, args) => {
      let views = p.views;
      if (args.viewType) views = views.filter((v) => v.type === args.viewType);
      if (args.viewName) views = views.filter((v) => v.name === args.viewName);
      if (args.userName) views = views.filter((v) => v.username === args.userName);
      if (args.offset) views = views.slice(args.offset);
      return page(views, args);
    },
    views: () => wbStringify({}),
    summaryMetrics: () => '{}',
    launchAgents: () => [],
    runQueues: () => [],
    triggers: () => [],
    tagCounts: () => [],
    runKeySuggestions: () => [],
    pathCounts: (p: ProjectRec, args) => JSON.stringify(pathCounts(runsOf(p, args.filters, null))),
    runOutputArtifactsCount: (p: ProjectRec) => p.runs.reduce((n, r) => n + r.outputArtifacts.length, 0),
  },

  Run: {
    id: (r: RunRec) => r.id,
    name: (r: RunRec) => r.name,
    displayName: (r: RunRec) => r.displayName,
    state: (r: RunRec) => r.state,
    createdAt: (r: RunRec) => wbDate(r.createdAt),
    heartbeatAt: (r: RunRec) => wbDate(r.heartbeatAt),
    updatedAt: (r: RunRec) => wbDate(r.updatedAt),
    deletedAt: () => null,
    projectId: (r: RunRec) => numericId(r.project.id),
    project: (r: RunRec) => r.project,
    model: (r: RunRec) => r.project,
    user: (r: RunRec, _a, ctx) => userOf(ctx, r.username),
    userId: (r: RunRec) => Number(numericId(r.username)),
    tags: (r: RunRec) => r.tags,
    tagColors: (r: RunRec) => r.tags.map((name, i) => ({ name, colorIndex: i % 20 })),
    group: (r: RunRec) => r.group,
    jobType: (r: RunRec) => r.jobType,
    notes: (r: RunRec) => r.notes,
    description: (r: RunRec) => r.description,
    sweepName: (r: RunRec) => r.sweepName,
    sweep: (r: RunRec) => (r.sweepName ? r.project.sweeps.get(r.sweepName) ?? null : null),
    host: (r: RunRec) => r.host,
    commit: (r: RunRec) => r.commit,
    exitcode: (r: RunRec) => r.exitcode,
    failed: (r: RunRec) => r.state === 'failed' || r.state === 'crashed',
    running: (r: RunRec) => r.state === 'running',
    stopped: (r: RunRec) => r.state === 'killed',
    shouldStop: (r: RunRec) => r.stopRequested,
    readOnly: (r: RunRec, _a, ctx) => !ctx.store.canWrite(r.project),
    pendingUpdates: () => false,
    debug: () => false,
    framework: () => 'torch',
    github: () => null,
    defaultColorIndex: (r: RunRec) => Number(numericId(r.name)) % 20,
    computeSeconds: (r: RunRec) => Math.max(0, Math.round((r.heartbeatAt - r.createdAt) / 1000)),
    storageBytes: (r: RunRec) => r.files().reduce((n, f) => n + f.blob.size, 0),
    config: (r: RunRec, args) => wbStringify(pickKeys(r.config, args.keys)),
    wandbConfig: (r: RunRec) => wbStringify(pickKeys(r.config, ['_wandb'])),
    summaryMetrics: (r: RunRec, args) => wbStringify(pickKeys(r.summary, args.keys)),
    systemMetrics: (r: RunRec) => wbStringify(r.systemMetrics),
    historyKeys: (r: RunRec) => historyKeys(r.history),
    historyLineCount: (r: RunRec) => r.history.length(),
    eventsLineCount: (r: RunRec) => r.events.length(),
    historyTail: (r: RunRec) => {
      const n = r.history.length();
      const rows = [];
      for (let i = Math.max(0, n - 10); i < n; i++) rows.push(wbStringify(r.history.row(i)));
      return JSON.stringify(rows);
    },
    eventsTail: (r: RunRec) => {
      const n = r.events.length();
      const rows = [];
      for (let i = Math.max(0, n - 10); i < n; i++) rows.push(wbStringify(r.events.row(i)));
      return JSON.stringify(rows);
    },
    sampledHistory: (r: RunRec, args) => {
      const specs = (args.specs as string[]).map((s) => {
        try {
          return parseSpec(s);
        } catch (e) {
          throw new GraphQLError((e as Error).message);
        }
      });
      return specs.map((s) => sampledHistory(r.history, s));
    },
    history: (r: RunRec, args) => {
      const rows = rowsInRange(r.history, args.minStep, args.maxStep);
      const samples = args.samples ?? 500;
      if (samples < 0) throw new GraphQLError('samples must be a non-negative integer');
      return strideIndices(rows.length, samples).map((i) => wbStringify(rows[i]));
    },
    events: (r: RunRec, args) => {
      const n = r.events.length();
      const samples = args.samples ?? 500;
      return strideIndices(n, samples).map((i) => wbStringify(r.events.row(i)));
    },
    fileCount: (r: RunRec) => r.files().length,
    files: (r: RunRec, args, ctx, info) => {
      if (args.names && args.pattern) throw new GraphQLError('cannot specify both names and pattern');
      let files: (RunFileRec | PendingFile)[] = r.files();
      if (args.names) {
        const want: string[] = args.names.filter((n: unknown) => typeof n === 'string');
        const byName = new Map(r.files().map((f) => [f.name, f]));
        const upload = asksForUpload(info);
        files = [];
        for (const n of want) {
          const f = byName.get(n);
          if (f) files.push(f);
          else if (upload) {
            requireWrite(ctx, r.project);
            files.push({ pending: true, run: r, name: n });
          }
        }
      } else if (args.pattern) {
        const re = likeToRegExp(args.pattern);
        files = files.filter((f) => re.test(f.name));
      }
      if (args.contentType) files = files.filter((f) => !('blob' in f) || args.contentType.includes(f.blob.mimetype));
      const conn = page(files, args);
      conn.uploadHeaders = UPLOAD_HEADERS;
      conn.__run = r;
      return conn;
    },
    outputArtifacts: (r: RunRec, args) => page(r.outputArtifacts.filter((a) => a.state !== 'DELETED'), args),
    inputArtifacts: (r: RunRec, args) =>
      page(
        r.inputArtifacts.filter((x) => x.artifact.state !== 'DELETED'),
        args,
      ),
    logLines: (r: RunRec, args) =>
      page(r.logLines(), args, (l) => ({
        node: { id: b64(`LogLine:${r.name}:${l.number}`), number: l.number, line: l.line, level: l.level, timestamp: wbDate(l.timestamp) },
      })),
    logLineCount: (r: RunRec) => r.logLines().length,
    groupCounts: () => null,
    runInfo: () => null,
    servicesAvailable: () => null,
    agent: () => null,
    benchmarkRun: () => null,
  },

  InputArtifactEdge: {
    node: (e) => e.node.artifact,
    usedAs: (e) => e.node.usedAs,
  },

  FileConnection: {
    uploadHeaders: (c) => c.uploadHeaders ?? [],
  },

  File: {
    id: (f) => {
      if (f.pending) return b64(`File:pending:${f.run.name}:${f.name}`);
      if (f.manifestOf) return f.manifestOf.manifestFileId;
      if (f.entry) return f.entry.fileId;
      return f.id;
    },
    name: (f) => (f.manifestOf ? 'wandb_manifest.json' : f.entry ? f.entry.path : f.name),
    displayName: (f) => {
      const n: string = f.manifestOf ? 'wandb_manifest.json' : f.entry ? f.entry.path : f.name;
      return n.slice(n.lastIndexOf('/') + 1);
    },
    sizeBytes: async (f) => {
      if (f.pending) return 0;
      if (f.manifestOf) return (await manifestBytes(f.manifestOf)).length;
      if (f.entry) return f.entry.size;
      return f.blob.size;
    },
    mimetype: async (f) => {
      if (f.pending) return null;
      if (f.manifestOf) return 'application/json';
      if (f.entry) return f.entry.blob ? f.entry.blob.mimetype : null;
      return f.blob.mimetype;
    },
    md5: async (f) => {
      if (f.pending) return null;
      if (f.manifestOf) {
        const { createHash } = await import('node:crypto');
        return createHash('md5').update(await manifestBytes(f.manifestOf)).digest('base64');
      }
      if (f.entry) return entryDigest(f.entry);
      return (await f.blob.md5()).toString('base64');
    },
    digest: async (f) => {
      if (f.entry) return entryDigest(f.entry);
      if (f.blob) return (await f.blob.md5()).toString('base64');
      return null;
    },
    updatedAt: (f) => {
      if (f.pending) return null;
      if (f.manifestOf) return wbDate(f.manifestOf.createdAt);
      if (f.entry) return wbDate(f.artifact.createdAt);
      return wbDate(f.updatedAt);
    },
    createdAt: (f) => (f.entry ? wbDate(f.artifact.createdAt) : f.updatedAt !== undefined ? wbDate(f.updatedAt) : null),
    url: async (f, args, ctx) => {
      if (f.pending || args.upload) {
        const run: RunRec = f.run ?? ctx.store.filesById.get(f.id)?.run;
        if (!run) throw new GraphQLError('only run files can be uploaded');
        requireWrite(ctx, run.project);
        return ctx.links.uploadUrl(run, f.name);
      }
      if (f.manifestOf) return ctx.links.manifestUrl(f.manifestOf);
      if (f.entry) return f.entry.ref ?? ctx.links.artifactFileUrl(f.artifact, f.entry);
      const run = ctx.store.filesById.get(f.id)?.run;
      return ctx.links.runFileUrl(run!, f.name);
    },
    directUrl: (f, _a, ctx) => {
      if (f.pending) return ctx.links.uploadUrl(f.run, f.name);
      if (f.manifestOf) return ctx.links.manifestDirectUrl(f.manifestOf);
      if (f.entry) return f.entry.ref ?? ctx.links.artifactFileDirectUrl(f.entry);
      return ctx.links.runFileDirectUrl(f);
    },
    uploadUrl: (f, _a, ctx) => {
      const run: RunRec | undefined = f.run ?? ctx.store.filesById.get(f.id)?.run;
      return run ? ctx.links.uploadUrl(run, f.name) : null;
    },
    // Per file: none; the run's file connection carries them (see UPLOAD_HEADERS).
    uploadHeaders: () => [],
    exists: (f) => !f.pending,
    isReference: (f) => Boolean(f.entry?.ref),
    archived: () => false,
    special: () => false,
    storagePath: (f) => (f.entry && !f.entry.ref ? `wandb_artifacts/${numericId(f.artifact.id)}/${f.entry.fileId}` : null),
    storageBucket: () => 'wandb-dev-bucket',
    artifact: (f) => f.artifact ?? f.manifestOf ?? null,
    deletedAt: () => null,
    ndbId: () => null,
  },

  Artifact: {
    id: (a: ArtifactRec) => a.id,
    versionIndex: (a: ArtifactRec, args) => (args.artifactCollectionName && args.artifactCollectionName !== a.collection.name ? null : a.versionIndex),
    artifactType: (a: ArtifactRec) => a.collection.type,
    artifactSequence: (a: ArtifactRec) => a.collection,
    artifactCollections: (a: ArtifactRec, _args, ctx) => page(ctx.store.membershipsOf(a), {}),
    artifactMemberships: (a: ArtifactRec, _args, ctx) => page(ctx.store.membershipsOf(a).map((c) => membership(ctx, a, c)), {}),
    aliases: (a: ArtifactRec, args, ctx) => aliasObjects(ctx, a, args.artifactCollectionName),
    description: (a: ArtifactRec) => a.description,
    metadata: (a: ArtifactRec) => wbStringify(a.metadata),
    labels: () => null,
    state: (a: ArtifactRec) => a.state,
    size: (a: ArtifactRec) => artifactSize(a),
    storageBytes: (a: ArtifactRec) => a.entries.filter((e) => !e.ref).reduce((n, e) => n + e.size, 0),
    digest: (a: ArtifactRec) => artifactDigest(a),
    commitHash: (a: ArtifactRec) => a.commitHash,
    fileCount: (a: ArtifactRec) => a.entries.length,
    createdAt: (a: ArtifactRec) => wbDate(a.createdAt),
    updatedAt: (a: ArtifactRec) => wbDate(a.updatedAt),
    historyStep: () => null,
    usedCount: (a: ArtifactRec) => a.usedBy.length,
    usedBy: (a: ArtifactRec, args) => page(a.usedBy, args),
    createdBy: (a: ArtifactRec, _args, ctx) => a.createdBy ?? userOf(ctx, a.collection.project.username),
    // A PENDING version has no manifest until it is committed.
    currentManifest: (a: ArtifactRec) => (a.state !== 'COMMITTED' ? null : {
      __typename: 'ArtifactManifest',
      id: b64(`ArtifactManifest:${a.id}`),
      artifact: a,
      createdAt: wbDate(a.createdAt),
      digest: () => artifactDigest(a),
      type: 'FULL',
      file: manifestFileNode(a),
    }),
    files: (a: ArtifactRec, args) => {
      let entries = a.entries;
      if (args.names) {
        const want = new Set(args.names as string[]);
        entries = entries.filter((e) => want.has(e.path));
      }
      const conn = page(entries, args);
      for (const e of conn.edges) e.node = { __typename: 'File', entry: e.node, artifact: a };
      conn.uploadHeaders = [];
      return conn;
    },
  },

  ArtifactType: {
    id: (t) => t.id,
    name: (t) => t.name,
    description: (t) => t.description,
    createdAt: (t) => wbDate(t.createdAt),
    project: (t) => t.project,
    artifactCollections: (t, args) => page(liveCollections(t.project, t.name), args),
    artifactSequences: (t, args) => page(liveCollections(t.project, t.name, true), args),
    artifactCollection: (t, args) => {
      const c = t.project.collections.get(args.name);
      return c && c.type === t && liveVersions(c).length ? c : null;
    },
    artifactSequence: (t, args) => {
      const c = t.project.collections.get(args.name);
      return c && c.kind === 'sequence' && c.type === t && liveVersions(c).length ? c : null;
    },
    artifact: (t, args, ctx) => artifactByName(ctx, t.project, args.name, t.name),
  },

  ArtifactSequence: collectionResolvers(),
  ArtifactPortfolio: (({ latestArtifact: _latest, ...rest }) => rest)(collectionResolvers()),

  ArtifactManifest: {
    digest: (m) => (typeof m.digest === 'function' ? m.digest() : m.digest),
  },

  Sweep: {
    id: (s: SweepRec) => s.id,
    name: (s: SweepRec) => s.name,
    displayName: (s: SweepRec) => s.displayName,
    method: (s: SweepRec) => s.method,
    state: (s: SweepRec) => s.state,
    config: (s: SweepRec) => s.config,
    description: () => null,
    createdAt: (s: SweepRec) => wbDate(s.createdAt),
    heartbeatAt: (s: SweepRec) => wbDate(s.heartbeatAt),
    updatedAt: (s: SweepRec) => wbDate(s.heartbeatAt),
    bestLoss: (s: SweepRec) => s.bestLoss,
    runCount: (s: SweepRec) => s.runs().length,
    runCountExpected: () => null,
    runTime: (s: SweepRec) => s.runs().reduce((n, r) => n + Math.round((r.heartbeatAt - r.createdAt) / 1000), 0),
    runs: (s: SweepRec, args) => page(sortRuns(s.runs(), args.order), args),
    priorRuns: () => page([], {}),
    project: (s: SweepRec) => s.project,
    user: (s: SweepRec, _a, ctx) => userOf(ctx, s.username),
    controllerRunName: () => '',
    earlyStopJobRunning: () => false,
    controller: () => null,
    scheduler: () => null,
    agents: () => ({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } }),
  },

  View: {
    id: (v: ViewRec) => v.id,
    name: (v: ViewRec) => v.name,
    displayName: (v: ViewRec) => v.displayName,
    description: (v: ViewRec) => v.description,
    type: (v: ViewRec) => v.type,
    spec: (v: ViewRec) => wbStringify(v.spec),
    createdAt: (v: ViewRec) => wbDate(v.createdAt),
    updatedAt: (v: ViewRec) => wbDate(v.updatedAt),
    user: (v: ViewRec, _a, ctx) => userOf(ctx, v.username),
    updatedBy: (v: ViewRec, _a, ctx) => userOf(ctx, v.username),
    entityName: (v: ViewRec) => v.project.entity,
    projectName: (v: ViewRec) => v.project.name,
    project: (v: ViewRec) => v.project,
    entity: (v: ViewRec, _a, ctx) => ctx.store.entities.get(v.project.entity) ?? null,
    locked: () => false,
    viewCount: () => 0,
    starCount: () => 0,
    starred: () => false,
    accessTokens: () => [],
    uploadHeaders: () => [],
    createdUsing: () => 'WANDB_UI',
    previewUrl: () => null,
    coverUrl: () => null,
  },

  Mutation: {
    upsertBucket: (_s, { input }, ctx) => {
      let run: RunRec | undefined;
      if (input.id) run = ctx.store.runsById.get(input.id);
      let project: ProjectRec | null = null;
      if (!run) {
        project = ctx.store.project(input.entityName, input.modelName);
        if (!project) {
          if (input.id) throw new GraphQLError(`run not found: ${input.id}`);
          throw new GraphQLError('project not found');
        }
        if (input.name) run = project.runsByName.get(input.name);
      }
      requireWrite(ctx, run?.project ?? project!);
      let inserted = false;
      const now = ctx.clock.now();
      if (!run) {
        if (!project) throw new GraphQLError(`run not found: ${input.id}`);
        const name = input.name ?? Math.random().toString(36).slice(2, 10);
        run = ctx.store.addRun(project, { name, createdAt: now, username: ctx.store.viewer.username, state: 'running' });
        const r = run;
        run.files = ctx.store.runFiles(r, () => []);
        inserted = true;
      }
      if (input.displayName !== undefined && input.displayName !== null) run.displayName = input.displayName;
      if (input.notes !== undefined) run.notes = input.notes;
      if (input.description !== undefined) run.description = input.description;
      if (input.tags !== undefined && input.tags !== null) run.tags = (input.tags as (string | null)[]).filter((t): t is string => typeof t === 'string');
      if (input.groupName !== undefined) run.group = input.groupName;
      if (input.jobType !== undefined) run.jobType = input.jobType;
      if (input.state) {
        const ended = isLive(run.state) && !isLive(input.state);
        run.state = input.state;
        if (ended) uploadOutputLog(ctx.store, run, now);
      }
      if (input.host !== undefined) run.host = input.host;
      if (input.commit !== undefined) run.commit = input.commit;
      if (input.sweep !== undefined) run.sweepName = input.sweep;
      const config = parseJsonArg(input.config, 'config');
      if (config) {
        // Stored as sent: {key: {value}} from wandb-core, {key: {value, desc: null}} from the public
        // API's Run.update (`Run.json_config`). Plain values are wrapped as wandb-core sends them.
        run.config = wrapConfigValues(config);
      }
      const summary = parseJsonArg(input.summaryMetrics, 'summaryMetrics');
      if (summary) run.summary = { ...run.summary, ...summary };
      run.updatedAt = now;
      return { bucket: run, inserted, updateAvailable: false, clientMutationId: input.clientMutationId ?? null };
    },

    stopRun: (_s, { input }, ctx) => {
      const run = ctx.store.runsById.get(input.id);
      if (!run) throw new GraphQLError(`run not found: ${input.id}`);
      requireWrite(ctx, run.project);
      if (run.state !== 'running') throw new GraphQLError(`run ${run.name} is not running (state: ${run.state})`);
      run.stopRequested = true;
      return { success: true, clientMutationId: input.clientMutationId ?? null };
    },

    addAliases: (_s, { input }, ctx) => {
      const a = requireArtifact(ctx, input.artifactID);
      const added: any[] = [];
      for (const al of input.aliases as { alias: string; artifactCollectionName: string; entityName: string; projectName: string }[]) {
        checkAlias(al.alias);
        aliasCollection(ctx, a, al).aliases.set(al.alias, a);
        added.push({ ...al });
      }
      a.updatedAt = ctx.clock.now();
      return { success: true, artifact: a, aliases: added, clientMutationId: input.clientMutationId ?? null };
    },

    deleteAliases: (_s, { input }, ctx) => {
      const a = requireArtifact(ctx, input.artifactID);
      for (const al of input.aliases as { alias: string; artifactCollectionName: string; entityName: string; projectName: string }[]) {
        const c = aliasCollection(ctx, a, al);
        if (RESERVED_ALIAS.test(al.alias)) throw new GraphQLError(`alias "${al.alias}" is a version index and cannot be deleted`);
        if (c.aliases.get(al.alias) !== a) throw new GraphQLError(`alias "${al.alias}" does not point at this artifact in ${c.name}`);
        c.aliases.delete(al.alias);
      }
      a.updatedAt = ctx.clock.now();
      return { success: true, clientMutationId: input.clientMutationId ?? null };
    },

    updateArtifact: (_s, { input }, ctx) => {
      const a = requireArtifact(ctx, input.artifactID);
      if (input.description !== undefined) a.description = input.description;
      const md = parseJsonArg(input.metadata, 'metadata');
      if (md) a.metadata = md;
      if (input.aliases) {
        const wanted = input.aliases as { alias: string; artifactCollectionName: string }[];
        for (const al of wanted) {
          checkAlias(al.alias);
          if (al.artifactCollectionName !== a.collection.name) throw new GraphQLError(`artifact ${a.id} is not in collection ${al.artifactCollectionName}`);
        }
        for (const alias of ctx.store.aliasesOf(a)) if (!wanted.some((w) => w.alias === alias)) a.collection.aliases.delete(alias);
        for (const w of wanted) a.collection.aliases.set(w.alias, a);
        repointLatest(a.collection);
      }
      a.updatedAt = ctx.clock.now();
      return { artifact: a, artifactActions: [], clientMutationId: input.clientMutationId ?? null };
    },

    deleteArtifact: (_s, { input }, ctx) => {
      const a = requireArtifact(ctx, input.artifactID);
      const aliases = ctx.store.membershipsOf(a).flatMap((c) => ctx.store.aliasesOf(a, c));
      if (aliases.length > 0 && !input.deleteAliases) {
        throw new GraphQLError(
          `cannot delete artifact ${a.collection.name}:v${a.versionIndex} because it has aliases (${aliases.join(', ')}); remove them first or set deleteAliases`,
        );
      }
      a.state = 'DELETED';
      a.updatedAt = ctx.clock.now();
      for (const c of ctx.store.membershipsOf(a)) {
        for (const alias of ctx.store.aliasesOf(a, c)) c.aliases.delete(alias);
        repointLatest(c);
      }
      return { artifact: a, clientMutationId: input.clientMutationId ?? null };
    },
  },
};

function collectionResolvers(): Record<string, R> {
  return {
    id: (c: CollectionRec) => c.id,
    name: (c: CollectionRec) => c.name,
    description: (c: CollectionRec) => c.description,
    createdAt: (c: CollectionRec) => wbDate(c.createdAt),
    updatedAt: (c: CollectionRec) => wbDate(c.updatedAt),
    project: (c: CollectionRec) => c.project,
    state: () => 'READY',
    defaultArtifactType: (c: CollectionRec) => c.type,
    latestArtifact: (c: CollectionRec) => c.aliases.get('latest') ?? null,
    // Newest first; unfiltered, PENDING versions too: the SDK asks `{"state": "COMMITTED"}`
    // itself (`Artifacts.__init__`). The edge's `version` is the member's index here, which in
    // a portfolio differs from the linked version's own `versionIndex`.
    artifacts: (c: CollectionRec, args, ctx) => {
      const versions = filterVersions(liveVersions(c), args.filters).reverse();
      return page(versions, args, (a) => ({ version: `v${ctx.store.indexIn(c, a)}` }));
    },
    aliases: (c: CollectionRec, args) => {
      const out: any[] = [];
      for (const [alias, a] of c.aliases) {
        if (a.state === 'DELETED') continue;
        out.push({
          __typename: 'ArtifactAlias',
          id: b64(`ArtifactAlias:${a.id}:${alias}`),
          alias,
          artifactCollectionName: c.name,
          artifactCollection: c,
          artifact: a,
        });
      }
      return page(out, args);
    },
    artifactMembership: (c: CollectionRec, args, ctx) => {
      const a = ctx.store.resolveVersion(c, args.aliasName);
      return a ? membership(ctx, a, c) : null;
    },
    artifactMemberships: (c: CollectionRec, args, ctx) => page(liveVersions(c).slice().reverse().map((a) => membership(ctx, a, c)), args),
    tags: () => page([], {}),
  };
}

/** Every resolver must name a real type and field of the schema (catches typos at start-up). */
function checkResolvers(schema: GraphQLSchema): void {
  const problems: string[] = [];
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type || !('getFields' in type)) {
      problems.push(`type ${typeName}`);
      continue;
    }
    const known = (type as { getFields(): Record<string, unknown> }).getFields();
    for (const f of Object.keys(fields)) if (!(f in known)) problems.push(`${typeName}.${f}`);
  }
  if (problems.length) throw new Error(`dev server resolvers not in schema.graphql: ${problems.join(', ')}`);
}

const fieldResolver: GraphQLFieldResolver<any, Ctx> = (source, args, ctx, info) => {
  const r = resolvers[info.parentType.name]?.[info.fieldName];
  if (r) return r(source, args, ctx, info);
  if (source === null || source === undefined) return null;
  const v = source[info.fieldName];
  return typeof v === 'function' ? v.call(source, args, ctx, info) : v;
};

const typeResolver: GraphQLTypeResolver<any, Ctx> = (value) => {
  if (value.__typename) return value.__typename;
  if ('versions' in value && 'aliases' in value) return value.kind === 'portfolio' ? 'ArtifactPortfolio' : 'ArtifactSequence';
  if ('history' in value && 'runsByName' in value.project) return 'Run';
  if ('username' in value && 'teams' in value) return 'User';
  if ('entries' in value) return 'Artifact';
  if ('runsByName' in value) return 'Project';
  return undefined;
};

export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlOutcome {
  status: number;
  body: ExecutionResult | { errors: { message: string; locations?: unknown }[] };
}

/** First operation's name in a document, for request logs and fault matching. */
export function operationNameOf(doc: DocumentNode): string | null {
  for (const d of doc.definitions) if (d.kind === Kind.OPERATION_DEFINITION) return d.name?.value ?? null;
  return null;
}

/**
 * Parse, validate and execute one request. GraphQL-level errors (syntax, validation, variables,
 * resolver refusals) answer HTTP 200 with `errors` in the body, as W&B does (API-FACTS §2);
 * `ctx.errorStatus` changes that status (e.g. 400) for clients that must cope with both.
 */
export async function runGraphql(ctx: Ctx, req: GraphqlRequest, doc?: DocumentNode): Promise<GraphqlOutcome> {
  const schema = loadSchema();
  const E = ctx.errorStatus ?? 200;
  if (typeof req.query !== 'string' || req.query.trim() === '') {
    return { status: E, body: { errors: [{ message: 'Must provide query string.' }] } };
  }
  let document = doc;
  if (!document) {
    try {
      document = parse(req.query);
    } catch (e) {
      const ge = e as GraphQLError;
      return { status: E, body: { errors: [{ message: ge.message, locations: ge.locations }] } };
    }
  }
  const errors = validate(schema, document);
  if (errors.length > 0) {
    return { status: E, body: { errors: errors.map((e) => ({ message: e.message, locations: e.locations })) } };
  }
  if (req.variables !== undefined && req.variables !== null && (typeof req.variables !== 'object' || Array.isArray(req.variables))) {
    return { status: E, body: { errors: [{ message: 'Variables must be provided as an Object where each property is a variable value.' }] } };
  }
  const result = await execute({
    schema,
    document,
    contextValue: ctx,
    rootValue: {},
    variableValues: (req.variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName: typeof req.operationName === 'string' ? req.operationName : undefined,
    fieldResolver,
    typeResolver,
  });
  const body: any = {};
  if (result.errors && result.errors.length) {
    body.errors = result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path }));
  }
  if ('data' in result) body.data = result.data ?? null;
  const denied = result.errors?.some((e) => e.originalError instanceof PermissionDenied);
  return { status: denied ? 403 : result.errors?.length ? E : 200, body };
}

