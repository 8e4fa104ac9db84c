/**
 * "W&B: Open Run" and "W&B: Compare Runs": parse what VS Code passes (a tree node, the tree's
 * multi-selection, a RunRef, or nothing from the palette) and open the panel.
 */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { RunRef } from '../api/model/run';
import { parseRunPath } from '../api/urls';
import type { PanelDeps } from '../webviews/base-panel';
import { COMPARE_VIEW_TYPE, ComparePanel, MAX_COMPARE } from '../webviews/compare-panel';
import { asRunRef, refKey, RUN_VIEW_TYPE, RunPanel } from '../webviews/run-panel';

/** A run from a tree run node (`{kind: 'run', run}`) or a plain RunRef. */
export function runRefOf(arg: unknown): RunRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { kind?: unknown; run?: unknown; runNode?: { run?: unknown } };
  if (a.kind === 'run') return asRunRef(a.run);
  if (a.kind === 'runOverview') return asRunRef(a.runNode?.run);
  if (a.kind !== undefined) return undefined;
  return asRunRef(arg);
}

/** The runs to compare: the multi-selection when the clicked node is part of it, else the clicked node and the selection. */
export function compareRefs(node: unknown, selected: unknown): RunRef[] {
  const list: unknown[] = Array.isArray(selected) && selected.length > 0 ? [...selected] : [];
  if (node !== undefined && !list.includes(node)) list.unshift(node);
  const seen = new Set<string>();
  const out: RunRef[] = [];
  for (const x of list) {
    const ref = runRefOf(x);
    if (ref && !seen.has(refKey(ref))) {
      seen.add(refKey(ref));
      out.push(ref);
    }
  }
  return out;
}

async function ensureSignedIn(session: Session): Promise<boolean> {
  if (session.state.kind === 'signedIn') return true;
  const pick = await vscode.window.showWarningMessage('Sign in to W&B to open runs.', 'Sign In');
  if (pick) await vscode.commands.executeCommand('wandbExplorer.signIn');
  return false;
}

async function askForRun(): Promise<RunRef | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Open Run',
    prompt: 'A run as entity/project/runId, or a W&B run URL',
    placeHolder: 'my-team/my-project/a1b2c3d4',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || parseRunPath(v) ? undefined : 'Type entity/project/runId (e.g. my-team/mnist/a1b2c3d4) or paste a run URL.'),
  });
  return text ? parseRunPath(text) : undefined;
}

/** Several runs typed in the palette: paths or URLs separated by spaces, commas or new lines. */
export function parseRunList(text: string): RunRef[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const refs = parts.map((p) => parseRunPath(p));
  if (refs.length === 0 || refs.some((r) => !r)) return undefined;
  return refs as RunRef[];
}

async function askForRuns(): Promise<RunRef[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Compare Runs',
    prompt: `Two to ${MAX_COMPARE} runs as entity/project/runId or run URLs, separated by spaces or commas (or select runs in the W&B tree and use its context menu)`,
    placeHolder: 'my-team/mnist/a1b2c3d4 my-team/mnist/e5f6g7h8',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const refs = parseRunList(v);
      if (!refs) return 'Type runs as entity/project/runId (or run URLs), separated by spaces or commas.';
      return refs.length < 2 ? 'Type at least two runs.' : undefined;
    },
  });
  return text ? parseRunList(text) : undefined;
}

export function registerPanelCommands(deps: PanelDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('wandbExplorer.openRun', async (arg?: unknown) => {
      if (!(await ensureSignedIn(deps.session))) return;
      const ref = runRefOf(arg) ?? (arg === undefined ? await askForRun() : undefined);
      if (!ref) return;
      const a = arg as { run?: { displayName?: unknown }; runNode?: { run?: { displayName?: unknown } } } | undefined;
      const name = a?.run?.displayName ?? a?.runNode?.run?.displayName;
      RunPanel.show(deps, ref, typeof name === 'string' ? name : undefined);
    }),
    vscode.commands.registerCommand('wandbExplorer.compareRuns', async (node?: unknown, selected?: unknown) => {
      if (!(await ensureSignedIn(deps.session))) return;
      let refs = compareRefs(node, selected);
      if (refs.length === 0 && node === undefined) refs = (await askForRuns()) ?? [];
      if (refs.length === 0) return;
      if (refs.length < 2) {
        void vscode.window.showInformationMessage('Select two or more runs in the W&B tree (Ctrl/Cmd+click), then run Compare Runs.');
        return;
      }
      if (refs.length > MAX_COMPARE) {
        void vscode.window.showWarningMessage(`Compare shows up to ${MAX_COMPARE} runs; comparing the first ${MAX_COMPARE} of ${refs.length}.`);
      }
      ComparePanel.show(deps, refs.slice(0, MAX_COMPARE));
    }),
    vscode.window.registerWebviewPanelSerializer(RUN_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => RunPanel.revive(deps, panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => ComparePanel.revive(deps, panel, state),
    }),
  ];
}
