// Vitest fixtures for the stories: one Chromium per test file, a fresh browser context and page
// per test (so a fresh extension host and no secrets), and on failure a screenshot, the
// extension's log and the console errors in .e2e-artifacts/.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject, test as base } from 'vitest';
import { ARTIFACTS, CHROMIUM_LAUNCH, extensionHostLogs, outputLogFiles, VIEWPORT, type StackInfo } from './stack';
import { ConsoleErrors, waitForWorkbench } from './vscode';

/** The "W&B Explorer" output channel as written by the extension host of the current test. */
export interface OutputLog {
  /** Text of the log files this test's window wrote (empty string when none yet). */
  read(): string;
  /** Polls read() until it matches, and returns the text. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
}

export interface E2EFixtures {
  /** URLs, key and folders of the running stack (from the global setup). */
  env: StackInfo;
  browser: Browser;
  context: BrowserContext;
  /** A code-server window with the workbench loaded, in a fresh browser context. */
  page: Page;
  consoleErrors: ConsoleErrors;
  outputLog: OutputLog;
}

/** Reads the newest "W&B Explorer" log files that are not in `exclude` (concatenated). */
export function readOutputLog(userDataDir: string, exclude: ReadonlySet<string> = new Set()): string {
  return outputLogFiles(userDataDir)
    .filter((f) => !exclude.has(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('');
}

const slug = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);

export const test = base.extend<E2EFixtures>({
  env: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(inject('e2e'));
    },
    { scope: 'file' },
  ],

  browser: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const browser = await chromium.launch(CHROMIUM_LAUNCH);
      await use(browser);
      await browser.close();
    },
    { scope: 'file' },
  ],

  context: async ({ browser }, use) => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await use(context);
    await context.close();
  },

  outputLog: async ({ env }, use) => {
    // Log files that exist before this test's window opens belong to earlier tests.
    const before = new Set(outputLogFiles(env.userDataDir));
    const read = () => readOutputLog(env.userDataDir, before);
    await use({
      read,
      async waitFor(pattern, timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const text = read();
          if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
          if (Date.now() > deadline) throw new Error(`the W&B Explorer log did not show ${String(pattern)} within ${timeoutMs} ms; it has:\n${text}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
    });
  },

  consoleErrors: async ({ context }, use) => {
    await use(new ConsoleErrors(context));
  },

  page: async ({ context, env, outputLog, consoleErrors, task }, use) => {
    const before = new Set([...outputLogFiles(env.userDataDir), ...extensionHostLogs(env.userDataDir)]);
    const page = await context.newPage();
    await page.goto(env.url);
    await waitForWorkbench(page);
    await use(page);
    if (task.result?.state === 'fail') {
      mkdirSync(ARTIFACTS, { recursive: true });
      const base = join(ARTIFACTS, slug(`${task.file?.name.replace(/^.*\//, '') ?? 'e2e'}-${task.name}`));
      await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
      const logs = outputLogFiles(env.userDataDir).filter((f) => !before.has(f));
      if (logs.length === 1 && existsSync(logs[0]!)) copyFileSync(logs[0]!, `${base}.log`);
      else writeFileSync(`${base}.log`, outputLog.read());
      writeFileSync(`${base}.console.txt`, consoleErrors.messages.join('\n') + '\n');
      // The extension host's own log holds what the output channel cannot: a provider that threw.
      const exthost = extensionHostLogs(env.userDataDir).filter((f) => !before.has(f)).pop();
      if (exthost) copyFileSync(exthost, `${base}.exthost.log`);
      process.stderr.write(`[e2e] failure artifacts: ${base}.{png,log,console.txt${exthost ? ',exthost.log' : ''}}\n`);
    }
    await page.close().catch(() => undefined);
  },
});

export { expect, describe } from 'vitest';
