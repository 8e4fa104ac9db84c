import type { PagedList } from '../paged-list';
import type { NodeStore } from '../node-store';
import type { LoadMoreNode, MessageNode, TreeNode } from '../nodes';

/** Items shown above a level's pages (Go to Run, the workspace project), by key. */
export interface TopItems<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  toNode: (item: T) => TreeNode;
}

/**
 * The rows of a paged level: its first page (loaded if need be) after any `top` items the pages
 * do not hold, then "Load more", an error row with Retry, or a row saying the level is empty.
 */
export async function pagedRows<T>(nodes: NodeStore, parent: TreeNode, list: PagedList<T>, emptyText: string, toNode: (item: T) => TreeNode, top?: TopItems<T>): Promise<TreeNode[]> {
  await list.ensureFirstPage();
  const rows: TreeNode[] = [];
  const seen = new Set<string>();
  for (const t of top?.items ?? []) {
    const k = top!.keyOf(t);
    if (seen.has(k)) continue;
    seen.add(k);
    // Show the loaded version when the pages hold it (fresher), at the top.
    const loaded = list.items.find((i) => top!.keyOf(i) === k);
    rows.push(top!.toNode(loaded ?? t));
  }
  for (const item of list.items) {
    if (top && seen.has(top.keyOf(item))) continue;
    rows.push(toNode(item));
  }
  return withTail(nodes, parent, list, rows, emptyText);
}

/** Appends the error, "Load more" or empty row a paged level ends with. */
export function withTail(nodes: NodeStore, parent: TreeNode, list: PagedList<unknown>, rows: TreeNode[], emptyText: string): TreeNode[] {
  if (list.error) {
    rows.push(nodes.intern({ kind: 'message', id: `${parent.id}/#error`, text: list.error.message, error: list.error, retry: list, parent } satisfies MessageNode));
  } else if (list.hasMore) {
    rows.push(nodes.intern({ kind: 'loadMore', id: `${parent.id}/#more`, list, parent } satisfies LoadMoreNode));
  } else if (rows.length === 0 && emptyText) {
    rows.push(messageRow(nodes, parent, emptyText));
  }
  return rows;
}

export function messageRow(nodes: NodeStore, parent: TreeNode, text: string, key = 'msg'): MessageNode {
  return nodes.intern({ kind: 'message', id: `${parent.id}/#${key}`, text, parent });
}
