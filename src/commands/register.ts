/**
 * The one way a command is registered. The wrapper does what every command needs, so command
 * bodies hold only their own work:
 *  - refuses, offering Sign In, when the command needs a session and there is none;
 *  - reads the arguments into targets on demand (one rule, see targets.ts);
 *  - reports a failure by its kind (report-error.ts: Show Log, Sign In for auth errors, nothing
 *    for a cancellation);
 *  - writes one log line per run: done (with its time), cancelled, or failed.
 */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import { CMD, type CommandId } from '../ids';
import { reportError } from './report-error';
import { Targets } from './targets';
import { showWarning } from '../notify';

export interface CommandServices {
  session: Session;
  log: vscode.LogOutputChannel;
  /** The tree view's selection, for commands run from the palette. */
  selection(): readonly unknown[];
}

/** One run of a command. */
export interface Invocation {
  readonly args: readonly unknown[];
  /**
   * How the report and the log name this run; a command may make it more precise once it
   * knows its target (`Add Alias (model:v3)`).
   */
  what: string;
  /** The rows chosen by `(args[0], args[1])`; from the palette, the tree's selection when `orSelection`. */
  targets(options?: { orSelection?: boolean }): Targets;
}

export interface CommandDef {
  id: CommandId;
  /** Names the command in reports and the log. */
  title: string;
  /** Needs a signed-in session: otherwise the user is offered Sign In and nothing runs. */
  signedIn?: boolean;
  run(call: Invocation): unknown;
}

export function registerCommands(services: CommandServices, defs: readonly CommandDef[]): vscode.Disposable[] {
  return defs.map((def) => vscode.commands.registerCommand(def.id, (...args: unknown[]) => invoke(services, def, args)));
}

async function invoke(services: CommandServices, def: CommandDef, args: unknown[]): Promise<unknown> {
  const { log, session } = services;
  if (def.signedIn && session.state.kind !== 'signedIn') {
    log.info(`${def.title}: not signed in`);
    await offerSignIn();
    return undefined;
  }
  const started = Date.now();
  const call: Invocation = {
    args,
    what: def.title,
    targets: (options) => Targets.of(args[0], args[1], options?.orSelection ? services.selection() : []),
  };
  try {
    const result = await def.run(call);
    log.info(`${call.what}: done in ${Date.now() - started} ms`);
    return result;
  } catch (e) {
    await reportError(log, call.what, e);
    return undefined;
  }
}

export async function offerSignIn(): Promise<void> {
  const pick = await showWarning('Sign in to W&B first.', 'Sign In');
  if (pick) await vscode.commands.executeCommand(CMD.signIn);
}
