// Stories: the tree and the run panel by keyboard alone, and the tree's expansion after a reload.
import type { Frame, Page } from 'playwright-core';
import { DEMO_PROJECT, DEMO_USER } from '../server/demo-names';
import { expand, expect, openView, runCommand, sideBarView, signIn, test, treeItem, waitForTreeItem, waitForWorkbench, webviewContentFrame, webviewFrame } from './harness';

/** The tree row that has keyboard focus: its level, label and expansion. */
async function focusedRow(page: Page): Promise<{ id: string; level: number; label: string; expanded: string | null } | undefined> {
  const row = sideBarView(page).locator('.monaco-list-row.focused').first();
  if ((await row.count()) === 0) return undefined;
  return {
    id: (await row.getAttribute('id')) ?? '',
    level: Number(await row.getAttribute('aria-level')),
    label: (await row.locator('.label-name').first().innerText()).trim(),
    expanded: await row.getAttribute('aria-expanded'),
  };
}

/** Signs in and expands the demo project's Runs until its first run shows; returns the Runs row's level. */
async function showDemoRuns(page: Page, apiKey: string): Promise<number> {
  await openView(page);
  await signIn(page, apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await expand(page, DEMO_PROJECT);
  const runsLevel = Number(await (await expand(page, 'Runs')).getAttribute('aria-level'));
  await sideBarView(page).locator(`[role=treeitem][aria-level="${runsLevel + 1}"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
  return runsLevel;
}

/** What has focus inside the webview: its role and, for a tab, which one. */
function activeInPanel(frame: Frame): Promise<{ role: string | null; tab: string | null }> {
  return frame.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? null, tab: document.activeElement?.getAttribute('data-tab') ?? null }));
}

test('keyboard only: arrow down to a run, Enter opens it, arrows switch the panel\'s tabs and move a chart cursor', { timeout: 150_000 }, async ({ page, env }) => {
  const runsLevel = await showDemoRuns(page, env.apiKey);

  // From here on, keys only.
  await runCommand(page, 'W&B Explorer: Focus on Runs View');
  await expect.poll(async () => (await focusedRow(page)) !== undefined, { timeout: 15_000 }).toBe(true);
  let row = (await focusedRow(page))!;
  for (let presses = 0; !(row.level === runsLevel + 1 && row.expanded === 'false'); presses++) {
    expect(presses, `no run row below Runs; last focused: ${JSON.stringify(row)}`).toBeLessThan(40);
    const before = row.id;
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focusedRow(page))?.id, { timeout: 10_000 }).not.toBe(before);
    row = (await focusedRow(page))!;
  }
  const runName = row.label;
  await page.keyboard.press('Enter');
  const view = webviewFrame(page);
  await expect.poll(() => view.locator('.run-header h1').innerText(), { timeout: 60_000 }).toBe(runName);
  // Enter opened the run and did not expand its row.
  expect(await treeItem(page, runName).getAttribute('aria-expanded')).toBe('false');

  // The panel has focus: Tab reaches the tab strip, one stop on the selected tab.
  const frame = await webviewContentFrame(page);
  const selected = () => view.locator('[role=tab][aria-selected="true"]').getAttribute('data-tab');
  expect(await selected()).toBe('overview');
  for (let presses = 0; (await activeInPanel(frame)).role !== 'tab'; presses++) {
    expect(presses, 'Tab never reached the tab strip').toBeLessThan(15);
    await page.keyboard.press('Tab');
  }
  expect((await activeInPanel(frame)).tab).toBe('overview');
  await page.keyboard.press('ArrowRight');
  await expect.poll(selected, { timeout: 10_000 }).toBe('charts');
  expect(await activeInPanel(frame)).toEqual({ role: 'tab', tab: 'charts' });
  expect(await view.locator('#tabpanel-charts').isVisible()).toBe(true);
  expect(await view.locator('#tabpanel-overview').isHidden()).toBe(true);
  expect(await view.locator('#tab-charts').getAttribute('aria-controls')).toBe('tabpanel-charts');
  expect(await view.locator('#tab-charts').getAttribute('tabindex')).toBe('0');
  expect(await view.locator('#tab-overview').getAttribute('tabindex')).toBe('-1');
  await page.keyboard.press('End');
  await expect.poll(selected, { timeout: 10_000 }).toBe('media');
  await page.keyboard.press('ArrowRight'); // wraps around
  await expect.poll(selected, { timeout: 10_000 }).toBe('overview');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(selected, { timeout: 10_000 }).toBe('media');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect.poll(selected, { timeout: 10_000 }).toBe('charts');

  // A chart: named after its metric, a cursor moved by the arrow keys, values announced.
  const body = view.locator('.chart-panel[data-metric="train/loss"] .chart-body[data-points]');
  await body.waitFor({ state: 'attached', timeout: 30_000 });
  expect(await body.getAttribute('aria-label')).toBe('train/loss against Step');
  await body.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => body.getAttribute('data-cursor'), { timeout: 10_000 }).not.toBeNull();
  const first = Number(await body.getAttribute('data-cursor'));
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await body.getAttribute('data-cursor')), { timeout: 10_000 }).toBeGreaterThan(first);
  await expect.poll(() => body.locator('.chart-live').innerText(), { timeout: 10_000 }).toMatch(new RegExp(`^Step [\\d,.]+; ${escapeRe(runName)} (-?[\\d.e+-]+|no value)`));
  await page.keyboard.press('+');
  await expect.poll(() => body.getAttribute('data-zoom'), { timeout: 10_000 }).not.toBeNull();
  await expect.poll(() => body.locator('.chart-live').innerText(), { timeout: 10_000 }).toMatch(/^Zoomed to Step /);
  await page.keyboard.press('0');
  await expect.poll(() => body.getAttribute('data-zoom'), { timeout: 10_000 }).toBeNull();
});

test('the tree opens the project and Runs rows it had expanded after a window reload', { timeout: 150_000 }, async ({ page, env }) => {
  const runsLevel = await showDemoRuns(page, env.apiKey);

  await runCommand(page, 'Developer: Reload Window');
  await page.waitForEvent('load', { timeout: 30_000 }).catch(() => undefined);
  await waitForWorkbench(page);
  await openView(page);
  // No clicks: the rows come back expanded, with the runs loaded under Runs.
  const project = await waitForTreeItem(page, DEMO_PROJECT, 60_000);
  await expect.poll(() => project.getAttribute('aria-expanded'), { timeout: 30_000 }).toBe('true');
  const runs = await waitForTreeItem(page, 'Runs', 30_000);
  await expect.poll(() => runs.getAttribute('aria-expanded'), { timeout: 30_000 }).toBe('true');
  await sideBarView(page).locator(`[role=treeitem][aria-level="${runsLevel + 1}"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
