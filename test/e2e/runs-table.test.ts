// Stories: the runs table on the demo's demo project (1,202 runs) — add a column from the picker, sort on
// the server by a header, filter with the search grammar, group and expand, export CSV, compare
// two selected rows; see the shape: a scatter of two columns, brushed, narrows the rows, and so does a brush typed from the keyboard; tag two
// selected rows and download their files from the row actions; add Notes and Job type, which
// the rows on screen were read without, and see their values arrive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { WandbClient } from '../../src/api/client';
import { WandbApi } from '../../src/api/wandb-api';
import { chooseFromContextMenu, expect, openView, quickInput, runCommand, signIn, test, waitForNotification, waitForTreeItem, webviewContentFrame, webviewFrame } from './harness';
import { DEMO_PROJECT, DEMO_PROJECT_RUN_COUNT, DEMO_USER } from '../server/demo-names';
import { formatCount } from '../../src/format';

/** The status line of the unfiltered table: every run of the demo project. */
const ALL_RUNS = new RegExp(`^${formatCount(DEMO_PROJECT_RUN_COUNT)} runs`);

/** The rows in view, top to bottom: run id and the raw text (or exact number) of one column. */
async function column(frame: Frame, id: string): Promise<Array<{ run: string; value: string }>> {
  return frame.evaluate((columnId) => {
    const heads = [...document.querySelectorAll<HTMLElement>('.grid-th')];
    const index = heads.findIndex((th) => th.dataset.column === columnId);
    if (index < 0) return [];
    const rows = [...document.querySelectorAll<HTMLElement>('.grid-row[data-run]')].sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
    return rows.map((r) => {
      const cell = r.querySelectorAll<HTMLElement>('[role=gridcell]')[index];
      return { run: r.dataset.run ?? '', value: cell?.title || cell?.textContent || '' };
    });
  }, id);
}

/** Opens the demo project's table from its context menu and waits for its first rows. */
async function openTable(page: Page): Promise<Frame> {
  const project = await waitForTreeItem(page, DEMO_PROJECT);
  await chooseFromContextMenu(page, project, 'Open Runs Table');
  const frame = await webviewContentFrame(page);
  await expect.poll(async () => (await column(frame, 'run:name')).length, { timeout: 30_000 }).toBeGreaterThan(10);
  return frame;
}

async function signedIn(page: Page, apiKey: string): Promise<void> {
  await openView(page);
  await signIn(page, apiKey);
  await waitForTreeItem(page, DEMO_USER);
}

/** The grid's column headers, left to right, by column id. */
const headerIds = (frame: Frame) => frame.evaluate(() => [...document.querySelectorAll<HTMLElement>('.grid-th')].map((th) => th.dataset.column ?? ''));

/** Signs in, opens the demo project's runs table and waits for its first rows. */
async function openDemoTable(page: Page, apiKey: string): Promise<{ view: FrameLocator; frame: Frame }> {
  await openView(page);
  await signIn(page, apiKey);
  await waitForTreeItem(page, DEMO_USER);
  const project = await waitForTreeItem(page, DEMO_PROJECT);
  await chooseFromContextMenu(page, project, 'Open Runs Table');
  const view = webviewFrame(page);
  await expect.poll(() => view.locator('.table-status').innerText(), { timeout: 30_000 }).toMatch(ALL_RUNS);
  const frame = await webviewContentFrame(page);
  await expect.poll(async () => (await column(frame, 'run:name')).length, { timeout: 20_000 }).toBeGreaterThan(10);
  return { view, frame };
}

test('runs table: add optimizer.lr, sort by val/acc, filter, group, export CSV, compare two rows', async ({ page, env, consoleErrors }) => {
  const { view, frame } = await openDemoTable(page, env.apiKey);

  // Add optimizer.lr from the picker: searched, grouped under config · optimizer, with its count.
  expect(await view.locator('.grid-th[data-column="config:optimizer.lr"]').count()).toBe(0);
  await view.getByRole('button', { name: 'Columns' }).click();
  await view.locator('.picker-search').fill('optimizer.lr');
  await expect.poll(() => view.locator('.picker-group').allInnerTexts()).toEqual(['config · optimizer']);
  await view.locator('input[data-column="config:optimizer.lr"]').check();
  await view.locator('.picker-search').press('Escape');
  await expect.poll(async () => (await column(frame, 'config:optimizer.lr')).filter((c) => Number(c.value) > 0).length, { timeout: 20_000 }).toBeGreaterThan(10);

  // val/acc as a column (the default columns follow how many runs log each key, which the demo's
  // data decides): ticking it in the picker is a no-op when it is already shown.
  await view.getByRole('button', { name: 'Columns' }).click();
  await view.locator('.picker-search').fill('val/acc');
  await view.locator('input[data-column="summary:val/acc"]').check();
  await view.locator('.picker-search').press('Escape');

  // Sort by val/acc, descending, on the server: the best run of the whole project comes first.
  await view.locator('.grid-th[data-column="summary:val/acc"]').click();
  await expect.poll(() => view.locator('.grid-th[data-column="summary:val/acc"]').getAttribute('aria-sort')).toBe('descending');
  const accs = async () => (await column(frame, 'summary:val/acc')).map((c) => Number(c.value));
  await expect.poll(async () => { const a = await accs(); return a.length > 10 && a.every((x, i) => i === 0 || a[i - 1]! >= x); }, { timeout: 20_000 }).toBe(true);
  const best = (await accs())[0]!;
  expect(best).toBeGreaterThan(0.9);

  // Filter with the search grammar: every row has optimizer.lr < 0.001.
  await view.locator('.table-filter').fill('config.optimizer.lr<0.001');
  await view.locator('.table-filter').press('Enter');
  await expect.poll(() => view.locator('.table-status').innerText(), { timeout: 20_000 }).not.toMatch(ALL_RUNS);
  await expect.poll(async () => { const lrs = (await column(frame, 'config:optimizer.lr')).map((c) => Number(c.value)); return lrs.length > 0 && lrs.every((x) => x < 0.001); }, { timeout: 20_000 }).toBe(true);

  // Group by group: one line per group with its run count; expanding one shows its runs.
  await view.locator('select.group-by').selectOption('run:group');
  const groupLines = view.locator('.grid-row.group-row');
  await expect.poll(() => groupLines.count(), { timeout: 30_000 }).toBeGreaterThan(1);
  await expect.poll(() => view.locator('.group-note').innerText()).toMatch(/made in the table over all/);
  const firstGroup = groupLines.first();
  const members = Number(/\((\d+)\)\s*$/.exec(await firstGroup.locator('[role=gridcell]').first().innerText())?.[1]);
  expect(members).toBeGreaterThan(0);
  await firstGroup.click();
  await expect.poll(() => firstGroup.getAttribute('aria-expanded')).toBe('true');
  // The group's runs follow its line (the grid holds only the lines in view).
  await expect.poll(() => view.locator('.grid-row[aria-rowindex="3"]').getAttribute('data-run')).toMatch(/\w/);
  await expect.poll(() => view.locator('.grid-row[data-run]').count()).toBeGreaterThan(0);
  await view.locator('select.group-by').selectOption('');
  await expect.poll(() => groupLines.count()).toBe(0);

  // Export CSV: a new editor beside the table whose first data row is the table's first row.
  // Read once the ungrouped rows are back (the grid draws them again after the group lines).
  let first = { run: '', value: '' };
  let firstLr = '';
  await expect
    .poll(async () => {
      const [names, lrs] = [await column(frame, 'run:name'), await column(frame, 'config:optimizer.lr')];
      if (!names[0] || !lrs[0] || names[0].run !== lrs[0].run) return false;
      [first, firstLr] = [names[0], lrs[0].value];
      return true;
    }, { timeout: 20_000 })
    .toBe(true);
  await view.getByRole('button', { name: 'CSV' }).click();
  const editor = page.locator('.editor-instance .monaco-editor .view-lines').last();
  await expect.poll(async () => (await editor.innerText()).split('\n')[1] ?? '', { timeout: 30_000 }).toContain(`${first.run},`);
  const dataRow = (await editor.innerText()).split('\n')[1]!;
  expect(dataRow).toContain(firstLr);
  expect((await editor.innerText()).split('\n')[0]).toMatch(/^id,State,Name,Created,Runtime,User,Tags,/);
  // The export is an untitled document: close it unsaved, or every later story's window restores it.
  await runCommand(page, 'View: Revert and Close Editor');
  await expect.poll(() => page.locator('.editor-instance .monaco-editor').count(), { timeout: 15_000 }).toBe(0);

  // Select two rows (click, Ctrl+click) → Compare opens with both.
  const rows = view.locator('.grid-row[data-run]');
  const [a, b] = [rows.nth(0), rows.nth(1)];
  const names = [await a.locator('[role=gridcell]').nth(1).innerText(), await b.locator('[role=gridcell]').nth(1).innerText()];
  await a.click();
  await b.click({ modifiers: ['Control'] });
  await expect.poll(() => b.getAttribute('aria-selected')).toBe('true');
  await view.getByRole('button', { name: 'Compare' }).click();
  const compare = webviewFrame(page);
  await expect.poll(() => compare.locator('.run-legend li .run-link').allInnerTexts(), { timeout: 30_000 }).toEqual(names);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('runs table: scatter of two columns, brush a rectangle, the table shows the brushed rows; the same by value from the keyboard', async ({ page, env, consoleErrors }) => {
  const { view, frame } = await openDemoTable(page, env.apiKey);

  // Open the plots and pick the scatter's columns with the keyboard-reachable selects.
  await view.getByRole('button', { name: 'Shape' }).click();
  await expect.poll(() => view.getByRole('button', { name: 'Shape' }).getAttribute('aria-expanded')).toBe('true');
  await view.locator('select.scatter-x').selectOption('config:learning_rate');
  await view.locator('select.scatter-y').selectOption('summary:train/loss');
  const scatter = view.locator('.scatter-canvas');
  await expect.poll(() => scatter.getAttribute('aria-label')).toMatch(/^Scatter plot of train\/loss against learning_rate: [1-9]/);
  const loaded = (await column(frame, 'config:learning_rate')).map((c) => Number(c.value)).filter((x) => x > 0);
  const largest = Math.max(...loaded);

  // A rectangle from the top-left corner to 60% across and the bottom: every y, the lower x values.
  const box = (await scatter.boundingBox())!;
  await page.mouse.move(box.x + 1, box.y + 1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height - 1, { steps: 8 });
  await page.mouse.up();

  const chip = view.locator('.brush-chip');
  await expect.poll(() => chip.innerText()).toMatch(/^brushed: \d[\d,]* of \d[\d,]* rows · clear$/);
  const [brushed, of] = /brushed: ([\d,]+) of ([\d,]+)/.exec(await chip.innerText())!.slice(1).map((n) => Number(n.replace(/,/g, '')));
  expect(brushed).toBeGreaterThan(0);
  expect(brushed).toBeLessThan(of!);
  // The table holds exactly the brushed rows, each left of the rectangle's right edge.
  await expect.poll(() => view.locator('.runs-grid').getAttribute('aria-rowcount')).toBe(String(brushed! + 1));
  const shown = (await column(frame, 'config:learning_rate')).map((c) => Number(c.value));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((x) => x > 0 && x < largest)).toBe(true);

  // Clear: every loaded row is back.
  await chip.getByRole('button', { name: 'clear' }).click();
  await expect.poll(() => chip.isHidden()).toBe(true);
  await expect.poll(() => view.locator('.runs-grid').getAttribute('aria-rowcount')).not.toBe(String(brushed! + 1));

  // The same from the keyboard alone: Brush by value, learning_rate up to the middle loaded value, Enter.
  const bound = [...loaded].sort((a, b) => a - b)[Math.floor(loaded.length / 2)]!;
  await view.locator('.brush-editor summary').focus();
  await page.keyboard.press('Enter');
  await view.locator('select.brush-column').focus();
  await view.locator('select.brush-column').selectOption('config:learning_rate');
  await view.locator('.brush-to').focus();
  await page.keyboard.type(String(bound));
  await page.keyboard.press('Enter');
  await expect.poll(() => view.locator('.brush-list li .brush-text').allInnerTexts()).toEqual([expect.stringMatching(/^learning_rate: ≤ \S+$/)]);
  await expect.poll(() => chip.innerText()).toMatch(/^brushed: \d[\d,]* of \d[\d,]* rows · clear$/);
  const typed = Number(/brushed: ([\d,]+)/.exec(await chip.innerText())![1]!.replace(/,/g, ''));
  expect(typed).toBeGreaterThan(0);
  await expect.poll(() => view.locator('.runs-grid').getAttribute('aria-rowcount')).toBe(String(typed + 1));
  const kept = (await column(frame, 'config:learning_rate')).map((c) => Number(c.value));
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.every((x) => x <= bound)).toBe(true);
  // Its own Remove, from the keyboard too.
  await view.getByRole('button', { name: 'Remove the brush on learning_rate' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => chip.isHidden()).toBe(true);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('runs table: a hidden column and a pinned, widened one stay so when the table opens again', async ({ page, env, consoleErrors }) => {
  await signedIn(page, env.apiKey);
  let frame = await openTable(page);
  const view = webviewFrame(page);
  const header = (id: string) => view.locator(`.grid-th[data-column="${id}"]`);
  const menuOf = async (id: string) => {
    await header(id).hover();
    await header(id).locator('.th-menu').click();
  };

  // Hide User from its header menu.
  await expect.poll(() => header('run:user').count(), { timeout: 20_000 }).toBe(1);
  await menuOf('run:user');
  await view.getByRole('menuitem', { name: 'Hide Column' }).click();
  await expect.poll(() => header('run:user').count()).toBe(0);

  // Pin Tags: it moves to the left edge; then widen it from the keyboard (its edge is a separator).
  await menuOf('run:tags');
  await view.getByRole('menuitem', { name: 'Pin to Left' }).click();
  await expect.poll(async () => (await headerIds(frame))[0]).toBe('run:tags');
  const width = async () => Math.round((await header('run:tags').boundingBox())!.width);
  const before = await width();
  await header('run:tags').locator('.th-resize').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(width).toBe(before + 32);
  const widened = await width();

  // Close the table (the active editor) and open it again:
  // the same layout, kept for the project.
  await runCommand(page, 'View: Close Editor');
  await expect.poll(() => page.locator('iframe.webview').count()).toBe(0);
  frame = await openTable(page);
  await expect.poll(async () => (await headerIds(frame))[0], { timeout: 20_000 }).toBe('run:tags');
  expect(await header('run:user').count()).toBe(0);
  expect(await header('run:tags').getAttribute('class')).toMatch(/\bpinned\b/);
  await expect.poll(width).toBe(widened);

  // Pinned means it stays at the left edge while the grid scrolls sideways; its cells too.
  const lefts = () =>
    frame.evaluate(() => {
      const grid = document.querySelector<HTMLElement>('.runs-grid')!;
      grid.scrollLeft = 400;
      const th = document.querySelector<HTMLElement>('.grid-th[data-column="run:tags"]')!;
      const cell = document.querySelector<HTMLElement>('.grid-row[data-run] [role=gridcell]')!;
      return { scrolled: grid.scrollLeft, grid: Math.round(grid.getBoundingClientRect().left), th: Math.round(th.getBoundingClientRect().left), cell: Math.round(cell.getBoundingClientRect().left) };
    });
  await expect.poll(async () => { const l = await lefts(); return l.scrolled > 0 && l.th === l.grid && l.cell === l.grid; }).toBe(true);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('runs table: a range filter from a column header narrows the rows on the server, with the search bar', async ({ page, env, consoleErrors }) => {
  await signedIn(page, env.apiKey);
  const frame = await openTable(page);
  const view = webviewFrame(page);
  // Start from every run (an earlier story may have left a search for the project).
  await view.locator('.table-filter').fill('');
  await view.locator('.table-filter').press('Enter');
  await expect.poll(() => view.locator('.table-status').innerText(), { timeout: 30_000 }).toMatch(ALL_RUNS);

  // optimizer.lr as a column (a no-op when an earlier story added it).
  await view.getByRole('button', { name: 'Columns' }).click();
  await view.locator('.picker-search').fill('optimizer.lr');
  await view.locator('input[data-column="config:optimizer.lr"]').check();
  await view.locator('.picker-search').press('Escape');
  const lrs = async () => (await column(frame, 'config:optimizer.lr')).map((c) => Number(c.value));

  // Its header menu → Filter… → at most 0.0005 → Apply.
  const lr = view.locator('.grid-th[data-column="config:optimizer.lr"]');
  await lr.hover();
  await lr.locator('.th-menu').click();
  await view.getByRole('menuitem', { name: 'Filter…' }).click();
  await view.locator('.filter-kind').selectOption('range');
  await view.locator('.filter-max').fill('0.0005');
  await view.getByRole('button', { name: 'Apply' }).click();

  await expect.poll(() => view.locator('.filter-chip').allInnerTexts()).toEqual(['optimizer.lr ≤ 0.0005']);
  await expect.poll(() => view.locator('.table-status').innerText(), { timeout: 20_000 }).not.toMatch(ALL_RUNS);
  await expect.poll(async () => { const v = await lrs(); return v.length > 0 && v.every((x) => x <= 0.0005); }, { timeout: 20_000 }).toBe(true);
  expect(await lr.getAttribute('class')).toMatch(/\bfiltered\b/);
  // The search bar keeps its own text: the column filter is merged with it, not written into it.
  expect(await view.locator('.table-filter').inputValue()).toBe('');
  const filtered = await view.locator('.table-status').innerText();

  // With a search too, both hold.
  await view.locator('.table-filter').fill('state:finished');
  await view.locator('.table-filter').press('Enter');
  await expect.poll(() => view.locator('.table-status').innerText(), { timeout: 20_000 }).not.toBe(filtered);
  const states = async () => (await column(frame, 'run:state')).map((c) => c.value.trim().toLowerCase());
  await expect.poll(async () => { const s = await states(); const v = await lrs(); return s.length > 0 && s.every((x) => x === 'finished') && v.every((x) => x <= 0.0005); }, { timeout: 20_000 }).toBe(true);

  // Removing the chip and the search brings every run back.
  await view.locator('.filter-chip button').click();
  await view.locator('.table-filter').fill('');
  await view.locator('.table-filter').press('Enter');
  await expect.poll(() => view.locator('.table-status').innerText(), { timeout: 20_000 }).toMatch(ALL_RUNS);
  await expect.poll(() => view.locator('.filter-chip').count()).toBe(0);
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('runs table: Add Tags and Download Files act on the selected rows', async ({ page, env, consoleErrors }) => {
  const { view, frame } = await openDemoTable(page, env.apiKey);
  const api = new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e-runs-table' }));
  const ref = (runId: string) => ({ entity: DEMO_USER, project: DEMO_PROJECT, runId });

  // Two rows away from the top (the first story compares the top two): click, Ctrl+click.
  const rows = view.locator('.grid-row[data-run]');
  const [a, b] = [rows.nth(2), rows.nth(3)];
  const ids = [(await a.getAttribute('data-run'))!, (await b.getAttribute('data-run'))!];
  await a.click();
  await b.click({ modifiers: ['Control'] });
  await expect.poll(() => b.getAttribute('aria-selected')).toBe('true');
  expect(await a.getAttribute('aria-selected')).toBe('true');

  // Add Tags: VS Code's tag picker for both runs; a new tag typed and accepted.
  const tag = 'from-runs-table-e2e';
  await view.getByRole('button', { name: 'Add Tags' }).click();
  await quickInput(page).locator('.quick-input-title', { hasText: 'Add Tags to 2 Runs' }).waitFor({ state: 'visible', timeout: 15_000 });
  const input = quickInput(page).locator('input.input');
  await input.fill(tag);
  await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: tag }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await input.press('Enter');
  await waitForNotification(page, `Added tag “${tag}” to 2 runs.`, 20_000);
  for (const id of ids) await expect.poll(async () => (await api.run(ref(id))).tags, { timeout: 15_000 }).toContain(tag);
  // The rows show it in place: same rows at the same places, still selected.
  const tagsOf = async () => (await column(frame, 'run:tags')).filter((c) => ids.includes(c.run));
  await expect.poll(async () => (await tagsOf()).map((c) => c.value.includes(tag)), { timeout: 15_000 }).toEqual([true, true]);
  expect([await rows.nth(2).getAttribute('data-run'), await rows.nth(3).getAttribute('data-run')]).toEqual(ids);
  expect(await b.getAttribute('aria-selected')).toBe('true');

  // Download Files: both runs under one notification, and one result for the two; each run's
  // files land in wandb-downloads/<entity>/<project>/<run id>, as W&B lists them.
  await view.getByRole('button', { name: 'Download Files' }).click();
  await waitForNotification(page, /Downloaded files of 2 runs: \d+ downloaded/, 60_000);
  for (const id of ids) {
    const files = (await api.runFiles(ref(id), { first: 500 })).items;
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(env.workspaceDir, 'wandb-downloads', DEMO_USER, DEMO_PROJECT, id, ...f.name.split('/'))).length, f.name).toBe(f.sizeBytes);
  }
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('runs table: Notes and Job type, read only while shown, fill in for the rows already loaded', async ({ page, env, consoleErrors }) => {
  const { view, frame } = await openDemoTable(page, env.apiKey);
  const api = new WandbApi(new WandbClient({ baseUrl: env.baseUrl, apiKey: env.apiKey, userAgent: 'e2e-runs-table' }));
  expect(await headerIds(frame)).not.toContain('run:notes');
  expect(await headerIds(frame)).not.toContain('run:jobType');

  // Both added from the picker: the rows already on screen get their values from the host.
  for (const [search, id] of [['notes', 'run:notes'], ['job type', 'run:jobType']] as const) {
    await view.getByRole('button', { name: 'Columns' }).click();
    await view.locator('.picker-search').fill(search);
    await view.locator(`input[data-column="${id}"]`).check();
    await view.locator('.picker-search').press('Escape');
  }
  await expect.poll(() => headerIds(frame)).toEqual(expect.arrayContaining(['run:notes', 'run:jobType']));

  // What W&B says of the runs on screen, read with the API: the cells must say the same. The
  // grid draws its rows again for the new columns: wait until they are back.
  await expect.poll(async () => (await column(frame, 'run:name')).length, { timeout: 20_000 }).toBeGreaterThan(10);
  const shown = (await column(frame, 'run:name')).map((c) => c.run);
  const truth = await Promise.all(shown.map((runId) => api.run({ entity: DEMO_USER, project: DEMO_PROJECT, runId })));
  const notes = truth.map((r) => r.notes ?? '');
  const jobTypes = truth.map((r) => r.jobType ?? '');
  // The demo's data gives some of these runs notes and job types and not others: a real check.
  expect(notes.filter(Boolean).length).toBeGreaterThan(0);
  expect(jobTypes.filter(Boolean).length).toBeGreaterThan(0);
  const cellsOf = async (id: string) => {
    const byRun = new Map((await column(frame, id)).map((c) => [c.run, c.value]));
    return shown.map((runId) => byRun.get(runId));
  };
  await expect.poll(() => cellsOf('run:notes'), { timeout: 20_000 }).toEqual(notes);
  await expect.poll(() => cellsOf('run:jobType'), { timeout: 20_000 }).toEqual(jobTypes);
  expect(consoleErrors.cspViolations()).toEqual([]);
});
