/**
 * The runs table's header sort as the tree's order of a project (runs-search.ts keeps one per
 * project), and back: one order, shown in both. Pure.
 */
import type { RunsOrder, RunsOrderField } from '../api/runs-filter';
import { parseColumnId, type TableSort } from './runs-table-protocol';

const FIELD_OF_COLUMN: Record<string, RunsOrder['by'] | undefined> = { created: 'created', name: 'name', state: 'state', user: 'user', group: 'group', jobType: 'jobType' };

/** The tree's order for a header sort; undefined for a column the server cannot sort by. */
export function sortToOrder(sort: TableSort): RunsOrder | undefined {
  const c = parseColumnId(sort.column);
  if (!c) return undefined;
  if (c.source !== 'run') return { by: c.source, metric: c.key, descending: sort.descending };
  const by = FIELD_OF_COLUMN[c.key];
  return by && { by, descending: sort.descending };
}

/** The header sort for the tree's order; undefined for the last heartbeat, which has no column. */
export function orderToSort(order: RunsOrder): TableSort | undefined {
  switch (order.by) {
    case 'heartbeat':
      return undefined;
    case 'summary':
    case 'config':
      return order.metric ? { column: `${order.by}:${order.metric}`, descending: order.descending } : undefined;
    default:
      return { column: `run:${order.by satisfies 'created' | RunsOrderField}`, descending: order.descending };
  }
}

export function sameSort(a: TableSort | undefined, b: TableSort | undefined): boolean {
  return a?.column === b?.column && a?.descending === b?.descending;
}
