/**
 * "Show Sweep Configuration": the sweep's configuration as read-only YAML in an editor. W&B
 * stores it as YAML (shown as written) or sometimes JSON (converted to YAML in src/api).
 */
import * as vscode from 'vscode';
import { editsOf, type EditDeps } from './edit-targets';
import type { ReadOnlyDocuments } from './read-only-doc';
import type { CommandDef } from './register';
import { CMD } from '../ids';
import { showInformation } from '../notify';

export function sweepCommands(deps: Pick<EditDeps, 'session' | 'log'>, docs: ReadOnlyDocuments): CommandDef[] {
  return [
    {
      id: CMD.showSweepConfig,
      title: 'Show Sweep Configuration',
      run: async (c) => {
        const s = c.targets().sweep;
        if (!s) {
          void showInformation('Show Sweep Configuration: right-click a sweep in the W&B tree.');
          return;
        }
        c.what = `Show Sweep Configuration (${s.sweepId})`;
        const { yaml } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `W&B: loading sweep ${s.sweepId}…` }, () =>
          editsOf(deps).sweepConfig({ entity: s.entity, project: s.project, sweepId: s.sweepId }),
        );
        await docs.show(`${s.entity}/${s.project}/sweep-${s.sweepId}.yaml`, yaml);
      },
    },
  ];
}
