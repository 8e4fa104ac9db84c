// Story: the compare panel's chart lines in the three theme kinds (dark, light, high contrast
// light and dark). Every run's line must stand out from the editor background by the same rule
// the unit test pins (src/webviews/series-colors.ts: 3:1, 4.5:1 in high contrast), read from
// what the real VS Code rendered; a screenshot of each theme goes to .e2e-artifacts/ to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { answerInputBox, expect, openView, quickInput, runCommand, signIn, test, waitForTreeItem, webviewFrame } from './harness';
import { DEMO_PROJECT, DEMO_RUN_ID, DEMO_USER, DEMO_XSS_RUN_ID, DEMO_LIVE_RUN_ID } from '../server/demo-names';
import { contrastRatio, minimumContrast, parseColor } from '../../src/webviews/series-colors';

const runPath = (id: string) => `${DEMO_USER}/${DEMO_PROJECT}/${id}`;

const THEMES: Array<{ label: string; bodyClass: string; highContrast: boolean }> = [
  { label: 'Light Modern', bodyClass: 'vscode-light', highContrast: false },
  { label: 'Light High Contrast', bodyClass: 'vscode-high-contrast-light', highContrast: true },
  { label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast', highContrast: true },
  { label: 'Dark Modern', bodyClass: 'vscode-dark', highContrast: false },
];

async function setTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = quickInput(page).locator('input');
  await input.fill(label);
  // Exactly this theme's row (the filter matches "Light Modern" and "Light High Contrast" alike).
  const row = quickInput(page).locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  await row.first().click();
  await quickInput(page).waitFor({ state: 'hidden' });
}

/** Each drawn run line's colour (its legend marker) and the panel's background, as rendered. */
async function lineColours(view: FrameLocator): Promise<{ background: string; lines: string[]; bodyClass: string }> {
  return view.locator('body').evaluate((body) => {
    const panel = body.querySelector('.chart-panel[data-metric="train/loss"]');
    const markers = [...(panel?.querySelectorAll('.u-legend .u-series:not(.raw-series) .u-marker') ?? [])].slice(1); // [0] is the x axis
    return {
      background: getComputedStyle(body).backgroundColor,
      lines: markers.map((m) => getComputedStyle(m).borderColor),
      bodyClass: body.className,
    };
  });
}

test('chart lines keep their contrast with the background in light, dark and high-contrast themes', { timeout: 240_000 }, async ({ page, env, consoleErrors }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await runCommand(page, 'W&B: Compare Runs');
  await answerInputBox(page, [DEMO_RUN_ID, DEMO_XSS_RUN_ID, DEMO_LIVE_RUN_ID].map(runPath).join(' '));
  const view = webviewFrame(page);
  await view.locator('.tab[data-tab="charts"]').click();
  const series = view.locator('.chart-panel[data-metric="train/loss"] .u-legend .u-series:not(.raw-series)');
  await expect.poll(() => series.count(), { timeout: 30_000 }).toBe(4); // x + three runs

  const shots = join(process.cwd(), '.e2e-artifacts', 'themes');
  mkdirSync(shots, { recursive: true });
  for (const theme of THEMES) {
    await setTheme(page, theme.label);
    await expect.poll(async () => (await lineColours(view)).bodyClass, { timeout: 20_000 }).toContain(theme.bodyClass);
    const min = minimumContrast(theme.highContrast);
    // The lines are recoloured after the theme's class changes; wait for that, then check each.
    await expect
      .poll(async () => {
        const { background, lines } = await lineColours(view);
        const bg = parseColor(background)!;
        return lines.map((c) => Math.round(contrastRatio(parseColor(c)!, bg) * 100) / 100).every((r) => r >= min) && lines.length === 3;
      }, { timeout: 20_000, message: `every line ≥ ${min}:1 in ${theme.label}` })
      .toBe(true);
    await page.screenshot({ path: join(shots, `compare-${theme.label.replace(/\W+/g, '-').toLowerCase()}.png`) });
  }
  expect(consoleErrors.cspViolations()).toEqual([]);
});

test('in a narrow editor the chart cards fit, with their close buttons on screen', { timeout: 180_000 }, async ({ page, env }) => {
  await openView(page);
  await signIn(page, env.apiKey);
  await waitForTreeItem(page, DEMO_USER);
  await runCommand(page, 'W&B: Open Run');
  await answerInputBox(page, runPath(DEMO_RUN_ID));
  const view = webviewFrame(page);
  await view.locator('.tab[data-tab="charts"]').click();
  await view.locator('.chart-panel .chart-body[data-points]').first().waitFor({ state: 'attached', timeout: 30_000 });
  // The window narrowed until the run panel is about 650 px wide (the side bar keeps its width).
  const viewport = page.viewportSize()!;
  const panelWidth = () => view.locator('body').evaluate((b) => b.clientWidth);
  await page.setViewportSize({ width: viewport.width - ((await panelWidth()) - 650), height: viewport.height });
  await expect.poll(panelWidth, { timeout: 10_000 }).toBeLessThanOrEqual(660);
  // Every card inside the charts area, every close button inside its card.
  await expect
    .poll(
      () =>
        view.locator('.charts-main').evaluate((main) => {
          const right = main.getBoundingClientRect().right + 0.5;
          const cards = [...main.querySelectorAll('.chart-panel')];
          const bad = cards.filter((c) => {
            const close = c.querySelector('.chart-head button:last-of-type');
            return c.getBoundingClientRect().right > right || (close !== null && close.getBoundingClientRect().right > c.getBoundingClientRect().right);
          });
          return { cards: cards.length, overflowing: bad.length, scroll: main.scrollWidth - main.clientWidth };
        }),
      { timeout: 10_000 },
    )
    .toMatchObject({ overflowing: 0, scroll: 0 });
});
