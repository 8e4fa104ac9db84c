/**
 * The run panels open in this window. One registry, made by the composition root: the panels
 * join and leave it, commands read it (through `OpenRunPanels`) to act on the panel in front
 * or to read what a panel shows. Nothing global, so tests and a second window start empty.
 */
import type { RunRef } from '../api/model/run';
import type { RunPatch } from '../run-changes';

/** What the rest of the extension may know of an open run panel. */
export interface RunPanelView {
  readonly ref: RunRef;
  /** The panel is the active editor. */
  readonly isActive: boolean;
  /** Name, notes and tags as the panel shows them now. */
  shownFields(): RunPatch;
  reveal(): void;
}

/** Read access for commands. */
export interface OpenRunPanels {
  /** The run panel in front, if a run panel is the active editor. */
  active(): RunPanelView | undefined;
  /** Every run panel showing `ref` (one at most today). */
  showing(ref: RunRef): RunPanelView[];
}

export function refKey(ref: RunRef): string {
  return `${ref.entity}/${ref.project}/${ref.runId}`;
}

export class RunPanelRegistry implements OpenRunPanels {
  private readonly open = new Map<string, RunPanelView>();

  get(ref: RunRef): RunPanelView | undefined {
    return this.open.get(refKey(ref));
  }

  add(panel: RunPanelView): void {
    this.open.set(refKey(panel.ref), panel);
  }

  remove(panel: RunPanelView): void {
    if (this.open.get(refKey(panel.ref)) === panel) this.open.delete(refKey(panel.ref));
  }

  active(): RunPanelView | undefined {
    return [...this.open.values()].find((p) => p.isActive);
  }

  showing(ref: RunRef): RunPanelView[] {
    const p = this.get(ref);
    return p ? [p] : [];
  }
}
