import type * as vscode from 'vscode';
import type { WandbTreeProvider } from './provider';
import type { TreeModel } from './model';
import type { TreeNode } from './nodes';

export interface RevealInTreeOptions {
  select: boolean;
  focus: boolean;
  expand: boolean;
  /** Levels on screen that gain a row (Go to Run's entity, project or run): redrawn first. */
  redrawFirst?: readonly TreeNode[];
}

/**
 * Reveals the last node of a path the tree resolves through its loaders (so `getParent` knows
 * every step), after redrawing the levels that gain a row.
 *
 * No wait for a guessed time: the redraws go out as one change event, and VS Code's
 * `TreeView.reveal` waits for the refresh that event started before it walks the parents, so
 * the revealed row is looked up in the levels as they are after the redraw. The path itself is
 * built from the same loaders (and the same in-flight pages) VS Code's refresh reads.
 */
export async function revealInTree(
  tree: WandbTreeProvider,
  view: vscode.TreeView<TreeNode>,
  path: (model: TreeModel) => Promise<TreeNode[] | undefined>,
  options: RevealInTreeOptions,
): Promise<TreeNode | undefined> {
  tree.redrawTogether(options.redrawFirst ?? []);
  const nodes = await tree.walk(path);
  const node = nodes?.[nodes.length - 1];
  if (node) await view.reveal(node, { select: options.select, focus: options.focus, expand: options.expand });
  return node;
}
