/**
 * From a run back to its code: check out or diff its commit, open its `diff.patch` and saved
 * `code/`, copy its command line or run it again. The work (run-code-actions.ts, with the git
 * helpers) is loaded on the first of these commands: the production build ships it as
 * dist/run-code-actions.js, outside extension.js.
 */
import type * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { CMD } from '../ids';
import type { PathDefaultsSource } from './ask';
import type { ReadOnlyDocuments } from './read-only-doc';
import type { CommandDef } from './register';
import type * as RunCodeModule from './run-code-actions';

export interface RunCodeDeps {
  session: Session;
  log: vscode.LogOutputChannel;
  docs: ReadOnlyDocuments;
  /** Default entity and project for a run path typed without them. */
  pathDefaults: PathDefaultsSource;
}

let loaded: Promise<typeof RunCodeModule> | undefined;

/** The `run-code-actions` module, loaded on first call. */
function runCodeModule(): Promise<typeof RunCodeModule> {
  return (loaded ??= import('./run-code-actions'));
}

export function runCodeCommands(deps: RunCodeDeps): CommandDef[] {
  let actions: Promise<RunCodeModule.RunCodeActions> | undefined;
  const def = (id: CommandDef['id'], title: string, action: RunCodeModule.RunCodeAction): CommandDef => ({
    id,
    title,
    signedIn: true,
    run: async (call) => (await (actions ??= runCodeModule().then((m) => new m.RunCodeActions(deps)))).run(action, title, call),
  });
  return [
    def(CMD.checkoutRunCommit, "Check Out Run's Commit", 'checkout'),
    def(CMD.diffRunCommit, "Diff Working Tree with Run's Commit", 'diff'),
    def(CMD.openRunPatch, "Open Run's diff.patch", 'openPatch'),
    def(CMD.openRunSavedCode, "Open Run's Saved Code", 'openSavedCode'),
    def(CMD.copyRunCommand, 'Copy Command to Reproduce', 'copyCommand'),
    def(CMD.runAgainInTerminal, 'Run Again in Terminal', 'runAgain'),
  ];
}
