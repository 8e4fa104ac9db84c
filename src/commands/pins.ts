import type { Pin } from '../tree/pins';
import type { TreeNode } from '../tree/nodes';
import { CMD } from '../ids';
import type { CommandDef } from './register';
import type { TreeCommandDeps } from './runs';
import { showInformation } from '../notify';

/** "Pin" / "Unpin" on projects and runs (several at once with multi-select). */
export function pinCommands({ tree, pins }: TreeCommandDeps): CommandDef[] {
  const apply = async (add: boolean, rows: readonly unknown[]) => {
    const host = tree.model?.account.host;
    if (!host) return;
    const targets = rows.map((r) => pinOf(r as TreeNode)).filter((p): p is Pin => !!p);
    if (targets.length === 0) {
      void showInformation('Select a project or a run to pin.');
      return;
    }
    for (const p of targets) await (add ? pins.add(host, p) : pins.remove(host, p));
    tree.refreshPins();
  };
  return [
    { id: CMD.pin, title: 'Pin', run: (c) => apply(true, c.targets({ orSelection: true }).rows) },
    { id: CMD.unpin, title: 'Unpin', run: (c) => apply(false, c.targets({ orSelection: true }).rows) },
  ];
}

function pinOf(node: TreeNode | undefined): Pin | undefined {
  if (node?.kind === 'project') return { kind: 'project', entity: node.project.entity, project: node.project.name };
  if (node?.kind === 'run') return { kind: 'run', entity: node.run.entity, project: node.run.project, runId: node.run.runId, displayName: node.run.displayName };
  return undefined;
}
