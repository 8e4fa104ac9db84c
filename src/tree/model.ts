/**
 * The W&B tree of one signed-in session: loaders per level (loaders/), the paged lists behind
 * them (list-store.ts), one object per node (node-store.ts), each project's run search
 * (runs-search.ts), what Go to Run brought in (focus.ts) and the live state of running runs
 * (live-states.ts). No `vscode` import: the provider adapts this to a TreeDataProvider, and
 * unit tests drive it with a fake API. Nothing loads before its level is asked for; each level
 * keeps its loaded pages until that level (or an ancestor) is refreshed.
 */
import type { RunRef, RunSummary } from '../api/model/run';
import type { RunsOrder } from '../api/runs-filter';
import type { PagedList } from './paged-list';
import type { AccountNode, ArtifactVersionNode, EntityNode, OpenedRunsNode, ProjectNode, ProjectRef, RunNode, RunsFolderNode, TreeNode } from './nodes';
import { ListStore } from './list-store';
import { refreshScopeOf } from './list-keys';
import { NodeStore } from './node-store';
import { RunsSearches, type RunsSearch } from './runs-search';
import { FocusedItems } from './focus';
import { refreshRunningStates } from './live-states';
import { pathToProject, pathToRun, pathToRuns } from './paths';
import { loadChildren } from './loaders';
import { entityNames } from './loaders/account';
import type { LoaderContext, TreeContext } from './loaders/context';

export type { TreeApi, TreeContext, TreeSettings } from './loaders/context';
export type { RunsSearch } from './runs-search';

const ACCOUNT_ID = 'wandb';

export class TreeModel {
  private readonly lists = new ListStore();
  private readonly nodes = new NodeStore();
  private readonly searches: RunsSearches;
  private readonly focus = new FocusedItems();
  private readonly loaders: LoaderContext;
  readonly account: AccountNode;

  constructor(private readonly ctx: TreeContext) {
    this.account = { kind: 'account', id: ACCOUNT_ID, username: ctx.username, host: ctx.host };
    this.searches = new RunsSearches(ctx.host, ctx.searchMemento, () => ({ username: ctx.username }), (p) => ctx.onSearchChanged?.(p));
    this.loaders = { ...ctx, lists: this.lists, nodes: this.nodes, searches: this.searches, focus: this.focus };
  }

  /** Children of a node; the root (undefined) is the account. */
  async children(node?: TreeNode): Promise<TreeNode[]> {
    return node ? loadChildren(node, this.loaders) : [this.account];
  }

  // ----- search and order -----------------------------------------------------------------

  search(p: ProjectRef): RunsSearch {
    return this.searches.get(p);
  }

  /** Sets the search text of a project's Runs (throws RunsFilterError on bad text); reloads them. */
  setFilter(p: ProjectRef, text: string): void {
    this.searches.setText(p, text);
    this.dropRuns(p);
  }

  setOrder(p: ProjectRef, order: RunsOrder): void {
    this.searches.setOrder(p, order);
    this.dropRuns(p);
  }

  /** Clears the search text of a project's Runs; the order stays. */
  clearSearch(p: ProjectRef): void {
    this.searches.clearText(p);
    this.dropRuns(p);
  }

  /** Lists a project's Runs newest first again; the search stays. */
  clearOrder(p: ProjectRef): void {
    this.searches.clearOrder(p);
    this.dropRuns(p);
  }

  /** The Runs list of a project if it was ever asked for (for totals in the Runs row). */
  runsListIfLoaded(p: ProjectRef): PagedList<RunSummary> | undefined {
    return this.lists.peek({ kind: 'runs', entity: p.entity, project: p.project });
  }

  /** The list was made for the old search: the next expansion makes one for the new search. */
  private dropRuns(p: ProjectRef): void {
    this.lists.drop({ kind: 'runs', entity: p.entity, project: p.project });
  }

  // ----- Go to Run, paths ------------------------------------------------------------------

  /** Makes sure the tree has a path to the run (entity → project → Runs → run), adding what the pages lack. */
  focusRun(run: RunSummary): void {
    this.focus.focusRun(run, entityNames(this.loaders));
  }

  focusProject(p: ProjectRef): void {
    this.focus.focusProject(p, entityNames(this.loaders));
  }

  /** The node path from the account down to the run (loading each level's first page). */
  pathToRun(run: RunRef): Promise<TreeNode[] | undefined> {
    return pathToRun(this.account, (n) => this.children(n), run);
  }

  pathToProject(p: ProjectRef): Promise<TreeNode[] | undefined> {
    return pathToProject(this.account, (n) => this.children(n), p);
  }

  pathToRuns(p: ProjectRef): Promise<TreeNode[] | undefined> {
    return pathToRuns(this.account, (n) => this.children(n), p);
  }

  // ----- refresh, pins, live state -----------------------------------------------------------

  /** Forgets the loaded pages under `node` (all of them for the account). */
  refresh(node: TreeNode): void {
    this.lists.reset(refreshScopeOf(node, this.ctx.host));
  }

  /** Pins were added or removed: the pinned runs load again next time. */
  pinsChanged(): void {
    this.lists.peek({ kind: 'pinnedRuns', host: this.ctx.host })?.reset();
  }

  /** Run nodes the tree has made whose run is still running (for the live state refresh). */
  runningRunNodes(): RunNode[] {
    return this.nodes.runningRunNodes();
  }

  /**
   * Asks the server for the state of every running run the tree shows (one request per
   * project, at most `max` runs each) and updates them in place. Returns the nodes that changed.
   */
  refreshRunningStates(signal?: AbortSignal, max = 100): Promise<RunNode[]> {
    return refreshRunningStates(this.nodes.runningRunNodes(), (q, ids, s) => this.ctx.api.runStates(q, ids, s), signal, max);
  }

  // ----- rows by what they show ---------------------------------------------------------------

  entityNodesOf(entity: string): EntityNode[] {
    return this.nodes.entityNodesOf(entity);
  }

  /** The projects the tree lists (the rows it made so far), the workspace's first; once each. */
  listedProjects(): Array<ProjectRef & { workspace: boolean }> {
    const workspace = this.ctx.workspaceProject?.();
    const out: Array<ProjectRef & { workspace: boolean }> = workspace ? [{ ...workspace, workspace: true }] : [];
    for (const n of this.nodes.projectNodes()) {
      const p = { entity: n.project.entity, project: n.project.name };
      if (!out.some((o) => o.entity === p.entity && o.project === p.project)) out.push({ ...p, workspace: false });
    }
    return out;
  }

  projectNodesOf(p: ProjectRef): ProjectNode[] {
    return this.nodes.projectNodesOf(p);
  }

  /** Runs rows of a project (under its entity and under Pinned) that VS Code may show. */
  runsNodesOf(p: ProjectRef): RunsFolderNode[] {
    return this.nodes.runsNodesOf(p);
  }

  openedRunsNodesOf(p: ProjectRef): OpenedRunsNode[] {
    return this.nodes.openedRunsNodesOf(p);
  }

  nodesOfRun(ref: RunRef): RunNode[] {
    return this.nodes.nodesOfRun(ref);
  }

  nodesOfArtifact(id: string): ArtifactVersionNode[] {
    return this.nodes.nodesOfArtifact(id);
  }

  dispose(): void {
    this.lists.dispose();
    this.nodes.clear();
  }
}
