import * as vscode from 'vscode';
import { safeMultilineText } from '../text/safe-text';
import type { Session } from '../auth/session';
import { toTreeItem, type ItemHints } from './items';
import { runTooltipMarkdown } from './format';
import { TreeModel, type TreeSettings } from './model';
import type { MementoLike, PinStore } from './pins';
import type { LoadMoreNode, MessageNode, ProjectRef, RunNode, TreeNode } from './nodes';
import { describeRunsOrder, DEFAULT_RUNS_ORDER } from '../api/runs-filter';
import { isLocalNode } from './local-nodes';
import type { LocalRunsTree } from './loaders/local-runs';
import { ExpansionMemory, LOCAL_ROWS } from './expansion-memory';

/** Rows whose description holds a relative time (created, updated, last active). */
const TIMED_KINDS: ReadonlySet<TreeNode['kind']> = new Set(['project', 'run', 'runFile', 'artifactCollection', 'report']);
/** How often those rows are checked: "12s ago" may lag, minutes and hours do not. */
const CLOCK_MS = 30_000;

function descriptionOf(item: vscode.TreeItem): string | undefined {
  return typeof item.description === 'string' ? item.description : undefined;
}

export interface TreeProviderOptions {
  settings: () => TreeSettings;
  pins: PinStore;
  /** Keeps each project's run search across restarts (workspaceState). */
  searchMemento?: MementoLike;
  /** Keeps which rows were expanded across window reloads (workspaceState). */
  expansionMemento?: MementoLike;
  workspaceProject?: () => ProjectRef | undefined;
  /** Seconds between live state refreshes of running runs; 0 turns it off. */
  liveRefreshSeconds: () => number;
  log?: { warn(message: string): void };
  /** "Local Runs" above the account (and alone while signed out), when the workspace has run folders. */
  local?: LocalRunsTree;
}

/**
 * The W&B side bar: VS Code glue around TreeModel (which loads and pages). Redraws only the
 * levels that changed; every item has a stable id, so refreshes keep expansion and selection.
 */
export class WandbTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly searchChanged = new vscode.EventEmitter<ProjectRef>();
  /** A project's run search or order changed (from the tree or the runs table). */
  readonly onDidChangeSearch = this.searchChanged.event;
  private current: TreeModel | undefined;
  private readonly parents = new WeakMap<TreeNode, TreeNode>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Redraws rows whose relative time ("4 min ago") has moved on, while the view is visible. */
  private clock: ReturnType<typeof setInterval> | undefined;
  /** The description each row with a relative time was last drawn with. */
  private readonly drawnTimes = new Map<TreeNode, string | undefined>();
  private visible = false;
  private liveInFlight: AbortController | undefined;
  private readonly expansion: ExpansionMemory | undefined;

  constructor(
    private readonly session: Session,
    private readonly options: TreeProviderOptions,
  ) {
    this.expansion = options.expansionMemento && new ExpansionMemory(options.expansionMemento);
    this.subscriptions.push(
      session.onDidChange(() => {
        this.current?.dispose();
        this.current = undefined;
        this.drawnTimes.clear();
        this.changed.fire(undefined);
      }),
    );
  }

  /** The model of the signed-in session (made on first use), or undefined when signed out. */
  get model(): TreeModel | undefined {
    const s = this.session.state;
    if (s.kind !== 'signedIn') return undefined;
    this.current ??= new TreeModel({
      api: s.api,
      host: new URL(s.baseUrl).host,
      username: s.viewer.username,
      viewerEntity: s.viewer.defaultEntity,
      teams: s.viewer.teams,
      settings: this.options.settings,
      pins: this.options.pins,
      workspaceProject: this.options.workspaceProject,
      searchMemento: this.options.searchMemento,
      onSearchChanged: (p) => this.searchChanged.fire(p),
    });
    return this.current;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const hints = this.hints(node);
    const item = toTreeItem(node, hints);
    // Drawn expanded from memory: VS Code sends no expand event for it, but it is expanded.
    if (hints.expanded) this.expandedIds.add(node.id);
    if (TIMED_KINDS.has(node.kind)) this.drawnTimes.set(node, descriptionOf(item));
    return item;
  }

  /**
   * Redraws, in one change event, the rows whose description reads differently now ("4 min
   * ago" → "5 min ago"). Called by a timer, never from getChildren. Returns those rows.
   */
  redrawStaleTimes(): TreeNode[] {
    const stale: TreeNode[] = [];
    for (const [node, drawn] of this.drawnTimes) {
      if (descriptionOf(toTreeItem(node, this.hints(node))) !== drawn) stale.push(node);
    }
    if (stale.length) this.changed.fire(stale);
    return stale;
  }

  private hints(node: TreeNode): ItemHints {
    const scope = this.memoryScope(node);
    const expanded = scope !== undefined && this.expansion?.isExpanded(scope, node.id) ? true : undefined;
    if ((node.kind !== 'runs' && node.kind !== 'filter') || !this.current) return expanded ? { expanded } : {};
    const search = this.current.search(node);
    const list = this.current.runsListIfLoaded(node);
    const isDefaultOrder = search.order.by === DEFAULT_RUNS_ORDER.by && search.order.descending === DEFAULT_RUNS_ORDER.descending;
    return {
      expanded,
      runsTotal: list?.total,
      searchText: search.text || undefined,
      orderLabel: isDefaultOrder ? undefined : describeRunsOrder(search.order),
    };
  }


  /** Run tooltips are built only when hovered. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'run') {
      const md = new vscode.MarkdownString(safeMultilineText(runTooltipMarkdown(node.run)));
      md.isTrusted = false;
      md.supportHtml = false;
      item.tooltip = md;
    }
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const state = this.session.state;
    if (!node) {
      const local = this.options.local?.topNodes() ?? [];
      if (state.kind === 'error') {
        return [...local, { kind: 'message', id: 'wandb/#session', text: `Cannot connect: ${state.error.message}`, error: state.error, retry: 'session' }];
      }
      const model = this.model;
      return model ? [...local, model.account] : local; // connecting / signed out: the welcome view says what to do
    }
    if (isLocalNode(node) && this.options.local) {
      const children = await this.options.local.children(node);
      for (const c of children) this.parents.set(c, node);
      return children;
    }
    const model = this.model;
    if (!model) return [];
    const children = await model.children(node);
    for (const c of children) this.parents.set(c, node);
    // Nothing here redraws a row: a refresh of the Runs row fired right after VS Code asked for
    // its children left a run expanded under it with no children (seen in the real VS Code).
    // What the first page brings (the matching count of a search) shows on the search row,
    // which is one of these children.
    return children;
  }

  /** Loads the next page under a "Load more" node; clicks while loading join the same request. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const p = node.list.loadNext();
    this.changed.fire(node.parent);
    await p;
    this.changed.fire(node.parent);
  }

  async retry(node: MessageNode): Promise<void> {
    if (node.retry === 'session') {
      await this.session.reload();
      return;
    }
    if (node.retry && node.parent) {
      const p = node.retry.loadNext();
      this.changed.fire(node.parent);
      await p;
      this.changed.fire(node.parent);
    }
  }

  /** Forgets the loaded pages of `node`'s level and below (everything without a node) and redraws it. */
  refresh(node?: TreeNode): void {
    if (!node || node.kind === 'account') {
      this.current?.dispose();
      this.current = undefined;
      this.drawnTimes.clear();
      this.changed.fire(undefined);
      return;
    }
    this.current?.refresh(node);
    this.changed.fire(node);
  }

  /** The pin list changed: redraw the tree (pinned groups and pin/unpin menus) keeping loaded pages. */
  refreshPins(): void {
    this.current?.pinsChanged();
    this.changed.fire(undefined);
  }

  /**
   * The node path from the account down to `target`, walking through getChildren so that
   * getParent (which `TreeView.reveal` needs) knows every step.
   */
  async walk(path: (model: TreeModel) => Promise<TreeNode[] | undefined>): Promise<TreeNode[] | undefined> {
    const model = this.model;
    if (!model) return undefined;
    const nodes = await path(model);
    if (!nodes) return undefined;
    for (let i = 1; i < nodes.length; i++) this.parents.set(nodes[i]!, nodes[i - 1]!);
    return nodes;
  }

  /** Ids of the nodes the view shows expanded (kept by view.ts from the TreeView's events). */
  readonly expandedIds = new Set<string>();

  /** The user expanded or collapsed `node`: kept for this session, and across reloads for the levels worth it. */
  setExpanded(node: TreeNode, expanded: boolean): void {
    if (expanded) this.expandedIds.add(node.id);
    else this.expandedIds.delete(node.id);
    const scope = this.memoryScope(node);
    if (!this.expansion || scope === undefined) return;
    if (expanded) this.expansion.expanded(scope, node.id, node.kind);
    else this.expansion.collapsed(scope, node.id);
  }

  /** Whose rows `node` is remembered with: the signed-in host's, or Local Runs' own. */
  private memoryScope(node: TreeNode): string | undefined {
    return isLocalNode(node) ? LOCAL_ROWS : this.current?.account.host;
  }

  /** Redraws a node (or everything) without forgetting loaded pages. */
  redraw(node?: TreeNode): void {
    this.changed.fire(node);
  }

  /**
   * Redraws several nodes in one change event. VS Code refreshes one event's nodes together and
   * makes a later `TreeView.reveal` wait for that refresh; separate events within its debounce
   * window would split into a refresh that reveal waits for and one that it does not.
   */
  redrawTogether(nodes: readonly TreeNode[]): void {
    if (nodes.length) this.changed.fire([...nodes]);
  }

  // ----- live state of running runs -----------------------------------------------------------

  /** The view's visibility: live refresh runs only while the view is visible. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.restartLiveRefresh();
    if (this.clock) clearInterval(this.clock);
    this.clock = visible ? setInterval(() => this.redrawStaleTimes(), CLOCK_MS) : undefined;
    if (visible) this.redrawStaleTimes();
  }

  restartLiveRefresh(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.liveInFlight?.abort();
    const seconds = this.options.liveRefreshSeconds();
    if (!this.visible || !(seconds > 0)) return;
    this.timer = setInterval(() => void this.liveTick(), Math.max(2, seconds) * 1000);
  }

  /** One live refresh: asks for the state of running runs on screen and redraws those that changed. */
  async liveTick(): Promise<RunNode[]> {
    const model = this.current;
    if (!model || this.liveInFlight) return [];
    const controller = new AbortController();
    this.liveInFlight = controller;
    try {
      const changed = await model.refreshRunningStates(controller.signal);
      for (const n of changed) this.changed.fire(n);
      return changed;
    } catch (e) {
      if (!controller.signal.aborted) this.options.log?.warn(`live run state refresh failed: ${(e as Error).message}`);
      return [];
    } finally {
      if (this.liveInFlight === controller) this.liveInFlight = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.clock) clearInterval(this.clock);
    this.liveInFlight?.abort();
    this.current?.dispose();
    this.changed.dispose();
    this.searchChanged.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
