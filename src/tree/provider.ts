import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { WandbApi } from '../api/wandb-api';
import { PagedList } from './paged-list';
import { toTreeItem } from './items';
import type { EntityNode, LoadMoreNode, MessageNode, ProjectNode, RunsFolderNode, TreeNode } from './nodes';

/**
 * The W&B side bar: account → entities → projects → runs. Nothing loads before its level is
 * expanded; each level keeps its loaded pages until refreshed.
 */
export class WandbTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private entities: EntityNode[] | undefined;
  private readonly projectChildren = new WeakMap<ProjectNode, TreeNode[]>();
  private readonly parents = new WeakMap<TreeNode, TreeNode>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly session: Session,
    private readonly pageSize: () => number,
  ) {
    this.subscriptions.push(
      session.onDidChange(() => {
        this.entities = undefined;
        this.changed.fire(undefined);
      }),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.childrenOf(node);
    if (node) for (const c of children) this.parents.set(c, node);
    return children;
  }

  private async childrenOf(node?: TreeNode): Promise<TreeNode[]> {
    const state = this.session.state;
    if (!node) {
      if (state.kind === 'signedIn') return [{ kind: 'account', username: state.viewer.username, host: new URL(state.baseUrl).host }];
      if (state.kind === 'error') {
        return [{ kind: 'message', text: `Cannot connect: ${state.error.message}`, error: state.error, retry: 'session' }];
      }
      return []; // connecting / signed out: the welcome view says what to do
    }
    if (state.kind !== 'signedIn') return [];
    const api = state.api;
    switch (node.kind) {
      case 'account':
        return (this.entities ??= this.makeEntities(api, state.viewer.defaultEntity, state.viewer.teams));
      case 'entity':
        return this.pagedChildren(node, node.projects, (p) => ({ kind: 'project', project: p }) satisfies ProjectNode, 'No projects in this entity yet.');
      case 'project': {
        let kids = this.projectChildren.get(node);
        if (!kids) {
          const { entity, name } = node.project;
          const folder: RunsFolderNode = {
            kind: 'runs',
            entity,
            project: name,
            runs: new PagedList((after, signal) => api.runs({ entity, project: name }, { first: this.pageSize(), after, signal })),
          };
          kids = [folder];
          this.projectChildren.set(node, kids);
        }
        return kids;
      }
      case 'runs':
        return this.pagedChildren(node, node.runs, (r) => ({ kind: 'run', run: r }), 'No runs in this project yet.');
      default:
        return [];
    }
  }

  private makeEntities(api: WandbApi, viewerEntity: string, teams: string[]): EntityNode[] {
    const cfg = vscode.workspace.getConfiguration('wandbExplorer');
    const preferred = (cfg.get<string>('defaultEntity') ?? '').trim() || viewerEntity;
    const extra = cfg.get<string[]>('extraEntities') ?? [];
    const names = [preferred, viewerEntity, ...teams, ...extra].filter((n, i, all) => n && all.indexOf(n) === i);
    return names.map((entity) => ({
      kind: 'entity',
      entity,
      isDefault: entity === preferred,
      projects: new PagedList((after, signal) => api.projects(entity, { first: this.pageSize(), after, signal })),
    }));
  }

  /** Items of a paged level, then "Load more" or an error/empty message. */
  private async pagedChildren<T>(parent: TreeNode, list: PagedList<T>, toNode: (item: T) => TreeNode, emptyText: string): Promise<TreeNode[]> {
    await list.ensureFirstPage();
    const nodes = list.items.map(toNode);
    if (list.error) {
      nodes.push({ kind: 'message', text: list.error.message, error: list.error, retry: list as PagedList<unknown>, parent } satisfies MessageNode);
    } else if (list.hasMore) {
      nodes.push({ kind: 'loadMore', list: list as PagedList<unknown>, parent } satisfies LoadMoreNode);
    } else if (nodes.length === 0) {
      nodes.push({ kind: 'message', text: emptyText });
    }
    return nodes;
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
      await node.retry.loadNext();
      this.changed.fire(node.parent);
    }
  }

  /** Forgets every loaded page and redraws from the top. */
  refresh(): void {
    this.entities = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
