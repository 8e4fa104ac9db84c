import * as vscode from 'vscode';
import type { TreeNode } from './nodes';
import { relativeTime } from './relative-time';
import { baseName } from './file-tree';
import { countOf, formatBytes, formatCount } from '../format';
import { formatMetric } from './format';
import { stateIcon, sweepIcon } from './state-icons';
import { CMD } from '../ids';
import { contextValueOf } from './context-values';
import { isLocalNode } from './local-nodes';
import { localTreeItem } from './local-items';
import { safeMultilineText, safeText } from '../text/safe-text';
import { artifactPathText } from '../api/model/artifacts';

/** What the provider knows about a node beyond the node itself (totals, active search). */
export interface ItemHints {
  /** Runs level: matching total, and whether a search narrows it. */
  runsTotal?: number;
  searchText?: string;
  orderLabel?: string;
  /** The user left this row expanded before the window reloaded (expansion-memory.ts). */
  expanded?: boolean;
}

const n = formatCount;

/** How each node kind looks. Pure mapping: no requests here. */
export function toTreeItem(node: TreeNode, hints: ItemHints = {}): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  const item = showSafely(build(node, hints, C));
  if (hints.expanded && item.collapsibleState === C.Collapsed) item.collapsibleState = C.Expanded;
  item.id = node.id;
  item.contextValue = contextValueOf(node, { searched: !!hints.searchText, sorted: !!hints.orderLabel });
  return item;
}

/**
 * Every text of a row as the user sees it (label, description, tooltip, screen-reader label),
 * without bidi controls or control characters: names come from W&B and from other people.
 */
export function showSafely(item: vscode.TreeItem): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = safeText(item.label);
  else if (item.label) item.label = { ...item.label, label: safeText(item.label.label) };
  if (typeof item.description === 'string') item.description = safeText(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = safeMultilineText(item.tooltip);
  else if (item.tooltip) item.tooltip.value = safeMultilineText(item.tooltip.value);
  if (item.accessibilityInformation) item.accessibilityInformation = { ...item.accessibilityInformation, label: safeText(item.accessibilityInformation.label) };
  return item;
}

function build(node: TreeNode, hints: ItemHints, C: typeof vscode.TreeItemCollapsibleState): vscode.TreeItem {
  if (isLocalNode(node)) return localTreeItem(node, C);
  switch (node.kind) {
    case 'account': {
      const item = new vscode.TreeItem(node.username, C.Expanded);
      item.description = node.host;
      item.iconPath = new vscode.ThemeIcon('account');
      item.tooltip = `Signed in to ${node.host} as ${node.username}`;
      item.accessibilityInformation = { label: `W&B account ${node.username} on ${node.host}` };
      return item;
    }
    case 'pinned': {
      const item = new vscode.TreeItem('Pinned', C.Expanded);
      item.iconPath = new vscode.ThemeIcon('pinned');
      return item;
    }
    case 'entity': {
      const item = new vscode.TreeItem(node.entity, node.isDefault ? C.Expanded : C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.isDefault ? 'person' : 'organization');
      item.description = node.isDefault ? 'default' : node.extra ? 'added' : undefined;
      item.accessibilityInformation = { label: `${node.entity}, entity${item.description ? `, ${item.description}` : ''}` };
      return item;
    }
    case 'project': {
      const p = node.project;
      const label = node.id.includes('/pinned/') ? `${p.entity}/${p.name}` : p.name;
      const item = new vscode.TreeItem(label, node.workspace ? C.Expanded : C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.workspace ? 'root-folder' : 'project');
      const parts = [node.workspace ? 'workspace' : undefined, p.runCount !== undefined ? countOf(p.runCount, 'run') : undefined, p.lastActive ? relativeTime(p.lastActive) : undefined];
      item.description = parts.filter(Boolean).join(' · ') || undefined;
      item.tooltip = p.description;
      item.accessibilityInformation = { label: [`${label}, project`, ...parts.filter(Boolean)].join(', ') };
      return item;
    }
    case 'runs': {
      const item = new vscode.TreeItem('Runs', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('run-all');
      // Before the first page: the project's count (a search's count shows on its own row).
      const total = hints.runsTotal ?? (hints.searchText ? undefined : node.runCount);
      const parts = [
        total !== undefined ? (hints.searchText ? `${n(total)} matching` : n(total)) : undefined,
        hints.searchText ? `search: ${hints.searchText}` : undefined,
        hints.orderLabel ? `by ${hints.orderLabel}` : undefined,
      ];
      item.description = parts.filter(Boolean).join(' · ') || undefined;
      item.accessibilityInformation = { label: ['Runs', ...parts.filter(Boolean)].join(', ') };
      return item;
    }
    case 'openedRuns': {
      const item = new vscode.TreeItem('Opened with Go to Run', C.Expanded);
      item.iconPath = new vscode.ThemeIcon('history');
      item.tooltip = 'Runs you went to with Go to Run. They are kept here, apart from Runs, which lists exactly the runs its search and sort return.';
      return item;
    }
    case 'run': {
      const r = node.run;
      const item = new vscode.TreeItem(r.displayName, C.Collapsed);
      item.iconPath = node.best ? new vscode.ThemeIcon('star-full', new vscode.ThemeColor('charts.yellow')) : stateIcon(r.state);
      const metric = node.metricKey && r.metrics && node.metricKey in r.metrics ? `${node.metricKey} ${formatMetric(r.metrics[node.metricKey])}` : undefined;
      item.description = [
        node.best ? 'best' : undefined,
        metric,
        r.state !== 'finished' ? r.state : undefined,
        r.createdAt ? relativeTime(r.createdAt) : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      item.accessibilityInformation = { label: `${r.displayName}, ${r.state}${node.best ? ', best run' : ''}` };
      // VS Code runs a row's command on click and on Enter, and a row with a command expands only
      // by its twistie, Space or the arrow keys: Enter opens the run instead of expanding it
      // (which put child rows in the way of Shift+arrow selection).
      item.command = { command: CMD.openRun, title: 'Open Run', arguments: [node] };
      return item; // tooltip: resolveTreeItem
    }
    case 'runOverview': {
      const item = new vscode.TreeItem('Overview', C.None);
      item.iconPath = new vscode.ThemeIcon('graph-line');
      item.tooltip = 'Open the run panel: config, summary, charts';
      item.command = { command: CMD.openRun, title: 'Open Run', arguments: [node.runNode] };
      return item;
    }
    case 'runFiles': {
      const item = new vscode.TreeItem('Files', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('files');
      return item;
    }
    case 'runFolder':
    case 'artifactFolder': {
      const item = new vscode.TreeItem(baseName(node.path), C.Collapsed);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.resourceUri = vscode.Uri.from({ scheme: 'wandb', path: `/${node.path}` });
      item.tooltip = node.path;
      return item;
    }
    case 'runFile': {
      const f = node.file;
      const item = new vscode.TreeItem(baseName(f.name), C.None);
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = vscode.Uri.from({ scheme: 'wandb', path: `/${f.name}` });
      item.description = [formatBytes(f.sizeBytes), f.updatedAt ? relativeTime(f.updatedAt) : undefined].filter(Boolean).join(' · ');
      item.tooltip = f.name;
      // A click previews the file read-only, as the Explorer does with local files.
      item.command = { command: CMD.openRemoteFile, title: 'Open File (Read-Only)', arguments: [node] };
      return item;
    }
    case 'runArtifacts': {
      const item = new vscode.TreeItem(node.direction === 'logged' ? 'Logged artifacts' : 'Used artifacts', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.direction === 'logged' ? 'cloud-upload' : 'cloud-download');
      return item;
    }
    case 'artifacts': {
      const item = new vscode.TreeItem('Artifacts', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('package');
      return item;
    }
    case 'artifactType': {
      const item = new vscode.TreeItem(node.type, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      return item;
    }
    case 'artifactCollection': {
      const c = node.collection;
      const item = new vscode.TreeItem(c.name, C.Collapsed);
      // A portfolio holds links to versions logged elsewhere: its rows say where each comes from.
      item.iconPath = new vscode.ThemeIcon(c.linked ? 'link' : 'archive');
      const when = c.updatedAt ? relativeTime(c.updatedAt) : c.createdAt ? relativeTime(c.createdAt) : undefined;
      item.description = [c.linked ? 'linked' : undefined, when].filter(Boolean).join(' · ');
      item.tooltip = [c.linked ? 'Linked collection: its versions are links to versions logged in other collections.' : undefined, c.description].filter(Boolean).join('\n');
      // Without this, VS Code reads the tooltip (the collection's description) instead of its name.
      item.accessibilityInformation = { label: [`${c.name}, ${c.linked ? 'linked collection' : 'artifact collection'}`, when].filter(Boolean).join(', ') };
      return item;
    }
    case 'artifactVersion': {
      const v = node.version;
      const label = node.showCollection ? `${v.collection}:${v.version}` : v.version;
      const item = new vscode.TreeItem(label, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(v.state === 'PENDING' ? 'loading~spin' : v.state !== 'COMMITTED' ? 'warning' : v.linkedFrom ? 'link' : 'package');
      const source = v.linkedFrom && (v.linkedFrom.project === v.project && v.linkedFrom.entity === v.entity ? `${v.linkedFrom.collection}:${v.linkedFrom.version}` : artifactPathText(v.linkedFrom));
      item.description = [
        v.state !== 'COMMITTED' ? v.state.toLowerCase() : undefined,
        v.aliases.length ? v.aliases.join(', ') : undefined,
        source ? `→ ${source}` : undefined,
        node.showCollection ? v.type : undefined,
        v.usedAs && v.usedAs.length ? `as ${v.usedAs.join(', ')}` : undefined,
        formatBytes(v.size),
        countOf(v.fileCount, 'file'),
      ]
        .filter(Boolean)
        .join(' · ');
      const aliases = v.aliases.length ? `aliases ${v.aliases.join(', ')}` : undefined;
      item.tooltip = [
        artifactPathText(v),
        aliases,
        v.linkedFrom ? `Linked from ${artifactPathText(v.linkedFrom)}` : undefined,
        v.description,
        v.createdAt ? `created ${v.createdAt.toISOString()}` : undefined,
        v.state === 'PENDING' ? 'PENDING: not committed yet, cannot be downloaded' : v.state !== 'COMMITTED' ? v.state : undefined,
      ]
        .filter(Boolean)
        .join('\n');
      // One line a screen reader reads whole: name, aliases, state, link; not the tooltip's lines.
      item.accessibilityInformation = {
        label: [
          `${v.collection}:${v.version}`,
          aliases,
          v.state !== 'COMMITTED' ? v.state.toLowerCase() : undefined,
          source ? `linked from ${source}` : undefined,
          formatBytes(v.size),
          countOf(v.fileCount, 'file'),
        ]
          .filter(Boolean)
          .join(', '),
      };
      return item;
    }
    case 'artifactFile': {
      const e = node.entry;
      const item = new vscode.TreeItem(baseName(e.path), C.None);
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = vscode.Uri.from({ scheme: 'wandb', path: `/${e.path}` });
      item.description = [formatBytes(e.size), e.ref ? 'reference' : undefined].filter(Boolean).join(' · ');
      item.tooltip = e.ref ? `${e.path}\n→ ${e.ref}` : e.path;
      if (!e.ref) item.command = { command: CMD.openRemoteFile, title: 'Open File (Read-Only)', arguments: [node] };
      return item;
    }
    case 'sweeps': {
      const item = new vscode.TreeItem('Sweeps', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('symbol-event');
      return item;
    }
    case 'sweep': {
      const s = node.sweep;
      const item = new vscode.TreeItem(s.displayName, C.Collapsed);
      item.iconPath = sweepIcon(s.state);
      item.description = [
        s.state.toLowerCase(),
        s.method,
        s.metric ? `${s.metric.goal === 'maximize' ? '↑' : '↓'} ${s.metric.name}` : undefined,
        countOf(s.runCount, 'run'),
      ]
        .filter(Boolean)
        .join(' · ');
      item.tooltip = `Sweep ${s.sweepId} (${s.method})${s.metric ? `: ${s.metric.goal} ${s.metric.name}` : ''}`;
      return item;
    }
    case 'reports': {
      const item = new vscode.TreeItem('Reports', C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('notebook');
      return item;
    }
    case 'report': {
      const r = node.report;
      const item = new vscode.TreeItem(r.title, C.None);
      item.iconPath = new vscode.ThemeIcon('book');
      item.description = [r.author, r.updatedAt ? `updated ${relativeTime(r.updatedAt)}` : undefined].filter(Boolean).join(' · ');
      item.tooltip = r.description;
      item.command = { command: CMD.openReportInBrowser, title: 'Open Report in Browser', arguments: [node] };
      return item;
    }
    case 'filter': {
      const label = [node.text ? `Search: ${node.text}` : undefined, node.order ? `sorted by ${node.order}` : undefined].filter(Boolean).join(' · ');
      const item = new vscode.TreeItem(label, C.None);
      item.iconPath = new vscode.ThemeIcon('filter');
      // The first page has arrived by the time VS Code asks for this row: its count is known.
      const matching = node.text && hints.runsTotal !== undefined ? `${n(hints.runsTotal)} matching` : undefined;
      // Search and sort are cleared one at a time: a click clears the search and keeps the sort.
      item.description = [matching, node.text ? 'click to clear the search' : 'click for newest first'].filter(Boolean).join(' · ');
      item.tooltip = node.text
        ? `Click to clear the search${node.order ? ` (the runs stay sorted by ${node.order})` : ''}`
        : 'Click to list the runs newest first again';
      item.command = node.text
        ? { command: CMD.clearRunsFilter, title: 'Clear Run Search', arguments: [node] }
        : { command: CMD.clearRunsSort, title: 'Clear Run Sort', arguments: [node] };
      return item;
    }
    case 'loadMore': {
      const shown = node.list.items.length;
      const total = node.list.total;
      const label = node.list.isLoading ? 'Loading…' : total !== undefined ? `Load more (${n(shown)} of ${n(total)})` : `Load more (${n(shown)} shown)`;
      const item = new vscode.TreeItem(label, C.None);
      item.iconPath = new vscode.ThemeIcon(node.list.isLoading ? 'loading~spin' : 'ellipsis');
      item.command = { command: CMD.loadMore, title: 'Load More', arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, C.None);
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info', node.error ? new vscode.ThemeColor('errorForeground') : undefined);
      item.tooltip = node.tooltip ?? (node.error ? `${node.error.message}\nClick to retry.` : undefined);
      if (node.error && node.retry) {
        item.description = 'Retry';
        item.command = { command: CMD.retry, title: 'Retry', arguments: [node] };
      }
      return item;
    }
  }
}

