import { describe, expect, it } from 'vitest';
import {
  defaultWidth,
  hideColumn,
  MAX_WIDTH,
  MIN_WIDTH,
  moveColumn,
  moveColumnBefore,
  normaliseLayout,
  pinColumn,
  pinnedOffsets,
  resizeColumn,
  sameValueColumns,
  widthOf,
  type ColumnLayout,
} from '../../src/webviews/runs-table-columns';
import { restoredView } from '../../src/webviews/runs-table-panel';
import type { TableRow } from '../../src/webviews/runs-table-protocol';

const L: ColumnLayout = { columns: ['run:state', 'run:name', 'config:lr', 'summary:loss'], widths: {}, pinned: [] };

describe('column layout', () => {
  it('resizes within bounds and keeps other widths at their defaults', () => {
    const l = resizeColumn(L, 'config:lr', 200);
    expect(widthOf(l, 'config:lr')).toBe(200);
    expect(widthOf(l, 'run:name')).toBe(defaultWidth('run:name'));
    expect(widthOf(resizeColumn(L, 'config:lr', 3), 'config:lr')).toBe(MIN_WIDTH);
    expect(widthOf(resizeColumn(L, 'config:lr', 99_999), 'config:lr')).toBe(MAX_WIDTH);
  });

  it('moves a column left and right, not past either end', () => {
    expect(moveColumn(L, 'config:lr', -1).columns).toEqual(['run:state', 'config:lr', 'run:name', 'summary:loss']);
    expect(moveColumn(L, 'config:lr', 1).columns).toEqual(['run:state', 'run:name', 'summary:loss', 'config:lr']);
    expect(moveColumn(L, 'run:state', -1).columns).toEqual(L.columns);
    expect(moveColumn(L, 'summary:loss', 1).columns).toEqual(L.columns);
  });

  it('pins to the left edge, in pinning order, and unpins to the first unpinned place', () => {
    const a = pinColumn(L, 'config:lr', true);
    expect(a.columns).toEqual(['config:lr', 'run:state', 'run:name', 'summary:loss']);
    const b = pinColumn(a, 'summary:loss', true);
    expect(b.pinned).toEqual(['config:lr', 'summary:loss']);
    expect(b.columns.slice(0, 2)).toEqual(['config:lr', 'summary:loss']);
    const c = pinColumn(b, 'config:lr', false);
    expect(c).toMatchObject({ pinned: ['summary:loss'], columns: ['summary:loss', 'config:lr', 'run:state', 'run:name'] });
  });

  it('keeps moves inside their part: a pinned column does not walk into the unpinned ones', () => {
    const p = pinColumn(L, 'run:name', true);
    expect(moveColumn(p, 'run:name', 1).columns).toEqual(p.columns);
    expect(moveColumn(p, 'run:state', -1).columns).toEqual(p.columns);
  });

  it('drops a dragged column before another, pinning it when dropped among the pinned', () => {
    expect(moveColumnBefore(L, 'summary:loss', 'run:name').columns).toEqual(['run:state', 'summary:loss', 'run:name', 'config:lr']);
    expect(moveColumnBefore(L, 'run:state', undefined).columns).toEqual(['run:name', 'config:lr', 'summary:loss', 'run:state']);
    const p = pinColumn(L, 'run:name', true);
    const q = moveColumnBefore(p, 'config:lr', 'run:name');
    expect(q).toMatchObject({ pinned: ['config:lr', 'run:name'], columns: ['config:lr', 'run:name', 'run:state', 'summary:loss'] });
    // Dragged out of the pinned part: unpinned.
    expect(moveColumnBefore(q, 'config:lr', 'summary:loss').pinned).toEqual(['run:name']);
  });

  it('hides a column with its pin and width', () => {
    const l = hideColumn(resizeColumn(pinColumn(L, 'config:lr', true), 'config:lr', 300), 'config:lr');
    expect(l).toEqual({ columns: ['run:state', 'run:name', 'summary:loss'], widths: {}, pinned: [] });
  });

  it('offsets pinned columns by the widths before them', () => {
    const l = resizeColumn(pinColumn(pinColumn(L, 'run:name', true), 'config:lr', true), 'run:name', 180);
    expect([...pinnedOffsets(l)]).toEqual([
      ['run:name', 0],
      ['config:lr', 180],
    ]);
  });

  it('repairs a layout: duplicates dropped, pins of hidden columns dropped, pinned first', () => {
    expect(normaliseLayout({ columns: ['a:x', 'config:a', 'config:a', 'config:b'], widths: { 'config:b': Number.NaN, 'config:z': 90 }, pinned: ['config:b', 'config:q'] })).toEqual({
      columns: ['config:b', 'a:x', 'config:a'],
      widths: {},
      pinned: ['config:b'],
    });
  });
});

describe('restored view', () => {
  it('takes what was saved and still parses, the tree search, and defaults for the rest', () => {
    const v = restoredView({ columns: ['run:name', 'config:lr', 'bogus'], pinned: ['config:lr'], widths: { 'config:lr': 10 }, filters: [{ column: 'config:lr', kind: 'empty' }, { column: 'x', kind: 'empty' } as never] }, 'state:running', () => ['run:state']);
    expect(v).toEqual({
      filterText: 'state:running',
      sort: { column: 'run:created', descending: true },
      columns: ['config:lr', 'run:name'],
      widths: { 'config:lr': MIN_WIDTH },
      pinned: ['config:lr'],
      filters: [{ column: 'config:lr', kind: 'empty' }],
      onlyDiffering: false,
    });
    expect(restoredView(undefined, '', () => ['run:state']).columns).toEqual(['run:state']);
  });
});

describe('only columns that differ', () => {
  const row = (runId: string, cells: TableRow['cells']): TableRow => ({ runId, name: runId, state: 'finished', tags: [], cells });

  it('names config and summary columns with one value in every loaded row; a missing value differs from a present one', () => {
    const rows = [row('a', { 'config:lr': 0.1, 'config:opt': 'adam', 'summary:loss': 1, 'config:seed': 1 }), row('b', { 'config:lr': 0.1, 'config:opt': 'sgd', 'summary:loss': 1 })];
    const same = sameValueColumns(rows, ['run:name', 'config:lr', 'config:opt', 'summary:loss', 'config:seed', 'config:none']);
    expect([...same].sort()).toEqual(['config:lr', 'config:none', 'summary:loss']);
  });

  it('hides nothing with fewer than two rows', () => {
    expect(sameValueColumns([row('a', { 'config:lr': 1 })], ['config:lr']).size).toBe(0);
  });
});
