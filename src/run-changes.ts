/**
 * Edits of a run made in this window (rename, notes, tags), as one event: the tree rows, the
 * run panel and the compare panels all follow it, so an edit and its rollback show everywhere
 * the run is on screen. Fired by the edit commands; the views only listen.
 */
import * as vscode from 'vscode';
import type { RunRef, RunSummary } from './api/model/run';

/** The fields an edit changes; a key present with `undefined` (notes) means cleared. */
export type RunPatch = Partial<Pick<RunSummary, 'displayName' | 'notes' | 'tags'>>;

export interface RunChange {
  ref: RunRef;
  patch: RunPatch;
}

export function sameRun(a: RunRef, b: RunRef): boolean {
  return a.entity === b.entity && a.project === b.project && a.runId === b.runId;
}

export class RunChanges implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunChange>();
  readonly onDidChange = this.emitter.event;

  /** Tells every listener; the event holds a copy of `patch`, so the caller may keep changing its own. */
  fire(ref: RunRef, patch: RunPatch): void {
    const copy: RunPatch = { ...patch };
    if (copy.tags) copy.tags = [...copy.tags];
    this.emitter.fire({ ref: { entity: ref.entity, project: ref.project, runId: ref.runId }, patch: copy });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
