import { describe, expect, it } from 'vitest';
import { cellText, decodeTablePreview, MAX_CELL_CHARS, MAX_PREVIEW_COLUMNS } from '../../src/api/model/table';
import { tablePaths } from '../../src/webviews/flatten';
import { parseWebviewMessage, type FlatRow } from '../../src/webviews/protocol';

describe('table preview', () => {
  it('decodes columns and the first rows as text, counting every row', () => {
    const text = JSON.stringify({ columns: ['id', 'caption', 'ok'], data: Array.from({ length: 250 }, (_, k) => [k, `<b>${k}</b>`, k % 2 === 0]) });
    const t = decodeTablePreview(text, 100);
    expect(t.columns).toEqual(['id', 'caption', 'ok']);
    expect(t.total).toBe(250);
    expect(t.rows).toHaveLength(100);
    expect(t.rows[1]).toEqual(['1', '<b>1</b>', 'false']);
  });

  it("reads Python's NaN and Infinity, media cells and nested values as short text", () => {
    const text = '{"columns": ["x", "img", "obj", "none"], "data": [[NaN, {"_type": "image-file", "path": "media/images/a.png"}, {"a": [1, 2]}, null], [-Infinity]]}';
    const t = decodeTablePreview(text, 10);
    expect(t.rows[0]).toEqual(['NaN', 'image-file: media/images/a.png', '{"a":[1,2]}', '']);
    expect(t.rows[1]).toEqual(['-Infinity', '', '', '']);
  });

  it('cuts long cells and very wide tables', () => {
    expect(cellText('x'.repeat(MAX_CELL_CHARS + 10))).toHaveLength(MAX_CELL_CHARS + 1);
    const wide = JSON.stringify({ columns: Array.from({ length: 300 }, (_, i) => `c${i}`), data: [Array.from({ length: 300 }, (_, i) => i)] });
    const t = decodeTablePreview(wide, 10);
    expect(t.columns).toHaveLength(MAX_PREVIEW_COLUMNS);
    expect(t.rows[0]).toHaveLength(MAX_PREVIEW_COLUMNS);
  });

  it('says plainly when the file is not a table', () => {
    expect(() => decodeTablePreview('not json', 10)).toThrow(/not valid JSON/);
    expect(() => decodeTablePreview('[1, 2]', 10)).toThrow(/no columns and data/);
    expect(() => decodeTablePreview('{"columns": ["a"]}', 10)).toThrow(/no columns and data/);
  });

  it('only tables the run shows may be asked for', () => {
    const row = (path: string, media: FlatRow['media']): FlatRow => ({ path, depth: 0, key: path, kind: 'media', text: '', internal: false, media });
    const paths = tablePaths([row('t', { type: 'table', path: 'media/table/t.table.json' }), row('u', { type: 'table' }), row('i', { type: 'image', path: 'media/images/a.png' })]);
    expect([...paths]).toEqual(['media/table/t.table.json']);
  });

  it('table requests from a page are checked like media requests', () => {
    expect(parseWebviewMessage({ type: 'table', path: 'media/table/t.table.json' })).toEqual({ type: 'table', path: 'media/table/t.table.json' });
    expect(parseWebviewMessage({ type: 'table', path: 'p.json', run: 2, extra: 1 })).toEqual({ type: 'table', path: 'p.json', run: 2 });
    expect(parseWebviewMessage({ type: 'table', path: '' })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'table', path: 'p.json', run: 1.5 })).toBeUndefined();
  });
});
