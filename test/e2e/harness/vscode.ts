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
  const view = sideBarView(page);
  // After a reload the workbench restores the view a moment after selecting its icon; a click
  // in between toggles it closed again. So give a selected icon time first, and click again if
  // a click hid the view.
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await view.isVisible()) return;
    const selected = (await item.getAttribute('aria-selected')) === 'true';
    if (selected && (await view.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) return;
    await item.locator('a.action-label').click();
    if (await view.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) return;
  }
  await view.waitFor({ state: 'visible', timeout: 5_000 });
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
  // F1 opens the palette; Ctrl+Shift+P too. A webview with focus forwards both to the workbench.
  // A panel that an earlier click is still opening can take the focus a moment later, and the
  // palette closes on focus loss: then open it again.
  let typed = false;
  for (let attempt = 0; attempt < 6 && !typed; attempt++) {
    await page.keyboard.press(attempt % 2 === 0 ? 'F1' : 'Control+Shift+P');
    if (!(await input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) continue;
    typed = await input.fill(`>${title}`, { timeout: 5_000 }).then(() => true, () => false);
  }
  if (!typed) await input.fill(`>${title}`);
  // The row's aria-label is the title, followed by ", <keybinding>" when the command has one.
  const rows = '.quick-input-list .monaco-list-row';
  const row = page.locator(`${rows}[aria-label=${JSON.stringify(title)}], ${rows}[aria-label^=${JSON.stringify(`${title}, `)}]`).first();
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
 * Answers VS Code's own file dialog (code-server has no native one) with an absolute path.
 * The dialog shows its input first and fills in the starting folder a moment later; on a loaded
 * machine that late value can overwrite a path typed too early, and Enter then opens the folder
 * instead of accepting the file. So: wait for the starting folder, type, check the value stuck,
 * and press Enter again if the dialog is still open with the path in it.
 */
export async function answerFileDialog(page: Page, path: string, timeout = 20_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // The starting folder arrives a moment after the input shows.
  await page
    .waitForFunction(() => (document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value !== '', undefined, { timeout: 15_000 })
    .catch(() => undefined);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (!(await widget.isVisible())) return;
    if ((await input.inputValue()) !== path) await input.fill(path);
    if ((await input.inputValue()) !== path) continue;
    await input.press('Enter');
    try {
      await widget.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch {
      /* still open: the value was replaced or Enter came too early; try again */
    }
  }
  throw new Error(`the file dialog did not accept ${path} within ${timeout} ms; its input shows ${JSON.stringify(await input.inputValue())}`);
}

/**
 * A tree item of the Runs view by the label a person sees (not the description beside it, and
 * not the accessible name, which VS Code takes from a string tooltip). A string matches the whole
 * label exactly; a RegExp is tested against the label. The first match in tree order wins.
 */
export function treeItem(page: Page, label: string | RegExp): Locator {
  const re = typeof label === 'string' ? new RegExp(`^\\s*${escapeRe(label)}\\s*$`) : label;
  return sideBarView(page)
    .getByRole('treeitem')
    .filter({ has: page.locator('.monaco-icon-label-container .label-name', { hasText: re }) })
    .first();
}

/** The labels of the visible tree items, in order (for error messages and debugging). */
export async function treeLabels(page: Page): Promise<string[]> {
  return sideBarView(page)
    .getByRole('treeitem')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? ''));
}

/**
 * Waits for a tree item and scrolls it into view. The tree only renders the rows inside its
 * viewport, so while the item is not there this scrolls the tree down a screen at a time (and
 * back to the top after the end) until it appears. On timeout the error lists what the tree
 * shows.
 */
export async function waitForTreeItem(page: Page, label: string | RegExp, timeout = 30_000): Promise<Locator> {
  const item = treeItem(page, label);
  const list = sideBarView(page).locator('.monaco-list[role="tree"]').first();
  const deadline = Date.now() + timeout;
  let lastScroll = Date.now();
  for (;;) {
    if (await item.isVisible().catch(() => false)) {
      await item.scrollIntoViewIfNeeded().catch(() => undefined);
      return item;
    }
    if (Date.now() > deadline) {
      throw new Error(`no tree item labelled ${String(label)} within ${timeout} ms; the tree shows: ${JSON.stringify(await treeLabels(page))}`);
    }
    // Give a loading tree a moment before scrolling away from where it is filling in.
    if (Date.now() - lastScroll > 1_000 && (await list.isVisible().catch(() => false))) {
      const pos = await list
        .evaluate((el) => {
          const rows = el.querySelector<HTMLElement>('.monaco-list-rows');
          const top = rows ? -parseFloat(rows.style.top || '0') : 0;
          const height = rows ? parseFloat(rows.style.height || '0') : 0;
          return { top, height, viewport: el.clientHeight };
        })
        .catch(() => undefined);
      if (pos && pos.height > pos.viewport) {
        const box = await list.boundingBox();
        if (box) {
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          if (pos.top + pos.viewport >= pos.height - 2) {
            // At the end: back to the top (one wheel event scrolls a bounded distance).
            for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -5_000);
          } else {
            await page.mouse.wheel(0, Math.max(100, pos.viewport * 0.8));
          }
        }
      }
      lastScroll = Date.now();
    }
    // Between looks, wait for the item itself (this is also the loop's pace).
    await item.waitFor({ state: 'visible', timeout: 500 }).catch(() => undefined);
  }
}

/**
 * Expands a collapsed tree item (no-op when it is expanded) and waits until it is expanded.
 * Works through locators only: the tree re-renders its rows, so element handles go stale.
 */
export async function expand(page: Page, label: string | RegExp, timeout = 30_000): Promise<Locator> {
  const item = await waitForTreeItem(page, label, timeout);
  const expanded = item.and(page.locator('[aria-expanded="true"]'));
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await item.getAttribute('aria-expanded', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => null);
    if (state === 'true') return item;
    if (Date.now() > deadline) {
      throw new Error(`tree item ${String(label)} did not expand within ${timeout} ms (aria-expanded=${state}); the tree shows: ${JSON.stringify(await treeLabels(page))}`);
    }
    // Click the twistie, then give the item a while to say it is expanded (its children may be
    // loading); click again only if it still says it is collapsed.
    if (state === 'false') await item.locator('.monaco-tl-twistie').click({ timeout: 5_000 }).catch(() => undefined);
    await expanded.waitFor({ state: 'attached', timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) }).catch(() => undefined);
  }
}

/**
 * Right-clicks `target` and chooses the context-menu entry `title`. VS Code arms a menu entry's
 * mouse-up handler 100 ms after drawing the menu (so the right-click's own release does not
 * choose an entry); on a busy machine that timer runs late, and a click before it is dropped
 * without a trace: the menu stays open and nothing runs. A chosen entry closes the menu at once,
 * so this clicks until the menu is gone, each time after the menu has taken the pointer (the
 * entry under it is focused). Returns when the menu has closed.
 */
export async function chooseFromContextMenu(page: Page, target: Locator, title: string): Promise<void> {
  const entry = await openContextMenu(page, target, title);
  const focused = page.locator('.context-view .monaco-menu .action-item.focused').filter({ has: page.getByRole('menuitem', { name: title, exact: true }) });
  let failure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    await entry.hover({ timeout: 10_000 }).catch(() => undefined);
    await focused.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await entry.click({ timeout: 15_000 }).catch((e: Error) => (failure = e.message.split('\n')[0] ?? ''));
    if (await entry.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
  }
  throw new Error(`choosing "${title}" left its context menu open: the clicks were dropped${failure ? ` (last: ${failure})` : ''}`);
}

/**
 * Right-clicks `target` until its context menu shows the entry `title` (a right-click while the
 * tree redraws the row can open no menu, or one for the old row) and returns that entry.
 */
export async function openContextMenu(page: Page, target: Locator, title: string): Promise<Locator> {
  const entry = contextMenuEntry(page, title);
  for (let attempt = 1; ; attempt++) {
    await target.click({ button: 'right' });
    if (await entry.waitFor({ state: 'visible', timeout: 7_000 }).then(() => true, () => false)) return entry;
    if (attempt === 3) throw new Error(`the context menu has no "${title}"; it shows: ${JSON.stringify(await page.getByRole('menuitem').allInnerTexts())}`);
    await page.keyboard.press('Escape');
    await entry.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** An entry of the open context menu by its exact title. */
export function contextMenuEntry(page: Page, title: string): Locator {
  return page.locator('.context-view .monaco-menu').getByRole('menuitem', { name: title, exact: true });
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

/** The notification center (the list that the bell in the status bar opens). */
export function notificationCenter(page: Page): Locator {
  return page.locator('.notifications-center');
}

/**
 * Closes the notification center if it is open: while it is, VS Code shows no toasts at all
 * (new notifications go straight into the list).
 */
export async function closeNotificationCenter(page: Page): Promise<void> {
  const center = notificationCenter(page);
  if (!(await center.isVisible())) return;
  await runCommand(page, 'Notifications: Hide Notifications');
  await center.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Waits for a notification containing the text and returns its element. The center is closed
 * first, so toasts can show. A notification that never shows as a toast (VS Code shows at most
 * three at once and drops toasts that come in a burst; a toast can also be gone before it is
 * seen) still sits in the notification center, where a person would find it: after the timeout
 * this looks there and leaves the center open on what it found (the next wait closes it).
 */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = 30_000): Promise<Locator> {
  await closeNotificationCenter(page);
  const toast = notification(page, text);
  if (await toast.waitFor({ state: 'visible', timeout }).then(() => true, () => false)) return toast;
  const shown = await page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
  await runCommand(page, 'Notifications: Show Notifications');
  const inCenter = notificationCenter(page).locator('.notification-list-item', { hasText: text }).last();
  const found = await inCenter.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
  if (found) return inCenter;
  const centered = await notificationCenter(page).locator('.notification-list-item-message').allTextContents();
  throw new Error(`no notification matching ${String(text)} within ${timeout} ms; toasts: ${JSON.stringify(shown)}; notification center: ${JSON.stringify(centered)}`);
}

/**
 * Runs `action` (e.g. a command that calls vscode.env.openExternal) and returns the browser page
 * it opened and the URL that page asked for. With no internet the page itself may end on
 * chrome-error://, so the URL is read from the page's first navigation request.
 */
export async function captureOpenedPage(
  context: BrowserContext,
  action: () => Promise<void>,
  timeout = 20_000,
): Promise<{ page: Page; url: string }> {
  const firstUrl = new Map<Page, string>();
  const onRequest = (req: import('playwright-core').Request) => {
    try {
      const p = req.frame().page();
      if (req.isNavigationRequest() && !firstUrl.has(p)) firstUrl.set(p, req.url());
    } catch {
      /* a service worker's request has no frame */
    }
  };
  context.on('request', onRequest);
  try {
    const opened = context.waitForEvent('page', { timeout });
    // If the action fails, its error is the one to report, not the wait's later timeout.
    opened.catch(() => undefined);
    await action();
    const page = await opened;
    const deadline = Date.now() + timeout;
    for (;;) {
      const url = firstUrl.get(page) ?? (page.url() !== 'about:blank' && !page.url().startsWith('chrome-error:') ? page.url() : undefined);
      if (url) return { page, url };
      if (Date.now() > deadline) throw new Error('the opened page made no request');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    context.off('request', onRequest);
  }
}

/** The content of the newest webview (run panel...): two nested iframes deep. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/**
 * The content frame of the webview whose page holds `selector`, newest first, once one does:
 * for a story that opens two webviews at once (a run's panel, then a compare), where which of
 * them is the newest ready iframe depends on which loaded last.
 */
export async function webviewFrameWith(page: Page, selector: string, timeout = 30_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const n = await page.locator('iframe.webview.ready').count();
    for (let i = n - 1; i >= 0; i--) {
      const frame = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} within ${timeout} ms (${n} webviews ready)`);
    await page.locator(`iframe.webview.ready >> nth=${n}`).waitFor({ state: 'attached', timeout: 500 }).catch(() => undefined);
  }
}

/** The newest webview's content frame as a Frame (for evaluate()), once it exists. */
export async function webviewContentFrame(page: Page, timeout = 30_000): Promise<Frame> {
  await webviewFrame(page).locator('body').waitFor({ state: 'attached', timeout }).catch(() => undefined);
  const frames = page.frames().filter((f) => f.name() === 'active-frame' || f.url().includes('fake.html'));
  const last = frames[frames.length - 1];
  if (!last) throw new Error('no webview content frame appeared');
  return last;
}

/**
 * Collects console errors and uncaught errors of every page and frame (webviews included) of a
 * browser context. CSP violations show up here as console errors.
 */
export class ConsoleErrors {
  readonly messages: string[] = [];
  constructor(context: BrowserContext) {
    context.on('console', (msg) => {
      // A failed load names no URL in its text; its location does (a webview resource or noise).
      if (msg.type() === 'error') this.messages.push(/^Failed to load resource/.test(msg.text()) ? `${msg.text()}: ${msg.location().url}` : msg.text());
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

/**
 * Opens the W&B view, signs in, waits for the account row (`account`), then opens the run at
 * `runPath` (entity/project/runId) with W&B: Open Run; resolves with its panel once the header
 * shows.
 */
export async function openRunPanel(page: Page, apiKey: string, account: string, runPath: string): Promise<FrameLocator> {
  await openView(page);
  await signIn(page, apiKey);
  await waitForTreeItem(page, account);
  await runCommand(page, 'W&B: Open Run');
  await answerInputBox(page, runPath);
  const view = webviewFrame(page);
  await view.locator('.run-header h1').waitFor({ state: 'visible', timeout: 30_000 });
  return view;
}
