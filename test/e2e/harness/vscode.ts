// Helpers that drive VS Code's workbench (code-server) the way a person would. Every helper
// waits for what it needs and fails with a message that says what it was looking for.
import type { BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';

export const VIEW_CONTAINER_TITLE = 'W&B Explorer';
export const VIEW_ID = 'wandbExplorer.runs';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the workbench has rendered its activity bar (page loaded, window restored). */
export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout });
}

/** The activity-bar entry (a tab) of the W&B Explorer view container. */
export function activityBarItem(page: Page): Locator {
  return page.locator(`.part.activitybar li.action-item:has(> a.action-label[aria-label="${VIEW_CONTAINER_TITLE}"])`);
}

/** The W&B Explorer view container in the side bar (holds the Runs view). */
export function sideBarView(page: Page): Locator {
  return page.locator('.part.sidebar [id="workbench.view.extension.wandbExplorer"]');
}

/** The Runs view's pane (its welcome content or its tree). */
export function runsView(page: Page): Locator {
  return sideBarView(page).locator('.pane:has(.pane-header[aria-label^="Runs"])').first();
}

/** The welcome view's content (shown while signed out). */
export function welcomeView(page: Page): Locator {
  return runsView(page).locator('.welcome-view-content');
}

/** Opens the W&B Explorer side bar (without toggling it closed when it is already open). */
export async function openView(page: Page): Promise<void> {
  const item = activityBarItem(page);
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await item.getAttribute('aria-selected')) !== 'true' || !(await sideBarView(page).isVisible())) {
    await item.locator('a.action-label').click();
  }
  await sideBarView(page).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Closes any open quick input (command palette, input box) with Escape. */
export async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 });
  }
}

/**
 * Runs a command from the command palette by its full title as the palette shows it, e.g.
 * `W&B: Sign In`. Picks the row whose label is exactly that title.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  await closeQuickInput(page);
  const input = page.locator('.quick-input-widget input.input');
  // F1 opens the palette; focus the workbench first so the key reaches it.
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('F1');
    if (await input.isVisible().catch(() => false)) break;
    await input.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    if (await input.isVisible()) break;
    await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  }
  await input.fill(`>${title}`);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label=${JSON.stringify(title)}]`).first();
  try {
    await row.waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    const shown = await page.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    throw new Error(`command "${title}" is not in the palette; it shows: ${JSON.stringify(shown.slice(0, 10))}`);
  }
  await row.click();
}

/** The quick input widget (input box or quick pick) that a command opened. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Types into an open input box (e.g. the API key prompt) and presses Enter. */
export async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await input.press('Enter');
}

/**
 * A tree item of the Runs view by its accessible name. A string matches a name that starts with
 * it followed by the end or a separator (so "run-1" does not match "run-10"); a RegExp is used
 * as is.
 */
export function treeItem(page: Page, name: string | RegExp): Locator {
  const re = typeof name === 'string' ? new RegExp(`^${escapeRe(name)}(?:$|[\\s,:;(])`) : name;
  return sideBarView(page).getByRole('treeitem', { name: re }).first();
}

/** Expands a collapsed tree item (no-op when it is expanded) and waits until it is expanded. */
export async function expand(page: Page, name: string | RegExp, timeout = 30_000): Promise<Locator> {
  const item = treeItem(page, name);
  await item.waitFor({ state: 'visible', timeout });
  if ((await item.getAttribute('aria-expanded')) !== 'true') {
    const twistie = item.locator('.monaco-tl-twistie');
    await twistie.click();
  }
  await page.waitForFunction(
    (el) => el?.getAttribute('aria-expanded') === 'true',
    await item.elementHandle(),
    { timeout },
  );
  return item;
}

/** Signs in through the command palette: W&B: Sign In, then the API key in the password box. */
export async function signIn(page: Page, key: string): Promise<void> {
  await runCommand(page, 'W&B: Sign In');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(key);
  await input.press('Enter');
}

/** A notification toast that contains the text (the newest one first). */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).last();
}

/** Waits for a notification toast containing the text and returns it. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = 30_000): Promise<Locator> {
  const toast = notification(page, text);
  try {
    await toast.waitFor({ state: 'visible', timeout });
  } catch {
    const shown = await page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
    throw new Error(`no notification matching ${String(text)} within ${timeout} ms; showing: ${JSON.stringify(shown)}`);
  }
  return toast;
}

/** The content of the newest webview (run panel...): two nested iframes deep. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** The newest webview's content frame as a Frame (for evaluate()), once it exists. */
export async function webviewContentFrame(page: Page, timeout = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frames = page.frames().filter((f) => f.name() === 'active-frame' || f.url().includes('fake.html'));
    const last = frames[frames.length - 1];
    if (last) return last;
    await page.waitForTimeout(100);
  }
  throw new Error('no webview content frame appeared');
}

/**
 * Collects console errors and uncaught errors of every page and frame (webviews included) of a
 * browser context. CSP violations show up here as console errors.
 */
export class ConsoleErrors {
  readonly messages: string[] = [];
  constructor(context: BrowserContext) {
    context.on('console', (msg) => {
      if (msg.type() === 'error') this.messages.push(msg.text());
    });
    context.on('weberror', (err) => this.messages.push(`uncaught: ${err.error().message}`));
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Content-Security-Policy violations seen so far (they show as console errors). */
  cspViolations(): string[] {
    return this.messages.filter((m) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m));
  }

  /** Errors that are not known workbench noise. */
  unexpected(): string[] {
    return this.messages.filter(
      (m) =>
        !/vsda|Found unexpected service worker controller|sandbox|Failed to load resource: the server responded with a status of 404/i.test(m),
    );
  }
}
