/**
 * Figure 5a in the real VS Code (code-server 1.100 + headless Chromium, through the e2e harness
 * in test/e2e/harness): from clicking the W&B activity-bar icon in a fresh window (which
 * activates the extension: it has no other activation event) to the tree's first item (the
 * signed-in account row) on screen. The harness installs the .vsix of bench's production build.
 */
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { figure, median, nowMs, round, type Figure } from './figure';
import { packageBuild } from './package-build';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPEATS = 2;

export async function vscodeStartupFigures(log: (s: string) => void): Promise<Figure[]> {
  if (!existsSync(join(ROOT, '.tools', 'code-server'))) throw new Error('code-server is not installed (node scripts/setup-e2e.mjs)');
  const build = await packageBuild();
  // The harness finds the repository (and so the .vsix and the tools) from the working directory
  // when it is first imported: point it at the build's copy, which has the fresh .vsix.
  for (const d of ['.tools', 'test']) if (!existsSync(join(build.dir, d))) symlinkSync(join(ROOT, d), join(build.dir, d), 'dir');
  const cwd = process.cwd();
  process.chdir(build.dir);
  let harness: typeof import('../test/e2e/harness/stack');
  let ui: typeof import('../test/e2e/harness/vscode');
  try {
    harness = await import('../test/e2e/harness/stack');
    ui = await import('../test/e2e/harness/vscode');
  } finally {
    process.chdir(cwd);
  }
  const t0 = nowMs();
  const stack = await harness.startStack({ signedIn: true });
  const stackMs = nowMs() - t0;
  const browser = await chromium.launch(harness.CHROMIUM_LAUNCH);
  const samples: number[] = [];
  const workbench: number[] = [];
  try {
    for (let i = 0; i < REPEATS; i++) {
      // A fresh page is a fresh window: a new extension host, so a fresh activation.
      const page = await browser.newPage({ viewport: harness.VIEWPORT });
      try {
        const w0 = nowMs();
        await page.goto(stack.url);
        await ui.waitForWorkbench(page);
        await ui.activityBarItem(page).waitFor({ state: 'visible', timeout: 60_000 });
        workbench.push(nowMs() - w0);
        const c0 = nowMs();
        await ui.openView(page);
        await ui.waitForTreeItem(page, stack.username, 60_000);
        samples.push(nowMs() - c0);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  log(`real VS Code: view opened → account row ${samples.map((x) => round(x, 0)).join(', ')} ms (workbench ${workbench.map((x) => round(x, 0)).join(', ')} ms; stack ${round(stackMs, 0)} ms)`);
  return [
    figure({
      id: 'startup.vscodeViewToFirstItems',
      group: 5,
      title: 'Real VS Code (code-server): open the W&B view (activates) → first tree item shown',
      value: round(median(samples), 0),
      unit: 'ms',
      detail: { samplesMs: samples.map((x) => round(x, 0)), workbenchLoadMs: workbench.map((x) => round(x, 0)), codeServer: '4.100.3 (VS Code 1.100.3)' },
    }),
  ];
}
