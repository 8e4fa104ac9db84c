// Stories: the run panel (config, summary, charts, log-y, smoothing, per-chart settings, system
// charts, hostile text) and the compare panel (only differing config keys, deltas coloured by
// the metrics' goals, aligning runs of different lengths).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import {
  answerInputBox,
  expand,
  expect,
  openView,
  runCommand,
  sideBarView,
  signIn,
  test,
  treeItem,
  waitForTreeItem,
  waitForWorkbench,
  webviewContentFrame,
  webviewFrame,
  openRunPanel,
} from './harness';
import {
  DEMO_PROJECT,
  DEMO_CODE_RUN_ID,
  DEMO_RUN_DISPLAY_NAME,
  DEMO_RUN_HISTORY_STEPS,
  DEMO_RUN_ID,
  DEMO_RUN_LR,
  DEMO_RUN_NAN_KEY,
  DEMO_RUN_TABLE_COLUMNS,
  DEMO_RUN_TABLE_KEY,
  DEMO_RUN_TABLE_ROWS,
  DEMO_RUN_VAL_ACC,
  DEMO_LIVE_RUN_ID,
  DEMO_USER,
  DEMO_XSS_RUN_ID,
  DEMO_XSS_SCRIPT,
  DEMO_XSS_TEXT,
} from '../server/demo-names';

const runPath = (id: string) => `${DEMO_USER}/${DEMO_PROJECT}/${id}`;

/** The run's panel, signed in, opened with W&B: Open Run. */
const openRun = (page: Page, apiKey: string, runId: string): Promise<FrameLocator> => openRunPanel(page, apiKey, DEMO_USER, runPath(runId));

/** The compare panel of `ids`, signed in, opened with W&B: Compare Runs once its legend lists them all. */
async function openCompare(page: Page, apiKey: string, ids: string[]): Promise<FrameLocator> {
  await openView(page);
  await signIn(page, apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await runCommand(page, 'W&B: Compare Runs');
  await answerInputBox(page, ids.map(runPath).join(' '));
  const view = webviewFrame(page);
  await view.locator('.run-legend li').nth(ids.length - 1).waitFor({ state: 'visible', timeout: 30_000 });
  return view;
}

/** The value cell of a key in a run panel table. */
const cell = (view: FrameLocator, table: 'config' | 'summary', path: string) => view.locator(`.table-${table} .kv-row[data-path="${path}"] .kv-value`);

/** How many canvas pixels of a chart are not transparent: a drawn series makes many. */
async function inkedPixels(frame: Frame, metric: string): Promise<number> {
  return frame.evaluate((m) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`.chart-panel[data-metric="${m}"] canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  }, metric);
}

test('open a demo run: header, a config value and a summary value in the tables', async ({ page, env, consoleErrors }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await expect(view.locator('.run-header h1').innerText()).resolves.toBe(DEMO_RUN_DISPLAY_NAME);
  await expect(view.locator('.run-header .run-id').innerText()).resolves.toBe(DEMO_RUN_ID);
  await cell(view, 'config', 'optimizer.lr').waitFor({ state: 'visible', timeout: 20_000 });
  expect(Number(await cell(view, 'config', 'optimizer.lr').locator('.v-num').getAttribute('title'))).toBe(DEMO_RUN_LR);
  expect(await cell(view, 'summary', 'val/acc').innerText()).toBe(String(DEMO_RUN_VAL_ACC));
  // Media values show as what they are: an image thumbnail (a data: URI), a histogram, a table.
  await expect.poll(() => cell(view, 'summary', 'examples').locator('img.thumb').getAttribute('src'), { timeout: 20_000 }).toMatch(/^data:image\/png;base64,/);
  await cell(view, 'summary', 'weights').locator('canvas.sparkline').waitFor({ state: 'attached' });
  expect(await cell(view, 'summary', 'predictions').innerText()).toContain('table, 10 rows');
  expect(await cell(view, 'summary', DEMO_RUN_NAN_KEY).innerText()).toBe('NaN');
  // Search narrows the table.
  // Logs (ANSI colours as classes) and system metrics load on their tabs.
  await view.locator('.tab[data-tab="logs"]').click();
  await view.locator('.log-line').first().waitFor({ timeout: 20_000 });
  expect(await view.locator('.log-line [class^="ansi-"]').count()).toBeGreaterThan(0);
  await view.locator('.tab[data-tab="system"]').click();
  await view.locator('.system-view .chart-panel[data-metric="system.cpu"] canvas').waitFor({ timeout: 20_000 });
  await view.locator('.tab[data-tab="overview"]').click();
  await view.locator('.table-config input.search').fill('optimizer.l');
  await expect.poll(() => view.locator('.table-config .kv-row').count()).toBe(1);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('the loss chart renders, and log-y and smoothing redraw it', async ({ page, env, consoleErrors }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await view.locator('.tab[data-tab="charts"]').click();
  const chart = view.locator('.chart-panel[data-metric="train/loss"]');
  await chart.locator('canvas').waitFor({ state: 'visible', timeout: 30_000 });
  await expect.poll(async () => Number(await chart.locator('.chart-body').getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(100);
  const frame = await webviewContentFrame(page);
  await expect.poll(() => inkedPixels(frame, 'train/loss'), { timeout: 10_000 }).toBeGreaterThan(500);

  // Smoothing on (default): a smoothed twin per run in the legend; off: only the raw line.
  await expect(chart.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count()).resolves.toBe(1);
  await view.locator('input.smoothing').fill('0');
  await expect.poll(() => chart.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count()).toBe(0);
  await view.locator('input.smoothing').fill('0.9');
  await expect.poll(() => chart.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count()).toBe(1);

  // Log-y: the chart switches to a log scale and still draws.
  await view.locator('input.log-y').check();
  await expect.poll(() => chart.getAttribute('class')).toContain('log');
  await expect.poll(() => inkedPixels(frame, 'train/loss'), { timeout: 10_000 }).toBeGreaterThan(500);

  // Hover: the legend reads the step and the values of the point under the cursor.
  const box = await chart.locator('.u-over').boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(() => chart.locator('.u-legend .u-series').first().locator('.u-value').innerText()).toMatch(/^\d/);
  await expect.poll(() => chart.locator('.u-legend .u-series', { hasText: '(smoothed)' }).locator('.u-value').innerText()).toMatch(/^-?\d/);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('a history longer than the chart is wide: the rows on screen are drawn first, then the chart holds every row', { timeout: 150_000 }, async ({ page, env, consoleErrors }) => {
  // 20,000 rows of the 100k-step run: more than any chart here has pixel columns.
  const settingsDir = join(env.workspaceDir, '.vscode');
  const settingsFile = join(settingsDir, 'settings.json');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ 'wandbExplorer.chartPoints': 20_000 }));
  try {
    await page.reload();
    await waitForWorkbench(page);
    const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
    await view.locator('.tab[data-tab="charts"]').click();
    const chart = view.locator('.chart-panel[data-metric="train/loss"]');
    const body = chart.locator('.chart-body');
    const points = async () => Number(await body.getAttribute('data-points'));
    await expect.poll(points, { timeout: 60_000 }).toBeGreaterThan(10_000);
    const first = Number(await body.getAttribute('data-first-screen'));
    expect(first).toBeGreaterThan(100);
    expect(first).toBeLessThan((await points()) / 4);
    // Every row in: no longer partial, smoothed over all of them, drawn, hover reads them.
    await expect.poll(() => body.getAttribute('data-partial')).toBeNull();
    await expect.poll(() => body.getAttribute('data-smoothed')).toBe('done');
    const frame = await webviewContentFrame(page);
    await expect.poll(() => inkedPixels(frame, 'train/loss'), { timeout: 10_000 }).toBeGreaterThan(500);
    const box = await chart.locator('.u-over').boundingBox();
    if (!box) throw new Error('no plot area');
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
    await expect.poll(() => chart.locator('.u-legend .u-series', { hasText: '(smoothed)' }).locator('.u-value').innerText()).toMatch(/^-?\d/);

    // By relative time too: the rows are fetched by step, and the host picks the first screen
    // by the time axis. Hidden and shown again, the page is made anew and asks for them again.
    await view.locator('.chart-toolbar .x-select').selectOption('_runtime');
    await expect.poll(() => chartLook(view, 'train/loss')).toMatchObject({ x: '_runtime' });
    await runCommand(page, 'File: New Untitled Text File');
    await page.locator('.tabs-container .tab', { hasText: 'Untitled-1' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.tabs-container .tab', { hasText: DEMO_RUN_DISPLAY_NAME }).click();
    const shown = webviewFrame(page);
    const again = shown.locator('.chart-panel[data-metric="train/loss"] .chart-body');
    await expect.poll(async () => Number(await again.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(10_000);
    expect(await chartLook(shown, 'train/loss')).toMatchObject({ x: '_runtime' });
    const byTime = Number(await again.getAttribute('data-first-screen'));
    expect(byTime).toBeGreaterThan(100);
    expect(byTime).toBeLessThan(Number(await again.getAttribute('data-points')) / 4);
    expect(consoleErrors.cspViolations()).toEqual([]);
  } finally {
    rmSync(settingsFile, { force: true });
  }
});

/** What a chart shows now: its x axis, smoothing and whether a smoothed line is in its legend. */
async function chartLook(view: FrameLocator, metric: string): Promise<{ x: string | null; smoothing: string | null; smoothed: number }> {
  const panel = view.locator(`.chart-panel[data-metric="${metric}"]`);
  return {
    x: await panel.locator('.chart-body').getAttribute('data-x'),
    smoothing: await panel.locator('.chart-body').getAttribute('data-smoothing'),
    smoothed: await panel.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count(),
  };
}

test('one chart’s own x axis and smoothing leave the other charts alone, and come back after hide and show', { timeout: 150_000 }, async ({ page, env, consoleErrors }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await view.locator('.tab[data-tab="charts"]').click();
  const loss = view.locator('.chart-panel[data-metric="train/loss"]');
  const acc = view.locator('.chart-panel[data-metric="val/acc"]');
  await loss.locator('canvas').waitFor({ state: 'visible', timeout: 30_000 });
  // Charts are drawn once scrolled into view.
  await acc.scrollIntoViewIfNeeded();
  await acc.locator('canvas').waitFor({ state: 'visible', timeout: 30_000 });
  await expect.poll(() => chartLook(view, 'val/acc')).toEqual({ x: '_step', smoothing: '0.6', smoothed: 1 });
  await loss.scrollIntoViewIfNeeded();

  // The loss chart's gear: relative time and no smoothing, for that chart only.
  await loss.locator('.chart-gear').click();
  await loss.locator('select.chart-x').selectOption('_runtime');
  await loss.locator('input.chart-smoothing').fill('0');
  await expect.poll(() => chartLook(view, 'train/loss'), { timeout: 20_000 }).toEqual({ x: '_runtime', smoothing: '0', smoothed: 0 });
  await expect.poll(() => points(view, 'train/loss'), { timeout: 20_000 }).toBeGreaterThan(100);
  await expect(loss.locator('.chart-note').innerText()).resolves.toBe('Relative time · no smoothing');
  await expect(loss.locator('.u-legend .u-series').first().innerText()).resolves.toContain('Relative time');
  expect(await chartLook(view, 'val/acc')).toEqual({ x: '_step', smoothing: '0.6', smoothed: 1 });
  expect(await acc.locator('.u-legend .u-series').first().innerText()).toContain('Step');

  // The toolbar applies to all charts, and only the setting moved: the loss chart keeps its x axis.
  await view.locator('input.smoothing').fill('0.9');
  await expect.poll(() => chartLook(view, 'val/acc')).toEqual({ x: '_step', smoothing: '0.9', smoothed: 1 });
  await expect.poll(() => chartLook(view, 'train/loss')).toEqual({ x: '_runtime', smoothing: '0.9', smoothed: 1 });
  await expect(loss.locator('.chart-note').innerText()).resolves.toBe('Relative time');
  // Its own smoothing again, for the hide-and-show below.
  await loss.locator('input.chart-smoothing').fill('0');
  await expect.poll(() => chartLook(view, 'train/loss')).toEqual({ x: '_runtime', smoothing: '0', smoothed: 0 });

  // Hidden behind another editor, the panel's page goes away; shown again, it restores its state.
  await runCommand(page, 'File: New Untitled Text File');
  await page.locator('.tabs-container .tab', { hasText: 'Untitled-1' }).waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.tabs-container .tab', { hasText: DEMO_RUN_DISPLAY_NAME }).click();
  const shown = webviewFrame(page);
  await shown.locator('.chart-panel[data-metric="train/loss"] canvas').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => chartLook(shown, 'train/loss'), { timeout: 30_000 }).toEqual({ x: '_runtime', smoothing: '0', smoothed: 0 });
  await shown.locator('.chart-panel[data-metric="val/acc"]').scrollIntoViewIfNeeded();
  await expect.poll(() => chartLook(shown, 'val/acc'), { timeout: 30_000 }).toEqual({ x: '_step', smoothing: '0.9', smoothed: 1 });
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('system charts follow the smoothing after they are drawn', async ({ page, env }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await view.locator('.tab[data-tab="system"]').click();
  const cpu = view.locator('.system-view .chart-panel[data-metric="system.cpu"]');
  await cpu.locator('canvas').waitFor({ timeout: 20_000 });
  await expect.poll(() => cpu.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count()).toBe(1);
  // From the Charts tab's toolbar…
  await view.locator('.tab[data-tab="charts"]').click();
  await view.locator('input.smoothing').fill('0');
  await view.locator('.tab[data-tab="system"]').click();
  await expect.poll(() => cpu.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count()).toBe(0);
  expect(await cpu.locator('.chart-body').getAttribute('data-smoothing')).toBe('0');
  // …and from the System tab's own slider, which the Charts tab follows too.
  await view.locator('input.system-smoothing').fill('0.8');
  await expect.poll(() => cpu.locator('.u-legend .u-series', { hasText: '(smoothed)' }).count()).toBe(1);
  expect(await cpu.locator('.chart-body').getAttribute('data-smoothing')).toBe('0.8');
  await view.locator('.tab[data-tab="charts"]').click();
  expect(await view.locator('input.smoothing').inputValue()).toBe('0.8');
});

/** Drags across the middle of a chart's plot area, from `a` to `b` (fractions of its width). */
async function dragZoom(page: Page, view: FrameLocator, metric: string, a: number, b: number): Promise<void> {
  const box = await view.locator(`.chart-panel[data-metric="${metric}"] .u-over`).boundingBox();
  if (!box) throw new Error('no plot area');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * a, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * b, y, { steps: 4 });
  await page.mouse.up();
}

const points = async (view: FrameLocator, metric: string) => Number(await view.locator(`.chart-panel[data-metric="${metric}"] .chart-body`).getAttribute('data-points'));
const zoomOf = (view: FrameLocator, metric: string) => view.locator(`.chart-panel[data-metric="${metric}"] .chart-body`).getAttribute('data-zoom');
/** How many zoomed ranges the chart has laid over its sampled rows (the panel counts them). */
const rangesOf = async (view: FrameLocator, metric: string) => Number((await view.locator(`.chart-panel[data-metric="${metric}"] .chart-body`).getAttribute('data-ranges')) ?? 0);

test('drag-zoom fetches the range at full resolution, double-click resets', async ({ page, env }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(() => points(view, 'train/loss'), { timeout: 30_000 }).toBeGreaterThan(100);
  const before = await points(view, 'train/loss');
  await dragZoom(page, view, 'train/loss', 0.4, 0.43);
  await expect.poll(() => zoomOf(view, 'train/loss')).not.toBeNull();
  // The rows of the zoomed range are laid over the sampled ones.
  await expect.poll(() => points(view, 'train/loss'), { timeout: 20_000 }).toBeGreaterThan(before + 500);
  await view.locator('.chart-panel[data-metric="train/loss"] .u-over').dblclick();
  await expect.poll(() => zoomOf(view, 'train/loss')).toBeNull();
});

test('a running run grows live and keeps its zoom', async ({ page, env }) => {
  const view = await openRun(page, env.apiKey, DEMO_LIVE_RUN_ID);
  await expect(view.locator('.run-header .live-badge').count()).resolves.toBe(1);
  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(() => points(view, 'train/loss'), { timeout: 30_000 }).toBeGreaterThan(100);
  await dragZoom(page, view, 'train/loss', 0.2, 0.6);
  await expect.poll(() => zoomOf(view, 'train/loss')).not.toBeNull();
  // The range fetch has landed: only rows that arrive after it count as live.
  await expect.poll(() => rangesOf(view, 'train/loss'), { timeout: 20_000 }).toBeGreaterThan(0);
  const zoom = await zoomOf(view, 'train/loss');
  const before = await points(view, 'train/loss');
  // New rows arrive with the next poll (every 10 s by default) and are appended.
  await expect.poll(() => points(view, 'train/loss'), { timeout: 40_000, interval: 1_000 }).toBeGreaterThan(before + 5);
  expect(await zoomOf(view, 'train/loss')).toBe(zoom);
});

test('a table value previews its first rows in the panel, as text', async ({ page, env, consoleErrors }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  const value = cell(view, 'summary', DEMO_RUN_TABLE_KEY);
  await value.waitFor({ state: 'visible', timeout: 20_000 });
  await value.locator('.table-preview-button').click();
  const preview = view.locator('.table-preview');
  await expect.poll(() => preview.locator('tbody tr').count(), { timeout: 20_000 }).toBe(DEMO_RUN_TABLE_ROWS);
  expect(await preview.locator('thead th').allInnerTexts()).toEqual([...DEMO_RUN_TABLE_COLUMNS]);
  expect(await preview.locator('.table-preview-count').innerText()).toContain(`${DEMO_RUN_TABLE_ROWS} rows`);
  // The caption holding markup shows as those characters and makes no element.
  expect(await preview.locator('tbody tr').nth(3).locator('td').nth(3).innerText()).toBe(DEMO_XSS_TEXT);
  expect(await preview.locator('img').count()).toBe(0);
  await page.keyboard.press('Escape');
  await expect.poll(() => view.locator('.table-preview-backdrop').isHidden()).toBe(true);
  expect(dialogs).toEqual([]);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('compare with the live run: its new rows are appended, and media show as in the run panel', async ({ page, env, consoleErrors }) => {
  const view = await openCompare(page, env.apiKey, [DEMO_RUN_ID, DEMO_LIVE_RUN_ID]);
  await expect(view.locator('.run-legend li').nth(1).locator('.state').innerText()).resolves.toContain('running');

  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(() => points(view, 'train/loss'), { timeout: 30_000 }).toBeGreaterThan(100);
  await dragZoom(page, view, 'train/loss', 0.2, 0.6);
  await expect.poll(() => zoomOf(view, 'train/loss')).not.toBeNull();
  // The range fetch has landed: only rows that arrive after it count as live.
  await expect.poll(() => rangesOf(view, 'train/loss'), { timeout: 20_000 }).toBeGreaterThan(0);
  const zoom = await zoomOf(view, 'train/loss');
  const before = await points(view, 'train/loss');
  // New rows of the live run arrive with the next poll (every 10 s by default), are appended, and the zoom stays.
  await expect.poll(() => points(view, 'train/loss'), { timeout: 40_000, interval: 1_000 }).toBeGreaterThan(before + 5);
  expect(await zoomOf(view, 'train/loss')).toBe(zoom);

  // The finished run's image shows as a thumbnail (a data: URI, as the CSP wants), its histogram as a sparkline.
  await view.locator('.tab[data-tab="summary"]').click();
  await view.locator('.table-summary input.search').fill('examples');
  const thumb = view.locator('.table-summary tr[data-path="examples"] td[data-run="0"] img.thumb');
  await expect.poll(() => thumb.getAttribute('src'), { timeout: 20_000 }).toMatch(/^data:image\/png;base64,/);
  await view.locator('.table-summary input.search').fill('weights');
  await view.locator('.table-summary tr[data-path="weights"] td[data-run="0"] canvas.sparkline').waitFor({ state: 'attached', timeout: 10_000 });
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('the run panel comes back after a window reload, on the tab it showed', { timeout: 150_000 }, async ({ page, env }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await cell(view, 'config', 'optimizer.lr').waitFor({ state: 'visible', timeout: 20_000 });
  await view.locator('.tab[data-tab="charts"]').click();
  // Reload the way a person does (the workbench saves its editors and webview state first).
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForEvent('load', { timeout: 30_000 }).catch(() => undefined);
  await waitForWorkbench(page);
  const restored = webviewFrame(page);
  await restored.locator('.tab[data-tab="charts"][aria-selected="true"]').waitFor({ state: 'visible', timeout: 60_000 });
  // The restored panel loads the run again: the session comes back on its own after a reload.
  await restored.locator('.run-header h1').waitFor({ state: 'visible', timeout: 60_000 });
  expect(await restored.locator('.run-header h1').innerText()).toBe(DEMO_RUN_DISPLAY_NAME);
  await expect.poll(() => points(restored, 'train/loss'), { timeout: 30_000 }).toBeGreaterThan(100);
});

/** The run page's script in the extension VS Code installed (the webview loads it from there). */
function installedRunScript(extensionsDir: string): string {
  for (const dir of readdirSync(extensionsDir)) {
    const script = join(extensionsDir, dir, 'dist', 'webview', 'run.js');
    if (existsSync(script)) return script;
  }
  throw new Error(`no installed W&B Explorer under ${extensionsDir}`);
}

test('a run panel whose script failed to load loads its page again by itself', { timeout: 150_000 }, async ({ page, env, outputLog }) => {
  // The failure seen under load (two panels opening at once): the page's script answers 404 and
  // the page stays blank. Here the script is missing on disk until the panel has noticed.
  const script = installedRunScript(env.extensionsDir);
  const aside = `${script}.aside`;
  renameSync(script, aside);
  try {
    await openView(page);
    await signIn(page, env.apiKey);
    await waitForTreeItem(page, DEMO_USER);
    await runCommand(page, 'W&B: Open Run');
    await answerInputBox(page, `${DEMO_USER}/${DEMO_PROJECT}/${DEMO_RUN_ID}`);
    await outputLog.waitFor(/run panel: its page did not start within \d+ s; loading it again \(1 of 2\)/, 60_000);
    expect(await webviewFrame(page).locator('.run-header').count()).toBe(0);
  } finally {
    renameSync(aside, script);
  }
  // The next reload finds the script: the run shows, with no error for the person to act on.
  const view = webviewFrame(page);
  await view.locator('.run-header h1').waitFor({ state: 'visible', timeout: 60_000 });
  expect(await view.locator('.run-header h1').innerText()).toBe(DEMO_RUN_DISPLAY_NAME);
  await cell(view, 'config', 'optimizer.lr').waitFor({ state: 'visible', timeout: 20_000 });
  expect(outputLog.read()).not.toMatch(/did not start after/);
});

test('a run whose name and config hold HTML and script shows them as text and runs nothing', async ({ page, env, consoleErrors }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const view = await openRun(page, env.apiKey, DEMO_XSS_RUN_ID);
  const name = await view.locator('.run-header h1').innerText();
  expect(name).toContain('<');
  const configText = await view.locator('.table-config').innerText();
  expect(configText.includes(DEMO_XSS_TEXT) || configText.includes(DEMO_XSS_SCRIPT)).toBe(true);
  const frame = await webviewContentFrame(page);
  const injected = await frame.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => /alert/.test(s.textContent ?? '') || /alert/.test(s.src)).length,
  }));
  expect(injected).toEqual({ imgs: 0, scripts: 0 });
  // Anything the content could run has had its turn once the frame has painted twice more.
  await frame.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  expect(dialogs).toEqual([]);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('compare two runs and see only the differing config keys', async ({ page, env, consoleErrors }) => {
  const view = await openCompare(page, env.apiKey, [DEMO_RUN_ID, DEMO_XSS_RUN_ID]);
  await view.locator('.tab[data-tab="config"]').click();
  const rows = view.locator('.table-config tbody tr[data-path]');
  await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
  const onlyDiff = await rows.evaluateAll((trs) => trs.map((tr) => tr.className));
  expect(onlyDiff.length).toBeGreaterThan(0);
  expect(onlyDiff.every((c) => c === 'differs')).toBe(true);
  // Turning the filter off shows the keys both runs share as well.
  await view.locator('.table-config input.only-diff').uncheck();
  await expect.poll(() => view.locator('.table-config tbody tr.same').count()).toBeGreaterThan(0);
  // Overlaid charts: one line per run.
  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(() => view.locator('.chart-panel[data-metric="train/loss"] .u-legend .u-series:not(.raw-series)').count(), { timeout: 20_000 }).toBe(3);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('compare: deltas are better or worse by the goal the runs defined, and runs of different lengths offer to align', async ({ page, env, consoleErrors }) => {
  // The 100k-step baseline beside a 300-step run: both define val/loss (minimize) and val/acc (maximize).
  const view = await openCompare(page, env.apiKey, [DEMO_RUN_ID, DEMO_CODE_RUN_ID]);

  await view.locator('.tab[data-tab="summary"]').click();
  const delta = (path: string) => view.locator(`.table-summary tr[data-path="${path}"] td[data-run="1"] .delta`);
  const look = async (path: string) => {
    const d = delta(path);
    await d.waitFor({ state: 'attached', timeout: 20_000 });
    return { text: (await d.innerText()).trim(), verdict: await d.getAttribute('data-verdict'), cls: await d.getAttribute('class'), why: await d.getAttribute('title') };
  };
  const loss = await look('val/loss');
  expect(loss.cls).toBe(`delta ${loss.verdict}`);
  expect(loss.verdict).toBe(loss.text.startsWith('-') ? 'better' : 'worse');
  expect(loss.why).toBe('lower is better: defined by define_metric goal=minimize');
  const acc = await look('val/acc');
  expect(acc.verdict).toBe(acc.text.startsWith('-') ? 'worse' : 'better');
  expect(acc.why).toBe('higher is better: defined by define_metric goal=maximize');
  // No run defined a goal for train/acc: neutral, whatever its name suggests.
  const trainAcc = await look('train/acc');
  expect(trainAcc.verdict).toBe('unknown');
  expect(trainAcc.why).toMatch(/^direction unknown/);

  // 100,000 steps against a few hundred: the charts offer to align, and change nothing until asked.
  await view.locator('.tab[data-tab="charts"]').click();
  const notice = view.locator('.align-notice');
  await notice.waitFor({ state: 'visible', timeout: 20_000 });
  expect(await notice.innerText()).toContain(`${DEMO_RUN_HISTORY_STEPS.toLocaleString('en-US')} steps against `);
  await notice.getByRole('button', { name: 'Align by relative time' }).waitFor();
  expect(await view.locator('.chart-toolbar .x-select').inputValue()).toBe('_step');
  await notice.getByRole('button', { name: 'Align by epoch' }).click();
  await notice.waitFor({ state: 'hidden' });
  expect(await view.locator('.chart-toolbar .x-select').inputValue()).toBe('epoch');
  // Both runs are drawn against epoch (a point per epoch logged); epoch itself is the axis, not a chart.
  await expect.poll(() => points(view, 'train/loss'), { timeout: 30_000 }).toBeGreaterThan(2);
  await expect.poll(() => view.locator('.chart-panel[data-metric="train/loss"] .u-legend .u-series:not(.raw-series)').count()).toBe(3);
  expect(await view.locator('.chart-panel[data-metric="epoch"]').count()).toBe(0);
  expect(await view.locator('.metric-item[data-metric="epoch"] input').isDisabled()).toBe(true);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('from the tree: Overview opens the run panel, and two selected runs compare from the context menu', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await expand(page, DEMO_PROJECT);
  await expand(page, 'Runs');
  // account 1, entity 2, project 3, Runs 4: runs are level 5.
  const runRows = sideBarView(page).locator('.monaco-list-rows [role=treeitem][aria-level="5"]').filter({ hasNotText: /^\s*Load more/ });
  await expect.poll(() => runRows.count(), { timeout: 20_000 }).toBeGreaterThan(2);
  const [a, b] = [runRows.nth(1), runRows.nth(2)];
  const nameA = (await a.locator('.label-name').innerText()).trim();
  const nameB = (await b.locator('.label-name').innerText()).trim();

  await expand(page, nameA);
  await treeItem(page, 'Overview').click();
  const view = webviewFrame(page);
  await expect.poll(() => view.locator('.run-header h1').innerText(), { timeout: 30_000 }).toBe(nameA);
  await treeItem(page, nameA).locator('.monaco-tl-twistie').click(); // collapse it again

  await treeItem(page, nameA).click();
  await treeItem(page, nameB).click({ modifiers: ['Control'] });
  await treeItem(page, nameB).click({ button: 'right' });
  await page.locator('.context-view .monaco-menu .action-label', { hasText: /^Compare Runs$/ }).click();
  const compare = webviewFrame(page);
  await expect.poll(() => compare.locator('.run-legend li .run-link').allInnerTexts(), { timeout: 30_000 }).toEqual([nameA, nameB]);
});
