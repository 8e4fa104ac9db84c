// Stories: the tree from the account down to a run, and opening a run in the browser.
import { DEMO_PROJECT, DEMO_RUN_ID, DEMO_USER } from '../server/demo-names';
import { answerInputBox, captureOpenedPage, expand, expect, openView, runCommand, signIn, test, treeItem, waitForTreeItem, webviewFrame } from './harness';

test('the tree expands from the account down to a run', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  // The account node is labelled with the username; under it the default entity, expanded.
  const account = await waitForTreeItem(page, DEMO_USER);
  expect(await account.getAttribute('aria-expanded')).toBe('true');
  await expand(page, DEMO_PROJECT);
  const runs = await expand(page, 'Runs');
  // The first run of the project shows up one level below "Runs".
  const level = Number(await runs.getAttribute('aria-level'));
  const firstRun = page.locator(`[role=treeitem][aria-level="${level + 1}"]`).first();
  await firstRun.waitFor({ state: 'visible', timeout: 30_000 });
  expect(await firstRun.locator('.label-name').innerText()).not.toBe('');
});

test('"W&B: Open Run in Browser" opens the web URL of a typed run', async ({ page, context, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  const { url } = await captureOpenedPage(context, async () => {
    await runCommand(page, 'W&B: Open Run in Browser');
    await answerInputBox(page, `${DEMO_USER}/${DEMO_PROJECT}/${DEMO_RUN_ID}`);
  });
  expect(url).toBe(`${env.appUrl}/${DEMO_USER}/${DEMO_PROJECT}/runs/${DEMO_RUN_ID}`);
});

test('"W&B: Open Run in Browser" opens the run selected in the tree', async ({ page, context, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await expand(page, DEMO_PROJECT);
  const runs = await expand(page, 'Runs');
  const level = Number(await runs.getAttribute('aria-level'));
  const firstRun = page.locator(`[role=treeitem][aria-level="${level + 1}"]`).first();
  await firstRun.waitFor({ state: 'visible', timeout: 30_000 });
  const runName = (await firstRun.locator('.label-name').first().innerText()).trim();
  await firstRun.click();
  // The click also opens the run's panel, which takes the focus once it is ready: wait for it, so
  // the palette opened next is not closed by that late focus change.
  await expect.poll(() => webviewFrame(page).locator('.run-header h1').innerText(), { timeout: 60_000 }).toBe(runName);
  const { url } = await captureOpenedPage(context, () => runCommand(page, 'W&B: Open Run in Browser'));
  expect(url).toMatch(new RegExp(`^${env.appUrl.replace(/[.]/g, '\\.')}/${DEMO_USER}/${DEMO_PROJECT}/runs/[^/?#]+$`));
  // Still the same tree item selected: the command did not ask for a run.
  expect(await treeItem(page, 'Runs').isVisible()).toBe(true);
});
