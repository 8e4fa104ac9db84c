/**
 * What the panels fetch, over real HTTP against the dev server's demo data: a table preview
 * from the run's table file, the live rows of the running run, and console logs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { WandbError } from '../../src/api/errors';
import { flattenSummary, tablePaths } from '../../src/webviews/flatten';
import { loadTable } from '../../src/webviews/run-data';
import { remoteRunFiles } from '../../src/webviews/run-file-reader';
import { rowsPast } from '../../src/webviews/live-updates';
import { ConsoleLog, LOG_TAIL_LINES } from '../../src/webviews/console-log';
import * as N from '../server/demo-names';
import { bufferBlob } from '../server/blob';
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
    const t = await loadTable(remoteRunFiles(api, RUN), path!);
    expect(t.columns).toEqual([...N.DEMO_RUN_TABLE_COLUMNS]);
    expect(t.total).toBe(N.DEMO_RUN_TABLE_ROWS);
    expect(t.rows).toHaveLength(N.DEMO_RUN_TABLE_ROWS);
    expect(t.rows[1]).toEqual(['1', '1', '7', 'digit 1']);
    // Markup in a cell stays text for the page to insert as text.
    expect(t.rows[3]![3]).toBe(N.DEMO_XSS_TEXT);
  });

  it('a table the run does not have is notFound (the page then offers the browser)', async () => {
    const e = await loadTable(remoteRunFiles(api, RUN), 'media/table/missing.table.json').catch((x: unknown) => x);
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

describe('console logs', () => {
  const live = { ...P, runId: N.DEMO_LIVE_RUN_ID };
  const shownLines = N.DEMO_LOG_HEADER_LINES + Math.floor(N.DEMO_LIVE_RUN_INITIAL_ROWS / N.DEMO_LOG_LINE_EVERY_ROWS);

  it('a running run: streamed lines while it has no output.log, then only the lines written since', async () => {
    expect((await api.runFiles(live, { first: 5, names: ['output.log'] })).items).toEqual([]);
    const log = new ConsoleLog(api, live);
    const opened = await log.open();
    expect(opened).toMatchObject({ source: 'lines', mode: 'replace', firstLine: 0, hasEarlier: false });
    const lines = opened.text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThanOrEqual(shownLines);
    // Markup in a line stays text for the page to insert as text.
    expect(lines).toContain(N.DEMO_LOG_MARKUP_LINE);
    expect(await log.next()).toBeUndefined();
    srv.clock.advance((N.DEMO_LOG_LINE_EVERY_ROWS / N.DEMO_LIVE_RUN_ROWS_PER_SECOND) * 1000 * 3);
    const fresh = await log.next();
    expect(fresh?.mode).toBe('append');
    expect(fresh?.text.split('\n').filter(Boolean)).toHaveLength(3);
    expect(fresh?.text).toMatch(/^step \d+ {2}train\/loss=/);
  });

  it('pages back from the tail when the log is longer than the tail', async () => {
    srv.clock.advance(((LOG_TAIL_LINES * N.DEMO_LOG_LINE_EVERY_ROWS) / N.DEMO_LIVE_RUN_ROWS_PER_SECOND) * 1000);
    const log = new ConsoleLog(api, live);
    const opened = await log.open();
    expect(opened.text.split('\n').filter(Boolean)).toHaveLength(LOG_TAIL_LINES);
    expect(opened.hasEarlier).toBe(true);
    const earlier = await log.earlier();
    expect(earlier).toMatchObject({ mode: 'prepend', source: 'lines', firstLine: 0, hasEarlier: false });
    expect(earlier!.text.split('\n').filter(Boolean)).toHaveLength(opened.firstLine);
    expect(earlier!.text).toContain(N.DEMO_LOG_MARKUP_LINE);
    expect(await log.earlier()).toBeUndefined();
  });

  it('a run with multipart console logging: its logs/ chunks joined in time order', async () => {
    const project = srv.store.project(N.DEMO_USER, N.DEMO_PROJECT)!;
    const run = srv.store.addRun(project, { name: 'chunked1', createdAt: Date.UTC(2025, 5, 1), username: N.DEMO_USER });
    const chunk = (name: string, text: string) => ({ name, blob: bufferBlob(text, 'text/plain') });
    run.files = srv.store.runFiles(run, () => [
      chunk('logs/output_20250601_120500_000000002.log', 'third\n'),
      chunk('logs/output_20250601_120000_000000001.log', 'first\nsecond\n'),
      chunk('logs/debug.log', 'not console output\n'),
    ]);
    const opened = await new ConsoleLog(api, { ...P, runId: 'chunked1' }).open();
    expect(opened).toMatchObject({ source: 'file', text: 'first\nsecond\nthird\n', truncated: false });
  });

  it('a finished run without streamed lines shows its output.log', async () => {
    const opened = await new ConsoleLog(api, RUN).open();
    expect(opened).toMatchObject({ source: 'file', mode: 'replace', truncated: false });
    expect(opened.text).toContain('Training complete.');
  });
});
