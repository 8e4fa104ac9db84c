// Story: the "W&B Explorer" log shows one line per request and never the API key.
import { expand, expect, openView, runCommand, signIn, test, waitForTreeItem } from './harness';
import { DEMO_PROJECT, DEMO_USER } from '../server/demo-names';

test('the log shows request lines and never the API key', async ({ page, env, outputLog }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await expand(page, DEMO_PROJECT);
  await expand(page, 'Runs');
  const text = await outputLog.waitFor(/Runs\b.*\b200\b.*\d+\s?ms/);
  // One line per request: operation name, status and duration.
  expect(text).toMatch(/Viewer\b.*\b200\b.*\d+\s?ms/);
  expect(text).not.toContain(env.apiKey);
  expect(text).not.toContain(env.apiKey.replace(/^local-/, ''));
  expect(text).not.toContain(Buffer.from(`api:${env.apiKey}`).toString('base64'));

  // A person sees the same in the Output panel.
  await runCommand(page, 'W&B: Show Log');
  const panel = page.locator('.part.panel .view-lines');
  await panel.filter({ hasText: 'Viewer' }).waitFor({ state: 'visible', timeout: 15_000 });
  expect(await panel.innerText()).not.toContain(env.apiKey);
});
