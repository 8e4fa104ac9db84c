// Stories: the Logs tab of a running run streams its console lines (W&B uploads output.log only
// when a run ends); a finished run shows its output.log; a nested metric (eval.acc) is charted.
import type { FrameLocator, Page } from 'playwright-core';
import { expect, openRunPanel, test } from './harness';
import { DEMO_LIVE_RUN_ID, DEMO_LOG_MARKUP_LINE, DEMO_PROJECT, DEMO_RUN_ID, DEMO_USER } from '../server/demo-names';

/** The run's panel, signed in, opened with W&B: Open Run. */
const openRun = (page: Page, apiKey: string, runId: string): Promise<FrameLocator> => openRunPanel(page, apiKey, DEMO_USER, `${DEMO_USER}/${DEMO_PROJECT}/${runId}`);

/** The run's files named `output.log`, asked of the dev server directly. */
async function outputLogFiles(env: { baseUrl: string; apiKey: string }, runId: string): Promise<unknown[]> {
  const res = await fetch(`${env.baseUrl}/graphql`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`api:${env.apiKey}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ project(name: "${DEMO_PROJECT}", entityName: "${DEMO_USER}") { run(name: "${runId}") { files(names: ["output.log"]) { edges { node { name } } } } } }` }),
  });
  const body = (await res.json()) as { data: { project: { run: { files: { edges: unknown[] } } } } };
  return body.data.project.run.files.edges;
}

const lineCount = (view: FrameLocator) => view.locator('.logs-view .log-line').count();

test('the live run’s Logs tab shows new lines arriving while it has no output.log', async ({ page, env, consoleErrors }) => {
  expect(await outputLogFiles(env, DEMO_LIVE_RUN_ID)).toEqual([]);
  const view = await openRun(page, env.apiKey, DEMO_LIVE_RUN_ID);
  await view.locator('.tab[data-tab="logs"]').click();
  await view.locator('.log-line').first().waitFor({ timeout: 20_000 });
  const first = await lineCount(view);
  expect(first).toBeGreaterThan(10);
  // Markup in a line is text, colours are classes.
  await expect(view.locator('.log-line', { hasText: DEMO_LOG_MARKUP_LINE }).count()).resolves.toBe(1);
  expect(await view.locator('.log-line img').count()).toBe(0);
  expect(await view.locator('.log-line [class^="ansi-"]').count()).toBeGreaterThan(0);
  // The live poll brings the lines the run wrote since (one every two seconds).
  await expect.poll(() => lineCount(view), { timeout: 60_000 }).toBeGreaterThan(first);
  expect(await view.locator('.logs-view .count').innerText()).toContain('live');
  // Search still narrows to matching lines.
  await view.locator('.logs-view input.search').fill('UserWarning');
  await expect.poll(() => lineCount(view)).toBe(1);
  expect(await outputLogFiles(env, DEMO_LIVE_RUN_ID)).toEqual([]);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('a finished run’s Logs tab shows its output.log; its nested metric eval.acc is charted', async ({ page, env }) => {
  const view = await openRun(page, env.apiKey, DEMO_RUN_ID);
  await view.locator('.tab[data-tab="logs"]').click();
  await view.locator('.log-line', { hasText: 'Training complete.' }).waitFor({ timeout: 20_000 });
  await view.locator('.tab[data-tab="charts"]').click();
  // The metric search finds it by its dot path; its chart then comes into view.
  await view.locator('input[aria-label="Search metrics"]').fill('eval.acc');
  const chart = view.locator('.chart-panel[data-metric="eval.acc"]');
  await chart.scrollIntoViewIfNeeded({ timeout: 30_000 });
  await chart.locator('canvas').waitFor({ state: 'visible', timeout: 30_000 });
  await expect.poll(async () => Number(await chart.locator('.chart-body').getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(50);
});
