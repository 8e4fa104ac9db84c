import * as vscode from 'vscode';
import { checkApiKeyShape } from '../api/credentials';
import { WandbError } from '../api/errors';
import type { Session } from '../auth/session';
import { reportError, signalFrom } from './report-error';
import type { CommandDef } from './register';
import { CMD, SETTINGS } from '../ids';
import { showError, showInformation } from '../notify';

/** "W&B: Sign In", "W&B: Sign Out", "W&B: Open Settings", "W&B: Show Log". */
export function authCommands(session: Session, log: vscode.LogOutputChannel): CommandDef[] {
  return [
    { id: CMD.signIn, title: 'Sign In', run: () => signIn(session, log) },
    {
      id: CMD.signOut,
      title: 'Sign Out',
      run: async () => {
        const state = session.state;
        await session.signOut();
        const host = hostOf(state.kind === 'connecting' ? undefined : state.baseUrl);
        void showInformation(`Signed out of W&B${host ? ` (${host})` : ''}. The key was removed from VS Code's secret storage.`);
      },
    },
    {
      id: CMD.openSettings,
      title: 'Open Settings',
      run: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:wandb-explorer.wandb-explorer ${SETTINGS}`),
    },
    { id: CMD.showLog, title: 'Show Log', run: () => log.show() },
  ];
}

async function signIn(session: Session, log: vscode.LogOutputChannel): Promise<void> {
  const state = session.state;
  const host = hostOf(state.kind === 'connecting' ? undefined : state.baseUrl) ?? 'W&B';
  for (;;) {
    const key = await vscode.window.showInputBox({
      title: `Sign in to ${host}`,
      prompt: `Paste your W&B API key (from your user settings on ${host === 'api.wandb.ai' ? 'wandb.ai/authorize' : host}). It is kept in VS Code's secret storage.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'API key',
      validateInput: (v) => (v.trim() ? checkApiKeyShape(v) : undefined),
    });
    if (key === undefined) return; // dismissed
    if (!key.trim()) continue;
    try {
      const viewer = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking the API key with ${host}…`, cancellable: true },
        (_p, token) => session.signIn(key.trim(), signalFrom(token)),
      );
      void showInformation(`Signed in to ${host} as ${viewer.username}.`);
      return;
    } catch (e) {
      if (e instanceof WandbError && e.kind === 'auth') {
        log.warn(`sign-in to ${host} refused: the key was rejected; nothing stored`);
        const again = await showError(
          `Sign-in failed: ${host} rejected that API key. Nothing was stored.`,
          'Try Again',
          'Show Log',
        );
        if (again === 'Try Again') continue;
        if (again === 'Show Log') log.show(true);
        return;
      }
      await reportError(log, 'Sign-in failed (nothing was stored)', e);
      return;
    }
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
