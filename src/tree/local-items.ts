import * as vscode from 'vscode';
import { formatBytes, formatCount } from '../format';
import { CMD } from '../ids';
import type { LocalTreeNode } from './local-nodes';
import { relativeTime } from './relative-time';
import { stateIcon } from './state-icons';

/** How the "Local Runs" rows look: run rows as remote ones do (state icon, state, age). */
export function localTreeItem(node: LocalTreeNode, C: typeof vscode.TreeItemCollapsibleState): vscode.TreeItem {
  switch (node.kind) {
    case 'localRuns': {
      const item = new vscode.TreeItem(node.rootName ? `Local Runs: ${node.rootName}` : 'Local Runs', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('device-desktop');
      item.description = `${formatCount(node.runCount)} run${node.runCount === 1 ? '' : 's'}`;
      item.tooltip = node.root ? `W&B run folders under ${node.root}` : 'W&B run folders in this workspace';
      return item;
    }
    case 'localProject': {
      const item = new vscode.TreeItem(node.project, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('project');
      item.description = `${formatCount(node.runCount)} run${node.runCount === 1 ? '' : 's'}`;
      return item;
    }
    case 'localRun': {
      const r = node.run;
      const item = new vscode.TreeItem(r.displayName, C.Collapsed);
      item.iconPath = stateIcon(r.state);
      item.description = [r.state !== 'finished' ? r.state : undefined, r.offline ? 'offline' : r.twin ? 'synced' : undefined, r.createdAt ? relativeTime(r.createdAt) : undefined]
        .filter(Boolean)
        .join(' · ');
      const md = new vscode.MarkdownString();
      md.isTrusted = false;
      md.appendText(`${r.displayName} (${r.runId})\n\n${r.state}${r.offline ? ', offline' : ''}${r.sdkVersion ? `, wandb ${r.sdkVersion}` : ''}\n\n${r.folder}`);
      if (r.twin) md.appendText(`\n\nSynced to ${r.twin.entity}/${r.twin.project}`);
      for (const w of r.warnings) md.appendText(`\n\n⚠ ${w}`);
      item.tooltip = md;
      item.resourceUri = vscode.Uri.file(r.folder);
      item.accessibilityInformation = { label: `${r.displayName}, local run, ${r.state}${r.offline ? ', offline' : ''}` };
      // As remote run rows: click or Enter opens the run, Space or the arrow keys expand it.
      item.command = { command: CMD.openLocalRun, title: 'Open Local Run', arguments: [node] };
      return item;
    }
    case 'localOverview': {
      const item = new vscode.TreeItem('Overview', C.None);
      item.iconPath = new vscode.ThemeIcon('graph-line');
      item.tooltip = 'Open the run panel: config, summary, charts, logs';
      item.command = { command: CMD.openLocalRun, title: 'Open Local Run', arguments: [node.runNode] };
      return item;
    }
    case 'localFiles': {
      const item = new vscode.TreeItem('Files', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('files');
      return item;
    }
    case 'localFile': {
      const f = node.file;
      const item = new vscode.TreeItem(f.name, C.None);
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = vscode.Uri.file(node.path);
      item.description = f.dangling ? 'missing link target' : [formatBytes(f.sizeBytes), f.updatedAt ? relativeTime(f.updatedAt) : undefined].filter(Boolean).join(' · ');
      item.tooltip = node.path;
      if (!f.dangling) item.command = { command: 'vscode.open', title: 'Open File', arguments: [vscode.Uri.file(node.path)] };
      return item;
    }
  }
}
