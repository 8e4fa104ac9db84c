// Stories of downloads and remote files in a real VS Code: right-click an artifact version →
// Download (files on disk match the manifest digests), "Download Artifact by Name…" from the
// palette, opening a remote file in a read-only editor tab, a pending version refused, a
// wandb-artifact:// reference fetched from the artifact it names, and several runs selected in
// the tree downloaded under one notification (whole, cancelled, and stopped by a refused key).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WandbClient } from '../../src/api/client';
import { WandbApi } from '../../src/api/wandb-api';
import { sdkCacheDir } from '../../src/api/download/sdk-cache';
import * as N from '../server/demo-names';
import {
  answerInputBox,
  chooseFromContextMenu,
  expect,
  openView,
  runCommand,
  sideBarView,
  signIn,
  test,
  notification,
  treeItem,
  waitForNotification,
  webviewContentFrame,
  type StackInfo,
} from './harness';
import { clearOfStickyHeaders, scrollAndExpand as expand, scrollToTreeItem as waitForTreeItem } from './harness/tree-scroll';

/** Chooses a context-menu entry of a tree row (found by scrolling, clear of sticky headers). */
async function clickMenu(page: Page, label: string, title: string): Promise<void> {
  await chooseFromContextMenu(page, await clearOfStickyHeaders(page, label), title);
}

/** Where artifact.download() puts a version: artifacts/<name>:<version> (':' becomes '-' on Windows). */
const artifactFolder = (env: StackInfo, collection: string, version: string) => join(env.workspaceDir, 'artifacts', `${collection}${process.platform === 'win32' ? '-' : ':'}${version}`);

/** Signs in, opens the demo project's dataset collection and chooses Download on its `version` row. */
async function downloadDatasetVersion(page: Page, env: StackInfo, collection: string, version: string): Promise<void> {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await expand(page, N.DEMO_PROJECT);
  await expand(page, 'Artifacts');
  await expand(page, N.DEMO_DATASET_TYPE);
  await expand(page, collection);
  await waitForTreeItem(page, version);
  await clickMenu(page, version, 'Download Artifact Version');
}

/** Files on disk under `root` match the version's manifest (digest and size). */
async function expectMatchesManifest(env: StackInfo, collection: string, alias: string, root: string): Promise<number> {
  const api = new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e' }));
  const v = await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: collection, alias });
  const manifest = await api.artifactManifest(v.id);
  let checked = 0;
  for (const e of manifest.entries) {
    const file = join(root, ...e.path.split('/'));
    if (e.ref) {
      expect(existsSync(file), `${e.path} is a reference and is not downloaded`).toBe(false);
      continue;
    }
    const bytes = readFileSync(file);
    expect(bytes.length, e.path).toBe(e.size);
    expect(createHash('md5').update(bytes).digest('base64'), e.path).toBe(e.digest);
    checked++;
  }
  return checked;
}

test('right-click an artifact version → Download: the files on disk match the manifest', async ({ page, env }) => {
  await downloadDatasetVersion(page, env, N.DEMO_DATASET_COLLECTION, 'v2');
  await waitForNotification(page, new RegExp(`Downloaded ${N.DEMO_DATASET_COLLECTION}:v2: \\d+ downloaded`), 60_000);
  expect(await expectMatchesManifest(env, N.DEMO_DATASET_COLLECTION, 'v2', artifactFolder(env, N.DEMO_DATASET_COLLECTION, 'v2'))).toBeGreaterThan(0);
});

test('right-click the downloaded folder in the Explorer → Verify Artifact Folder…: it knows the version and finds it intact', async ({ page, env }) => {
  // v0: the editing stories delete v1 and may run first; nothing removes v0.
  await downloadDatasetVersion(page, env, N.DEMO_DATASET_COLLECTION, 'v0');
  await waitForNotification(page, new RegExp(`Downloaded ${N.DEMO_DATASET_COLLECTION}:v0: `), 60_000);

  await runCommand(page, 'File: Focus on Files Explorer');
  const rows = page.locator('.explorer-folders-view .monaco-list-row');
  const parent = rows.filter({ hasText: /^artifacts$/ }).first();
  await parent.waitFor({ state: 'visible', timeout: 20_000 });
  const folder = rows.filter({ hasText: `${N.DEMO_DATASET_COLLECTION}${process.platform === 'win32' ? '-' : ':'}v0` }).first();
  // Expanded until the folder shows: the Explorer lists a new folder only once its file watcher
  // saw it, and a row read as collapsed while it was expanding is collapsed again by a click.
  await expect
    .poll(
      async () => {
        if (!(await folder.isVisible()) && (await parent.getAttribute('aria-expanded')) !== 'true') await parent.click();
        return folder.isVisible();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await chooseFromContextMenu(page, folder, 'Verify Artifact Folder…');
  // No question: the extension remembers which version it downloaded there.
  await waitForNotification(page, new RegExp(`Verified ${N.DEMO_DATASET_COLLECTION}:v0 in .*: \\d+ ok`), 60_000);
});

test('the palette\'s "Download Artifact by Name…" downloads the version the alias names', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Download Artifact by Name…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_MODEL_COLLECTION}:best`);
  const toast = await waitForNotification(page, new RegExp(`Downloaded ${N.DEMO_MODEL_COLLECTION}:v\\d+: \\d+ downloaded`), 60_000);
  const version = /:(v\d+):/.exec(await toast.innerText())![1]!;
  expect(await expectMatchesManifest(env, N.DEMO_MODEL_COLLECTION, 'best', artifactFolder(env, N.DEMO_MODEL_COLLECTION, version))).toBeGreaterThan(0);
});

test('opening a remote run file shows its content in a read-only editor tab', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_RUN_ID}`);
  await expand(page, N.DEMO_RUN_DISPLAY_NAME);
  await expand(page, 'Files');
  await waitForTreeItem(page, 'config.yaml');
  await clickMenu(page, 'config.yaml', 'Open File (Read-Only)');
  const tab = page.locator('.tabs-container .tab', { hasText: 'config.yaml' });
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
  const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
  // wandb-core writes config.yaml with its keys sorted: `_wandb` (the SDK's own entry) comes first.
  await expect.poll(async () => editor.innerText(), { timeout: 30_000 }).toMatch(/^_wandb:\s+value:\s+cli_version:\s/);
  // Read-only: typing does not change it.
  await editor.click();
  await page.keyboard.type('zzz-typed');
  expect(await editor.innerText()).not.toContain('zzz-typed');
});

test('opening a remote image shows it in VS Code\'s image preview', async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_RUN_ID}`);
  await expand(page, N.DEMO_RUN_DISPLAY_NAME);
  await expand(page, 'Files');
  await expand(page, 'media');
  await expand(page, 'images');
  const name = N.DEMO_RUN_IMAGES[0].split('/').pop()!;
  await waitForTreeItem(page, name);
  await clickMenu(page, name, 'Open File (Read-Only)');
  await page.locator('.tabs-container .tab', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
  const frame = await webviewContentFrame(page);
  // The preview's <img> has loaded the bytes (naturalWidth > 0), through the wandb-explorer: provider.
  await expect
    .poll(async () => frame.evaluate(() => { const img = document.querySelector('img'); return img ? img.naturalWidth : 0; }).catch(() => 0), { timeout: 30_000 })
    .toBeGreaterThan(0);
});

test('a pending version in a run\'s logged artifacts is marked pending, and Download refuses it with the reason', async ({ page, env }) => {
  const api = new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e' }));
  const name = (await api.run({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: N.DEMO_LIVE_RUN_ID })).displayName;
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await runCommand(page, 'W&B: Go to Run…');
  await answerInputBox(page, `${N.DEMO_USER}/${N.DEMO_PROJECT}/${N.DEMO_LIVE_RUN_ID}`);
  await expand(page, name);
  await expand(page, 'Logged artifacts');
  const label = `${N.DEMO_MODEL_COLLECTION}:${N.DEMO_PENDING_VERSION}`;
  const row = await waitForTreeItem(page, label);
  expect(await row.locator('.label-description').innerText()).toMatch(/^pending\b/);
  await clickMenu(page, label, 'Download Artifact Version');
  await waitForNotification(page, new RegExp(`${label} is still pending: its run has not finished uploading it`), 30_000);
  expect(existsSync(artifactFolder(env, N.DEMO_MODEL_COLLECTION, N.DEMO_PENDING_VERSION))).toBe(false);
});

test('a version holding a wandb-artifact:// reference downloads the referenced artifact\'s file in its place', async ({ page, env }) => {
  await downloadDatasetVersion(page, env, N.DEMO_REF_COLLECTION, 'v0');
  await waitForNotification(page, new RegExp(`Downloaded ${N.DEMO_REF_COLLECTION}:v0: 2 downloaded`), 60_000);
  const root = artifactFolder(env, N.DEMO_REF_COLLECTION, 'v0');
  // The referenced file is mnist-raw:v2's test.csv, byte for byte (its manifest's MD5 and size).
  const api = new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e' }));
  const source = await api.artifactByName({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, name: N.DEMO_DATASET_COLLECTION, alias: 'v2' });
  const target = (await api.artifactManifest(source.id)).entries.find((e) => e.path === N.DEMO_REF_TARGET_FILE)!;
  const bytes = readFileSync(join(root, ...N.DEMO_REF_FILE.split('/')));
  expect(bytes.length).toBe(target.size);
  expect(createHash('md5').update(bytes).digest('base64')).toBe(target.digest);
  expect(existsSync(join(root, N.DEMO_REF_OWN_FILE))).toBe(true);
});

/** Where the demo project's runs download to, and the API to check them. */
function runDownloads(env: StackInfo) {
  const api = new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e' }));
  const projectDir = join(env.workspaceDir, 'wandb-downloads', N.DEMO_USER, N.DEMO_PROJECT);
  return { api, projectDir };
}

/**
 * Selects the demo project's runs at `rows` (their places in the Runs list; each story its own,
 * so that no story's download skips files another one fetched). Resolves with the runs' names.
 */
async function selectRunRows(page: Page, env: StackInfo, rows: number[]): Promise<string[]> {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, N.DEMO_USER);
  await expand(page, N.DEMO_PROJECT);
  await expand(page, 'Runs');
  // account 1, entity 2, project 3, Runs 4: runs are level 5.
  const runRows = sideBarView(page).locator('.monaco-list-rows [role=treeitem][aria-level="5"]').filter({ hasNotText: /^\s*Load more/ });
  await expect.poll(() => runRows.count(), { timeout: 20_000 }).toBeGreaterThan(Math.max(...rows));
  const names: string[] = [];
  for (const r of rows) names.push((await runRows.nth(r).locator('.label-name').innerText()).trim());
  await treeItem(page, names[0]!).click();
  for (const name of names.slice(1)) await treeItem(page, name).click({ modifiers: ['Control'] });
  return names;
}

/** Download All Run Files from the context menu of the selected run `name`. */
async function downloadSelected(page: Page, name: string): Promise<void> {
  await treeItem(page, name).click({ button: 'right' });
  await page.locator('.context-view .monaco-menu .action-label', { hasText: /^Download All Run Files$/ }).click();
}

/** The id of the demo project's run named `name`. */
async function runIdOf(api: WandbApi, name: string): Promise<string> {
  const page = await api.runs({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, filters: { display_name: name } }, { first: 2 });
  expect(page.items.map((r) => r.displayName)).toEqual([name]);
  return page.items[0]!.runId;
}

/** Adds a fault rule to the dev server (removed by clearFaults). */
async function addFault(env: StackInfo, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${env.baseUrl}/_admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  expect(res.ok, await res.text()).toBe(true);
}

async function clearFaults(env: StackInfo): Promise<void> {
  await fetch(`${env.baseUrl}/_admin/faults`, { method: 'DELETE' });
}

/** Every file under `dir` (relative paths, `/`-separated). */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * The ids of the runs named `names`, their download folders removed: earlier stories (the runs
 * table's Download Files among them) may have downloaded the same runs, and a download of files
 * already there skips them all.
 */
async function freshRunFolders(env: StackInfo, names: readonly string[]): Promise<string[]> {
  const { api, projectDir } = runDownloads(env);
  const ids: string[] = [];
  for (const name of names) ids.push(await runIdOf(api, name));
  for (const id of ids) rmSync(join(projectDir, id), { recursive: true, force: true });
  return ids;
}

test('two runs selected in the tree → Download All Run Files: one notification for both, each run\'s files in its own folder', async ({ page, env }) => {
  const { api, projectDir } = runDownloads(env);
  const names = await selectRunRows(page, env, [0, 1]);
  const ids = await freshRunFolders(env, names);
  await downloadSelected(page, names[1]!);

  await waitForNotification(page, /Downloaded files of 2 runs: \d+ downloaded/, 60_000);
  // Each selected run's folder holds its files as W&B lists them.
  for (const runId of ids) {
    const files = (await api.runFiles({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId }, { first: 500 })).items;
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(projectDir, runId, ...f.name.split('/'))).length, f.name).toBe(f.sizeBytes);
  }
});

test('several runs: one Cancel stops the run being downloaded and the ones after it, and leaves no file half-written', async ({ page, env }) => {
  const { api, projectDir } = runDownloads(env);
  const names = await selectRunRows(page, env, [2, 3]);
  const [first, second] = await freshRunFolders(env, names);
  // Runs downloaded before (the runs table's story) left their files in W&B's artifact cache,
  // which fills a fresh folder without the network: empty it, so the files have to trickle.
  rmSync(sdkCacheDir({ XDG_CACHE_HOME: join(env.homeDir, '.cache') }, 'linux', env.homeDir), { recursive: true, force: true });
  // Every file from storage trickles at 100 B/s: the first run is still downloading when Cancel comes.
  await addFault(env, { origin: 'storage', kind: 'trickle', bytesPerSecond: 100, times: -1 });
  try {
    await downloadSelected(page, names[1]!);
    const progress = notification(page, /Downloading files of 2 runs/);
    await progress.waitFor({ state: 'visible', timeout: 30_000 });
    // Cancel once the first run's files are on their way (the bar says what it downloads).
    await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toMatch(/\(1 of 2\) · /);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    // Files were cut off mid-way ("not done"): what follows checks none of them took its name.
    await waitForNotification(page, /Download cancelled after 0 of 2 runs: .*\d+ not done \(cancelled\).* 1 run not started\./, 30_000);
  } finally {
    await clearFaults(env);
  }
  // The second run never started; what the first run's folder holds is whole.
  expect(existsSync(join(projectDir, second!)), 'the run that never started has no folder').toBe(false);
  const sizes = new Map((await api.runFiles({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: first! }, { first: 500 })).items.map((f) => [f.name, f.sizeBytes]));
  const folder = join(projectDir, first!);
  for (const name of existsSync(folder) ? filesUnder(folder) : []) {
    expect(name, 'a temporary file left behind').not.toMatch(/\.wandb-partial$/);
    expect(readFileSync(join(folder, ...name.split('/'))).length, name).toBe(sizes.get(name));
  }
});

test('several runs: a key refused partway stops the rest and says so; the runs before it are downloaded', async ({ page, env }) => {
  const { api, projectDir } = runDownloads(env);
  const names = await selectRunRows(page, env, [4, 5, 6]);
  const [first, second, third] = await freshRunFolders(env, names);
  // The second run's file listing is refused as W&B refuses a revoked key.
  await addFault(env, { operationName: 'RunFiles', variables: { runId: second }, times: -1, kind: 'status', status: 401, body: 'invalid api key' });
  try {
    await downloadSelected(page, names[2]!);
    const toast = await waitForNotification(page, /Download stopped after 1 of 3 runs: /, 60_000);
    const text = await toast.innerText();
    expect(text).toContain(`1 run not downloaded: run ${N.DEMO_USER}/${N.DEMO_PROJECT}/${second}: The API key was rejected`);
    expect(text).toContain('1 run not started.');
  } finally {
    await clearFaults(env);
  }
  // The first run's files are there; the third run was never started.
  const files = (await api.runFiles({ entity: N.DEMO_USER, project: N.DEMO_PROJECT, runId: first! }, { first: 500 })).items;
  for (const f of files) expect(readFileSync(join(projectDir, first!, ...f.name.split('/'))).length, f.name).toBe(f.sizeBytes);
  expect(existsSync(join(projectDir, third!))).toBe(false);
});
