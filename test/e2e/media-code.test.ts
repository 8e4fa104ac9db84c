// Stories: a run's media over steps in the run panel's Media tab (slider, boxes toggled by
// class, histogram heat map), two runs' media side by side in the compare panel, and the way from a run back to its code (diff and check out its
// commit in the workspace's clone of its repository).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { answerInputBox, expect, openRunPanel, openView, runCommand, signIn, test, waitForNotification, waitForTreeItem, waitForWorkbench, webviewContentFrame, webviewFrame } from './harness';
import { unionSteps } from '../../src/webviews/media-steps';
import {
  DEMO_CODE_COMMIT,
  DEMO_CODE_REPO_DIR,
  DEMO_CODE_RUN_DISPLAY_NAME,
  DEMO_CODE_RUN_ID,
  DEMO_MEDIA_EVERY,
  DEMO_MEDIA_HISTOGRAM_KEY,
  DEMO_MEDIA_IMAGE_KEY,
  DEMO_MEDIA_RUN_ID,
  DEMO_MEDIA_STEPS,
  DEMO_MEDIA2_EVERY,
  DEMO_MEDIA2_RUN_ID,
  DEMO_MEDIA2_STEPS,
  DEMO_PROJECT,
  DEMO_USER,
} from '../server/demo-names';
import { createDemoRepo, TRAIN_AT_RUN } from '../server/demo-repo';

/** The run's panel, signed in, opened with W&B: Open Run. */
const openRun = (page: Page, apiKey: string, runId: string): Promise<FrameLocator> => openRunPanel(page, apiKey, DEMO_USER, `${DEMO_USER}/${DEMO_PROJECT}/${runId}`);

interface LoggedRequest {
  origin: string;
  method: string;
  path: string;
}

/** Run files the extension downloaded (`GET /files/<entity>/<project>/<run>/<name>`) whose name matches. */
async function fileGets(baseUrl: string, pattern: RegExp): Promise<string[]> {
  const all = (await (await fetch(`${baseUrl}/_admin/requests`)).json()) as LoggedRequest[];
  return all.filter((r) => r.method === 'GET' && r.path.startsWith('/files/') && pattern.test(decodeURIComponent(r.path))).map((r) => decodeURIComponent(r.path));
}

test('media over steps: the slider changes the image one fetch per step shown; boxes toggle by class; histograms as a heat map', async ({ page, env, consoleErrors }) => {
  const view = await openRun(page, env.apiKey, DEMO_MEDIA_RUN_ID);
  await view.locator('.tab[data-tab="media"]').click();
  const card = view.locator(`.media-card[data-key="${DEMO_MEDIA_IMAGE_KEY}"]`);
  const img = card.locator('img.media-img');
  const lastStep = Math.floor((DEMO_MEDIA_STEPS - 1) / DEMO_MEDIA_EVERY) * DEMO_MEDIA_EVERY;
  // The card opens at the last step, its boxes drawn over the image.
  await expect.poll(() => card.getAttribute('data-step'), { timeout: 30_000 }).toBe(String(lastStep));
  await expect.poll(() => card.locator('figure').getAttribute('data-overlay'), { timeout: 20_000 }).toBe('drawn');
  expect(await card.locator('canvas.overlay').getAttribute('data-boxes')).toBe('2');

  // Move the slider to three steps; each shows a different image, fetched once.
  await fetch(`${env.baseUrl}/_admin/requests`, { method: 'DELETE' });
  const seen = new Set([await img.getAttribute('src')]);
  const shown: number[] = [];
  for (const index of [3, 10, 20]) {
    const step = index * DEMO_MEDIA_EVERY;
    await card.locator('input.media-slider').fill(String(index));
    await expect.poll(() => card.getAttribute('data-step'), { timeout: 20_000 }).toBe(String(step));
    shown.push(step);
    const src = await img.getAttribute('src');
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect(seen.has(src)).toBe(false);
    seen.add(src);
  }
  const fetched = await fileGets(env.baseUrl, new RegExp(`/media/images/${DEMO_MEDIA_IMAGE_KEY}_\\d+_\\w+\\.png$`));
  expect(fetched.map((p) => Number(new RegExp(`${DEMO_MEDIA_IMAGE_KEY}_(\\d+)_`).exec(p)![1])).sort((a, b) => a - b)).toEqual(shown);

  // Hiding the class "digit" leaves only the other box drawn.
  await expect.poll(() => card.locator('figure').getAttribute('data-overlay'), { timeout: 20_000 }).toBe('drawn');
  expect(await card.locator('canvas.overlay').getAttribute('data-boxes')).toBe('2');
  await card.locator('.class-toggle', { hasText: 'digit' }).locator('input').click();
  await expect.poll(() => card.locator('canvas.overlay').getAttribute('data-boxes'), { timeout: 20_000 }).toBe('1');

  // The histogram key as a heat map over all its steps, with ink on it.
  const heat = view.locator(`.media-card[data-key="${DEMO_MEDIA_HISTOGRAM_KEY}"] canvas.heatmap`);
  await heat.scrollIntoViewIfNeeded();
  await expect.poll(() => heat.getAttribute('data-columns'), { timeout: 20_000 }).toBe(String(lastStep / DEMO_MEDIA_EVERY + 1));
  const frame = await webviewContentFrame(page);
  const inked = await frame.evaluate((key) => {
    const c = document.querySelector<HTMLCanvasElement>(`.media-card[data-key="${key}"] canvas.heatmap`);
    const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; d && i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  }, DEMO_MEDIA_HISTOGRAM_KEY);
  expect(inked).toBeGreaterThan(500);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('compare two media runs: one slider moves both runs\' images, each at its nearest step at or before the chosen one', async ({ page, env, consoleErrors }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await runCommand(page, 'W&B: Compare Runs');
  await answerInputBox(page, [DEMO_MEDIA_RUN_ID, DEMO_MEDIA2_RUN_ID].map((id) => `${DEMO_USER}/${DEMO_PROJECT}/${id}`).join(' '));
  const view = webviewFrame(page);
  await view.locator('.run-legend li').nth(1).waitFor({ state: 'visible', timeout: 30_000 });
  await view.locator('.tab[data-tab="media"]').click();
  const card = view.locator(`.media-card[data-key="${DEMO_MEDIA_IMAGE_KEY}"]`);
  const column = (run: number) => card.locator(`.media-column[data-run="${run}"]`);
  const src = (run: number) => column(run).locator('img.media-img').getAttribute('src');
  const lastOf = (steps: number, every: number) => Math.floor((steps - 1) / every) * every;
  // The card opens at the last step any run logged; each run shows its own last value.
  await expect.poll(() => column(0).getAttribute('data-step'), { timeout: 30_000 }).toBe(String(lastOf(DEMO_MEDIA_STEPS, DEMO_MEDIA_EVERY)));
  await expect.poll(() => column(1).getAttribute('data-step'), { timeout: 30_000 }).toBe(String(lastOf(DEMO_MEDIA2_STEPS, DEMO_MEDIA2_EVERY)));
  const before = [await src(0), await src(1)];

  // Step 30: the first run logged it, the second shows its step-25 value.
  const steps = unionSteps([
    Array.from({ length: Math.ceil(DEMO_MEDIA_STEPS / DEMO_MEDIA_EVERY) }, (_, i) => i * DEMO_MEDIA_EVERY),
    Array.from({ length: Math.ceil(DEMO_MEDIA2_STEPS / DEMO_MEDIA2_EVERY) }, (_, i) => i * DEMO_MEDIA2_EVERY),
  ]);
  await card.locator('input.media-slider').fill(String(steps.indexOf(30)));
  await expect.poll(() => column(0).getAttribute('data-step'), { timeout: 20_000 }).toBe('30');
  await expect.poll(() => column(1).getAttribute('data-step'), { timeout: 20_000 }).toBe('25');
  const after = [await src(0), await src(1)];
  for (const [i, s] of after.entries()) {
    expect(s).toMatch(/^data:image\/png;base64,/);
    expect(s).not.toBe(before[i]);
  }
  expect(after[0]).not.toBe(after[1]);
  expect(await card.locator('.media-step').innerText()).toContain('step 30');
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test("a run's commit: diff the working tree with it, refuse a dirty checkout, then check it out", async ({ page, env }) => {
  const repo = join(env.workspaceDir, DEMO_CODE_REPO_DIR);
  const settings = join(env.workspaceDir, '.vscode');
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' }).stdout.trim();
  try {
    expect(createDemoRepo(repo).runCommit).toBe(DEMO_CODE_COMMIT);
    // The e2e settings turn the git extension off; this workspace turns it on.
    mkdirSync(settings, { recursive: true });
    writeFileSync(join(settings, 'settings.json'), JSON.stringify({ 'git.enabled': true }));
    await page.reload();
    await waitForWorkbench(page);
    const view = await openRun(page, env.apiKey, DEMO_CODE_RUN_ID);
    const header = view.locator('.run-header');
    await expect(header.locator('.commit code').innerText()).resolves.toBe(DEMO_CODE_COMMIT.slice(0, 12));

    await header.getByRole('button', { name: 'Diff with Working Tree' }).click();
    const diffTab = page.getByRole('tab', { name: new RegExp(`${DEMO_CODE_RUN_ID} @ ${DEMO_CODE_COMMIT.slice(0, 8)}`) });
    await diffTab.waitFor({ timeout: 30_000 });
    await page.locator('.multiDiffEditor').getByText('train.py').first().waitFor({ timeout: 20_000 });

    writeFileSync(join(repo, 'README.md'), 'edited\n');
    // Back to the run panel (its page restores from its saved state).
    await page.getByRole('tab', { name: new RegExp(DEMO_CODE_RUN_DISPLAY_NAME) }).click();
    await webviewFrame(page).locator('.run-header h1').waitFor({ state: 'visible', timeout: 30_000 });
    await webviewFrame(page).locator('.run-header').getByRole('button', { name: 'Check Out' }).click();
    await waitForNotification(page, /uncommitted change/);
    expect(git('rev-parse', 'HEAD')).not.toBe(DEMO_CODE_COMMIT);

    git('checkout', '--', 'README.md');
    await webviewFrame(page).locator('.run-header').getByRole('button', { name: 'Check Out' }).click();
    await waitForNotification(page, new RegExp(`Checked out the run's commit ${DEMO_CODE_COMMIT.slice(0, 8)}`));
    expect(git('rev-parse', 'HEAD')).toBe(DEMO_CODE_COMMIT);
    expect(readFileSync(join(repo, 'train.py'), 'utf8')).toBe(TRAIN_AT_RUN);
  } finally {
    rmSync(settings, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
});
