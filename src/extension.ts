/**
 * Composition root: builds the services, registers views, commands and panels, and hands every
 * disposable to VS Code. No logic of its own.
 */
import * as vscode from 'vscode';
import { Session } from './auth/session';
import { createWandbTreeView } from './tree/view';
import { registerAllCommands } from './commands';
import { RunPanelRegistry } from './webviews/open-panels';
import { RunChanges } from './run-changes';
import { SETTINGS, setting } from './ids';
import { LocalRunStore } from './local/run-store';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('W&B Explorer', { log: true });
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const session = new Session(context, log, `wandb-explorer/${version} (VS Code ${vscode.version})`);
  const localRuns = new LocalRunStore();
  const side = createWandbTreeView(context, session, log, localRuns);
  const { tree, view } = side;
  const runChanges = new RunChanges();
  const runPanels = new RunPanelRegistry();

  context.subscriptions.push(
    log,
    session,
    ...side.disposables,
    session.onDidChange((s) => {
      view.description = s.kind === 'signedIn' ? `${s.viewer.username} @ ${new URL(s.baseUrl).host}` : undefined;
      view.message = s.kind === 'connecting' && s.baseUrl ? `Connecting to ${new URL(s.baseUrl).host}…` : undefined;
    }),
    runChanges,
    ...registerAllCommands({ extensionUri: context.extensionUri, storage: context, session, log, side, runChanges, runPanels, localRuns }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(setting('baseUrl')) || e.affectsConfiguration(setting('requestTimeoutSeconds'))) void session.reload();
      else if (e.affectsConfiguration(SETTINGS)) tree.refresh();
    }),
  );

  // A key stored in another window (or by Sign In) applies here too.
  context.subscriptions.push(context.secrets.onDidChange((e) => void session.onSecretChanged(e.key)));

  // Opening the view re-reads keys when signed out, so `wandb login` or a new WANDB_API_KEY in
  // another terminal is picked up without a reload (this reads files and secrets only).
  context.subscriptions.push(
    view.onDidChangeVisibility((e) => {
      if (e.visible && session.state.kind === 'signedOut') void session.reload();
    }),
  );

  // A window restored with open panels activates the extension very early. In code-server the
  // user settings then sometimes reach the extension host late, with no change event: the
  // base URL reads as the default, so the key stored for the configured server is not found.
  // While signed out, look again with growing pauses (reading settings and secrets only).
  const recheckMs = [2_000, 5_000, 10_000, 20_000, 40_000];
  let recheck: ReturnType<typeof setTimeout> | undefined;
  const lookAgain = (attempt: number) => {
    if (session.state.kind !== 'signedOut' || attempt >= recheckMs.length) return;
    recheck = setTimeout(() => {
      if (session.state.kind !== 'signedOut') return;
      void session.keyWouldBeFound().then(
        ({ baseUrl, found }) => {
          if (found) return session.reload();
          log.info(`still no API key for ${baseUrl} (look ${attempt + 1} of ${recheckMs.length})`);
          lookAgain(attempt + 1);
        },
        () => lookAgain(attempt + 1),
      );
    }, recheckMs[attempt]);
  };
  context.subscriptions.push({ dispose: () => recheck !== undefined && clearTimeout(recheck) });
  void session.reload().then(() => lookAgain(0));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
