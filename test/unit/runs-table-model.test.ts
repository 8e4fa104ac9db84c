import { describe, expect, it } from 'vitest';
import { RUN_FIELDS, orderKey } from '../../src/api/run-columns';
import { cellText, columnLabel, defaultColumns, groupRows, isSortable, mergeFilters, pickerGroups, pythonLiteral, pythonSnippet, toCsv, toJson } from '../../src/webviews/runs-table-model';
import { FIXED_COLUMNS, parseColumnId, parseTableMessage, type TableRow } from '../../src/webviews/runs-table-protocol';
import { tableRow, toCell } from '../../src/webviews/runs-table-panel';
import { addedReads, onDemandFields } from '../../src/webviews/runs-table-rows';
import { parseRunsFilter } from '../../src/api/runs-filter';
import { decodeConfig } from '../../src/api/model/values';

const ROW: TableRow = {
  runId: 'a1b2c3d4',
  name: 'brave-owl-1',
  state: 'finished',
  createdAt: '2026-01-02T03:04:05.000Z',
  runtime: 3725,
  user: 'alice',
  tags: ['baseline', 'v2'],
  group: 'g1',
  notes: 'line one, "quoted"',
  cells: { 'config:optimizer.lr': 0.001, 'summary:val/acc': 0.97, 'config:optimizer.name': 'adam' },
};

describe('column model', () => {
  it('names the fixed columns as the API does, and sorts exactly those the server can', () => {
    expect([...FIXED_COLUMNS]).toEqual([...RUN_FIELDS]);
    for (const f of FIXED_COLUMNS) expect(isSortable(`run:${f}`)).toBe(orderKey({ source: 'run', key: f }, true) !== undefined);
    expect(isSortable('config:lr')).toBe(true);
  });

  it('parses column ids and labels them', () => {
    expect(parseColumnId('config:optimizer.lr')).toEqual({ source: 'config', key: 'optimizer.lr' });
    expect(parseColumnId('summary:a:b')).toEqual({ source: 'summary', key: 'a:b' });
    expect(parseColumnId('run:nope')).toBeUndefined();
    expect(parseColumnId('history:x')).toBeUndefined();
    expect(columnLabel('run:jobType')).toBe('Job type');
    expect(columnLabel('summary:val/acc')).toBe('val/acc');
  });

  it('opens with the usual fixed columns and the five most common keys of each kind, top-level config keys first', () => {
    const keys = [
      { source: 'config' as const, key: 'optimizer.lr', count: 20 },
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => ({ source: 'config' as const, key: k, count: 10 - i })),
      { source: 'summary' as const, key: 'loss', count: 3 },
      { source: 'summary' as const, key: 'acc', count: 9 },
    ];
    expect(defaultColumns(keys)).toEqual([
      'run:state', 'run:name', 'run:created', 'run:runtime', 'run:user', 'run:tags',
      'config:a', 'config:b', 'config:c', 'config:d', 'config:e',
      'summary:acc', 'summary:loss',
    ]);
  });

  it('groups the picker by prefix with counts, filtered by the search', () => {
    const keys = [
      { source: 'config' as const, key: 'optimizer.lr', count: 1200 },
      { source: 'config' as const, key: 'optimizer.name', count: 1200 },
      { source: 'config' as const, key: 'epochs', count: 1100 },
      { source: 'summary' as const, key: 'val/acc', count: 1000 },
    ];
    const all = pickerGroups(keys, '');
    expect(all.map((g) => g.label)).toEqual(['run', 'config', 'config · optimizer', 'summary · val']);
    expect(all[2]!.items).toEqual([
      { id: 'config:optimizer.lr', label: 'optimizer.lr', count: 1200 },
      { id: 'config:optimizer.name', label: 'optimizer.name', count: 1200 },
    ]);
    const lr = pickerGroups(keys, 'LR');
    expect(lr.flatMap((g) => g.items.map((i) => i.id))).toEqual(['config:optimizer.lr']);
  });

  it('turns values into cells: numbers stay, NaN, media and objects become text', () => {
    expect(toCell(0.5)).toBe(0.5);
    expect(toCell(NaN)).toBe('NaN');
    expect(toCell(undefined)).toBeUndefined();
    expect(toCell({ _type: 'image-file', path: 'x.png' })).toBe('[image-file]');
    expect(toCell([0.9, 0.999])).toBe('[0.9,0.999]');
    const row = tableRow(
      {
        runId: 'r1', displayName: 'n', state: 'running', tags: [],
        createdAt: new Date(0), heartbeatAt: new Date(90_000),
        config: decodeConfig(JSON.stringify({ optimizer: { value: { lr: 0.01 } } })), summary: { 'val/acc': 0.5 },
      },
      [{ id: 'config:optimizer.lr', column: { source: 'config', key: 'optimizer.lr' } }, { id: 'summary:loss', column: { source: 'summary', key: 'loss' } }],
    );
    expect(row).toMatchObject({ runId: 'r1', runtime: 90, cells: { 'config:optimizer.lr': 0.01 } });
    expect('summary:loss' in row.cells).toBe(false);
  });

  it('reads notes, group and job type only while their column is shown or the rows are grouped by them', () => {
    expect(onDemandFields(['run:state', 'run:name', 'run:tags', 'config:lr'])).toEqual([]);
    expect(onDemandFields(['run:jobType', 'run:notes'])).toEqual(['notes', 'jobType']);
    expect(onDemandFields(['run:name'], 'run:group')).toEqual(['group']);
    expect(onDemandFields(['run:group'], 'run:group')).toEqual(['group']);
    expect(onDemandFields(['run:name'], 'config:lr')).toEqual([]);
  });

  it('reads for loaded rows only what a view adds: new value columns, and the on-demand fields not read yet', () => {
    const before = ['run:state', 'run:name', 'config:lr'];
    const reads = (after: string[], read: Parameters<typeof addedReads>[2] = [], groupBy = '') => addedReads(before, after, read, onDemandFields(after, groupBy));
    expect(reads([...before, 'run:group'])).toEqual({ columns: [], fields: ['group'] });
    expect(reads(['run:notes', ...before])).toEqual({ columns: [], fields: ['notes'] });
    const both = reads([...before, 'summary:loss', 'run:notes']);
    expect(both).toEqual({ columns: [{ id: 'summary:loss', column: { source: 'summary', key: 'loss' } }], fields: ['notes'] });
    expect(reads([...before, 'run:notes'], ['notes'])).toEqual({ columns: [], fields: [] });
    expect(reads(['run:name'])).toEqual({ columns: [], fields: [] });
    // Grouped by job type: read once, not again when its column is shown too.
    expect(reads(before, [], 'run:jobType')).toEqual({ columns: [], fields: ['jobType'] });
    expect(reads([...before, 'run:jobType'], ['jobType'], 'run:jobType')).toEqual({ columns: [], fields: [] });
  });
});

describe('filter merge', () => {
  it('ANDs the scope with the search, flattening $and, and keeps either alone', () => {
    const search = parseRunsFilter('config.optimizer.lr<0.001 state:finished').filter;
    expect(mergeFilters({ sweep: 'sw1' }, search)).toEqual({
      $and: [{ sweep: 'sw1' }, { state: 'finished' }, { 'config.optimizer.value.lr': { $lt: 0.001 } }],
    });
    expect(mergeFilters(undefined, search)).toBe(search);
    expect(mergeFilters({ group: 'g' }, undefined)).toEqual({ group: 'g' });
    expect(mergeFilters({ group: 'g' }, { tags: 'x' })).toEqual({ $and: [{ group: 'g' }, { tags: 'x' }] });
    expect(mergeFilters(undefined, undefined)).toBeUndefined();
  });
});

describe('exports', () => {
  it('CSV: the id and the column labels, values as shown, quoted where needed', () => {
    const csv = toCsv([ROW], ['run:name', 'run:tags', 'run:notes', 'config:optimizer.lr', 'summary:val/acc', 'summary:missing']);
    expect(csv.split('\r\n')).toEqual([
      'id,Name,Tags,Notes,optimizer.lr,val/acc,missing',
      'a1b2c3d4,brave-owl-1,"baseline, v2","line one, ""quoted""",0.001,0.97,',
      '',
    ]);
    expect(cellText(ROW, 'run:runtime')).toBe('1 h 2 min');
  });

  it('JSON: numbers stay numbers, tags a list, missing values null', () => {
    const rows = JSON.parse(toJson([ROW], ['run:tags', 'run:runtime', 'config:optimizer.lr', 'summary:missing']));
    expect(rows).toEqual([{ id: 'a1b2c3d4', Tags: ['baseline', 'v2'], Runtime: 3725, 'optimizer.lr': 0.001, missing: null }]);
  });

  it('Python: the same filters and order through wandb.Api().runs, reading the shown columns', () => {
    const filters = { $and: [{ state: 'finished' }, { 'config.optimizer.value.lr': { $lt: 0.001 } }, { x: null }, { y: true }] };
    const py = pythonSnippet('alice/mnist', filters, '-summary_metrics.val/acc', ['run:name', 'config:optimizer.lr', 'summary:val/acc']);
    expect(py).toContain('runs = api.runs(\n    "alice/mnist",\n');
    expect(py).toContain('filters={"$and": [{"state": "finished"}, {"config.optimizer.value.lr": {"$lt": 0.001}}, {"x": None}, {"y": True}]},');
    expect(py).toContain('order="-summary_metrics.val/acc",');
    expect(py).toContain('print(run.id, run.name, (run.config.get("optimizer") or {}).get("lr"), run.summary.get("val/acc"))');
    expect(pythonLiteral(Infinity)).toBe('float("inf")');
  });
});

describe('messages from the page', () => {
  it('accepts well-formed messages and refuses the rest', () => {
    const view = { filterText: 'state:finished', sort: { column: 'summary:val/acc', descending: true }, columns: ['run:name', 'config:lr'], widths: { 'config:lr': 90 }, pinned: ['run:name'], filters: [], onlyDiffering: true };
    expect(parseTableMessage({ type: 'view', view })).toEqual({ type: 'view', view });
    expect(parseTableMessage({ type: 'view', view: { ...view, columns: ['bogus'] } })).toBeUndefined();
    expect(parseTableMessage({ type: 'view', view: { ...view, pinned: ['bogus'] } })).toBeUndefined();
    expect(parseTableMessage({ type: 'view', view: { ...view, onlyDiffering: 'yes' } })).toBeUndefined();
    expect(parseTableMessage({ type: 'compare', runIds: ['a1', 'b2'] })).toEqual({ type: 'compare', runIds: ['a1', 'b2'] });
    expect(parseTableMessage({ type: 'compare', runIds: ['../x y'] })).toBeUndefined();
    for (const type of ['addTags', 'removeTags', 'download'] as const) {
      expect(parseTableMessage({ type, runIds: ['a1'] })).toEqual({ type, runIds: ['a1'] });
      expect(parseTableMessage({ type, runIds: 'a1' })).toBeUndefined();
    }
    expect(parseTableMessage({ type: 'open', runIds: [] })).toBeUndefined();
    expect(parseTableMessage({ type: 'more', until: -1 })).toBeUndefined();
    expect(parseTableMessage({ type: 'groupBy', column: 'run:group' })).toEqual({ type: 'groupBy', column: 'run:group' });
    expect(parseTableMessage({ type: 'groupBy', column: '' })).toEqual({ type: 'groupBy', column: '' });
    expect(parseTableMessage({ type: 'groupBy', column: 'bogus' })).toBeUndefined();
    expect(parseTableMessage({ type: 'groupBy' })).toBeUndefined();
    expect(parseTableMessage({ type: 'export', format: 'xlsx' })).toBeUndefined();
    expect(parseTableMessage({ type: 'export', format: 'csv' })).toEqual({ type: 'export', format: 'csv' });
  });
});

describe('groupRows', () => {
  const row = (runId: string, group: string | undefined, acc: number | string | undefined): TableRow => ({
    runId, name: runId, state: 'finished', tags: [], group, cells: acc === undefined ? {} : { 'summary:acc': acc },
  });
  it('groups by a column in first-seen order with count and min/mean/max of numeric cells', () => {
    const groups = groupRows([row('a', 'g1', 0.5), row('b', 'g2', 0.9), row('c', 'g1', 0.7), row('d', undefined, 'NaN')], 'run:group', ['run:name', 'summary:acc']);
    expect(groups.map((g) => [g.key, g.rows.map((r) => r.runId)])).toEqual([['g1', ['a', 'c']], ['g2', ['b']], ['(none)', ['d']]]);
    expect(groups[0]!.stats['summary:acc']!.min).toBe(0.5);
    expect(groups[0]!.stats['summary:acc']!.max).toBe(0.7);
    expect(groups[0]!.stats['summary:acc']!.mean).toBeCloseTo(0.6);
    expect(groups[2]!.stats).toEqual({});
    expect('run:name' in groups[0]!.stats).toBe(false);
  });
  it('groups by a config value', () => {
    const rows = [row('a', 'g', 1), row('b', 'g', 2)];
    rows[0]!.cells['config:opt'] = 'adam';
    rows[1]!.cells['config:opt'] = 'sgd';
    expect(groupRows(rows, 'config:opt', []).map((g) => g.key)).toEqual(['adam', 'sgd']);
  });
});
