// The README's screenshots, taken by `npm run demo -- --screenshot DIR` against the demo stack
// (signed in through WANDB_API_KEY). Add a shot: append to SHOTS; each starts from the page left
// by the one before it.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_LIVE_RUN_ID, DEMO_MEDIA_IMAGE_KEY, DEMO_MEDIA_RUN_ID, DEMO_PROJECT, DEMO_RUN_ID, DEMO_USER, DEMO_XSS_RUN_ID } from '../../server/demo-names';
import type { StackInfo } from './stack';
import { answerInputBox, chooseFromContextMenu, expand, openView, runCommand, waitForTreeItem, webviewFrame } from './vscode';

export interface Shot {
  /** File name in the output folder. */
  file: string;
  /** What it shows (printed while taking it). */
  title: string;
  prepare(page: Page, env: StackInfo): Promise<void>;
}

export const SHOTS: Shot[] = [
  {
    file: 'tree.png',
    title: 'the side bar: account, entity, projects and the runs of a project',
    async prepare(page) {
      await openView(page);
      await widenSideBar(page, 420);
      await waitForTreeItem(page, DEMO_USER, 60_000);
      await expand(page, DEMO_PROJECT);
      const runs = await expand(page, 'Runs');
      const level = Number(await runs.getAttribute('aria-level'));
      const firstRun = page.locator(`[role=treeitem][aria-level="${level + 1}"]`).nth(1);
      await firstRun.waitFor({ state: 'visible', timeout: 30_000 });
      // A click opens the run's panel (Enter and click open a run): the picture is of the tree,
      // so let the panel finish loading, then close it and give the tree its focus back.
      await firstRun.click();
      await webviewFrame(page).locator('.run-header h1').waitFor({ state: 'visible', timeout: 60_000 });
      await runCommand(page, 'View: Close All Editors');
      await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
      await runCommand(page, 'W&B Explorer: Focus on Runs View');
      await page.mouse.move(700, 400); // no hover tooltip in the picture
      await noHover(page);
    },
  },
  {
    file: 'run-overview.png',
    title: 'a run panel: header, config and summary tables (Go to Run selects the same run in the tree)',
    async prepare(page) {
      // Go to Run opens the panel and selects the run in the side bar: one consistent picture.
      await runCommand(page, 'W&B: Go to Run…');
      await answerInputBox(page, `${DEMO_USER}/${DEMO_PROJECT}/${DEMO_RUN_ID}`);
      const view = webviewFrame(page);
      await view.locator('.run-header h1').waitFor({ state: 'visible', timeout: 60_000 });
      await view.locator('.table-config .kv-row').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.mouse.move(5, 5);
      await noHover(page);
    },
  },
  {
    file: 'run-charts.png',
    title: 'the same run panel: metric charts drawn with uPlot',
    async prepare(page) {
      const view = webviewFrame(page);
      await view.locator('.tab[data-tab="charts"]').click();
      await view.locator('.chart-panel canvas').first().waitFor({ state: 'visible', timeout: 30_000 });
      // The sampled history has landed and is drawn: the chart says how many points it holds.
      await view.locator('.chart-panel .chart-body[data-points]').first().waitFor({ state: 'attached', timeout: 30_000 });
    },
  },
  {
    file: 'compare.png',
    title: 'three runs compared: overlaid charts',
    async prepare(page) {
      await runCommand(page, 'W&B: Compare Runs');
      await answerInputBox(page, [DEMO_RUN_ID, DEMO_XSS_RUN_ID, DEMO_LIVE_RUN_ID].map((id) => `${DEMO_USER}/${DEMO_PROJECT}/${id}`).join(' '));
      const view = webviewFrame(page);
      await view.locator('.tab[data-tab="charts"]').click();
      await view.locator('.chart-panel .chart-body[data-points]').first().waitFor({ state: 'attached', timeout: 30_000 });
    },
  },
  {
    file: 'media.png',
    title: 'the media of a run over steps: images with boxes and masks, histograms',
    async prepare(page) {
      await runCommand(page, 'W&B: Open Run');
      await answerInputBox(page, `${DEMO_USER}/${DEMO_PROJECT}/${DEMO_MEDIA_RUN_ID}`);
      const view = webviewFrame(page);
      await view.locator('.run-header h1').waitFor({ state: 'visible', timeout: 60_000 });
      await view.locator('.tab[data-tab="media"]').click();
      await view.locator(`.media-card[data-key="${DEMO_MEDIA_IMAGE_KEY}"] figure[data-overlay="drawn"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
    },
  },
  {
    file: 'runs-table.png',
    title: 'the runs table of a 1,200-run project',
    async prepare(page) {
      const project = await waitForTreeItem(page, DEMO_PROJECT, 30_000);
      await chooseFromContextMenu(page, project, 'Open Runs Table');
      const view = webviewFrame(page);
      await view.locator('.table-status').filter({ hasText: /runs/ }).waitFor({ state: 'visible', timeout: 30_000 });
      await view.locator('.grid-row[data-run]').nth(5).waitFor({ state: 'visible', timeout: 30_000 });
      await page.mouse.move(5, 5);
      await noHover(page);
    },
  },
];

/** Waits until no hover (tooltip) of the workbench is shown. */
async function noHover(page: Page): Promise<void> {
  await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Drags the side bar's edge so that it is `width` pixels wide (long run names stay readable). */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || Math.abs(box.width - width) < 2) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width - 1, y, { steps: 8 });
  await page.mouse.up();
}

/** Takes every shot in order; returns the files written. */
export async function takeScreenshots(page: Page, env: StackInfo, dir: string, log: (m: string) => void): Promise<string[]> {
  const written: string[] = [];
  for (const shot of SHOTS) {
    log(`screenshot ${shot.file}: ${shot.title}`);
    await shot.prepare(page, env);
    const path = join(dir, shot.file);
    await page.screenshot({ path });
    written.push(path);
  }
  return written;
}
