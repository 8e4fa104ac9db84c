import * as vscode from 'vscode';
import { WandbError } from '../api/errors';
import { CMD } from '../ids';
import { showError } from '../notify';

/**
 * Shows an error as a notification with "Show Log" (never a stack trace), and logs it.
 * Cancellation is not an error to report.
 */
export async function reportError(log: vscode.LogOutputChannel, what: string, e: unknown): Promise<void> {
  const err = e instanceof WandbError ? e : undefined;
  if (err?.kind === 'cancelled') {
    log.info(`${what}: cancelled`);
    return;
  }
  const message = err ? err.message : e instanceof Error ? e.message : String(e);
  log.error(`${what}: ${message}`);
  const actions = err?.kind === 'auth' ? ['Sign In', 'Show Log'] : ['Show Log'];
  const choice = await showError(`${what}: ${message}`, ...actions);
  if (choice === 'Show Log') log.show(true);
  if (choice === 'Sign In') await vscode.commands.executeCommand(CMD.signIn);
}

/** Bridges a VS Code CancellationToken to the AbortSignal the API takes. */
export function signalFrom(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
