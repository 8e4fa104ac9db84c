/**
 * The runs table's reads against the dev server's 1,200-run demo project: keys with counts from
 * `pathCounts`, pages carrying only the shown columns, server order by a config column, added
 * columns for loaded rows, and the grammar's filter applied to keys and rows alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WandbApi } from '../../src/api/wandb-api';
import { readRunKeys } from '../../src/api/run-keys';
import { ON_DEMAND_FIELDS, readRunColumns, readRunsTablePage } from '../../src/api/runs-table';
import { columnValue, orderKey, type RunColumn } from '../../src/api/run-columns';
import { parseRunsFilter } from '../../src/api/runs-filter';
import { columnFiltersClause } from '../../src/webviews/runs-table-filters';
import { mergeFilters } from '../../src/webviews/runs-table-model';
import * as N from '../server/demo-names';
import { apiFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };
const LR: RunColumn = { source: 'config', key: 'optimizer.lr' };
const ACC: RunColumn = { source: 'summary', key: 'val/acc' };

beforeAll(() => {
  api = apiFor(srv);
});

describe('run keys', () => {
  it('lists config and summary keys with run counts in one request, without bookkeeping keys', async () => {
    const before = srv.requests.length;
    const { keys, runCount } = await readRunKeys(api, P);
    expect(srv.requests.length - before).toBe(1);
    expect(runCount).toBe(N.DEMO_PROJECT_RUN_COUNT);
    const lr = keys.find((k) => k.source === 'config' && k.key === 'optimizer.lr');
    expect(lr).toMatchObject({ path: 'config.optimizer.value.lr' });
    expect(lr!.count).toBeGreaterThan(1000);
    expect(keys.find((k) => k.source === 'summary' && k.key === 'val/acc')?.path).toBe('summary_metrics.val/acc');
    expect(keys.some((k) => k.key.startsWith('_'))).toBe(false);
    // Most common first.
    expect(keys.map((k) => k.count)).toEqual([...keys.map((k) => k.count)].sort((a, b) => b - a));
  });

  it('counts only the runs the filter matches', async () => {
    const filters = parseRunsFilter('config.optimizer.lr<0.001').filter;
    const { keys, runCount } = await readRunKeys(api, { ...P, filters });
    expect(runCount).toBeGreaterThan(0);
    expect(runCount).toBeLessThan(N.DEMO_PROJECT_RUN_COUNT);
    expect(keys.find((k) => k.key === 'optimizer.lr')!.count).toBeLessThanOrEqual(runCount);
  });
});

describe('table pages', () => {
  it('carry only the shown columns and sort by a config column on the server', async () => {
    const q = { ...P, order: orderKey(LR, false)!, columns: [LR, ACC] };
    const page = await readRunsTablePage(api, q, { first: 100 });
    expect(page.totalCount).toBe(N.DEMO_PROJECT_RUN_COUNT);
    expect(page.items).toHaveLength(100);
    for (const r of page.items) {
      expect(Object.keys(r.config)).toEqual(['optimizer']);
      expect(Object.keys(r.summary).every((k) => k === 'val/acc')).toBe(true);
    }
    const lrs = page.items.map((r) => columnValue(LR, r.config, r.summary) as number);
    expect(lrs).toEqual([...lrs].sort((a, b) => a - b));
    expect(lrs[0]).toBe(0.0001);
  });

  it('rows read under short field aliases carry the same fixed columns as the tree reads by full names', async () => {
    const rows = await readRunsTablePage(api, { ...P, order: '-created_at', columns: [], fields: ON_DEMAND_FIELDS }, { first: 100 });
    const tree = await api.runs(P, { first: 100 });
    const fixed = (r: { runId: string; displayName: string; state: string; createdAt?: Date; heartbeatAt?: Date; user?: string; tags: string[]; group?: string; jobType?: string; notes?: string }) =>
      [r.runId, r.displayName, r.state, r.createdAt?.getTime(), r.heartbeatAt?.getTime(), r.user, r.tags, r.group, r.jobType, r.notes];
    expect(rows.items.map(fixed)).toEqual(tree.items.map(fixed));
    expect(rows.items.some((r) => r.notes) && rows.items.some((r) => r.group) && rows.items.some((r) => r.jobType) && rows.items.some((r) => r.tags.length > 0)).toBe(true);
    expect(rows.endCursor).toBe(tree.endCursor);
  });

  it('sorts by a summary metric descending: the best run first, runs without it last', async () => {
    const q = { ...P, order: orderKey(ACC, true)!, columns: [ACC] };
    const page = await readRunsTablePage(api, q, { first: 50 });
    const accs = page.items.map((r) => columnValue(ACC, r.config, r.summary) as number);
    expect(accs).toEqual([...accs].sort((a, b) => b - a));
  });

  it('applies the search grammar filter to the rows', async () => {
    const filters = parseRunsFilter('config.optimizer.lr<0.001').filter;
    const page = await readRunsTablePage(api, { ...P, filters, order: '-created_at', columns: [LR] }, { first: 200 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const r of page.items) expect(columnValue(LR, r.config, r.summary)).toBeLessThan(0.001);
  });

  it('adds a column to loaded rows: same runs in the same order, only the new key', async () => {
    const q = { ...P, order: '-created_at', columns: [ACC] };
    const rows = await readRunsTablePage(api, q, { first: 30 });
    const added = await readRunColumns(api, { ...q, columns: [LR] }, { first: 30 });
    expect(added.items.map((r) => r.runId)).toEqual(rows.items.map((r) => r.runId));
    expect(added.items.every((r) => Object.keys(r.summary).length === 0 && typeof columnValue(LR, r.config, r.summary) === 'number')).toBe(true);
  });

  it('reads notes, group and job type only when asked, and adds them to loaded rows', async () => {
    const q = { ...P, order: '-created_at', columns: [ACC] };
    const hidden = await readRunsTablePage(api, q, { first: 100 });
    const before = srv.requests.length;
    const added = await readRunColumns(api, { ...q, columns: [], fields: ON_DEMAND_FIELDS }, { first: 100 });
    expect(srv.requests.length - before).toBe(1);
    const tree = await api.runs(P, { first: 100 });
    expect(hidden.items.every((r) => r.notes === undefined && r.group === undefined && r.jobType === undefined)).toBe(true);
    const fields = (r: { runId: string; notes?: string; group?: string; jobType?: string }) => [r.runId, r.notes, r.group, r.jobType];
    expect(added.items.map(fields)).toEqual(tree.items.map(fields));
    expect(added.items.some((r) => r.notes) && added.items.some((r) => r.group) && added.items.some((r) => r.jobType)).toBe(true);
    expect(added.items.every((r) => Object.keys(r.config).length === 0 && Object.keys(r.summary).length === 0)).toBe(true);
    const onlyGroup = await readRunColumns(api, { ...q, columns: [], fields: ['group'] }, { first: 100 });
    expect(onlyGroup.items.map((r) => [r.runId, r.group])).toEqual(tree.items.map((r) => [r.runId, r.group]));
    expect(onlyGroup.items.every((r) => r.notes === undefined && r.jobType === undefined)).toBe(true);
  });

  it('pages on by pageInfo.endCursor alone: two pages are the same runs as one page of both', async () => {
    const q = { ...P, order: '-created_at', columns: [ACC] };
    const one = await readRunsTablePage(api, q, { first: 80 });
    const first = await readRunsTablePage(api, q, { first: 40 });
    expect(first.hasNextPage).toBe(true);
    const second = await readRunsTablePage(api, q, { first: 40, after: first.endCursor });
    expect([...first.items, ...second.items].map((r) => r.runId)).toEqual(one.items.map((r) => r.runId));
    const added = await readRunColumns(api, { ...q, columns: [LR] }, { first: 40, after: first.endCursor });
    expect(added.items.map((r) => r.runId)).toEqual(second.items.map((r) => r.runId));
  });
});

describe('column filters merged with the search bar', () => {
  const total = async (filters: Record<string, unknown> | undefined) => (await readRunsTablePage(api, { ...P, filters, order: '-created_at', columns: [] }, { first: 1 })).totalCount!;

  it('narrow the search: the server answers only runs that match both', async () => {
    const search = parseRunsFilter('config.optimizer.lr<0.01').filter;
    const columns = columnFiltersClause([
      { column: 'summary:val/acc', kind: 'range', min: 0.8, max: 0.95 },
      { column: 'config:optimizer.name', kind: 'contains', text: 'AD' },
    ]);
    const filters = mergeFilters(undefined, search, columns);
    const NAME: RunColumn = { source: 'config', key: 'optimizer.name' };
    const page = await readRunsTablePage(api, { ...P, filters, order: '-created_at', columns: [LR, ACC, NAME] }, { first: 500 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.totalCount).toBeLessThan(await total(search));
    for (const r of page.items) {
      expect(columnValue(LR, r.config, r.summary)).toBeLessThan(0.01);
      const acc = columnValue(ACC, r.config, r.summary) as number;
      expect(acc).toBeGreaterThanOrEqual(0.8);
      expect(acc).toBeLessThanOrEqual(0.95);
      expect(String(columnValue(NAME, r.config, r.summary))).toMatch(/ad/i);
    }
  });

  it('"is empty" and "equals" on fixed columns split the runs between them', async () => {
    const all = await total(undefined);
    const noTags = await total(columnFiltersClause([{ column: 'run:tags', kind: 'empty' }]));
    const page = await readRunsTablePage(api, { ...P, order: '-created_at', columns: [] }, { first: 200 });
    const tag = page.items.flatMap((r) => r.tags)[0];
    expect(tag).toBeDefined();
    const tagged = await total(columnFiltersClause([{ column: 'run:tags', kind: 'equals', value: tag! }]));
    expect(noTags).toBeGreaterThan(0);
    expect(tagged).toBeGreaterThan(0);
    expect(noTags + tagged).toBeLessThanOrEqual(all);
    const withoutTags = await readRunsTablePage(api, { ...P, filters: columnFiltersClause([{ column: 'run:tags', kind: 'empty' }]), order: '-created_at', columns: [] }, { first: 100 });
    expect(withoutTags.items.every((r) => r.tags.length === 0)).toBe(true);
  });
});

describe('live rows', () => {
  it('read again by run id: only those runs, with the shown columns, in one request', async () => {
    const q = { ...P, order: '-created_at', columns: [LR, ACC] };
    const first = await readRunsTablePage(api, q, { first: 40 });
    const ids = [first.items[3]!.runId, first.items[17]!.runId, first.items[38]!.runId];
    const before = srv.requests.length;
    const again = await readRunsTablePage(api, { ...q, filters: { name: { $in: ids } } }, { first: ids.length });
    expect(srv.requests.length - before).toBe(1);
    expect(again.items.map((r) => r.runId).sort()).toEqual([...ids].sort());
    for (const r of again.items) {
      const was = first.items.find((x) => x.runId === r.runId)!;
      expect(columnValue(LR, r.config, r.summary)).toEqual(columnValue(LR, was.config, was.summary));
      expect(Object.keys(r.config)).toEqual(['optimizer']);
    }
  });
});
