/**
 * "Show Sweep Configuration": the sweep's configuration as read-only YAML in an editor. W&B
 * stores it as YAML (shown as written) or sometimes JSON (converted to YAML in src/api).
 */
import * as vscode from 'vscode';
import { reportError } from './report-error';
import { editsOf, sweepOf, type EditDeps } from './edit-targets';
import type { ReadOnlyDocuments } from './read-only-doc';

export function registerSweepCommands(deps: Pick<EditDeps, 'session' | 'log'>, docs: ReadOnlyDocuments): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('wandbExplorer.showSweepConfig', async (node?: unknown) => {
      const s = sweepOf(node);
      if (!s) {
        void vscode.window.showInformationMessage('Show Sweep Configuration: right-click a sweep in the W&B tree.');
        return;
      }
      try {
        const { yaml } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `W&B: loading sweep ${s.sweepId}…` }, () =>
          editsOf(deps).sweepConfig({ entity: s.entity, project: s.project, sweepId: s.sweepId }),
        );
        await docs.show(`${s.entity}/${s.project}/sweep-${s.sweepId}.yaml`, yaml);
      } catch (e) {
        await reportError(deps.log, `Show Sweep Configuration (${s.sweepId})`, e);
      }
    }),
  ];
}
