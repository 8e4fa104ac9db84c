import * as vscode from 'vscode';
import type { TreeNode } from './nodes';
import type { RunState } from '../api/model/run';
import { relativeTime } from './relative-time';

/** How each node kind looks. Pure mapping: no requests here. */
export function toTreeItem(node: TreeNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'account': {
      const item = new vscode.TreeItem(node.username, C.Expanded);
      item.description = node.host;
      item.iconPath = new vscode.ThemeIcon('account');
      item.contextValue = 'account';
      item.tooltip = `Signed in to ${node.host} as ${node.username}`;
      return item;
    }
    case 'entity': {
      const item = new vscode.TreeItem(node.entity, node.isDefault ? C.Expanded : C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.isDefault ? 'person' : 'organization');
      item.description = node.isDefault ? 'default' : undefined;
      item.contextValue = 'entity';
      return item;
    }
    case 'project': {
      const p = node.project;
      const item = new vscode.TreeItem(p.name, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('project');
      item.description = p.runCount !== undefined ? `${p.runCount.toLocaleString('en-US')} runs` : undefined;
      item.contextValue = 'project';
      item.tooltip = p.description;
      return item;
    }
    case 'runs': {
      const item = new vscode.TreeItem('Runs', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('run-all');
      item.contextValue = 'runs';
      if (node.runs.total !== undefined) item.description = node.runs.total.toLocaleString('en-US');
      return item;
    }
    case 'run': {
      const r = node.run;
      const item = new vscode.TreeItem(r.displayName, C.None);
      item.id = `run:${r.entity}/${r.project}/${r.runId}`;
      item.iconPath = stateIcon(r.state);
      item.description = [r.state !== 'finished' ? r.state : undefined, r.createdAt ? relativeTime(r.createdAt) : undefined].filter(Boolean).join(' · ');
      item.contextValue = `run ${r.state}`;
      item.accessibilityInformation = { label: `${r.displayName}, ${r.state}` };
      return item;
    }
    case 'loadMore': {
      const shown = node.list.items.length;
      const total = node.list.total;
      const label = node.list.isLoading ? 'Loading…' : total !== undefined ? `Load more (${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})` : 'Load more';
      const item = new vscode.TreeItem(label, C.None);
      item.iconPath = new vscode.ThemeIcon(node.list.isLoading ? 'loading~spin' : 'ellipsis');
      item.contextValue = 'loadMore';
      item.command = { command: 'wandbExplorer.loadMore', title: 'Load More', arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, C.None);
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info', node.error ? new vscode.ThemeColor('errorForeground') : undefined);
      item.tooltip = node.tooltip ?? node.error?.message;
      item.contextValue = node.error ? 'error' : 'message';
      if (node.error && node.retry) item.command = { command: 'wandbExplorer.retry', title: 'Retry', arguments: [node] };
      return item;
    }
  }
}

/** Colour and shape per run state; running spins. */
export function stateIcon(state: RunState): vscode.ThemeIcon {
  switch (state) {
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'finished':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    case 'crashed':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.orange'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    case 'killed':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.purple'));
    case 'preempted':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow'));
    case 'pending':
      return new vscode.ThemeIcon('clock');
    default:
      return new vscode.ThemeIcon('question');
  }
}
