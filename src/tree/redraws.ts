import type { TreeNode } from './nodes';

/**
 * Redraws that must wait until VS Code has taken the children it is being given: queued while
 * getChildren answers, fired together once the current turn of the event loop is over.
 *
 * Why a turn and not a timer: VS Code registers the children it gets from getChildren in
 * promise continuations (microtasks) right after our answer settles. A redraw fired before that
 * would clear the level while it registers it; one fired from the next macrotask (setImmediate)
 * comes after every such continuation, however long the level is, and costs no wall time.
 */
export class RedrawsAfterTurn {
  private readonly pending = new Set<TreeNode>();
  private handle: ReturnType<typeof setImmediate> | undefined;

  constructor(private readonly fire: (nodes: TreeNode[]) => void) {}

  add(node: TreeNode): void {
    this.pending.add(node);
    this.handle ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.handle = undefined;
    const nodes = [...this.pending];
    this.pending.clear();
    if (nodes.length) this.fire(nodes);
  }

  dispose(): void {
    if (this.handle) clearImmediate(this.handle);
    this.handle = undefined;
    this.pending.clear();
  }
}
