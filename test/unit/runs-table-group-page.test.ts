// @vitest-environment happy-dom
// The runs table's page script (runs-table.main.ts), driven by the host's messages as the panel
// sends them: grouping by group or job type, whose values the loaded rows were read without,
// waits for the host's answer instead of grouping every run under "none" first.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableRow, TableWebviewMessage } from '../../src/webviews/runs-table-protocol';
import { loadRunsTablePage, sendToPage, tableView } from './runs-table-page';

const posted: TableWebviewMessage[] = [];
const send = sendToPage;

beforeAll(() => loadRunsTablePage(posted));

const view = tableView(['run:state', 'run:name', 'config:lr']);
/** A row as the first page carries it: no group (read only on demand). */
const row = (runId: string, lr: number): TableRow => ({ runId, name: runId, state: 'finished', tags: [], cells: { 'config:lr': lr } });
const groupNote = () => document.querySelector<HTMLElement>('.group-note')!;
const groupSelect = () => document.querySelector<HTMLSelectElement>('select.group-by')!;

describe('runs table page: grouping by a field read on demand', () => {
  it('says it is reading the field, and groups only once the host answers', () => {
    send({ type: 'init', title: 'p', keys: [{ source: 'config', key: 'lr', count: 4 }], view });
    send({ type: 'rows', generation: 0, offset: 0, rows: [row('a', 0.1), row('b', 0.1), row('c', 0.2), row('d', 0.3)], total: 4, complete: true });
    posted.length = 0;
    groupSelect().value = 'run:group';
    groupSelect().dispatchEvent(new Event('change'));
    expect(posted).toContainEqual({ type: 'groupBy', column: 'run:group' });
    expect(groupNote().hidden).toBe(false);
    expect(groupNote().textContent).toBe('Reading Group of the loaded runs to group them…');

    // The host reads group for the loaded rows, then answers.
    send({ type: 'update', generation: 0, rows: [{ ...row('a', 0.1), group: 'sweep-1' }, { ...row('b', 0.1), group: 'sweep-1' }, { ...row('c', 0.2), group: 'sweep-2' }, { ...row('d', 0.3), group: 'sweep-2' }] });
    expect(groupNote().textContent).toContain('Reading Group');
    send({ type: 'groupReady', column: 'run:group' });
    expect(groupNote().textContent).toMatch(/^2 groups of Group, made in the table over all 4 runs/);
  });

  it('an answer for an earlier choice does not end the wait for the current one', () => {
    groupSelect().value = 'run:jobType';
    groupSelect().dispatchEvent(new Event('change'));
    send({ type: 'groupReady', column: 'run:group' });
    expect(groupNote().textContent).toContain('Reading Job type');
    send({ type: 'groupReady', column: 'run:jobType' });
    expect(groupNote().textContent).toMatch(/^1 group of Job type, made in the table over all 4 runs/);
  });
});
