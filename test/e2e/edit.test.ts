// Stories of editing from the editor: rename a run and see the new name in the tree, add a tag
// offered by the project's tag list, add an alias and see it on the version row, and upload a
// workspace file from the Explorer and see it under the run's Files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { WandbClient } from '../../src/api/client';
import { WandbApi } from '../../src/api/wandb-api';
import * as N from '../server/demo-names';
import {
  answerFileDialog,
  answerInputBox,
  chooseFromContextMenu,
  expand,
  expect,
  openContextMenu,
  openView,
  quickInput,
  runCommand,
  signIn,
  test,
  treeItem,
  waitForNotification,
  waitForTreeItem,
  webviewFrame,
  type StackInfo,
} from './harness';

function apiFor(env: StackInfo): WandbApi {
  return new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e-edit' }));
}

const ref = (runId: string) => ({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId });

/** Signs in and brings the run into the tree with Go to Run; returns its row. */
async function showRun(page: Page, env: StackInfo, runId: string, where = { entity: N.DEMO_USER, project: N.DEMO_PROJECT }): Promise<{ row: Locator; name: string }> {
  const name = (await apiFor(env).run({ ...where, runId })).displayName;
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${where.entity}/${where.project}/${runId}`);
  return { row: await waitForTreeItem(page, name), name };
}

test('rename a run from its context menu: the tree shows the new name at once, and Undo restores the old one', async ({ page, env }) => {
  const { row, name } = await showRun(page, env, N.DEMO_KILLED_RUN_ID);
  await chooseFromContextMenu(page, row, 'Rename Run…');
  const input = quickInput(page).locator('input.input');
  await expect.poll(async () => input.inputValue(), { timeout: 10_000 }).toBe(name);
  const renamed = `${name} (renamed in VS Code)`;
  await answerInputBox(page, renamed);
  await waitForTreeItem(page, renamed, 15_000);
  await expect.poll(async () => (await apiFor(env).run(ref(N.DEMO_KILLED_RUN_ID))).displayName, { timeout: 15_000 }).toBe(renamed);
  // The notification says what changed and offers Undo: the inverse rename, sent to the server.
  const toast = await waitForNotification(page, `Renamed run ${N.DEMO_KILLED_RUN_ID} from “${name}” to “${renamed}”.`);
  await toast.getByRole('button', { name: 'Undo', exact: true }).click();
  await waitForTreeItem(page, name, 15_000);
  await expect.poll(async () => (await apiFor(env).run(ref(N.DEMO_KILLED_RUN_ID))).displayName, { timeout: 15_000 }).toBe(name);
  await waitForNotification(page, `Run ${N.DEMO_KILLED_RUN_ID} is named “${name}” again.`);
});

test('add a tag: the picker offers the project’s tags, and a new tag is saved to the run', async ({ page, env }) => {
  const { row } = await showRun(page, env, N.DEMO_PREEMPTED_RUN_ID);
  await chooseFromContextMenu(page, row, 'Add Tags…');
  const list = quickInput(page).locator('.quick-input-list');
  // The project's existing tags are offered.
  await list.locator('.monaco-list-row', { hasText: N.DEMO_RUN_TAGS[0] }).first().waitFor({ state: 'visible', timeout: 15_000 });
  const input = quickInput(page).locator('input.input');
  await input.fill('from-vscode-e2e');
  await list.locator('.monaco-list-row', { hasText: 'from-vscode-e2e' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await input.press('Enter');
  await expect.poll(async () => (await apiFor(env).run(ref(N.DEMO_PREEMPTED_RUN_ID))).tags, { timeout: 15_000 }).toContain('from-vscode-e2e');
});

test('add an alias to an artifact version: the version row shows it', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await expand(page, N.DEMO_PROJECT);
  await expand(page, 'Artifacts');
  await expand(page, N.DEMO_DATASET_TYPE);
  await expand(page, N.DEMO_DATASET_COLLECTION);
  const v0 = await waitForTreeItem(page, 'v0');
  await chooseFromContextMenu(page, v0, 'Add Alias…');
  await answerInputBox(page, 'e2e-checked');
  await expect.poll(async () => (await waitForTreeItem(page, 'v0')).locator('.label-description').innerText(), { timeout: 15_000 }).toMatch(/^e2e-checked\b/);
  const api = apiFor(env);
  await expect.poll(async () => (await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: N.DEMO_DATASET_COLLECTION, alias: 'e2e-checked' })).version, { timeout: 15_000 }).toBe('v0');
});

test('upload a workspace file from the Explorer: it then appears under the run’s Files', async ({ page, env }) => {
  const fileName = 'e2e-upload-notes.txt';
  writeFileSync(join(env.workspaceDir, fileName), 'uploaded from the VS Code Explorer\n');
  const runName = (await apiFor(env).run(ref(N.DEMO_CRASHED_RUN_ID))).displayName;
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);

  await runCommand(page, 'File: Focus on Files Explorer');
  const file = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await file.waitFor({ state: 'visible', timeout: 20_000 });
  await chooseFromContextMenu(page, file, 'Upload to W&B Run…');

  // Project, then run (searched on the server), then the path inside the run.
  const rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: N.DEMO_PROJECT }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await rows.filter({ hasText: N.DEMO_PROJECT }).first().click();
  await quickInput(page).locator('.quick-input-title', { hasText: `run in ${N.DEMO_USER}/${N.DEMO_PROJECT}` }).waitFor({ state: 'visible', timeout: 15_000 });
  const input = quickInput(page).locator('input.input');
  await input.fill(N.DEMO_CRASHED_RUN_ID);
  const runRow = rows.filter({ hasText: N.DEMO_CRASHED_RUN_ID }).first();
  await runRow.waitFor({ state: 'visible', timeout: 20_000 });
  await runRow.click();
  await expect.poll(async () => input.inputValue(), { timeout: 10_000 }).toBe(fileName);
  await input.press('Enter');
  await waitForNotification(page, `Uploaded ${fileName}`, 30_000);

  const files = await apiFor(env).runFiles(ref(N.DEMO_CRASHED_RUN_ID), { first: 10, names: [fileName] });
  expect(files.items.map((f) => f.name)).toEqual([fileName]);

  // The tree lists it under the run's Files.
  await openView(page);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_CRASHED_RUN_ID}`);
  await expand(page, runName);
  await expand(page, 'Files');
  await waitForTreeItem(page, fileName, 20_000);
});

test('edit a run’s notes in an editor: saving sends the multi-line notes to W&B', async ({ page, env }) => {
  const { row, name } = await showRun(page, env, N.DEMO_PENDING_RUN_ID);
  await chooseFromContextMenu(page, row, 'Edit Run Notes…');
  const tab = page.locator('.tabs-container .tab', { hasText: `Notes of ${name}` });
  await tab.waitFor({ state: 'visible', timeout: 20_000 });
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Checked from VS Code');
  await page.keyboard.press('Enter');
  await page.keyboard.type('second line');
  await page.keyboard.press('Control+S');
  await expect.poll(async () => (await apiFor(env).run(ref(N.DEMO_PENDING_RUN_ID))).notes, { timeout: 20_000 }).toBe('Checked from VS Code\nsecond line');
  // Saved: the tab is no longer dirty.
  await expect.poll(async () => tab.getAttribute('class'), { timeout: 10_000 }).not.toContain('dirty');
});

test('rename from the run panel: the palette command edits the run in front, and the panel title follows', async ({ page, env }) => {
  const name = (await apiFor(env).run(ref(N.DEMO_FAILED_RUN_ID))).displayName;
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Open Run');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_FAILED_RUN_ID}`);
  await page.locator('.tabs-container .tab', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
  await runCommand(page, 'W&B: Rename Run…');
  const input = quickInput(page).locator('input.input');
  await expect.poll(async () => input.inputValue(), { timeout: 15_000 }).toBe(name);
  const renamed = `${name} (from the panel)`;
  await answerInputBox(page, renamed);
  await page.locator('.tabs-container .tab', { hasText: renamed }).waitFor({ state: 'visible', timeout: 15_000 });
  await expect.poll(async () => (await apiFor(env).run(ref(N.DEMO_FAILED_RUN_ID))).displayName, { timeout: 15_000 }).toBe(renamed);
});

test('rename from the tree while the run panel is open: its header and tab follow, and a refused rename rolls back there too', async ({ page, env }) => {
  const { name } = await showRun(page, env, N.DEMO_UNICODE_RUN_ID);
  await runCommand(page, 'W&B: Open Run');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_UNICODE_RUN_ID}`);
  const view = webviewFrame(page);
  const header = () => view.locator('.run-header h1').innerText();
  await expect.poll(header, { timeout: 30_000 }).toBe(name);

  const renamed = `${name} (renamed from the tree)`;
  await chooseFromContextMenu(page, treeItem(page, name), 'Rename Run…');
  await answerInputBox(page, renamed);
  await expect.poll(header, { timeout: 15_000 }).toBe(renamed);
  await page.locator('.tabs-container .tab', { hasText: renamed }).waitFor({ state: 'visible', timeout: 15_000 });
  await expect.poll(async () => (await apiFor(env).run(ref(N.DEMO_UNICODE_RUN_ID))).displayName, { timeout: 15_000 }).toBe(renamed);
  // The charts' legend names the run by its new name too.
  await view.locator('.tab[data-tab="charts"]').click();
  await expect.poll(async () => view.locator('.u-legend .u-series').allInnerTexts(), { timeout: 20_000 }).toContainEqual(expect.stringContaining(renamed));
  await view.locator('.tab[data-tab="overview"]').click();

  // Refused: the panel shows the name it had again, as the tree does.
  const fault = await fetch(`${env.baseUrl}/_admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationName: 'RenameRun', kind: 'status', status: 403, body: JSON.stringify({ errors: [{ message: 'permission denied' }] }) }),
  });
  expect(fault.ok).toBe(true);
  await chooseFromContextMenu(page, await waitForTreeItem(page, renamed), 'Rename Run…');
  await answerInputBox(page, 'this name is refused');
  await waitForNotification(page, /was undone/, 20_000);
  await expect.poll(header, { timeout: 15_000 }).toBe(renamed);
  await page.locator('.tabs-container .tab', { hasText: renamed }).waitFor({ state: 'visible', timeout: 15_000 });
  expect(await page.locator('.tabs-container .tab', { hasText: 'this name is refused' }).count()).toBe(0);
});

test('a refused rename is rolled back in the tree, with the reason', async ({ page, env }) => {
  const { row, name } = await showRun(page, env, N.DEMO_KILLED_RUN_ID);
  // The server refuses the next rename as W&B does for an account without write access.
  const fault = await fetch(`${env.baseUrl}/_admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operationName: 'RenameRun', kind: 'status', status: 403, body: JSON.stringify({ errors: [{ message: 'permission denied' }] }) }),
  });
  expect(fault.ok).toBe(true);
  await chooseFromContextMenu(page, row, 'Rename Run…');
  await answerInputBox(page, 'this name is refused');
  const toast = await waitForNotification(page, /was undone/, 20_000);
  expect(await toast.innerText()).toMatch(/permission denied/);
  await waitForTreeItem(page, name, 15_000);
  expect(await treeItem(page, 'this name is refused').count()).toBe(0);
  expect((await apiFor(env).run(ref(N.DEMO_KILLED_RUN_ID))).displayName).toBe(name);
});

test('delete a version that has an alias: the modal names it and its alias, and the version leaves the tree', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await expand(page, N.DEMO_PROJECT);
  await expand(page, 'Artifacts');
  await expand(page, N.DEMO_DATASET_TYPE);
  await expand(page, N.DEMO_DATASET_COLLECTION);
  const v1 = await waitForTreeItem(page, 'v1');
  await chooseFromContextMenu(page, v1, 'Delete Version…');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  const text = await dialog.innerText();
  expect(text).toContain(`Delete artifact version ${N.DEMO_DATASET_COLLECTION}:v1?`);
  expect(text).toContain('stable');
  await dialog.getByRole('button', { name: 'Delete Version and Its Aliases' }).click();
  await waitForNotification(page, `Deleted ${N.DEMO_DATASET_COLLECTION}:v1 and its aliases`, 20_000);
  await expect.poll(async () => treeItem(page, 'v1').count(), { timeout: 15_000 }).toBe(0);
  await waitForTreeItem(page, 'v2');
  const api = apiFor(env);
  await expect(api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: N.DEMO_DATASET_COLLECTION, alias: 'stable' })).rejects.toMatchObject({ kind: 'notFound' });
});

test('upload from a run’s Files node: the new file appears under Files without a manual refresh', async ({ page, env }) => {
  const fileName = 'e2e-from-files-node.txt';
  writeFileSync(join(env.workspaceDir, fileName), 'uploaded from the Files node\n');
  const { name } = await showRun(page, env, N.DEMO_CRASHED_RUN_ID);
  await expand(page, name);
  const files = await expand(page, 'Files');
  await waitForTreeItem(page, 'config.yaml');
  await chooseFromContextMenu(page, files, 'Upload Files…');
  await answerFileDialog(page, join(env.workspaceDir, fileName));
  await waitForNotification(page, `Uploaded ${fileName}`, 30_000);
  await waitForTreeItem(page, fileName, 20_000);
});

test('sweep configuration as YAML and version metadata as JSON open in read-only editors', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await expand(page, N.DEMO_PROJECT);
  await expand(page, 'Sweeps');
  const sweep = await waitForTreeItem(page, 'lr-and-dropout-search');
  await chooseFromContextMenu(page, sweep, 'Show Sweep Configuration');
  await page.locator('.tabs-container .tab', { hasText: `sweep-${N.DEMO_SWEEP_ID}.yaml` }).waitFor({ state: 'visible', timeout: 20_000 });
  const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
  // Monaco renders spaces as no-break spaces.
  const text = async () => (await lines.innerText()).replace(/\u00a0/g, ' ');
  await expect.poll(text, { timeout: 15_000 }).toContain('method: bayes');
  // Typing changes nothing: the document is read-only.
  await lines.click();
  await page.keyboard.type('xyz');
  expect(await text()).not.toContain('xyz');

  await expand(page, 'Artifacts');
  await expand(page, N.DEMO_MODEL_TYPE);
  await expand(page, N.DEMO_MODEL_COLLECTION);
  const v4 = await waitForTreeItem(page, 'v4');
  await chooseFromContextMenu(page, v4, 'View Metadata');
  await page.locator('.tabs-container .tab', { hasText: `${N.DEMO_MODEL_COLLECTION}:v4 metadata.json` }).waitFor({ state: 'visible', timeout: 20_000 });
  // The version's metadata as the dev server holds it (test/server/demo.ts: the model
  // checkpoints' epoch is (v + 1) * 4), not an empty object.
  await expect.poll(text, { timeout: 15_000 }).toMatch(/^\{/);
  await expect.poll(text, { timeout: 15_000 }).toContain('"framework": "pytorch"');
  expect(await text()).toContain('"epoch": 20');
});

test('stop a running run after the confirmation; finished runs do not offer Stop', async ({ page, env }) => {
  // A running run other than the live one, which the panel stories watch.
  const running = await apiFor(env).runs({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, filters: { state: 'running' } }, { first: 20 });
  const target = running.items.find((r) => r.runId !== N.DEMO_LIVE_RUN_ID)!.runId;
  const { row } = await showRun(page, env, target);
  await chooseFromContextMenu(page, row, 'Stop Run…');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  expect(await dialog.innerText()).toContain(`${N.DEMO_USER}/${N.DEMO_PROJECT}/${target}`);
  await dialog.getByRole('button', { name: 'Stop Run' }).click();
  await waitForNotification(page, /Asked run .* to stop/, 20_000);
  const res = await fetch(`${env.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`api:${env.apiKey}`).toString('base64')}` },
    body: JSON.stringify({ query: `{ project(name: "${N.DEMO_PROJECT}", entityName: "${N.DEMO_USER}") { run(name: "${target}") { shouldStop } } }` }),
  });
  expect(((await res.json()) as { data: { project: { run: { shouldStop: boolean } } } }).data.project.run.shouldStop).toBe(true);

  // A finished run's menu has no Stop.
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_RUN_ID}`);
  const finished = await waitForTreeItem(page, N.DEMO_RUN_DISPLAY_NAME);
  await openContextMenu(page, finished, 'Rename Run…');
  expect(await page.getByRole('menuitem', { name: 'Stop Run…', exact: true }).count()).toBe(0);
  await page.keyboard.press('Escape');
});

test('a running run in a project the account may only read: no edit actions, and an edit from its panel is refused with the reason', async ({ page, env }) => {
  const where = { entity: N.DEMO_READONLY_ENTITY, project: N.DEMO_READONLY_PROJECT };
  const runId = N.DEMO_READONLY_RUNNING_RUN_ID;
  const { row, name } = await showRun(page, env, runId, where);
  await openContextMenu(page, row, 'Copy Run Path');
  const offered = await page.getByRole('menuitem').allInnerTexts();
  for (const edit of ['Rename Run…', 'Edit Run Notes…', 'Stop Run…', 'Upload to Run…']) {
    expect(offered.some((t) => t.includes(edit)), `${edit} in ${JSON.stringify(offered)}`).toBe(false);
  }
  await page.keyboard.press('Escape');

  await expand(page, name);
  await (await waitForTreeItem(page, 'Overview')).click();
  await page.locator('.tabs-container .tab', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
  await runCommand(page, 'W&B: Rename Run…');
  const toast = await waitForNotification(page, /is read-only/, 20_000);
  expect(await toast.innerText()).toContain(runId);
  expect((await apiFor(env).run({ ...where, runId })).displayName).toBe(name);
});
