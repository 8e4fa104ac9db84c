import { describe, expect, it } from 'vitest';
import { parseRunsFilter } from '../../src/api/runs-filter';
import { columnFilterClause, columnFiltersClause, describeColumnFilter, equalsValue, filterField, filterKinds } from '../../src/webviews/runs-table-filters';
import { mergeFilters } from '../../src/webviews/runs-table-model';
import { parseColumnFilter, parseTableMessage } from '../../src/webviews/runs-table-protocol';

describe('column filters', () => {
  it('filter the paths the search grammar uses for the same key', () => {
    expect(columnFilterClause({ column: 'config:optimizer.lr', kind: 'range', max: 0.001 })).toEqual({ 'config.optimizer.value.lr': { $lte: 0.001 } });
    expect(Object.keys(parseRunsFilter('config.optimizer.lr<0.001').filter!)).toEqual(['config.optimizer.value.lr']);
    expect(columnFilterClause({ column: 'summary:val/acc', kind: 'range', min: 0.9, max: 1 })).toEqual({ 'summary_metrics.val/acc': { $gte: 0.9, $lte: 1 } });
    expect(columnFilterClause({ column: 'config:optimizer.name', kind: 'equals', value: 'adam' })).toEqual(parseRunsFilter('config.optimizer.name=adam').filter);
  });

  it('use the storage path pathCounts reported for a top-level key with dots', () => {
    expect(columnFilterClause({ column: 'config:a.b', kind: 'equals', value: 3 }, 'config.a.b.value')).toEqual({ 'config.a.b.value': 3 });
  });

  it('map fixed columns to run fields, contains to a case-insensitive literal, empty to null', () => {
    expect(columnFilterClause({ column: 'run:name', kind: 'contains', text: 'Owl.' })).toEqual({ display_name: { $regex: '[oO][wW][lL]\\.' } });
    expect(columnFilterClause({ column: 'run:jobType', kind: 'equals', value: 'train' })).toEqual({ job_type: 'train' });
    expect(columnFilterClause({ column: 'run:tags', kind: 'empty' })).toEqual({ tags: null });
    expect(filterField('run:runtime')).toBeUndefined();
    expect(filterKinds('run:created')).toEqual([]);
    expect(filterKinds('run:user')).toEqual(['equals', 'contains', 'empty']);
    expect(filterKinds('summary:loss')).toEqual(['range', 'equals', 'contains', 'empty']);
  });

  it('drop filters that narrow nothing, and join the rest with $and', () => {
    expect(columnFilterClause({ column: 'config:lr', kind: 'range' })).toBeUndefined();
    expect(columnFilterClause({ column: 'config:lr', kind: 'contains', text: '' })).toBeUndefined();
    expect(columnFiltersClause([])).toBeUndefined();
    expect(columnFiltersClause([{ column: 'config:lr', kind: 'empty' }])).toEqual({ 'config.lr.value': null });
    expect(columnFiltersClause([{ column: 'config:lr', kind: 'empty' }, { column: 'summary:loss', kind: 'range', min: 0 }])).toEqual({
      $and: [{ 'config.lr.value': null }, { 'summary_metrics.loss': { $gte: 0 } }],
    });
  });

  it('merge with the scope and the search bar into one flat $and', () => {
    const search = parseRunsFilter('state:finished config.optimizer.lr<0.01').filter;
    const columns = columnFiltersClause([{ column: 'summary:val/acc', kind: 'range', min: 0.9 }, { column: 'run:tags', kind: 'empty' }]);
    expect(mergeFilters({ sweep: 'sw1' }, search, columns)).toEqual({
      $and: [{ sweep: 'sw1' }, { state: 'finished' }, { 'config.optimizer.value.lr': { $lt: 0.01 } }, { 'summary_metrics.val/acc': { $gte: 0.9 } }, { tags: null }],
    });
    expect(mergeFilters(undefined, undefined, columns)).toBe(columns);
    // An OR search stays one clause of the $and, so the column filters narrow both sides.
    const or = parseRunsFilter('state:failed OR tag:debug').filter!;
    expect(mergeFilters(undefined, or, { tags: null })).toEqual({ $and: [or, { tags: null }] });
  });

  it('describe themselves for the chips', () => {
    expect(describeColumnFilter({ column: 'summary:val/acc', kind: 'range', min: 0.9 })).toBe('val/acc ≥ 0.9');
    expect(describeColumnFilter({ column: 'run:name', kind: 'contains', text: 'owl' })).toBe('Name contains "owl"');
  });

  it('are checked when the page sends them', () => {
    expect(parseColumnFilter({ column: 'config:lr', kind: 'range', min: 1 })).toEqual({ column: 'config:lr', kind: 'range', min: 1, max: undefined });
    expect(parseColumnFilter({ column: 'config:lr', kind: 'range' })).toBeUndefined();
    expect(parseColumnFilter({ column: 'config:lr', kind: 'range', min: Number.NaN })).toBeUndefined();
    expect(parseColumnFilter({ column: 'config:lr', kind: 'equals', value: { $ne: 1 } })).toBeUndefined();
    expect(parseColumnFilter({ column: 'nope', kind: 'empty' })).toBeUndefined();
    expect(parseColumnFilter({ column: 'config:lr', kind: '$where' })).toBeUndefined();
    const view = { filterText: '', sort: { column: 'run:created', descending: true }, columns: ['config:lr'], widths: {}, pinned: [], onlyDiffering: false };
    expect(parseTableMessage({ type: 'view', view: { ...view, filters: [{ column: 'config:lr', kind: 'empty' }] } })).toBeTruthy();
    expect(parseTableMessage({ type: 'view', view: { ...view, filters: [{ column: 'config:lr', kind: 'bogus' }] } })).toBeUndefined();
    expect(parseTableMessage({ type: 'view', view: { ...view, filters: [], widths: { 'config:lr': -1 } } })).toBeUndefined();
  });
});

describe('equals values from the filter form', () => {
  it('type config and summary values as the grammar does, keep run fields as text', () => {
    expect(equalsValue('config:lr', '0.1')).toBe(0.1);
    expect(equalsValue('config:flag', 'true')).toBe(true);
    expect(equalsValue('config:v', '"0.1"')).toBe('0.1');
    expect(equalsValue('config:v', '"bad\\"')).toBe('"bad\\"');
    expect(equalsValue('run:name', '123')).toBe('123');
  });
});
