/**
 * What the panels fetch, over real HTTP against the dev server's demo data: a table preview
 * from the run's table file, and the live rows of the running run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { WandbError } from '../../src/api/errors';
import { flattenSummary, tablePaths } from '../../src/webviews/flatten';
import { loadTable } from '../../src/webviews/run-data';
import { rowsPast } from '../../src/webviews/live-updates';
import * as N from '../server/demo-names';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };
const RUN = { ...P, runId: N.DEMO_RUN_ID };

beforeAll(async () => {
  api = new WandbApi(clientFor(srv, { retry: { baseDelayMs: 10 } }));
});

describe('table preview', () => {
  it('reads the table file the summary points at: columns, rows as text, the row count', async () => {
    const detail = await api.run(RUN);
    const [path] = [...tablePaths(flattenSummary(detail.summary))];
    expect(path).toMatch(/\.table\.json$/);
    const t = await loadTable(api, RUN, path!);
    expect(t.columns).toEqual([...N.DEMO_RUN_TABLE_COLUMNS]);
    expect(t.total).toBe(N.DEMO_RUN_TABLE_ROWS);
    expect(t.rows).toHaveLength(N.DEMO_RUN_TABLE_ROWS);
    expect(t.rows[1]).toEqual(['1', '1', '7', 'digit 1']);
    // Markup in a cell stays text for the page to insert as text.
    expect(t.rows[3]![3]).toBe(N.DEMO_XSS_TEXT);
  });

  it('a table the run does not have is notFound (the page then offers the browser)', async () => {
    const e = await loadTable(api, RUN, 'media/table/missing.table.json').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WandbError);
    expect((e as WandbError).kind).toBe('notFound');
  });
});

describe('live rows', () => {
  it('the running run has rows past a step it held, and only those come', async () => {
    const live = { ...P, runId: N.DEMO_LIVE_RUN_ID };
    const detail = await api.run(live);
    expect(detail.state).toBe('running');
    const last = detail.historyKeys.lastStep;
    const held = last - 20;
    const fresh = await rowsPast(api, live, held, last);
    expect(fresh?.columns._step?.[0]).toBe(held + 1);
    expect(fresh?.lastStep).toBe(last);
    expect(fresh?.columns['train/loss']?.length).toBe(last - held);
  });
});
