import { describe, expect, it } from 'vitest';
import { describeRunsOrder, runsOrderArg, RunsFilterError, type RunsOrder } from '../../src/api/runs-filter';
import { orderKey, RUN_FIELDS, type RunColumn } from '../../src/api/run-columns';
import { RunsSearches } from '../../src/tree/runs-search';
import { orderToSort, sameSort, sortToOrder } from '../../src/webviews/runs-table-order';
import { isSortable } from '../../src/webviews/runs-table-model';
import { parseColumnId } from '../../src/webviews/runs-table-protocol';

describe('one order per project, shown in the tree and the table', () => {
  it('maps every sortable header to a tree order whose order key is the header sort’s', () => {
    const columns = [...RUN_FIELDS.map((f) => `run:${f}`), 'config:optimizer.lr', 'summary:val/acc'];
    for (const column of columns.filter(isSortable)) {
      for (const descending of [true, false]) {
        const order = sortToOrder({ column, descending });
        expect(order, column).toBeDefined();
        expect(runsOrderArg(order!)).toBe(orderKey(parseColumnId(column) as RunColumn, descending));
        expect(orderToSort(order!)).toEqual({ column, descending });
      }
    }
    expect(sortToOrder({ column: 'run:tags', descending: true })).toBeUndefined();
  });

  it('leaves the table its own sort for the last heartbeat, which has no column', () => {
    expect(orderToSort({ by: 'heartbeat', descending: true })).toBeUndefined();
    expect(orderToSort({ by: 'summary', descending: true })).toBeUndefined();
  });

  it('sorts the tree by the run fields the table sorts by, and refuses others', () => {
    expect(runsOrderArg({ by: 'jobType', descending: false })).toBe('+job_type');
    expect(runsOrderArg({ by: 'name', descending: true })).toBe('-display_name');
    expect(describeRunsOrder({ by: 'user', descending: true })).toBe('user ↓');
    expect(() => runsOrderArg({ by: 'toString', descending: true } as unknown as RunsOrder)).toThrow(RunsFilterError);
  });

  it('tells a listener when a project’s search or order changes', () => {
    const changed: string[] = [];
    const s = new RunsSearches('h', undefined, () => ({}), (p) => changed.push(p.project));
    s.setText({ entity: 'a', project: 'p1' }, 'state:running');
    s.setOrder({ entity: 'a', project: 'p2' }, { by: 'group', descending: true });
    s.clearText({ entity: 'a', project: 'p1' });
    expect(changed).toEqual(['p1', 'p2', 'p1']);
    expect(sameSort(orderToSort(s.get({ entity: 'a', project: 'p2' }).order), { column: 'run:group', descending: true })).toBe(true);
  });
});
