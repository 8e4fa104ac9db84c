import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { WandbTreeProvider } from '../tree/provider';
import type { TreeModel } from '../tree/model';
import { revealInTree } from '../tree/reveal';
import type { LoadMoreNode, MessageNode, ProjectRef, TreeNode } from '../tree/nodes';
import type { PinStore } from '../tree/pins';
import type { RunRef } from '../api/model/run';
import { RunsFilterError, type RunsOrder } from '../api/runs-filter';
import { askSortKey, projectRunKeys, searchValidator } from './run-key-input';
import { artifactWebUrl, parseRunPath, projectWebUrl, runWebUrl, sweepWebUrl } from '../api/urls';
import { reportWebUrl } from '../api/model/reports';
import { WandbError } from '../api/errors';
import { parseWandbPath } from '../api/wandb-paths';
import { CMD, RUNS_VIEW } from '../ids';
import { askForRun, type PathDefaultsSource } from './ask';
import { pickProject as pickProjectFromList } from './project-picker';
import type { CommandDef } from './register';
import type { Targets } from './targets';
import { showError, showInformation } from '../notify';

export interface TreeCommandDeps {
  session: Session;
  tree: WandbTreeProvider;
  view: vscode.TreeView<TreeNode>;
  pins: PinStore;
  /** The project last expanded or selected in the tree, for commands run from the palette. */
  lastProject(): ProjectRef | undefined;
  /** What fills a short run path's entity and project (as the SDK's settings do). */
  pathDefaults: PathDefaultsSource;
}

/** Tree commands: refresh, load more, retry. */
export function treeCommands({ tree }: TreeCommandDeps): CommandDef[] {
  return [
    { id: CMD.refresh, title: 'Refresh', run: (c) => tree.refresh(isNode(c.args[0]) ? c.args[0] : undefined) },
    { id: CMD.loadMore, title: 'Load More', run: (c) => tree.loadMore(c.args[0] as LoadMoreNode) },
    { id: CMD.retry, title: 'Retry', run: (c) => tree.retry(c.args[0] as MessageNode) },
  ];
}

function isNode(v: unknown): v is TreeNode {
  return !!v && typeof v === 'object' && 'kind' in v;
}

/**
 * Run commands of the tree: search and sort a project's runs, Go to Run, copy run path/URL/id,
 * open projects, artifacts, sweeps and reports in the browser.
 */
export function runsCommands({ session, tree, view, lastProject, pathDefaults }: TreeCommandDeps): CommandDef[] {
  /** The project of the chosen row (else of the tree's selection), else the last one used. */
  const projectFrom = (targets: Targets): ProjectRef | undefined => targets.project ?? lastProject();

  /** The chosen row's project, else the last one used, else one the user picks (the tree's first). */
  const pickProject = async (targets: Targets, title: string): Promise<ProjectRef | undefined> => {
    const p = projectFrom(targets);
    if (p) return p;
    const known = (tree.model?.listedProjects() ?? []).map((k) => ({ ...k, why: k.workspace ? 'workspace' : 'in the side bar' }));
    return pickProjectFromList(session, { title, known });
  };

  /**
   * Redraws the project's Runs rows; when none is expanded yet, reveals the one under its entity,
   * expanded (revealing an expanded row again would fetch its children twice at once).
   */
  const showRuns = async (p: ProjectRef) => {
    const model = tree.model;
    if (!model) return;
    const rows = model.runsNodesOf(p);
    for (const n of rows) tree.redraw(n);
    if (rows.some((n) => tree.expandedIds.has(n.id))) return;
    const path = await tree.walk(async (m) => {
      const projectPath = await m.pathToProject(p);
      if (!projectPath) {
        m.focusProject(p);
        tree.redraw(m.account);
        return undefined;
      }
      const runs = (await m.children(projectPath[projectPath.length - 1])).find((n) => n.kind === 'runs');
      return runs ? [...projectPath, runs] : undefined;
    });
    const runs = path?.[path.length - 1];
    if (runs) await view.reveal(runs, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
  };

  /** Clears part of the chosen project's search, then shows its Runs. */
  const clearing = async (targets: Targets, clear: (model: TreeModel, p: ProjectRef) => void) => {
    const model = tree.model;
    const p = projectFrom(targets);
    if (!model || !p) return;
    clear(model, p);
    await showRuns(p);
  };

  const appUrl = () => (session.state.kind === 'signedIn' ? session.state.appUrl : '');

  return [
    {
      id: CMD.filterRuns,
      title: 'Search Runs',
      signedIn: true,
      run: async (c) => {
        const model = tree.model;
        if (!model) return;
        const p = await pickProject(c.targets({ orSelection: true }), 'Search Runs');
        if (!p) return;
        const current = model.search(p).text;
        const api = session.state.kind === 'signedIn' ? session.state.api : undefined;
        const keys = api ? projectRunKeys(api, p) : Promise.resolve(undefined);
        const text = await vscode.window.showInputBox({
          title: `Search runs in ${p.entity}/${p.project}`,
          value: current,
          prompt:
            'Free text searches display names. Terms: state:running tag:baseline group:g job:train user:alice mine id:a1b2 created:<7d config.lr<0.01 summary.val/acc>=0.9; -tag:x excludes; OR between terms. Keys are checked against the project\'s runs. Empty clears.',
          placeHolder: 'state:finished config.lr<0.01 "resnet"',
          ignoreFocusOut: true,
          validateInput: searchValidator(keys, p, { username: session.state.kind === 'signedIn' ? session.state.viewer.username : undefined }),
        });
        if (text === undefined) return;
        try {
          model.setFilter(p, text);
        } catch (e) {
          if (e instanceof RunsFilterError) return void showError(e.message);
          throw e;
        }
        await showRuns(p);
      },
    },

    // Search and sort clear separately: clearing one keeps the other.
    { id: CMD.clearRunsFilter, title: 'Clear Run Search', run: (c) => clearing(c.targets({ orSelection: true }), (m, p) => m.clearSearch(p)) },
    { id: CMD.clearRunsSort, title: 'Clear Run Sort', run: (c) => clearing(c.targets({ orSelection: true }), (m, p) => m.clearOrder(p)) },

    {
      id: CMD.sortRuns,
      title: 'Sort Runs',
      signedIn: true,
      run: async (c) => {
        const model = tree.model;
        if (!model) return;
        const p = await pickProject(c.targets({ orSelection: true }), 'Sort Runs');
        if (!p) return;
        const items: Array<vscode.QuickPickItem & { order?: RunsOrder; metricDescending?: boolean; section?: 'summary' | 'config' }> = [
          { label: 'Created, newest first', order: { by: 'created', descending: true } },
          { label: 'Created, oldest first', order: { by: 'created', descending: false } },
          { label: 'Last heartbeat, most recent first', order: { by: 'heartbeat', descending: true } },
          { label: 'Last heartbeat, oldest first', order: { by: 'heartbeat', descending: false } },
          { label: 'Summary metric, highest first…', metricDescending: true, section: 'summary' },
          { label: 'Summary metric, lowest first…', metricDescending: false, section: 'summary' },
          { label: 'Config value, highest first…', metricDescending: true, section: 'config' },
          { label: 'Config value, lowest first…', metricDescending: false, section: 'config' },
        ];
        const pick = await vscode.window.showQuickPick(items, { title: `Sort runs in ${p.entity}/${p.project}` });
        if (!pick) return;
        let order = pick.order;
        if (!order) {
          const cur = model.search(p).order;
          const section = pick.section ?? 'summary';
          const api = session.state.kind === 'signedIn' ? session.state.api : undefined;
          const chosen = await askSortKey(section, p, api ? projectRunKeys(api, p) : Promise.resolve(undefined), cur.by === section ? cur.metric : undefined);
          if (!chosen) return;
          order = { by: chosen.source, metric: chosen.key, descending: pick.metricDescending ?? true };
        }
        model.setOrder(p, order);
        await showRuns(p);
      },
    },

    {
      id: CMD.goToRun,
      title: 'Go to Run',
      signedIn: true,
      run: async (c) => {
        const state = session.state;
        const model = tree.model;
        if (state.kind !== 'signedIn' || !model) return;
        const input = c.args[0];
        if (typeof input === 'string' && !parseRunPath(input, pathDefaults())) {
          const parsed = parseWandbPath(input, pathDefaults());
          return void showError(parsed.kind === 'invalid' ? parsed.message : `"${input}" names a sweep, not a run.`);
        }
        const ref = typeof input === 'string' ? parseRunPath(input, pathDefaults()) : await askForRun('Go to Run', pathDefaults);
        if (!ref) return;
        const page = await vscode.window.withProgress({ location: { viewId: RUNS_VIEW }, title: 'Finding the run…' }, () =>
          state.api.runs({ entity: ref.entity, project: ref.project, filters: { name: ref.runId } }, { first: 1 }),
        );
        const run = page.items[0];
        if (!run) throw new WandbError('notFound', `Run ${ref.entity}/${ref.project}/${ref.runId} was not found on ${model.account.host}.`);
        model.focusRun(run);
        // Levels already on screen that may gain a row (an entity, a project, the project's
        // "Opened with Go to Run" group or the run in it) are redrawn first; reveal then walks
        // down (levels not shown yet load fresh anyway).
        // The workspace's project and the group show expanded without an expand event.
        const shown = [
          model.account,
          ...[...model.entityNodesOf(ref.entity), ...model.projectNodesOf(ref)].filter((n) => tree.expandedIds.has(n.id) || (n.kind === 'project' && n.workspace)),
          ...model.openedRunsNodesOf(ref),
        ];
        const node = await revealInTree(tree, view, (m) => m.pathToRun(ref), { redrawFirst: shown, select: true, focus: true, expand: false });
        if (node && (await vscode.commands.getCommands(true)).includes(CMD.openRun)) {
          await vscode.commands.executeCommand(CMD.openRun, node);
        }
      },
    },

    { id: CMD.copyRunPath, title: 'Copy Run Path', run: (c) => copyRuns(c.targets({ orSelection: true }), (r) => `${r.entity}/${r.project}/${r.runId}`, 'path') },
    {
      id: CMD.copyRunUrl,
      title: 'Copy Run URL',
      signedIn: true,
      run: (c) => copyRuns(c.targets({ orSelection: true }), (r) => runWebUrl(appUrl(), r.entity, r.project, r.runId), 'URL'),
    },
    { id: CMD.copyRunId, title: 'Copy Run ID', run: (c) => copyRuns(c.targets({ orSelection: true }), (r) => r.runId, 'ID') },

    {
      id: CMD.openInBrowser,
      title: 'Open in Browser',
      signedIn: true,
      run: async (c) => {
        const target = c.targets({ orSelection: true }).first as TreeNode | undefined;
        const url = target ? webUrlOf(appUrl(), target) : undefined;
        if (!url) return void showInformation('Select a project, run, artifact, sweep or report to open in the browser.');
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
      },
    },
    {
      id: CMD.openReportInBrowser,
      title: 'Open Report in Browser',
      signedIn: true,
      run: async (c) => {
        const report = c.targets({ orSelection: true }).report;
        if (!report) return;
        await vscode.env.openExternal(vscode.Uri.parse(reportWebUrl(appUrl(), report), true));
      },
    },
  ];
}

/** The web app page of a node, when it has one. */
export function webUrlOf(appUrl: string, node: TreeNode): string | undefined {
  const seg = encodeURIComponent;
  switch (node.kind) {
    case 'project':
      return projectWebUrl(appUrl, node.project.entity, node.project.name);
    case 'runs':
      return projectWebUrl(appUrl, node.entity, node.project);
    case 'run':
      return runWebUrl(appUrl, node.run.entity, node.run.project, node.run.runId);
    case 'artifacts':
      return `${appUrl}/${seg(node.entity)}/${seg(node.project)}/artifacts`;
    case 'artifactType':
      return `${appUrl}/${seg(node.entity)}/${seg(node.project)}/artifacts/${seg(node.type)}`;
    case 'artifactCollection':
      return `${appUrl}/${seg(node.entity)}/${seg(node.project)}/artifacts/${seg(node.collection.type)}/${seg(node.collection.name)}`;
    case 'artifactVersion': {
      const v = node.version;
      return artifactWebUrl(appUrl, v.entity, v.project, v.type, v.collection, v.version);
    }
    case 'sweeps':
      return `${appUrl}/${seg(node.entity)}/${seg(node.project)}/sweeps`;
    case 'sweep':
      return sweepWebUrl(appUrl, node.sweep.entity, node.sweep.project, node.sweep.sweepId);
    case 'reports':
      return `${appUrl}/${seg(node.entity)}/${seg(node.project)}/reportlist`;
    case 'report':
      return reportWebUrl(appUrl, node.report);
    default:
      return undefined;
  }
}

/**
 * Copies one line per chosen run and says so in a notification that names what was copied: with
 * several rows selected the whole selection is copied, which a status-bar flash did not tell.
 */
async function copyRuns(targets: Targets, text: (r: RunRef) => string, what: string): Promise<void> {
  const runs = targets.runs.map((t) => t.ref);
  if (runs.length === 0) return void showInformation('Select one or more runs first.');
  const lines = runs.map(text);
  await vscode.env.clipboard.writeText(lines.join('\n'));
  void showInformation(runs.length === 1 ? `Copied the run ${what}: ${lines[0]}` : `Copied the ${what}s of ${runs.length} runs (one per line).`);
}
