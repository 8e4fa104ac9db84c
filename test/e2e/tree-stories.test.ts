// Stories of the side bar tree in a real VS Code: paging through the 1,200-run demo project,
// searching by state and by a config value, Go to Run with a URL, and Files and Artifacts
// down to a file.
import type { Locator, Page } from 'playwright-core';
import * as N from '../server/demo-names';
import { answerInputBox, expand, expect, openView, runCommand, signIn, sideBarView, test, treeLabels, waitForTreeItem } from './harness';

const TOTAL = N.DEMO_PROJECT_RUN_COUNT.toLocaleString('en-US');

async function signedInAtProject(page: Page, apiKey: string): Promise<Locator> {
  await openView(page);
  await signIn(page, apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await expand(page, N.DEMO_PROJECT);
  return expand(page, 'Runs');
}

/** Tree rows one level below `parent` that are rendered now, with label and description. */
async function rowsUnder(page: Page, parent: Locator): Promise<Array<{ label: string; description: string }>> {
  const level = Number(await parent.getAttribute('aria-level'));
  return sideBarView(page)
    .locator(`[role=treeitem][aria-level="${level + 1}"]`)
    .evaluateAll((rows) =>
      rows.map((r) => ({ label: r.querySelector('.label-name')?.textContent?.trim() ?? '', description: r.querySelector('.label-description')?.textContent?.trim() ?? '' })),
    );
}

test('expand to a run in the 1,200-run project and see its children', async ({ page, env }) => {
  const runs = await signedInAtProject(page, env.apiKey);
  await waitForTreeItem(page, `Load more (50 of ${TOTAL})`);
  // The Runs row shows the total once the first page is in.
  await expect.poll(async () => runs.locator('.label-description').innerText(), { timeout: 15_000 }).toBe(TOTAL);
  const [first] = (await rowsUnder(page, runs)).filter((r) => !r.label.startsWith('Load more'));
  expect(first?.label).toBeTruthy();
  await expand(page, first!.label);
  for (const label of ['Overview', 'Files', 'Logged artifacts', 'Used artifacts']) await waitForTreeItem(page, label);
});

test('"Load more" twice shows 150 of the runs', async ({ page, env }) => {
  await signedInAtProject(page, env.apiKey);
  await (await waitForTreeItem(page, `Load more (50 of ${TOTAL})`)).click();
  await (await waitForTreeItem(page, `Load more (100 of ${TOTAL})`)).click();
  await waitForTreeItem(page, `Load more (150 of ${TOTAL})`);
});

test('search by state shows only running runs, and one click clears it', async ({ page, env }) => {
  const runs = await signedInAtProject(page, env.apiKey);
  await waitForTreeItem(page, `Load more (50 of ${TOTAL})`);
  await runCommand(page, 'W&B: Search Runs…');
  await answerInputBox(page, 'state:running');
  const filterRow = await waitForTreeItem(page, 'Search: state:running');
  await expect.poll(async () => runs.locator('.label-description').innerText(), { timeout: 15_000 }).toMatch(/matching · search: state:running$/);
  const rows = (await rowsUnder(page, runs)).filter((r) => !r.label.startsWith('Search:') && !r.label.startsWith('Load more'));
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.description, `${r.label} is not running`).toMatch(/\brunning\b/);
  await filterRow.click();
  await waitForTreeItem(page, `Load more (50 of ${TOTAL})`);
  expect(await treeLabels(page)).not.toContain('Search: state:running');
});

test('search by a config value finds the baseline run; bad input is refused with a message', async ({ page, env }) => {
  await signedInAtProject(page, env.apiKey);
  await runCommand(page, 'W&B: Search Runs…');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill('state:runing');
  await expect.poll(async () => page.locator('.quick-input-widget').innerText()).toContain('Unknown run state "runing"');
  await answerInputBox(page, `config.optimizer.lr = ${N.DEMO_RUN_LR} tag:baseline`);
  await waitForTreeItem(page, /^Search: config\.optimizer\.lr=0\.001/);
  await waitForTreeItem(page, N.DEMO_RUN_DISPLAY_NAME);
});

test('"Go to Run…" with a run URL reveals and selects the run', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${env.appUrl}/${N.DEMO_USER}/${N.DEMO_PROJECT}/runs/${N.DEMO_RUN_ID}?workspace=user-x`);
  const run = await waitForTreeItem(page, N.DEMO_RUN_DISPLAY_NAME);
  await expect.poll(async () => run.getAttribute('aria-selected'), { timeout: 15_000 }).toBe('true');
});

test('Files and Artifacts down to a file', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_RUN_ID}`);
  await expand(page, N.DEMO_RUN_DISPLAY_NAME);
  await expand(page, 'Files');
  await waitForTreeItem(page, 'config.yaml');
  await expand(page, 'media');
  await expand(page, 'images');
  await waitForTreeItem(page, N.DEMO_RUN_IMAGES[0].split('/').pop()!);
  // The model version this run logged, down to its files.
  await expand(page, 'Logged artifacts');
  const logged = await waitForTreeItem(page, new RegExp(`^${N.DEMO_MODEL_COLLECTION}:v\\d+$`));
  await expand(page, (await logged.locator('.label-name').innerText()).trim());
  // The project's Artifacts level: type → collection → version (aliases beside it) → file.
  await expand(page, 'Artifacts');
  await expand(page, N.DEMO_DATASET_TYPE);
  await expand(page, N.DEMO_DATASET_COLLECTION);
  const v2 = await waitForTreeItem(page, 'v2');
  expect(await v2.locator('.label-description').innerText()).toMatch(/^latest\b/);
  await expand(page, 'v2');
  await waitForTreeItem(page, 'train.csv');
  await waitForTreeItem(page, 'README.md');
});
