// Stories: local runs. Real run folders in the workspace show under "Local Runs" and open in the
// run panel; a run folder this test process writes to grows in the open chart and turns from
// running to finished when its exit record lands; a local run's Media tab shows the images in its
// folder; a local run compares with a remote demo run.
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { expand, expect, openView, sideBarView, signIn, test, treeItem, waitForTreeItem, webviewFrame, webviewFrameWith } from './harness';
import { DEMO_PROJECT, DEMO_USER } from '../server/demo-names';
import { LogBytes, rec } from '../unit/local-log-writer';
import { makePng } from '../server/png';

/** A real run (SDK 0.19, wandb-core) with 193 history rows, a config and console output. */
const REAL = { fixture: '02hyc__VQ-VAE/wandb/run-20250315_153322-3h5xqzg5', name: '3h5xqzg5', project: 'VQVAE-Training', lr: 0.000225, metric: 'train_loss', log: 'Epoch 1/10' };
const LIVE = { runId: 'e2elive1', name: 'live-local-run', project: 'e2e-live' };
/** A local run that logged an image at three steps: its files are only in its folder. */
const MEDIA = { runId: 'e2emedia', name: 'local-media-run', project: 'e2e-media', key: 'samples', steps: [0, 5, 10] };
const mediaPng = (step: number) => makePng(8, 8, step + 1);

const here = join(inject('e2e').workspaceDir, 'local-runs-story');
const liveFolder = join(here, 'wandb', `run-20250101_000000-${LIVE.runId}`);
const liveLogPath = join(liveFolder, `run-${LIVE.runId}.wandb`);
const liveLog = new LogBytes();
let liveStep = 0;

/** Appends history rows (and anything else) to the live run's log, as the SDK would. */
function appendLive(rows: number, extra: Uint8Array[] = []): void {
  const before = liveLog.length;
  for (let i = 0; i < rows; i++, liveStep++) liveLog.add(rec.history(liveStep + 10, [[['_step'], String(liveStep)], [['loss'], String(1 / (liveStep + 1))]], liveStep));
  for (const r of extra) liveLog.add(r);
  appendFileSync(liveLogPath, liveLog.bytes().subarray(before));
}

beforeAll(() => {
  // The folders exist before the window opens: discovery at activation finds them.
  rmSync(here, { recursive: true, force: true });
  cpSync(resolve(__dirname, '../fixtures/real-runs', REAL.fixture), join(here, 'wandb', REAL.fixture.split('/').pop()!), { recursive: true, preserveTimestamps: true });
  mkdirSync(join(liveFolder, 'files'), { recursive: true });
  liveLog.add(rec.header('0.21.0')).add(rec.run(1, { runId: LIVE.runId, project: LIVE.project, displayName: LIVE.name, config: [['lr', '0.5']] }));
  writeFileSync(liveLogPath, liveLog.bytes());
  appendLive(20);
  const mediaFolder = join(here, 'wandb', `run-20250102_000000-${MEDIA.runId}`);
  mkdirSync(join(mediaFolder, 'files', 'media', 'images'), { recursive: true });
  const mediaLog = new LogBytes().add(rec.header('0.21.0')).add(rec.run(1, { runId: MEDIA.runId, project: MEDIA.project, displayName: MEDIA.name }));
  for (const step of MEDIA.steps) {
    const path = `media/images/${MEDIA.key}_${step}_${step}f0e.png`;
    writeFileSync(join(mediaFolder, 'files', ...path.split('/')), mediaPng(step));
    const value = JSON.stringify({ _type: 'image-file', path, format: 'png', width: 8, height: 8, size: mediaPng(step).length });
    mediaLog.add(rec.history(step + 2, [[['_step'], String(step)], [[MEDIA.key], value]], step));
  }
  writeFileSync(join(mediaFolder, `run-${MEDIA.runId}.wandb`), mediaLog.add(rec.exit(50, 0, 3)).bytes());
});
// The workspace is shared with the other story files: leave it as it was.
afterAll(() => rmSync(here, { recursive: true, force: true }));

const cell = (view: FrameLocator, path: string) => view.locator(`.table-config .kv-row[data-path="${path}"] .kv-value`);
const points = async (view: FrameLocator, metric: string) => Number(await view.locator(`.chart-panel[data-metric="${metric}"] .chart-body`).getAttribute('data-points'));

test('real run folders show under Local Runs; one opens with its config, a chart and its log', async ({ page, consoleErrors }) => {
  await openView(page);
  // Signed out: local runs show all the same.
  await expand(page, 'Local Runs');
  await expand(page, REAL.project);
  await expand(page, REAL.name);
  await treeItem(page, 'Overview').click();
  const view = webviewFrame(page);
  await expect.poll(() => view.locator('.run-header h1').innerText(), { timeout: 30_000 }).toBe(REAL.name);
  await expect.poll(() => view.locator('.run-header .state').innerText()).toContain('crashed');
  await cell(view, 'learning_rate').waitFor({ state: 'visible', timeout: 20_000 });
  expect(Number(await cell(view, 'learning_rate').locator('.v-num').getAttribute('title'))).toBe(REAL.lr);
  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(() => points(view, REAL.metric), { timeout: 30_000 }).toBe(193);
  await view.locator('.tab[data-tab="logs"]').click();
  await expect.poll(() => view.locator('.log-line', { hasText: REAL.log }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('a run folder being written: the open chart grows and the state goes from running to finished', async ({ page }) => {
  await openView(page);
  await expand(page, 'Local Runs');
  await expand(page, LIVE.project);
  await waitForTreeItem(page, LIVE.name);
  await expect.poll(() => treeItem(page, LIVE.name).innerText()).toContain('running');
  await expand(page, LIVE.name);
  await treeItem(page, 'Overview').click();
  const view = webviewFrame(page);
  await expect.poll(() => view.locator('.run-header h1').innerText(), { timeout: 30_000 }).toBe(LIVE.name);
  await expect.poll(() => view.locator('.run-header .live-badge').count()).toBe(1);
  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(() => points(view, 'loss'), { timeout: 30_000 }).toBe(20);

  appendLive(30);
  await expect.poll(() => points(view, 'loss'), { timeout: 40_000, interval: 500 }).toBe(50);
  await expect.poll(() => view.locator('.run-header .state').innerText()).toContain('running');

  appendLive(5, [rec.exit(1_000, 0, 42)]);
  await expect.poll(() => view.locator('.run-header .state').innerText(), { timeout: 40_000, interval: 500 }).toContain('finished');
  await expect.poll(() => view.locator('.run-header .live-badge').count()).toBe(0);
  expect(await points(view, 'loss')).toBe(55);
  // The tree row follows: no longer described as running.
  await expect.poll(() => treeItem(page, LIVE.name).innerText(), { timeout: 40_000 }).not.toContain('running');
});

test("a local run's Media tab shows the images in its folder, step by step, signed out", async ({ page, consoleErrors }) => {
  await openView(page);
  await expand(page, 'Local Runs');
  await expand(page, MEDIA.project);
  await expand(page, MEDIA.name);
  await treeItem(page, 'Overview').click();
  const view = webviewFrame(page);
  await expect.poll(() => view.locator('.run-header h1').innerText(), { timeout: 30_000 }).toBe(MEDIA.name);
  await view.locator('.tab[data-tab="media"]').click();
  const card = view.locator(`.media-card[data-key="${MEDIA.key}"]`);
  const src = (step: number) => `data:image/png;base64,${mediaPng(step).toString('base64')}`;
  // The card opens at the last step, with that step's file from the folder.
  await expect.poll(() => card.getAttribute('data-step'), { timeout: 30_000 }).toBe('10');
  await expect.poll(() => card.locator('img.media-img').getAttribute('src'), { timeout: 20_000 }).toBe(src(10));
  await card.locator('input.media-slider').fill('0');
  await expect.poll(() => card.getAttribute('data-step'), { timeout: 20_000 }).toBe('0');
  await expect.poll(() => card.locator('img.media-img').getAttribute('src'), { timeout: 20_000 }).toBe(src(0));
  expect(await card.locator('.empty.error').count()).toBe(0);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('compare a local run with a remote demo run', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await expand(page, 'Local Runs');
  await expand(page, REAL.project);
  await waitForTreeItem(page, REAL.name);
  await expand(page, DEMO_PROJECT);
  await expand(page, 'Runs');
  // account 1, entity 2, project 3, Runs 4: remote runs are level 5 (local runs are level 3).
  const remoteRows = sideBarView(page).locator('.monaco-list-rows [role=treeitem][aria-level="5"]').filter({ hasNotText: /^\s*Load more/ });
  await expect.poll(() => remoteRows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const remote = remoteRows.first();
  const remoteName = (await remote.locator('.label-name').innerText()).trim();
  await treeItem(page, REAL.name).click();
  // A click on the row opens the local run's panel: let its page load before the compare's
  // opens. Twice in full CI runs the compare opened a second after it and its page never started,
  // even when loaded again (see CHANGELOG: a panel's page is reloaded when it does not start).
  await expect.poll(() => webviewFrame(page).locator('.run-header h1').innerText(), { timeout: 30_000 }).toBe(REAL.name);
  await remote.click({ modifiers: ['Control'] });
  await remote.click({ button: 'right' });
  await page.locator('.context-view .monaco-menu .action-label', { hasText: /^Compare Runs$/ }).click();
  const compare = await webviewFrameWith(page, '.run-legend li .run-link', 30_000);
  await expect.poll(() => compare.locator('.run-legend li .run-link').allInnerTexts(), { timeout: 30_000 }).toEqual([REAL.name, remoteName]);
  // The local run's config sits beside the remote run's.
  await compare.locator('.tab[data-tab="config"]').click();
  await compare.locator('.table-config tbody tr[data-path="learning_rate"]').waitFor({ state: 'visible', timeout: 20_000 });
  expect(await compare.locator('.table-config tbody tr[data-path="learning_rate"]').getAttribute('class')).toBe('differs');
});
