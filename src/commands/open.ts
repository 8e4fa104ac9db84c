import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { runWebUrl, sweepWebUrl } from '../api/urls';
import { CMD } from '../ids';
import { askForTarget, type PathDefaultsSource } from './ask';
import type { CommandDef } from './register';

/** "W&B: Open Run in Browser": from a run node, the tree's selection, or a typed path/URL (a sweep URL opens the sweep). */
export function openCommands(session: Session, pathDefaults: PathDefaultsSource): CommandDef[] {
  return [
    {
      id: CMD.openRunInBrowser,
      title: 'Open Run in Browser',
      signedIn: true,
      run: async (c) => {
        const clicked = c.targets({ orSelection: true }).run?.ref;
        const target = clicked ? { kind: 'run' as const, ...clicked } : await askForTarget('Open Run in Browser', pathDefaults, { sweeps: true });
        const state = session.state;
        if (!target || state.kind !== 'signedIn') return;
        const url =
          target.kind === 'run'
            ? runWebUrl(state.appUrl, target.entity, target.project, target.runId)
            : sweepWebUrl(state.appUrl, target.entity, target.project, target.sweepId);
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
      },
    },
  ];
}
