import { describe, expect, it } from 'vitest';
import {
  boundText,
  rangeBrushFromText,
  axisPosition,
  brushedRows,
  brushFromDrag,
  brushSpan,
  buildAxis,
  numberAt,
  plotValue,
  plottableColumns,
  rowsMissingAny,
  type Axis,
  type Brush,
} from '../../src/webviews/table-shape';
import type { Cell, TableRow } from '../../src/webviews/runs-table-protocol';

function row(runId: string, cells: Record<string, Cell>, extra: Partial<TableRow> = {}): TableRow {
  return { runId, name: runId, state: 'finished', tags: [], cells, ...extra };
}

const LR = 'config:lr';
const ACC = 'summary:val/acc';
const OPT = 'config:optimizer';

const ROWS = [
  row('a', { [LR]: 0.1, [ACC]: 0.5, [OPT]: 'sgd' }),
  row('b', { [LR]: 0.01, [ACC]: 0.8, [OPT]: 'adam' }),
  row('c', { [LR]: 0.001, [ACC]: 0.9, [OPT]: 'adam' }),
  row('d', { [LR]: 0.0001, [ACC]: 'NaN', [OPT]: 'rmsprop' }),
  row('e', { [ACC]: 0.7 }),
];

const numeric = (a: Axis) => {
  if (a.kind !== 'number') throw new Error(`${a.column} is not numeric`);
  return a;
};

describe('axis scaling', () => {
  it('spans a numeric column linearly, counting missing and non-finite values', () => {
    const acc = numeric(buildAxis(ROWS, ACC));
    expect(acc).toMatchObject({ scale: 'linear', min: 0.5, max: 0.9, present: 4, missing: 1 });
    expect(axisPosition(acc, 0.5)).toBe(0);
    expect(axisPosition(acc, 0.9)).toBe(1);
    expect(axisPosition(acc, 0.7)).toBeCloseTo(0.5);
    expect(numberAt(acc, 0.5)).toBeCloseTo(0.7);
  });

  it('uses a log scale for positive values spanning three decades or more', () => {
    const lr = numeric(buildAxis(ROWS, LR));
    expect(lr).toMatchObject({ scale: 'log', min: 0.0001, max: 0.1, missing: 1 });
    expect(axisPosition(lr, 0.001)).toBeCloseTo(1 / 3);
    expect(numberAt(lr, 2 / 3)).toBeCloseTo(0.01);
    // Two decades stay linear.
    expect(buildAxis(ROWS.slice(0, 3), LR)).toMatchObject({ scale: 'linear' });
  });

  it('puts a single value in the middle and a value the axis lacks nowhere', () => {
    const one = numeric(buildAxis([row('a', { [LR]: 3 })], LR));
    expect(axisPosition(one, 3)).toBe(0.5);
    expect(numberAt(one, 0.9)).toBe(3);
    expect(axisPosition(one, undefined)).toBeUndefined();
    expect(axisPosition(buildAxis(ROWS, OPT), 'lion')).toBeUndefined();
  });

  it('plots the fixed columns: created as time, runtime in seconds, text as categories', () => {
    const r = row('x', {}, { createdAt: '2026-01-02T00:00:00.000Z', runtime: 90, user: 'alice' });
    expect(plotValue(r, 'run:created')).toBe(Date.parse('2026-01-02T00:00:00.000Z'));
    expect(plotValue(r, 'run:runtime')).toBe(90);
    expect(plotValue(r, 'run:user')).toBe('alice');
    expect(plotValue(r, 'run:group')).toBeUndefined();
    expect(plotValue(row('y', { [OPT]: true }), OPT)).toBe('true');
    expect(plotValue(row('y', { [OPT]: null }), OPT)).toBeUndefined();
  });
});

describe('category ordering', () => {
  it('orders categories naturally and a mixed column as categories', () => {
    const rows = ['run10', 'run2', 'Run1', 'run2'].map((name, i) => row(String(i), { [OPT]: name }));
    const axis = buildAxis(rows, OPT);
    expect(axis).toMatchObject({ kind: 'category', categories: ['Run1', 'run2', 'run10'], present: 4, missing: 0 });
    expect(axisPosition(axis, 'Run1')).toBeCloseTo(1 / 6);
    expect(axisPosition(axis, 'run10')).toBeCloseTo(5 / 6);
    const mixed = buildAxis([row('a', { [OPT]: 3 }), row('b', { [OPT]: 'x' }), row('c', { [OPT]: false })], OPT);
    expect(mixed).toMatchObject({ kind: 'category', categories: ['3', 'false', 'x'] });
  });

  it('lists plottable columns numeric first and skips columns without values', () => {
    expect(plottableColumns(ROWS, [OPT, 'config:empty', ACC, LR]).map((a) => a.column)).toEqual([ACC, LR, OPT]);
    expect(rowsMissingAny(ROWS, [LR, ACC])).toBe(2);
    expect(rowsMissingAny(ROWS, [OPT])).toBe(1);
  });
});

describe('brushing', () => {
  it('turns a drag on a numeric axis into a value range, in either direction', () => {
    const acc = buildAxis(ROWS, ACC);
    const brush = brushFromDrag(acc, 1, 0.5) as Extract<Brush, { kind: 'range' }>;
    expect(brush.kind).toBe('range');
    expect(brush.lo).toBeCloseTo(0.7);
    expect(brush.hi).toBeCloseTo(0.9);
    expect(brushedRows(ROWS, new Map([[ACC, brush]])).map((r) => r.runId)).toEqual(['b', 'c', 'e']);
    expect(brushSpan(acc, brush)).toEqual([expect.closeTo(0.5), expect.closeTo(1)]);
  });

  it('takes the ends of the axis exactly, so a drag over all of it keeps every value', () => {
    const rows = [0.1, 0.7, 0.3].map((v, i) => row(String(i), { [ACC]: v }));
    const lr = [1e-5, 3e-3, 0.07].map((v, i) => row(String(i), { [LR]: v }));
    expect(brushFromDrag(buildAxis(rows, ACC), -0.2, 1.3)).toEqual({ kind: 'range', lo: 0.1, hi: 0.7 });
    expect(brushedRows(lr, new Map([[LR, brushFromDrag(buildAxis(lr, LR), 0, 1)!]]))).toHaveLength(3);
  });

  it('keeps the categories whose band centre is inside the drag, or the nearest one', () => {
    const opt = buildAxis(ROWS, OPT); // adam, rmsprop, sgd
    expect(brushFromDrag(opt, 0, 0.4)).toEqual({ kind: 'set', values: ['adam'] });
    expect(brushFromDrag(opt, 0.1, 0.9)).toEqual({ kind: 'set', values: ['adam', 'rmsprop', 'sgd'] });
    expect(brushFromDrag(opt, 0.4, 0.45)).toEqual({ kind: 'set', values: ['rmsprop'] });
    expect(brushSpan(opt, { kind: 'set', values: ['rmsprop', 'sgd'] })).toEqual([1 / 3, 1]);
    expect(brushSpan(opt, { kind: 'range', lo: 0, hi: 1 })).toBeUndefined();
  });

  it('keeps rows every brush keeps: a rectangle is two brushes, a missing value is outside', () => {
    const brushes = new Map<string, Brush>([
      [LR, { kind: 'range', lo: 0.0005, hi: 0.05 }],
      [ACC, { kind: 'range', lo: 0.85, hi: 1 }],
    ]);
    expect(brushedRows(ROWS, brushes).map((r) => r.runId)).toEqual(['c']);
    // Row e has no lr: a brush on lr never keeps it.
    expect(brushedRows(ROWS, new Map([[LR, { kind: 'range', lo: -1, hi: 1 } as Brush]])).map((r) => r.runId)).toEqual(['a', 'b', 'c', 'd']);
    expect(brushedRows(ROWS, new Map([[OPT, { kind: 'set', values: ['adam'] } as Brush]])).map((r) => r.runId)).toEqual(['b', 'c']);
    expect(brushedRows(ROWS, new Map())).toHaveLength(ROWS.length);
  });

  it('makes no brush on an axis without values', () => {
    expect(brushFromDrag(buildAxis(ROWS, 'config:none'), 0, 1)).toBeUndefined();
    expect(brushFromDrag(buildAxis([row('a', { [OPT]: 'x' }), row('b', {})].slice(1), OPT), 0, 1)).toBeUndefined();
  });
});

describe('typed brush bounds (brushing from the keyboard)', () => {
  it('reads numbers with exponents and separators, either end open, reversed ends in order', () => {
    expect(rangeBrushFromText('config:lr', '1e-3', '0.01')).toEqual({ kind: 'range', lo: 0.001, hi: 0.01 });
    expect(rangeBrushFromText('summary:steps', '1,200', '')).toEqual({ kind: 'range', lo: 1200, hi: Infinity });
    expect(rangeBrushFromText('summary:loss', ' ', '-2')).toEqual({ kind: 'range', lo: -Infinity, hi: -2 });
    expect(rangeBrushFromText('config:lr', '0.1', '0.01')).toEqual({ kind: 'range', lo: 0.01, hi: 0.1 });
  });

  it('says which bound it cannot read, and that one is needed', () => {
    expect(rangeBrushFromText('config:lr', '0.1x', '1')).toEqual({ error: '“0.1x” is not a number.' });
    expect(rangeBrushFromText('config:lr', '1', 'Infinity')).toEqual({ error: '“Infinity” is not a number.' });
    expect(rangeBrushFromText('config:lr', '', '')).toEqual({ error: 'Type a lower bound, an upper bound, or both.' });
    expect(rangeBrushFromText('run:created', 'yesterday', '')).toEqual({ error: '“yesterday” is not a date.' });
  });

  it('created takes dates, and its bounds show as UTC times that read back the same', () => {
    const t = Date.UTC(2026, 11, 6, 18, 30);
    expect(boundText('run:created', t)).toBe('2026-12-06T18:30:00.000Z');
    expect(rangeBrushFromText('run:created', boundText('run:created', t), '2026-12-07')).toEqual({ kind: 'range', lo: t, hi: Date.UTC(2026, 11, 7) });
    // Any other column: the exact number, so a brush made by a drag is typed back unchanged.
    const dragged = 0.0023456789123457;
    expect(rangeBrushFromText('config:lr', boundText('config:lr', dragged), '')).toEqual({ kind: 'range', lo: dragged, hi: Infinity });
  });
});
