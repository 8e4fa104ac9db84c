/** The VS Code command each of the run panel's code actions runs (on the panel's run). */
import { CMD, type CommandId } from '../ids';
import type { CodeAction } from './protocol';

export const CODE_ACTION_COMMANDS: Record<CodeAction, CommandId> = {
  checkoutCommit: CMD.checkoutRunCommit,
  diffCommit: CMD.diffRunCommit,
  openPatch: CMD.openRunPatch,
  openSavedCode: CMD.openRunSavedCode,
  copyReproduce: CMD.copyRunCommand,
  runAgain: CMD.runAgainInTerminal,
};
