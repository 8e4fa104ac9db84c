import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { parseRunPath, runWebUrl, type ParsedRunPath } from '../api/urls';
import type { TreeNode } from '../tree/nodes';

/** "W&B: Open Run in Browser": from a run node, the tree's selection, or a typed path/URL. */
export function registerOpenCommands(session: Session, view: vscode.TreeView<TreeNode>): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('wandbExplorer.openRunInBrowser', async (node?: TreeNode) => {
      const state = session.state;
      if (state.kind !== 'signedIn') {
        const pick = await vscode.window.showWarningMessage('Sign in to W&B to open runs.', 'Sign In');
        if (pick) await vscode.commands.executeCommand('wandbExplorer.signIn');
        return;
      }
      const ref = runOf(node) ?? runOf(view.selection[0]) ?? (await askForRun());
      if (!ref) return;
      await vscode.env.openExternal(vscode.Uri.parse(runWebUrl(state.appUrl, ref.entity, ref.project, ref.runId), true));
    }),
  ];
}

function runOf(node: TreeNode | undefined): ParsedRunPath | undefined {
  return node?.kind === 'run' ? { entity: node.run.entity, project: node.run.project, runId: node.run.runId } : undefined;
}

async function askForRun(): Promise<ParsedRunPath | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Open Run in Browser',
    prompt: 'A run as entity/project/runId, or a W&B run URL',
    placeHolder: 'my-team/my-project/a1b2c3d4',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || parseRunPath(v) ? undefined : 'Type entity/project/runId (e.g. my-team/mnist/a1b2c3d4) or paste a run URL.'),
  });
  return text ? parseRunPath(text) : undefined;
}
