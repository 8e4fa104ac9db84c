/**
 * The loaders of the W&B tree: which nodes each level has, and the paged lists behind them.
 * No `vscode` import: the provider (provider.ts) adapts this to a TreeDataProvider, and unit
 * tests drive it with a fake API. Nothing loads before its level is asked for; each level keeps
 * its loaded pages until that level (or an ancestor) is refreshed.
 */
import type { WandbApi } from '../api/wandb-api';
import type { Page } from '../api/paginate';
import type { Project } from '../api/model/entities';
import type { RunRef, RunSummary } from '../api/model/run';
import type { ManifestEntry } from '../api/model/artifacts';
import { DEFAULT_RUNS_ORDER, parseRunsFilter, runsOrderArg, type RunsOrder } from '../api/runs-filter';
import { PagedList } from './paged-list';
import { listFolder } from './file-tree';
import type { MementoLike, Pin, PinStore } from './pins';
import type {
  AccountNode,
  ArtifactVersionNode,
  EntityNode,
  FilterNode,
  LoadMoreNode,
  MessageNode,
  ProjectNode,
  ProjectRef,
  RunFilesNode,
  RunFolderNode,
  RunNode,
  TreeNode,
} from './nodes';
import type { RunFile } from '../api/model/files';

/** The API calls the tree makes (a fake in unit tests). */
export type TreeApi = Pick<
  WandbApi,
  | 'projects'
  | 'runs'
  | 'runStates'
  | 'runFileList'
  | 'runArtifactRows'
  | 'artifactTypes'
  | 'artifactCollections'
  | 'artifactVersionRows'
  | 'artifactManifest'
  | 'sweeps'
  | 'sweepRuns'
  | 'reports'
>;

export interface TreeSettings {
  pageSize: number;
  /** `wandbExplorer.defaultEntity`; empty: the viewer's entity. */
  defaultEntity?: string;
  extraEntities: string[];
}

export interface TreeContext {
  api: TreeApi;
  host: string;
  username: string;
  viewerEntity: string;
  teams: string[];
  settings: () => TreeSettings;
  pins: PinStore;
  /** The project the workspace names (`wandb/settings` or `defaultProject`), if any. */
  workspaceProject?: () => ProjectRef | undefined;
  /** Where each project's search and order are kept across restarts (VS Code's workspaceState). */
  searchMemento?: MementoLike;
}

const SEARCHES_KEY = 'wandbExplorer.runSearches';
type SavedSearches = Record<string, Record<string, { text: string; order: RunsOrder }>>;

/** The search of one project's Runs level. */
export interface RunsSearch {
  text: string;
  filter: Record<string, unknown> | undefined;
  order: RunsOrder;
}

const ACCOUNT_ID = 'wandb';

export class TreeModel {
  private readonly lists = new Map<string, PagedList<unknown>>();
  private readonly nodes = new Map<string, TreeNode>();
  private readonly searches = new Map<string, RunsSearch>();
  /** Entities, projects and runs "Go to Run" brought in that the pages do not (yet) hold. */
  private readonly extraEntities: string[] = [];
  private readonly focusedProjects = new Map<string, Project[]>();
  private readonly focusedRuns = new Map<string, RunSummary[]>();
  readonly account: AccountNode;

  constructor(private readonly ctx: TreeContext) {
    this.account = { kind: 'account', id: ACCOUNT_ID, username: ctx.username, host: ctx.host };
  }

  /** Children of a node; the root (undefined) is the account. */
  async children(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return [this.account];
    const api = this.ctx.api;
    const size = () => this.ctx.settings().pageSize;
    switch (node.kind) {
      case 'account': {
        const out: TreeNode[] = [];
        if (this.ctx.pins.list(this.ctx.host).length > 0) out.push(this.intern({ kind: 'pinned', id: `${ACCOUNT_ID}/pinned` }));
        out.push(...this.entityNodes());
        return out;
      }
      case 'pinned':
        return this.pinnedChildren(node);
      case 'entity': {
        const list = this.list(`projects:${node.entity}`, (after, signal) => api.projects(node.entity, { first: size(), after, signal }));
        const top: Project[] = [];
        const ws = this.ctx.workspaceProject?.();
        if (ws && ws.entity === node.entity) top.push(placeholderProject(ws));
        top.push(...(this.focusedProjects.get(node.entity) ?? []));
        return this.paged(node, list, 'No projects in this entity yet.', (p: Project) => this.projectNode(node.id, p), {
          top,
          keyOf: (p: Project) => p.name,
          topNode: (p) => this.projectNode(node.id, p, { workspace: !!ws && ws.entity === p.entity && ws.project === p.name }),
        });
      }
      case 'project': {
        const ref = { entity: node.project.entity, project: node.project.name };
        return [
          this.intern({ kind: 'runs', id: `${node.id}/runs`, ...ref }),
          this.intern({ kind: 'artifacts', id: `${node.id}/artifacts`, ...ref }),
          this.intern({ kind: 'sweeps', id: `${node.id}/sweeps`, ...ref }),
          this.intern({ kind: 'reports', id: `${node.id}/reports`, ...ref }),
        ];
      }
      case 'runs': {
        const search = this.search(node);
        const list = this.runsList(node);
        const out: TreeNode[] = [];
        if (search.text || !sameOrder(search.order, DEFAULT_RUNS_ORDER)) {
          out.push(this.intern({ kind: 'filter', id: `${node.id}/filter`, entity: node.entity, project: node.project, text: search.text, order: orderLabel(search.order) } satisfies FilterNode));
        }
        const metricKey = search.order.by === 'summary' ? search.order.metric : undefined;
        const focused = this.focusedRuns.get(pkey(node)) ?? [];
        const rows = await this.paged(node, list, search.text ? 'No runs match this search.' : 'No runs in this project yet.', (r: RunSummary) => this.runNode(node.id, r, { metricKey }), {
          top: focused,
          keyOf: (r: RunSummary) => r.runId,
          topNode: (r) => this.runNode(node.id, r, { metricKey, focused: true }),
        });
        return [...out, ...rows];
      }
      case 'run': {
        const ref = refOf(node.run);
        return [
          this.intern({ kind: 'runOverview', id: `${node.id}/overview`, runNode: node }),
          this.intern({ kind: 'runFiles', id: `${node.id}/files`, run: ref, readOnly: node.run.readOnly }),
          this.intern({ kind: 'runArtifacts', id: `${node.id}/logged`, run: ref, direction: 'logged' }),
          this.intern({ kind: 'runArtifacts', id: `${node.id}/used`, run: ref, direction: 'used' }),
        ];
      }
      case 'runFiles': {
        const list = this.filesList(node.run);
        await list.ensureFirstPage();
        return this.folderChildren(node, list, '', 'No files saved with this run.');
      }
      case 'runFolder': {
        const list = this.filesList(node.run);
        await list.ensureFirstPage();
        const kids = this.folderChildren(node, list, node.path, 'Empty folder.', false);
        if (list.hasMore) kids.push(this.message(node, 'More files load with "Load more" under Files.', 'partial'));
        return kids;
      }
      case 'runArtifacts': {
        const key = `${node.direction}:${rkey(node.run)}`;
        const list = this.list(key, (after, signal) => api.runArtifactRows(node.run, node.direction, { first: size(), after, signal }));
        return this.paged(node, list, node.direction === 'logged' ? 'This run logged no artifacts.' : 'This run used no artifacts.', (v) =>
          this.intern({ kind: 'artifactVersion', id: `${node.id}/a:${v.id}`, version: v, showCollection: true } satisfies ArtifactVersionNode),
        );
      }
      case 'artifacts': {
        const list = this.list(`types:${pkey(node)}`, (after, signal) => api.artifactTypes(node, { first: size(), after, signal }));
        return this.paged(node, list, 'No artifacts in this project yet.', (t) =>
          this.intern({ kind: 'artifactType', id: `${node.id}/t:${t.name}`, entity: node.entity, project: node.project, type: t.name }),
        );
      }
      case 'artifactType': {
        const list = this.list(`collections:${pkey(node)}/${node.type}`, (after, signal) => api.artifactCollections({ ...node, type: node.type }, { first: size(), after, signal }));
        return this.paged(node, list, `No ${node.type} artifacts.`, (c) =>
          this.intern({ kind: 'artifactCollection', id: `${node.id}/c:${c.name}`, entity: node.entity, project: node.project, collection: c }),
        );
      }
      case 'artifactCollection': {
        const c = node.collection;
        const list = this.list(`versions:${pkey(node)}/${c.type}/${c.name}`, (after, signal) =>
          api.artifactVersionRows({ entity: node.entity, project: node.project, type: c.type, collection: c.name }, { first: size(), after, signal }),
        );
        return this.paged(node, list, 'No versions.', (v) => this.intern({ kind: 'artifactVersion', id: `${node.id}/v:${v.version}`, version: v } satisfies ArtifactVersionNode));
      }
      case 'artifactVersion': {
        const list = this.manifestList(node);
        await list.ensureFirstPage();
        return this.manifestChildren(node, list, '', 'This version has no files.');
      }
      case 'artifactFolder': {
        const list = this.manifestList(node);
        await list.ensureFirstPage();
        return this.manifestChildren(node, list, node.path, 'Empty folder.');
      }
      case 'sweeps': {
        const list = this.list(`sweeps:${pkey(node)}`, (after, signal) => api.sweeps(node, { first: size(), after, signal }));
        return this.paged(node, list, 'No sweeps in this project.', (s) => this.intern({ kind: 'sweep', id: `${node.id}/s:${s.sweepId}`, sweep: s }));
      }
      case 'sweep': {
        const s = node.sweep;
        const list = this.list(`sweepRuns:${s.entity}/${s.project}/${s.sweepId}`, (after, signal) =>
          api.sweepRuns({ entity: s.entity, project: s.project, sweepId: s.sweepId, metric: s.metric }, { first: size(), after, signal }),
        );
        const metricKey = s.metric?.name;
        await list.ensureFirstPage();
        // Runs come best first when the sweep has a metric: the first one that has it is the best.
        const best = metricKey ? (list.items as RunSummary[]).find((r) => typeof r.metrics?.[metricKey] === 'number') : undefined;
        return this.paged(node, list, 'No runs in this sweep yet.', (r: RunSummary) => this.runNode(node.id, r, { metricKey, best: r === best }));
      }
      case 'reports': {
        const list = this.list(`reports:${pkey(node)}`, (after, signal) => api.reports(node, { first: size(), after, signal }));
        return this.paged(node, list, 'No reports in this project.', (r) => this.intern({ kind: 'report', id: `${node.id}/r:${r.id}`, report: r }));
      }
      default:
        return [];
    }
  }

  // ----- search and order -----------------------------------------------------------------

  search(p: ProjectRef): RunsSearch {
    const key = pkey(p);
    let s = this.searches.get(key);
    if (!s) {
      s = this.savedSearch(key) ?? { text: '', filter: undefined, order: DEFAULT_RUNS_ORDER };
      this.searches.set(key, s);
    }
    return s;
  }

  /** A search saved by an earlier session, if it still parses. */
  private savedSearch(key: string): RunsSearch | undefined {
    const saved = this.ctx.searchMemento?.get<SavedSearches>(SEARCHES_KEY)?.[this.ctx.host]?.[key];
    if (!saved || typeof saved.text !== 'string' || !saved.order) return undefined;
    try {
      runsOrderArg(saved.order);
      const parsed = parseRunsFilter(saved.text);
      return { text: parsed.terms.join(' '), filter: parsed.filter, order: saved.order };
    } catch {
      return undefined;
    }
  }

  private saveSearch(p: ProjectRef): void {
    const memento = this.ctx.searchMemento;
    if (!memento) return;
    const all: SavedSearches = { ...(memento.get<SavedSearches>(SEARCHES_KEY) ?? {}) };
    const host = { ...(all[this.ctx.host] ?? {}) };
    const s = this.searches.get(pkey(p));
    if (s && (s.text || !sameOrder(s.order, DEFAULT_RUNS_ORDER))) host[pkey(p)] = { text: s.text, order: s.order };
    else delete host[pkey(p)];
    all[this.ctx.host] = host;
    void Promise.resolve(memento.update(SEARCHES_KEY, all)).catch(() => undefined);
  }

  /** Sets the search text of a project's Runs (throws RunsFilterError on bad text); reloads them. */
  setFilter(p: ProjectRef, text: string): void {
    const parsed = parseRunsFilter(text);
    const cur = this.search(p);
    this.searches.set(pkey(p), { ...cur, text: parsed.terms.join(' '), filter: parsed.filter });
    this.saveSearch(p);
    this.resetRuns(p);
  }

  setOrder(p: ProjectRef, order: RunsOrder): void {
    runsOrderArg(order); // validates
    this.searches.set(pkey(p), { ...this.search(p), order });
    this.saveSearch(p);
    this.resetRuns(p);
  }

  /** Back to all runs, newest first. */
  clearSearch(p: ProjectRef): void {
    this.searches.set(pkey(p), { text: '', filter: undefined, order: DEFAULT_RUNS_ORDER });
    this.saveSearch(p);
    this.resetRuns(p);
  }

  /** Pins were added or removed: the pinned runs load again next time. */
  pinsChanged(): void {
    this.lists.get(`pinnedRuns:${this.ctx.host}`)?.reset();
  }

  /** Entity rows made for this entity. */
  entityNodesOf(entity: string): TreeNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === 'entity' && n.entity === entity);
  }

  /** Project rows of a project (under its entity and under Pinned). */
  projectNodesOf(p: ProjectRef): TreeNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === 'project' && n.project.entity === p.entity && n.project.name === p.project);
  }

  /** Runs rows of a project (under its entity and under Pinned) that VS Code may show. */
  runsNodesOf(p: ProjectRef): TreeNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === 'runs' && n.entity === p.entity && n.project === p.project);
  }

  /** The Runs list of a project if it was ever asked for (for totals in the Runs row). */
  runsListIfLoaded(p: ProjectRef): PagedList<RunSummary> | undefined {
    return this.lists.get(`runs:${pkey(p)}`) as PagedList<RunSummary> | undefined;
  }

  private resetRuns(p: ProjectRef): void {
    const key = `runs:${pkey(p)}`;
    this.lists.get(key)?.dispose();
    this.lists.delete(key);
  }

  // ----- Go to Run, workspace -------------------------------------------------------------

  /** Makes sure the tree has a path to `ref` (entity → project → Runs → run), adding what the pages lack. */
  focusRun(run: RunSummary): void {
    this.focusProject({ entity: run.entity, project: run.project });
    const key = pkey(run);
    const list = this.focusedRuns.get(key) ?? [];
    if (!list.some((r) => r.runId === run.runId)) list.unshift(run);
    this.focusedRuns.set(key, list);
  }

  focusProject(p: ProjectRef): void {
    if (!this.entityNames().includes(p.entity)) this.extraEntities.push(p.entity);
    const list = this.focusedProjects.get(p.entity) ?? [];
    if (!list.some((x) => x.name === p.project)) list.unshift(placeholderProject(p));
    this.focusedProjects.set(p.entity, list);
  }

  /** The node path from the account down to the run (loading each level's first page). */
  async pathToRun(run: RunRef): Promise<TreeNode[] | undefined> {
    const projectPath = await this.pathToProject(run);
    if (!projectPath) return undefined;
    const project = projectPath[projectPath.length - 1]!;
    const runs = (await this.children(project)).find((n) => n.kind === 'runs');
    if (!runs) return undefined;
    const runNode = (await this.children(runs)).find((n) => n.kind === 'run' && n.run.runId === run.runId);
    return runNode ? [...projectPath, runs, runNode] : undefined;
  }

  async pathToProject(p: ProjectRef): Promise<TreeNode[] | undefined> {
    const entity = (await this.children(this.account)).find((n): n is EntityNode => n.kind === 'entity' && n.entity === p.entity);
    if (!entity) return undefined;
    const project = (await this.children(entity)).find((n): n is ProjectNode => n.kind === 'project' && n.project.name === p.project);
    return project ? [this.account, entity, project] : undefined;
  }

  // ----- refresh, live state --------------------------------------------------------------

  /** Forgets the loaded pages under `node` (all of them for the account). */
  refresh(node: TreeNode): void {
    const prefixes = this.listPrefixes(node);
    for (const [key, list] of this.lists) {
      const path = key.slice(key.indexOf(':') + 1);
      if (prefixes === 'all' || prefixes.some(([kind, pre]) => (kind === '*' || key.startsWith(`${kind}:`)) && (path === pre || path.startsWith(`${pre}/`)))) {
        list.reset();
      }
    }
  }

  private listPrefixes(node: TreeNode): 'all' | Array<[string, string]> {
    switch (node.kind) {
      case 'account':
        return 'all';
      case 'pinned':
        return [['pinnedRuns', this.ctx.host]];
      case 'entity':
        return [['*', node.entity]];
      case 'project':
        return [['*', `${node.project.entity}/${node.project.name}`]];
      case 'runs':
        return [['runs', pkey(node)]];
      case 'run':
        return [['*', rkey(node.run)]];
      case 'runFiles':
      case 'runFolder':
        return [['files', rkey(node.run)]];
      case 'runArtifacts':
        return [[node.direction, rkey(node.run)]];
      case 'artifacts':
        return [['types', pkey(node)], ['collections', pkey(node)], ['versions', pkey(node)]];
      case 'artifactType':
        return [['collections', `${pkey(node)}/${node.type}`], ['versions', `${pkey(node)}/${node.type}`]];
      case 'artifactCollection':
        return [['versions', `${pkey(node)}/${node.collection.type}/${node.collection.name}`]];
      case 'artifactVersion':
      case 'artifactFolder':
        return [['manifest', node.version.id]];
      case 'sweeps':
        return [['sweeps', pkey(node)], ['sweepRuns', pkey(node)]];
      case 'sweep':
        return [['sweepRuns', `${node.sweep.entity}/${node.sweep.project}/${node.sweep.sweepId}`]];
      case 'reports':
        return [['reports', pkey(node)]];
      default:
        return [];
    }
  }

  /** Run nodes the tree has made whose run is still running (for the live state refresh). */
  runningRunNodes(): RunNode[] {
    const out: RunNode[] = [];
    for (const n of this.nodes.values()) if (n.kind === 'run' && n.run.state === 'running') out.push(n);
    return out;
  }

  /**
   * Asks the server for the state of every running run the tree shows (one request per
   * project, at most `max` runs each) and updates them in place. Returns the nodes that changed.
   */
  async refreshRunningStates(signal?: AbortSignal, max = 100): Promise<RunNode[]> {
    const byProject = new Map<string, RunNode[]>();
    for (const n of this.runningRunNodes()) {
      const k = pkey(n.run);
      const arr = byProject.get(k) ?? [];
      arr.push(n);
      byProject.set(k, arr);
    }
    const changed: RunNode[] = [];
    for (const nodes of byProject.values()) {
      const first = nodes[0]!.run;
      const ids = [...new Set(nodes.map((n) => n.run.runId))].slice(0, max);
      const states = await this.ctx.api.runStates({ entity: first.entity, project: first.project }, ids, signal);
      for (const n of nodes) {
        const s = states.get(n.run.runId);
        if (!s) continue;
        const heartbeat = s.heartbeatAt ? new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(s.heartbeatAt) ? s.heartbeatAt : `${s.heartbeatAt}Z`) : undefined;
        if (s.state !== n.run.state) {
          n.run.state = s.state;
          if (heartbeat && !Number.isNaN(heartbeat.getTime())) n.run.heartbeatAt = heartbeat;
          changed.push(n);
        } else if (heartbeat && !Number.isNaN(heartbeat.getTime())) {
          n.run.heartbeatAt = heartbeat;
        }
      }
    }
    return changed;
  }

  /** Every run node showing this run (it may sit in Runs, Pinned and a sweep at once). */
  nodesOfRun(ref: RunRef): RunNode[] {
    const out: RunNode[] = [];
    for (const n of this.nodes.values()) if (n.kind === 'run' && n.run.runId === ref.runId && n.run.project === ref.project && n.run.entity === ref.entity) out.push(n);
    return out;
  }

  /** Every row showing this artifact version: under its collection and under runs' artifacts. */
  nodesOfArtifact(id: string): ArtifactVersionNode[] {
    const out: ArtifactVersionNode[] = [];
    for (const n of this.nodes.values()) if (n.kind === 'artifactVersion' && n.version.id === id) out.push(n);
    return out;
  }

  dispose(): void {
    for (const l of this.lists.values()) l.dispose();
    this.lists.clear();
    this.nodes.clear();
  }

  // ----- helpers ----------------------------------------------------------------------------

  private entityNames(): string[] {
    const s = this.ctx.settings();
    const preferred = (s.defaultEntity ?? '').trim() || this.ctx.viewerEntity;
    const ws = this.ctx.workspaceProject?.()?.entity;
    return [preferred, this.ctx.viewerEntity, ...this.ctx.teams, ...s.extraEntities.map((e) => e.trim()), ...(ws ? [ws] : []), ...this.extraEntities].filter(
      (n, i, all) => !!n && all.indexOf(n) === i,
    );
  }

  private entityNodes(): EntityNode[] {
    const s = this.ctx.settings();
    const preferred = (s.defaultEntity ?? '').trim() || this.ctx.viewerEntity;
    const members = new Set([this.ctx.viewerEntity, ...this.ctx.teams]);
    return this.entityNames().map((entity) =>
      this.intern({ kind: 'entity', id: `${ACCOUNT_ID}/e:${entity}`, entity, isDefault: entity === preferred, extra: !members.has(entity) && entity !== preferred }),
    );
  }

  private async pinnedChildren(node: TreeNode): Promise<TreeNode[]> {
    const pins = this.ctx.pins.list(this.ctx.host);
    const out: TreeNode[] = [];
    for (const p of pins) if (p.kind === 'project') out.push(this.projectNode(node.id, placeholderProject(p), { pinned: true }));
    const runPins = pins.filter((p): p is Extract<Pin, { kind: 'run' }> => p.kind === 'run');
    if (runPins.length === 0) return out;
    const list = this.list(`pinnedRuns:${this.ctx.host}`, async (_after, signal) => {
      // One request per project that has pinned runs.
      const byProject = new Map<string, Extract<Pin, { kind: 'run' }>[]>();
      for (const p of runPins) byProject.set(pkey(p), [...(byProject.get(pkey(p)) ?? []), p]);
      const items: RunSummary[] = [];
      for (const group of byProject.values()) {
        const { entity, project } = group[0]!;
        const page = await this.ctx.api.runs({ entity, project, filters: { name: { $in: group.map((g) => g.runId) } } }, { first: group.length, signal });
        for (const g of group) {
          items.push(page.items.find((r) => r.runId === g.runId) ?? { id: '', entity, project, runId: g.runId, displayName: g.displayName ?? g.runId, state: 'unknown', tags: [] });
        }
      }
      return { items, endCursor: undefined, hasNextPage: false } satisfies Page<RunSummary>;
    });
    // The pin list may have changed since the list loaded.
    if (list.isLoaded && (list.items as RunSummary[]).length !== runPins.length) list.reset();
    out.push(...(await this.paged(node, list, '', (r: RunSummary) => this.runNode(node.id, r, { pinned: true }))));
    return out.filter((n) => !(n.kind === 'message' && !n.error));
  }

  private projectNode(parentId: string, p: Project, extra: { pinned?: boolean; workspace?: boolean } = {}): ProjectNode {
    const pinned = extra.pinned ?? this.ctx.pins.has(this.ctx.host, { kind: 'project', entity: p.entity, project: p.name });
    const id = parentId.endsWith('/pinned') ? `${parentId}/p:${p.entity}/${p.name}` : `${parentId}/p:${p.name}`;
    const existing = this.nodes.get(id);
    // A placeholder (from a pin or Go to Run) must not overwrite a loaded project's run count.
    const project = existing?.kind === 'project' && p.id === '' && existing.project.id !== '' ? existing.project : p;
    return this.intern({ kind: 'project', id, project, pinned, workspace: extra.workspace });
  }

  private runNode(parentId: string, r: RunSummary, extra: Partial<Pick<RunNode, 'metricKey' | 'best' | 'focused' | 'pinned'>> = {}): RunNode {
    const pinned = extra.pinned ?? this.ctx.pins.has(this.ctx.host, { kind: 'run', entity: r.entity, project: r.project, runId: r.runId });
    const id = parentId.endsWith('/pinned') ? `${parentId}/r:${r.entity}/${r.project}/${r.runId}` : `${parentId}/r:${r.runId}`;
    return this.intern({ kind: 'run', id, run: r, metricKey: extra.metricKey, best: extra.best, focused: extra.focused, pinned });
  }

  private runsList(p: ProjectRef): PagedList<RunSummary> {
    const search = this.search(p);
    const metricKeys = search.order.by === 'summary' && search.order.metric ? [search.order.metric] : undefined;
    return this.list(`runs:${pkey(p)}`, (after, signal) =>
      this.ctx.api.runs(
        { entity: p.entity, project: p.project, filters: search.filter, order: runsOrderArg(search.order), metricKeys },
        { first: this.ctx.settings().pageSize, after, signal },
      ),
    );
  }

  private filesList(run: RunRef) {
    return this.list(`files:${rkey(run)}`, (after, signal) => this.ctx.api.runFileList(run, { first: this.ctx.settings().pageSize, after, signal }));
  }

  private manifestList(node: { version: { id: string } }): PagedList<ManifestEntry> {
    return this.list(`manifest:${node.version.id}`, async (_after, signal) => {
      const m = await this.ctx.api.artifactManifest(node.version.id, signal);
      return { items: m.entries, endCursor: undefined, hasNextPage: false };
    });
  }

  private folderChildren(node: RunFilesNode | RunFolderNode, list: PagedList<RunFile>, folder: string, emptyText: string, withPaging = true): TreeNode[] {
    const run = node.run;
    // Folder ids hang off the Files node's id: `<files id>/<path>`.
    const base = node.kind === 'runFiles' ? node.id : node.id.slice(0, node.id.length - node.path.length - 1);
    const { folders, files } = listFolder(list.items, (f) => f.name, folder);
    const out: TreeNode[] = [
      ...folders.map((path) => this.intern({ kind: 'runFolder', id: `${base}/${path}`, run, path, readOnly: node.readOnly })),
      ...files.map((file) => this.intern({ kind: 'runFile', id: `${base}/${file.name}`, run, file })),
    ];
    if (withPaging) return this.tail(node, list, out, emptyText);
    if (out.length === 0) out.push(this.message(node, emptyText));
    return out;
  }

  private manifestChildren(node: ArtifactVersionNode | Extract<TreeNode, { kind: 'artifactFolder' }>, list: PagedList<ManifestEntry>, folder: string, emptyText: string): TreeNode[] {
    const base = node.kind === 'artifactVersion' ? node.id : node.id.slice(0, node.id.length - node.path.length - 1);
    const { folders, files } = listFolder(list.items, (e) => e.path, folder);
    const out: TreeNode[] = [
      ...folders.map((path) => this.intern({ kind: 'artifactFolder', id: `${base}/${path}`, version: node.version, path })),
      ...files.map((entry) => this.intern({ kind: 'artifactFile', id: `${base}/${entry.path}`, version: node.version, entry })),
    ];
    return this.tail(node, list, out, emptyText);
  }

  /** Items of a paged level (after any `top` items not in the pages), then "Load more" or an error/empty message. */
  private async paged<T>(
    parent: TreeNode,
    list: PagedList<T>,
    emptyText: string,
    toNode: (item: T) => TreeNode,
    extra?: { top: T[]; keyOf: (item: T) => string; topNode: (item: T) => TreeNode },
  ): Promise<TreeNode[]> {
    await list.ensureFirstPage();
    const nodes: TreeNode[] = [];
    const seen = new Set<string>();
    if (extra) {
      for (const t of extra.top) {
        const k = extra.keyOf(t);
        if (seen.has(k)) continue;
        seen.add(k);
        // Show the loaded version when the pages hold it (fresher), at the top.
        const loaded = list.items.find((i) => extra.keyOf(i) === k);
        nodes.push(extra.topNode(loaded ?? t));
      }
    }
    for (const item of list.items) {
      if (extra && seen.has(extra.keyOf(item))) continue;
      nodes.push(toNode(item));
    }
    return this.tail(parent, list as PagedList<unknown>, nodes, emptyText);
  }

  private tail(parent: TreeNode, list: PagedList<unknown>, nodes: TreeNode[], emptyText: string): TreeNode[] {
    if (list.error) {
      nodes.push(this.intern({ kind: 'message', id: `${parent.id}/#error`, text: list.error.message, error: list.error, retry: list, parent } satisfies MessageNode));
    } else if (list.hasMore) {
      nodes.push(this.intern({ kind: 'loadMore', id: `${parent.id}/#more`, list, parent } satisfies LoadMoreNode));
    } else if (nodes.length === 0 && emptyText) {
      nodes.push(this.message(parent, emptyText));
    }
    return nodes;
  }

  private message(parent: TreeNode, text: string, key = 'msg'): MessageNode {
    return this.intern({ kind: 'message', id: `${parent.id}/#${key}`, text, parent });
  }

  private list<T>(key: string, fetch: (after: string | undefined, signal: AbortSignal) => Promise<Page<T>>): PagedList<T> {
    let l = this.lists.get(key) as PagedList<T> | undefined;
    if (!l) {
      l = new PagedList(fetch);
      this.lists.set(key, l as PagedList<unknown>);
    }
    return l;
  }

  /** One object per id: a node made again updates the one VS Code already holds. */
  private intern<N extends TreeNode>(fresh: N): N {
    const old = this.nodes.get(fresh.id);
    if (old && old.kind === fresh.kind) {
      for (const k of Object.keys(old)) if (!(k in fresh)) delete (old as unknown as Record<string, unknown>)[k];
      Object.assign(old, fresh);
      return old as N;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }
}

function pkey(p: ProjectRef): string {
  return `${p.entity}/${p.project}`;
}

function rkey(r: RunRef): string {
  return `${r.entity}/${r.project}/${r.runId}`;
}

function refOf(r: RunSummary): RunRef {
  return { entity: r.entity, project: r.project, runId: r.runId };
}

/** A project known only by name (pinned, workspace, Go to Run) until its entity's pages load it. */
function placeholderProject(p: ProjectRef): Project {
  return { id: '', name: p.project, entity: p.entity };
}

function sameOrder(a: RunsOrder, b: RunsOrder): boolean {
  return a.by === b.by && a.descending === b.descending && (a.metric ?? '') === (b.metric ?? '');
}

function orderLabel(o: RunsOrder): string | undefined {
  if (sameOrder(o, DEFAULT_RUNS_ORDER)) return undefined;
  const arrow = o.descending ? '↓' : '↑';
  return o.by === 'summary' ? `${o.metric} ${arrow}` : `${o.by} ${arrow}`;
}
