/**
 * Notifications, with their text made safe to show (src/text/safe-text.ts): messages carry run
 * names, file names and server messages, which may hold bidi controls or control characters.
 * Every notification of the extension goes through here (a unit test checks it).
 */
import * as vscode from 'vscode';
import { safeMultilineText } from './text/safe-text';

type Show = typeof vscode.window.showInformationMessage;

function safely(show: () => Show): Show {
  const wrapped = (message: string, ...rest: unknown[]) => {
    const cleaned = rest.map((r) =>
      r && typeof r === 'object' && 'detail' in r && typeof (r as vscode.MessageOptions).detail === 'string'
        ? { ...(r as vscode.MessageOptions), detail: safeMultilineText((r as vscode.MessageOptions).detail!) }
        : r,
    );
    return (show() as (m: string, ...x: unknown[]) => Thenable<unknown>)(safeMultilineText(message), ...cleaned);
  };
  return wrapped as Show;
}

// Looked up at each call, so a test's spy on vscode.window sees the calls.
export const showInformation: Show = safely(() => vscode.window.showInformationMessage);
export const showWarning: Show = safely(() => vscode.window.showWarningMessage);
export const showError: Show = safely(() => vscode.window.showErrorMessage);
