/** Asking for what the arguments did not name. */
import * as vscode from 'vscode';
import type { RunRef } from '../api/model/run';
import { parseRunPath } from '../api/urls';

/** A run typed as entity/project/runId or pasted as a W&B run URL; undefined when dismissed or empty. */
export async function askForRun(title: string): Promise<RunRef | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'A run as entity/project/runId, or a W&B run URL',
    placeHolder: 'my-team/mnist/a1b2c3d4 or https://wandb.ai/my-team/mnist/runs/a1b2c3d4',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || parseRunPath(v) ? undefined : 'Type entity/project/runId (e.g. my-team/mnist/a1b2c3d4) or paste a run URL.'),
  });
  const p = text?.trim() ? parseRunPath(text) : undefined;
  return p && { entity: p.entity, project: p.project, runId: p.runId };
}
