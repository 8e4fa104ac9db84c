// The runs table's page script (runs-table.main.ts) in a happy-dom test file: loaded once per
// file (it keeps its state in the module), fed the host's messages as the panel sends them.
import type { TableHostMessage, TableView, TableWebviewMessage } from '../../src/webviews/runs-table-protocol';

/** Loads the page script into this file's document; what it posts to the host lands in `posted`. */
export async function loadRunsTablePage(posted: TableWebviewMessage[] = []): Promise<void> {
  document.body.innerHTML = '<div id="app"></div>';
  (globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({
    postMessage: (m: TableWebviewMessage) => posted.push(m),
    getState: () => undefined,
    setState: () => undefined,
  });
  await import('../../src/webviews/ui/runs-table.main');
}

/** A message from the host, as the webview receives it. */
export function sendToPage(msg: TableHostMessage): void {
  window.dispatchEvent(new MessageEvent('message', { data: msg }));
}

/** A table view with these columns, sorted by creation, nothing filtered. */
export function tableView(columns: string[]): TableView {
  return { filterText: '', sort: { column: 'run:created', descending: true }, columns, widths: {}, pinned: [], filters: [], onlyDiffering: false };
}
