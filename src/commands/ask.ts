/** Asking for what the arguments did not name, and reading what was typed. */
import * as vscode from 'vscode';
import type { Session } from '../auth/session';
import type { RunRef } from '../api/model/run';
import { parseSweepPath, parseWandbPath, type PathDefaults, type WandbPathTarget } from '../api/wandb-paths';
import type { ProjectRef } from '../tree/nodes';

/** Where the defaults of a short path (`project/id`, `id`) come from, read when asked. */
export type PathDefaultsSource = () => PathDefaults;

/**
 * The SDK's defaults for a short path (`Api._parse_path`): the entity from settings
 * (`WANDB_ENTITY`, else the workspace's wandb/settings), else the viewer's default entity; the
 * project from settings (`WANDB_PROJECT`, else wandb/settings), else none.
 */
export function pathDefaultsFor(session: Session, workspaceProject: () => ProjectRef | undefined): PathDefaultsSource {
  return () => {
    const ws = workspaceProject();
    const viewer = session.state.kind === 'signedIn' ? session.state.viewer : undefined;
    return {
      entity: process.env.WANDB_ENTITY?.trim() || ws?.entity || viewer?.defaultEntity || undefined,
      project: process.env.WANDB_PROJECT?.trim() || ws?.project || undefined,
    };
  };
}

/** A run as a path or a W&B run URL; undefined when dismissed or empty. */
export async function askForRun(title: string, defaults: PathDefaultsSource): Promise<RunRef | undefined> {
  const target = await askForTarget(title, defaults, { sweeps: false });
  return target?.kind === 'run' ? { entity: target.entity, project: target.project, runId: target.runId } : undefined;
}

/**
 * A run or sweep, typed as any path `Api._parse_path` takes or pasted as a page URL (a sweep
 * URL names the sweep); undefined when dismissed or empty.
 */
export async function askForTarget(title: string, defaults: PathDefaultsSource, accept: { sweeps: boolean }): Promise<WandbPathTarget | undefined> {
  const read = (v: string): WandbPathTarget | string => {
    const p = parseWandbPath(v, defaults());
    if (p.kind === 'invalid') return p.message;
    if (p.kind === 'sweep' && !accept.sweeps) return `That names sweep ${p.entity}/${p.project}/${p.sweepId}, not a run: type or paste a run.`;
    return p;
  };
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'A run as entity/project/runId, project/runId or runId, or a W&B run URL',
    placeHolder: 'my-team/mnist/a1b2c3d4 or https://wandb.ai/my-team/mnist/runs/a1b2c3d4/overview',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const p = read(v);
      return typeof p === 'string' ? p : undefined;
    },
  });
  if (!text?.trim()) return undefined;
  const p = read(text);
  return typeof p === 'string' ? undefined : p;
}

/** A sweep typed as a path or pasted as its page URL; undefined when dismissed. */
export async function askForSweep(title: string, defaults: PathDefaultsSource): Promise<{ entity: string; project: string; sweepId: string } | undefined> {
  const read = (v: string) => parseSweepPath(v, defaults());
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'A sweep as entity/project/sweepId, project/sweepId or sweepId, or a W&B sweep URL',
    placeHolder: 'my-team/mnist/abc123 or https://wandb.ai/my-team/mnist/sweeps/abc123',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const p = read(v);
      return p.kind === 'invalid' ? p.message : undefined;
    },
  });
  if (!text?.trim()) return undefined;
  const p = read(text);
  return p.kind === 'sweep' ? { entity: p.entity, project: p.project, sweepId: p.sweepId } : undefined;
}
