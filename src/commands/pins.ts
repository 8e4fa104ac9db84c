import * as vscode from 'vscode';
import type { WandbTreeProvider } from '../tree/provider';
import type { PinStore, Pin } from '../tree/pins';
import type { TreeNode } from '../tree/nodes';

/** "Pin" / "Unpin" on projects and runs (several at once with multi-select). */
export function registerPinCommands(tree: WandbTreeProvider, pins: PinStore, view: vscode.TreeView<TreeNode>): vscode.Disposable[] {
  const apply = async (add: boolean, node: TreeNode | undefined, nodes: readonly TreeNode[] | undefined) => {
    const host = tree.model?.account.host;
    if (!host) return;
    const targets = (nodes && nodes.length ? nodes : node ? [node] : view.selection).map(pinOf).filter((p): p is Pin => !!p);
    if (targets.length === 0) {
      void vscode.window.showInformationMessage('Select a project or a run to pin.');
      return;
    }
    for (const p of targets) await (add ? pins.add(host, p) : pins.remove(host, p));
    tree.refreshPins();
  };
  return [
    vscode.commands.registerCommand('wandbExplorer.pin', (node?: TreeNode, nodes?: TreeNode[]) => apply(true, node, nodes)),
    vscode.commands.registerCommand('wandbExplorer.unpin', (node?: TreeNode, nodes?: TreeNode[]) => apply(false, node, nodes)),
  ];
}

function pinOf(node: TreeNode): Pin | undefined {
  if (node.kind === 'project') return { kind: 'project', entity: node.project.entity, project: node.project.name };
  if (node.kind === 'run') return { kind: 'run', entity: node.run.entity, project: node.run.project, runId: node.run.runId, displayName: node.run.displayName };
  return undefined;
}
