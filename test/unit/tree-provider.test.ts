import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkdownString, type ThemeIcon, TreeItemCollapsibleState, EventEmitter } from 'vscode';
import { WandbTreeProvider } from '../../src/tree/provider';
import { revealInTree } from '../../src/tree/reveal';
import { toTreeItem } from '../../src/tree/items';
import { PinStore } from '../../src/tree/pins';
import type { Session } from '../../src/auth/session';
import type { TreeNode } from '../../src/tree/nodes';
import type { RunSummary } from '../../src/api/model/run';
import { aPage, aProject, aRun } from './builders';


function setup(runs: RunSummary[] = [aRun(1, { state: 'running' }), aRun(2)], workspaceState = new Map<string, unknown>()) {
  const api = {
    projects: vi.fn(async () => aPage([aProject('mnist', { runCount: 1234 })], 1, false)),
    runs: vi.fn(async () => aPage(runs, 1234, true)),
    runStates: vi.fn(async () => new Map([['r1', { state: 'crashed' }]])),
  };
  const changed = new EventEmitter<unknown>();
  const session = {
    state: { kind: 'signedIn', baseUrl: 'https://api.example.com', appUrl: 'https://example.com', viewer: { id: 'v', username: 'alice', defaultEntity: 'alice', teams: [] }, api },
    onDidChange: changed.event,
    reload: vi.fn(),
  } as unknown as Session;
  const data = new Map<string, unknown>();
  const tree = new WandbTreeProvider(session, {
    settings: () => ({ pageSize: 2, defaultEntity: '', extraEntities: [] }),
    pins: new PinStore({ get: <T>(k: string) => data.get(k) as T, update: async (k, v) => void data.set(k, v) }),
    liveRefreshSeconds: () => 5,
    expansionMemento: { get: <T>(k: string) => workspaceState.get(k) as T, update: async (k, v) => void workspaceState.set(k, v) },
  });
  const fired: unknown[] = [];
  tree.onDidChangeTreeData((n) => fired.push(n));
  return { tree, api, fired };
}

async function down(tree: WandbTreeProvider, path: Array<(n: TreeNode) => boolean>): Promise<TreeNode> {
  let node: TreeNode | undefined;
  for (const pred of path) {
    const kids = await tree.getChildren(node);
    node = kids.find(pred);
    if (!node) throw new Error('missing level');
  }
  return node!;
}

const toRuns = [(n: TreeNode) => n.kind === 'account', (n: TreeNode) => n.kind === 'entity', (n: TreeNode) => n.kind === 'project', (n: TreeNode) => n.kind === 'runs'];

afterEach(() => vi.useRealTimers());

describe('WandbTreeProvider', () => {
  it('renders runs with state icons, stable ids, context values, and the total on the Runs row', async () => {
    const { tree } = setup();
    const runs = await down(tree, toRuns);
    const kids = await tree.getChildren(runs);
    const [r1, r2, more] = kids.map((k) => tree.getTreeItem(k));
    expect(r1).toMatchObject({ label: 'run-1', id: kids[0]!.id, contextValue: 'run running unpinned', collapsibleState: TreeItemCollapsibleState.Collapsed });
    expect((r1!.iconPath as ThemeIcon).id).toBe('sync~spin');
    expect((r2!.iconPath as ThemeIcon).id).toBe('pass');
    expect(r1!.tooltip).toBeUndefined(); // built lazily
    expect(more).toMatchObject({ label: 'Load more (2 of 1,234)', contextValue: 'loadMore', command: { command: 'wandbExplorer.loadMore' } });
    expect(tree.getTreeItem(runs).description).toBe('1,234');
    expect(tree.getParent(kids[0]!)).toBe(runs);
  });

  it('builds the run tooltip in resolveTreeItem, as untrusted markdown', async () => {
    const { tree } = setup([aRun(1, { user: 'bob', notes: '<b>x</b>', tags: ['t'] })]);
    const runs = await down(tree, toRuns);
    const [node] = await tree.getChildren(runs);
    const item = tree.resolveTreeItem(tree.getTreeItem(node!), node!);
    expect(item.tooltip).toBeInstanceOf(MarkdownString);
    const md = item.tooltip as MarkdownString;
    expect(md.isTrusted).toBe(false);
    expect(md.value).toContain('User: bob');
    expect(md.value).toContain('\\<b\\>x\\</b\\>');
  });

  it('"Load more" redraws its parent before and after the page arrives', async () => {
    const { tree, api, fired } = setup();
    const runs = await down(tree, toRuns);
    const kids = await tree.getChildren(runs);
    const more = kids.at(-1)!;
    if (more.kind !== 'loadMore') throw new Error();
    fired.length = 0;
    await Promise.all([tree.loadMore(more), tree.loadMore(more)]);
    expect(api.runs).toHaveBeenCalledTimes(2);
    expect(fired.filter((n) => n === runs).length).toBeGreaterThanOrEqual(2);
  });

  it('live refresh polls only while visible and redraws just the runs whose state changed', async () => {
    vi.useFakeTimers();
    const { tree, api, fired } = setup();
    const runs = await down(tree, toRuns);
    const [r1] = await tree.getChildren(runs);
    await vi.advanceTimersByTimeAsync(100);
    fired.length = 0;
    tree.setVisible(false);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(api.runStates).not.toHaveBeenCalled();
    tree.setVisible(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.runStates).toHaveBeenCalledTimes(1);
    expect(fired).toEqual([r1]);
    expect(tree.getTreeItem(r1!).contextValue).toBe('run crashed unpinned');
    // Nothing running any more: later ticks ask nothing.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.runStates).toHaveBeenCalledTimes(1);
    tree.dispose();
  });
});

describe('WandbTreeProvider relative times', () => {
  it('redraws, on a timer while visible, only the rows whose "… ago" has moved on', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T12:00:00Z') });
    const { tree, fired } = setup([aRun(1, { createdAt: new Date('2026-01-01T11:56:10Z') }), aRun(2, { createdAt: new Date('2025-01-01T00:00:00Z') })]);
    const runs = await down(tree, toRuns);
    const [fresh, old] = await tree.getChildren(runs);
    expect(tree.getTreeItem(fresh!).description).toBe('4 min ago');
    tree.getTreeItem(old!);
    tree.setVisible(true);
    fired.length = 0;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fired).toEqual([]); // 4 min 20 s still reads "4 min ago"
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fired).toEqual([[fresh]]);
    expect(tree.getTreeItem(fresh!).description).toBe('5 min ago');
    tree.setVisible(false);
    fired.length = 0;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fired).toEqual([]);
    tree.dispose();
  });
});

describe('WandbTreeProvider redraws and reveal', () => {
  it('shows the project\'s run count on Runs before it is expanded, and redraws nothing while answering', async () => {
    const { tree, fired } = setup();
    const runs = await down(tree, toRuns);
    // From the projects page (runCount 1234): no runs page was asked for yet.
    expect(tree.getTreeItem(runs).description).toBe('1,234');
    fired.length = 0;
    const kids = await tree.getChildren(runs);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 0));
    expect(kids.length).toBeGreaterThan(0);
    expect(fired).toEqual([]);
  });

  it('under a search, the search row carries the matching count the first page brought', async () => {
    const { tree, fired } = setup();
    const runs = await down(tree, toRuns);
    tree.model!.setFilter(runs as unknown as { entity: string; project: string }, 'state:running');
    // The project's count is not the search's: the Runs row does not claim it.
    expect(tree.getTreeItem(runs).description).toBe('search: state:running');
    fired.length = 0;
    const kids = await tree.getChildren(runs);
    expect(kids[0]!.kind).toBe('filter');
    expect(tree.getTreeItem(kids[0]!).description).toBe('1,234 matching · click to clear the search');
    expect(fired).toEqual([]);
  });

  it('reveal redraws the given levels in one event, then reveals the node the loaders resolve', async () => {
    const { tree, fired } = setup();
    const model = tree.model!;
    const account = model.account;
    const runs = await down(tree, toRuns);
    await new Promise((r) => setImmediate(r));
    fired.length = 0;
    const order: string[] = [];
    tree.onDidChangeTreeData(() => order.push('redraw'));
    const view = { reveal: vi.fn(async () => void order.push('reveal')) };
    const node = await revealInTree(tree, view as never, (m) => m.pathToRun({ entity: 'alice', project: 'mnist', runId: 'r2' }), {
      redrawFirst: [account, runs],
      select: true,
      focus: true,
      expand: false,
    });
    expect(fired).toEqual([[account, runs]]);
    expect(order).toEqual(['redraw', 'reveal']);
    expect(node).toMatchObject({ kind: 'run', run: { runId: 'r2' } });
    expect(view.reveal).toHaveBeenCalledWith(node, { select: true, focus: true, expand: false });
    expect(tree.getParent(node!)).toBe(runs);
  });

  it('reveal of a path the tree does not have reveals nothing', async () => {
    const { tree } = setup();
    const view = { reveal: vi.fn(async () => undefined) };
    expect(await revealInTree(tree, view as never, (m) => m.pathToRun({ entity: 'alice', project: 'nope', runId: 'x' }), { select: true, focus: false, expand: false })).toBeUndefined();
    expect(view.reveal).not.toHaveBeenCalled();
  });
});

describe('WandbTreeProvider expansion across reloads', () => {
  it('draws the project and Runs rows the user left expanded as expanded after a reload, not the ones collapsed', async () => {
    const workspaceState = new Map<string, unknown>();
    const before = setup(undefined, workspaceState).tree;
    const project = await down(before, toRuns.slice(0, 3));
    const runs = await down(before, toRuns);
    const artifacts = (await before.getChildren(project)).find((n) => n.kind === 'artifacts')!;
    before.setExpanded(project, true);
    before.setExpanded(runs, true);
    before.setExpanded(artifacts, true);
    before.setExpanded(artifacts, false);

    const after = setup(undefined, workspaceState).tree; // the window reloaded
    const state = async (pred: (n: TreeNode) => boolean) => after.getTreeItem((await after.getChildren(await down(after, toRuns.slice(0, 3)))).find(pred)!).collapsibleState;
    const restored = await down(after, toRuns.slice(0, 3));
    expect(after.getTreeItem(restored).collapsibleState).toBe(TreeItemCollapsibleState.Expanded);
    // Commands that ask which rows are expanded (Go to Run) see it as expanded too.
    expect(after.expandedIds.has(restored.id)).toBe(true);
    expect(await state((n) => n.kind === 'runs')).toBe(TreeItemCollapsibleState.Expanded);
    expect(await state((n) => n.kind === 'artifacts')).toBe(TreeItemCollapsibleState.Collapsed);
    expect(await state((n) => n.kind === 'sweeps')).toBe(TreeItemCollapsibleState.Collapsed);
  });
});

describe('Local Runs expansion across reloads', () => {
  /** A provider over this workspace state, signed out: Local Runs show without a session. */
  function signedOut(workspaceState: Map<string, unknown>): WandbTreeProvider {
    const session = { state: { kind: 'signedOut' }, onDidChange: new EventEmitter<unknown>().event, reload: vi.fn() } as unknown as Session;
    const memento = { get: <T>(k: string) => workspaceState.get(k) as T, update: async (k: string, v: unknown) => void workspaceState.set(k, v) };
    return new WandbTreeProvider(session, { settings: () => ({ pageSize: 2, defaultEntity: '', extraEntities: [] }), pins: new PinStore(memento), liveRefreshSeconds: () => 5, expansionMemento: memento });
  }
  const root: TreeNode = { kind: 'localRuns', id: 'local', runCount: 3 };
  const project: TreeNode = { kind: 'localProject', id: 'local/p:mnist', project: 'mnist', runCount: 2 };
  const other: TreeNode = { kind: 'localProject', id: 'local/p:cifar', project: 'cifar', runCount: 1 };

  it('draws Local Runs and the projects left expanded as expanded after a reload, signed out or in', async () => {
    const workspaceState = new Map<string, unknown>();
    const before = signedOut(workspaceState);
    before.setExpanded(root, true);
    before.setExpanded(project, true);
    before.setExpanded(other, true);
    before.setExpanded(other, false);

    const after = signedOut(workspaceState); // the window reloaded
    expect(after.getTreeItem(root).collapsibleState).toBe(TreeItemCollapsibleState.Expanded);
    expect(after.getTreeItem(project).collapsibleState).toBe(TreeItemCollapsibleState.Expanded);
    expect(after.getTreeItem(other).collapsibleState).toBe(TreeItemCollapsibleState.Collapsed);
    expect(after.expandedIds.has('local/p:mnist')).toBe(true);
    // Signed in to a host, the same rows are still drawn expanded: they are not the host's rows.
    const signedIn = setup(undefined, workspaceState).tree;
    await down(signedIn, toRuns.slice(0, 1));
    expect(signedIn.getTreeItem(root).collapsibleState).toBe(TreeItemCollapsibleState.Expanded);
  });

  it('does not remember a local run (its folder is read when it opens)', () => {
    const workspaceState = new Map<string, unknown>();
    const run = { kind: 'localRun', id: 'local/p:mnist/r:run-1', run: { folder: '/w/wandb/run-1', displayName: 'run-1', runId: 'run-1', state: 'finished', offline: true, project: 'mnist', historyRows: 0, warnings: [], ref: { entity: '', project: 'mnist', runId: 'run-1' } } } as unknown as TreeNode;
    signedOut(workspaceState).setExpanded(run, true);
    expect(signedOut(workspaceState).getTreeItem(run).collapsibleState).toBe(TreeItemCollapsibleState.Collapsed);
  });
});

describe('tree items', () => {
  it('gives every kind a context value for the menus', () => {
    const v = { id: 'A', entity: 'e', project: 'p', collection: 'c', type: 'dataset', versionIndex: 3, version: 'v3', aliases: ['latest', 'best'], metadata: {}, state: 'COMMITTED', size: 2048, fileCount: 2, digest: 'd' };
    const nodes: TreeNode[] = [
      { kind: 'artifactVersion', id: 'x1', version: v },
      { kind: 'artifactFile', id: 'x2', version: v, entry: { path: 'a/b.csv', digest: 'x', size: 10 } },
      { kind: 'runFolder', id: 'x3', run: { entity: 'e', project: 'p', runId: 'r' }, path: 'media/images/' },
      { kind: 'filter', id: 'x4', entity: 'e', project: 'p', text: 'state:running' },
      { kind: 'report', id: 'x5', report: { id: 'R', entity: 'e', project: 'p', title: 'T', author: 'me' } },
      { kind: 'sweep', id: 'x6', sweep: { id: 's', entity: 'e', project: 'p', sweepId: 'sw', displayName: 'sweep', state: 'RUNNING', method: 'bayes', metric: { name: 'acc', goal: 'maximize' }, runCount: 3 } },
      { kind: 'filter', id: 'x7', entity: 'e', project: 'p', text: '', order: 'val/acc ↓' },
    ];
    const items = nodes.map((n) => toTreeItem(n));
    expect(items.map((i) => i.contextValue)).toEqual(['artifactVersion', 'artifactFile', 'runFolder', 'filter searched', 'report', 'sweep', 'filter sorted']);
    expect(items[0]!.description).toBe('latest, best · 2.00 KB · 2 files');
    expect(items[1]!.label).toBe('b.csv');
    expect(items[2]!.label).toBe('images');
    expect(items[3]).toMatchObject({ label: 'Search: state:running', command: { command: 'wandbExplorer.clearRunsFilter' } });
    expect(items[4]!.command?.command).toBe('wandbExplorer.openReportInBrowser');
    expect(items[5]!.description).toBe('running · bayes · ↑ acc · 3 runs');
    // A click clears the search first (the sort stays), then the sort.
    expect(items[6]).toMatchObject({ label: 'sorted by val/acc ↓', description: 'click for newest first', command: { command: 'wandbExplorer.clearRunsSort' } });
  });

  it('marks linked collections and their rows with the version they link, and pending versions as pending', () => {
    const base = { id: 'A', type: 'model', metadata: {}, size: 2048, fileCount: 2, digest: 'd' };
    const coll = toTreeItem({ kind: 'artifactCollection', id: 'z1', entity: 'e', project: 'model-registry', collection: { id: 'C', name: 'cnn', type: 'model', linked: true } });
    expect((coll.iconPath as ThemeIcon).id).toBe('link');
    expect(coll.tooltip).toContain('Linked collection');
    const seq = toTreeItem({ kind: 'artifactCollection', id: 'z2', entity: 'e', project: 'p', collection: { id: 'D', name: 'cnn', type: 'model', linked: false } });
    expect((seq.iconPath as ThemeIcon).id).toBe('archive');
    const member = toTreeItem({
      kind: 'artifactVersion',
      id: 'z3',
      version: { ...base, entity: 'e', project: 'model-registry', collection: 'cnn', versionIndex: 0, version: 'v0', aliases: ['staging'], state: 'COMMITTED', linkedFrom: { entity: 'e', project: 'mnist', collection: 'cnn', version: 'v3' } },
    });
    expect(member.label).toBe('v0');
    expect(member.description).toBe('staging · → e/mnist/cnn:v3 · 2.00 KB · 2 files');
    expect(member.tooltip).toContain('Linked from e/mnist/cnn:v3');
    const pending = toTreeItem({ kind: 'artifactVersion', id: 'z4', showCollection: true, version: { ...base, entity: 'e', project: 'p', collection: 'cnn', versionIndex: 5, version: 'v5', aliases: [], state: 'PENDING' } });
    expect(pending.description).toBe('pending · model · 2.00 KB · 2 files');
    expect(pending.tooltip).toContain('cannot be downloaded');
  });

  it('read-only runs and their Files rows say so in their context value (edit menus hide on it)', () => {
    const ro = aRun(7, { readOnly: true });
    const ref = { entity: 'e', project: 'p', runId: 'r7' };
    const items = [
      toTreeItem({ kind: 'run', id: 'y1', run: ro }),
      toTreeItem({ kind: 'run', id: 'y2', run: aRun(8) }),
      toTreeItem({ kind: 'runFiles', id: 'y3', run: ref, readOnly: true }),
      toTreeItem({ kind: 'runFolder', id: 'y4', run: ref, path: 'media/', readOnly: true }),
      toTreeItem({ kind: 'runFiles', id: 'y5', run: ref }),
    ];
    expect(items.map((i) => i.contextValue)).toEqual(['run finished unpinned readonly', 'run finished unpinned', 'runFiles readonly', 'runFolder readonly', 'runFiles']);
  });

  it('names account, entity, project and Runs rows for screen readers', async () => {
    const { tree } = setup();
    const account = (await tree.getChildren(undefined))[0]!;
    expect(tree.getTreeItem(account).accessibilityInformation?.label).toBe('W&B account alice on api.example.com');
    const entity = (await tree.getChildren(account)).find((n) => n.kind === 'entity')!;
    expect(tree.getTreeItem(entity).accessibilityInformation?.label).toBe('alice, entity, default');
    const project = (await tree.getChildren(entity)).find((n) => n.kind === 'project')!;
    expect(tree.getTreeItem(project).accessibilityInformation?.label).toBe('mnist, project, 1,234 runs');
    const runs = (await tree.getChildren(project)).find((n) => n.kind === 'runs')!;
    await tree.getChildren(runs);
    expect(tree.getTreeItem(runs).accessibilityInformation?.label).toBe('Runs, 1,234');
  });

  it('the Overview row opens the run panel with the run node', () => {
    const runNode: TreeNode = { kind: 'run', id: 'r', run: aRun(1) };
    const item = toTreeItem({ kind: 'runOverview', id: 'o', runNode });
    expect(item.command).toEqual({ command: 'wandbExplorer.openRun', title: 'Open Run', arguments: [runNode] });
  });

  it('a run row opens its panel on Enter or click (its command), so Enter does not expand it', () => {
    const runNode: TreeNode = { kind: 'run', id: 'r', run: aRun(1) };
    const item = toTreeItem(runNode);
    expect(item.command).toEqual({ command: 'wandbExplorer.openRun', title: 'Open Run', arguments: [runNode] });
    expect(item.collapsibleState).toBe(TreeItemCollapsibleState.Collapsed);
  });

  it('names artifact collections by their name and versions with their aliases for screen readers', () => {
    const coll = toTreeItem({ kind: 'artifactCollection', id: 'c', entity: 'e', project: 'p', collection: { id: 'C', name: 'model-abc', type: 'model', linked: false, description: 'A long description a reader should not get first' } });
    expect(coll.accessibilityInformation?.label).toBe('model-abc, artifact collection');
    const v = { id: 'A', entity: 'e', project: 'p', collection: 'model-abc', type: 'model', versionIndex: 3, version: 'v3', aliases: ['latest', 'best'], metadata: {}, state: 'COMMITTED', size: 2048, fileCount: 2, digest: 'd' };
    const version = toTreeItem({ kind: 'artifactVersion', id: 'v', version: v });
    expect(version.accessibilityInformation?.label).toBe('model-abc:v3, aliases latest, best, 2.00 KB, 2 files');
    expect(String(version.tooltip).split('\n').slice(0, 2)).toEqual(['e/p/model-abc:v3', 'aliases latest, best']);
    const bare = toTreeItem({ kind: 'artifactVersion', id: 'w', version: { ...v, aliases: [], state: 'PENDING' } });
    expect(bare.accessibilityInformation?.label).toBe('model-abc:v3, pending, 2.00 KB, 2 files');
  });

  it('marks the best sweep run and shows the chosen metric', () => {
    const item = toTreeItem({ kind: 'run', id: 'r', run: aRun(1, { metrics: { acc: 0.98765 } }), best: true, metricKey: 'acc' });
    expect(item.description).toMatch(/^best · acc 0\.9877/);
    expect((item.iconPath as ThemeIcon).id).toBe('star-full');
  });
});
