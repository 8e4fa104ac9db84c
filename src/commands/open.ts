import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { runWebUrl } from '../api/urls';
import { CMD } from '../ids';
import { askForRun } from './ask';
import type { CommandDef } from './register';

/** "W&B: Open Run in Browser": from a run node, the tree's selection, or a typed path/URL. */
export function openCommands(session: Session): CommandDef[] {
  return [
    {
      id: CMD.openRunInBrowser,
      title: 'Open Run in Browser',
      signedIn: true,
      run: async (c) => {
        const ref = c.targets({ orSelection: true }).run?.ref ?? (await askForRun('Open Run in Browser'));
        const state = session.state;
        if (!ref || state.kind !== 'signedIn') return;
        await vscode.env.openExternal(vscode.Uri.parse(runWebUrl(state.appUrl, ref.entity, ref.project, ref.runId), true));
      },
    },
  ];
}
