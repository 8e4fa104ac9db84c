// @vitest-environment happy-dom
// The runs table's page script (runs-table.main.ts) with the shape panel open: brushing from the
// keyboard ("Brush by value") narrows the rows exactly as a drag on the plots does, says what is
// wrong with a bound it cannot read, lists every brush with its own Remove, and keeps what the
// user is typing when more rows arrive.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableRow } from '../../src/webviews/runs-table-protocol';
import { loadRunsTablePage, sendToPage, tableView } from './runs-table-page';

const send = sendToPage;

beforeAll(() => loadRunsTablePage());

const view = tableView(['run:name', 'config:lr', 'config:optimizer']);
const row = (runId: string, lr: number, optimizer: string): TableRow => ({ runId, name: runId, state: 'finished', tags: [], cells: { 'config:lr': lr, 'config:optimizer': optimizer } });
const rows = [row('a', 0.001, 'adam'), row('b', 0.003, 'sgd'), row('c', 0.01, 'adam'), row('d', 0.03, 'adamw'), row('e', 0.1, 'sgd')];

const q = <T extends Element>(sel: string) => document.querySelector<T>(sel)!;
const chip = () => q<HTMLElement>('.brush-chip');
const shownRows = () => Number(q('.runs-grid').getAttribute('aria-rowcount')) - 1;
const brushList = () => [...document.querySelectorAll('.brush-list li .brush-text')].map((e) => e.textContent);
const error = () => q<HTMLElement>('.brush-error').textContent;

function choose(column: string): void {
  const s = q<HTMLSelectElement>('select.brush-column');
  s.value = column;
  s.dispatchEvent(new Event('change'));
}
function type(sel: string, text: string): void {
  const input = q<HTMLInputElement>(sel);
  input.value = text;
  input.dispatchEvent(new Event('input'));
}
/** Enter in a field submits the form; so does the Brush button. */
function submit(): void {
  q<HTMLFormElement>('.brush-form').requestSubmit();
}

describe('runs table page: brushing by value, from the keyboard', () => {
  it('a typed range keeps the rows inside it, ends included, and is listed', () => {
    send({ type: 'init', title: 'p', keys: [{ source: 'config', key: 'lr', count: 5 }, { source: 'config', key: 'optimizer', count: 5 }], view });
    send({ type: 'rows', generation: 0, offset: 0, rows, total: 5, complete: true });
    q<HTMLButtonElement>('.shape-toggle').click();
    expect(q('.shape-panel').hasAttribute('hidden')).toBe(false);
    expect([...document.querySelectorAll('select.brush-column option')].map((o) => o.getAttribute('value'))).toEqual(['config:lr', 'run:name', 'config:optimizer']);
    choose('config:lr');
    // The column's extent shows as placeholders.
    expect(q<HTMLInputElement>('.brush-from').placeholder).toBe('0.001');
    expect(q<HTMLInputElement>('.brush-to').placeholder).toBe('0.1');

    type('.brush-from', '0.003');
    type('.brush-to', '0.03');
    submit();
    expect(chip().hidden).toBe(false);
    expect(chip().textContent).toMatch(/^brushed: 3 of 5 rows/);
    expect(shownRows()).toBe(3);
    expect(brushList()).toEqual(['lr: 0.003 to 0.03']);
  });

  it('an open end, reversed bounds and a bound it cannot read', () => {
    type('.brush-from', '');
    type('.brush-to', '0.01');
    submit();
    expect(chip().textContent).toMatch(/^brushed: 3 of 5 rows/);
    expect(brushList()).toEqual(['lr: ≤ 0.01']);

    type('.brush-from', '0.1');
    type('.brush-to', '0.02');
    submit();
    expect(brushList()).toEqual(['lr: 0.02 to 0.1']);
    expect(shownRows()).toBe(2);

    type('.brush-from', 'abc');
    submit();
    expect(error()).toBe('“abc” is not a number.');
    // Nothing changed: the last good brush stays.
    expect(brushList()).toEqual(['lr: 0.02 to 0.1']);
    expect(shownRows()).toBe(2);
  });

  it('ticked values brush a column of text; every brush must keep a row', () => {
    choose('config:optimizer');
    expect(error()).toBe('');
    const boxes = () => [...document.querySelectorAll<HTMLInputElement>('.brush-values input[type=checkbox]')];
    expect(boxes().map((b) => b.value)).toEqual(['adam', 'adamw', 'sgd']);
    submit();
    expect(error()).toBe('Tick the values to keep.');
    boxes().find((b) => b.value === 'sgd')!.checked = true;
    submit();
    // lr in [0.02, 0.1] and optimizer sgd: only e.
    expect(brushList()).toEqual(['lr: 0.02 to 0.1', 'optimizer: sgd']);
    expect(chip().textContent).toMatch(/^brushed: 1 of 5 rows/);
  });

  it('a tick in progress survives a page of rows arriving; a new value gets its box', () => {
    const boxes = () => [...document.querySelectorAll<HTMLInputElement>('.brush-values input[type=checkbox]')];
    boxes().find((b) => b.value === 'adam')!.checked = true;
    send({ type: 'rows', generation: 0, offset: 5, rows: [row('f', 0.05, 'lion')], total: 6, complete: true });
    expect(boxes().map((b) => b.value)).toEqual(['adam', 'adamw', 'lion', 'sgd']);
    expect(boxes().filter((b) => b.checked).map((b) => b.value)).toEqual(['adam', 'sgd']);
  });

  it('Remove clears one brush; the chip clears the rest', () => {
    q<HTMLButtonElement>('.brush-list button[aria-label="Remove the brush on lr"]').click();
    expect(brushList()).toEqual(['optimizer: sgd']);
    expect(chip().textContent).toMatch(/^brushed: 2 of 6 rows/);
    q<HTMLButtonElement>('.brush-chip .brush-clear').click();
    expect(chip().hidden).toBe(true);
    expect(brushList()).toEqual([]);
    expect(shownRows()).toBe(6);
  });
});
