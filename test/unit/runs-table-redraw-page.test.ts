// @vitest-environment happy-dom
// The runs table's page script (runs-table.main.ts): rows drawn stay in the page while new data
// is drawn in the next frame, never an empty grid in between (the ungroup step of the runs-table
// e2e story once read no rows in that gap).
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableRow } from '../../src/webviews/runs-table-protocol';
import { loadRunsTablePage, sendToPage, tableView } from './runs-table-page';

beforeAll(() => loadRunsTablePage());

const view = tableView(['run:name', 'config:lr']);
const row = (runId: string, lr: number): TableRow => ({ runId, name: runId, state: 'finished', tags: [], cells: { 'config:lr': lr } });
const drawnRuns = () => [...document.querySelectorAll<HTMLElement>('.grid-body .grid-row')].map((r) => r.dataset.run);
const lrOf = (runId: string) => document.querySelector<HTMLElement>(`.grid-row[data-run="${runId}"] .grid-cell:nth-child(2)`)?.textContent;
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const groupSelect = () => document.querySelector<HTMLSelectElement>('select.group-by')!;

describe('runs table page: redrawing', () => {
  it('keeps the rows drawn until the next frame replaces them', async () => {
    sendToPage({ type: 'init', title: 'p', keys: [{ source: 'config', key: 'lr', count: 2 }], view });
    sendToPage({ type: 'rows', generation: 0, offset: 0, rows: [row('a', 0.1), row('b', 0.2)], total: 2, complete: true });
    await nextFrame();
    expect(drawnRuns()).toEqual(['a', 'b']);

    // New values for the same rows (a live refresh): the old rows stay until the frame.
    sendToPage({ type: 'update', generation: 0, rows: [row('a', 0.5)] });
    expect(drawnRuns()).toEqual(['a', 'b']);
    await nextFrame();
    expect(drawnRuns()).toEqual(['a', 'b']);
    expect(lrOf('a')).toBe('0.5');
  });

  it('ungrouping goes from the group lines to the rows without an empty grid', async () => {
    groupSelect().value = 'config:lr';
    groupSelect().dispatchEvent(new Event('change'));
    sendToPage({ type: 'groupReady', column: 'config:lr' });
    await nextFrame();
    expect(document.querySelectorAll('.grid-body .grid-row').length).toBe(2);
    expect(drawnRuns()).toEqual([undefined, undefined]);

    groupSelect().value = '';
    groupSelect().dispatchEvent(new Event('change'));
    sendToPage({ type: 'groupReady', column: '' });
    expect(document.querySelectorAll('.grid-body .grid-row').length).toBe(2);
    await nextFrame();
    expect(drawnRuns()).toEqual(['a', 'b']);
  });
});
