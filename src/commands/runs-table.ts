/**
 * "W&B: Open Runs Table": a project's runs (or a sweep's) as a table, from the project's and the
 * Runs folder's context menu, a sweep's, the view title and the palette. The table and the tree
 * share each project's search. The panel (webviews/runs-table-panel.ts, with its queries) is
 * loaded when the first table opens or is restored: the production build ships it as
 * dist/runs-table-panel.js, outside extension.js.
 */
import * as vscode from 'vscode';
import type { WandbTreeProvider } from '../tree/provider';
import type { ProjectRef } from '../tree/nodes';
import type * as RunsTablePanelModule from '../webviews/runs-table-panel';
import type { RunsTableDeps, RunsTableScope } from '../webviews/runs-table-panel';
import type { PanelDeps } from '../webviews/base-panel';
import { ComparePanel } from '../webviews/compare-panel';
import { RunPanel } from '../webviews/run-panel';
import { RUNS_TABLE_VIEW_TYPE, CMD, SETTINGS } from '../ids';
import { askForSweep, type PathDefaultsSource } from './ask';
import { pickProject } from './project-picker';
import type { CommandDef } from './register';

export interface RunsTableCommandDeps extends PanelDeps {
  memento: vscode.Memento;
  tree: WandbTreeProvider;
  lastProject(): ProjectRef | undefined;
  /** Default entity and project for a sweep path typed without them (Go to Sweep…). */
  pathDefaults: PathDefaultsSource;
}

let loaded: Promise<typeof RunsTablePanelModule> | undefined;

/** The runs table panel's module, loaded on first call. */
function panelModule(): Promise<typeof RunsTablePanelModule> {
  return (loaded ??= import('../webviews/runs-table-panel'));
}

/** The panel's view of the tree: the project's search, and telling the tree when the table changed it. */
export function runsTableDeps(d: RunsTableCommandDeps): RunsTableDeps {
  return {
    ...d,
    openRun: (ref) => RunPanel.show(d, ref),
    compare: (refs) => void ComparePanel.show(d, refs),
    searchOf: (p) => {
      const s = d.tree.model?.search(p);
      return s ? { text: s.text, order: s.order } : undefined;
    },
    searchChanged: (p, change) => {
      const model = d.tree.model;
      if (!model) return;
      if (change.text !== undefined) model.setFilter(p, change.text);
      if (change.order) model.setOrder(p, change.order);
      for (const n of model.runsNodesOf(p)) d.tree.redraw(n);
    },
    watchSearch: (listener) => d.tree.onDidChangeSearch(listener),
    liveRefreshSeconds: () => vscode.workspace.getConfiguration(SETTINGS).get<number>('liveRefreshSeconds') ?? 15,
  };
}

export function runsTableCommands(d: RunsTableCommandDeps): CommandDef[] {
  const deps = runsTableDeps(d);
  return [
    {
      id: CMD.openRunsTable,
      title: 'Open Runs Table',
      signedIn: true,
      run: async (c) => {
        const t = c.targets();
        const sweep = t.sweep;
        let scope: RunsTableScope | undefined = sweep ? { entity: sweep.entity, project: sweep.project, sweep: sweep.sweepId } : t.project;
        if (!scope && c.args[0] === undefined) {
          // The same choice Search Runs… and Sort Runs… offer: the tree's projects, the workspace's first.
          const known = (d.tree.model?.listedProjects() ?? []).map((k) => ({ ...k, why: k.workspace ? 'workspace' : 'in the side bar' }));
          scope = d.lastProject() ?? (await pickProject(d.session, { title: 'Open Runs Table', known }));
        }
        if (scope) (await panelModule()).RunsTablePanel.show(deps, scope);
      },
    },
    {
      // A sweep path or URL opens that sweep's runs as a table: the sweep's own view here.
      id: CMD.goToSweep,
      title: 'Go to Sweep…',
      signedIn: true,
      run: async (c) => {
        const sweep = await askForSweep('Go to Sweep', d.pathDefaults);
        if (!sweep) return;
        c.what = `Go to Sweep (${sweep.entity}/${sweep.project}/${sweep.sweepId})`;
        // One small read first, so a sweep that does not exist says so instead of an empty table.
        await d.session.requireApi().sweepRuns({ entity: sweep.entity, project: sweep.project, sweepId: sweep.sweepId }, { first: 1 });
        (await panelModule()).RunsTablePanel.show(deps, { entity: sweep.entity, project: sweep.project, sweep: sweep.sweepId });
      },
    },
  ];
}

/** Runs tables VS Code restores after a window reload. */
export function registerRunsTableSerializer(d: RunsTableCommandDeps): vscode.Disposable {
  const deps = runsTableDeps(d);
  return vscode.window.registerWebviewPanelSerializer(RUNS_TABLE_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => (await panelModule()).RunsTablePanel.revive(deps, panel, state),
  });
}
