/**
 * "W&B: Open Run" and "W&B: Compare Runs": read what VS Code passes (a tree node, the tree's
 * multi-selection, a RunRef, or nothing from the palette) and open the panel.
 */
import * as vscode from 'vscode';
import type { RunRef } from '../api/model/run';
import { parseRunPath } from '../api/urls';
import type { PathDefaults } from '../api/wandb-paths';
import type { PanelDeps } from '../webviews/base-panel';
import { ComparePanel, MAX_COMPARE } from '../webviews/compare-panel';
import { RunPanel } from '../webviews/run-panel';
import { COMPARE_VIEW_TYPE, CMD, RUN_VIEW_TYPE } from '../ids';
import { askForRun, type PathDefaultsSource } from './ask';
import { offerSignIn, type CommandDef } from './register';
import { isLocalRef } from '../local/local-ref';
import { showInformation, showWarning } from '../notify';

/** Several runs typed in the palette: paths or URLs separated by spaces, commas or new lines. */
export function parseRunList(text: string, defaults: PathDefaults = {}): RunRef[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const refs = parts.map((p) => parseRunPath(p, defaults));
  if (refs.length === 0 || refs.some((r) => !r)) return undefined;
  return refs as RunRef[];
}

async function askForRuns(pathDefaults: PathDefaultsSource): Promise<RunRef[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Compare Runs',
    prompt: `Two to ${MAX_COMPARE} runs as entity/project/runId or run URLs, separated by spaces or commas (or select runs in the W&B tree and use its context menu)`,
    placeHolder: 'my-team/mnist/a1b2c3d4 my-team/mnist/e5f6g7h8',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const refs = parseRunList(v, pathDefaults());
      if (!refs) return 'Type runs as entity/project/runId (or run URLs), separated by spaces or commas.';
      return refs.length < 2 ? 'Type at least two runs.' : undefined;
    },
  });
  return text ? parseRunList(text, pathDefaults()) : undefined;
}

export function panelCommands(deps: PanelDeps, pathDefaults: PathDefaultsSource): CommandDef[] {
  return [
    {
      id: CMD.openRun,
      title: 'Open Run',
      signedIn: true,
      run: async (c) => {
        const t = c.targets().run;
        const ref = t?.ref ?? (c.args[0] === undefined ? await askForRun('Open Run', pathDefaults) : undefined);
        if (ref) RunPanel.show(deps, ref, t?.known?.displayName);
      },
    },
    {
      id: CMD.compareRuns,
      title: 'Compare Runs',
      // Local runs compare without a session; any remote one needs it.
      run: async (c) => {
        let refs = c.targets().runs.map((t) => t.ref);
        if (refs.length === 0 && c.args[0] === undefined && deps.session.state.kind === 'signedIn') refs = (await askForRuns(pathDefaults)) ?? [];
        if (refs.length === 0 || (refs.some((r) => !isLocalRef(r)) && deps.session.state.kind !== 'signedIn')) {
          if (deps.session.state.kind !== 'signedIn') await offerSignIn();
          return;
        }
        if (refs.length < 2) {
          void showInformation('Select two or more runs in the W&B tree (Ctrl/Cmd+click), then run Compare Runs.');
          return;
        }
        if (refs.length > MAX_COMPARE) {
          void showWarning(`Compare shows up to ${MAX_COMPARE} runs; comparing the first ${MAX_COMPARE} of ${refs.length}.`);
        }
        ComparePanel.show(deps, refs.slice(0, MAX_COMPARE));
      },
    },
  ];
}

/** Panels VS Code restores after a window reload. */
export function registerPanelSerializers(deps: PanelDeps): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(RUN_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => RunPanel.revive(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => ComparePanel.revive(deps, panel, state),
    }),
  ];
}
