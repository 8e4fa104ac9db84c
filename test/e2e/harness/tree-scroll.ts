// Finding rows in long trees by scrolling like a person: the tree renders only the rows in view,
// and the 1,200-run demo project pushes "Load more" and the project's other folders below the
// fold. The harness's `waitForTreeItem` scrolls by the list's own geometry and gives a loading
// tree time to fill in; these scroll a screen at a time with the mouse wheel, which the paging
// and download stories were written against.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { sideBarView, treeItem, treeLabels, waitForTreeItem } from './vscode';

/** Waits for a tree item, wheeling down a screen at a time and back to the top at the end. */
export async function scrollToTreeItem(page: Page, label: string | RegExp, timeout = 30_000): Promise<Locator> {
  const item = treeItem(page, label);
  const list = sideBarView(page).locator('.monaco-list').first();
  const deadline = Date.now() + timeout;
  let lastRows = '';
  for (;;) {
    if (await item.isVisible().catch(() => false)) return item;
    if (Date.now() > deadline) return waitForTreeItem(page, label, 1); // fails with what the tree shows
    const box = await list.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
      const rows = JSON.stringify(await treeLabels(page));
      if (rows === lastRows) {
        // Nothing moved: at the bottom, so back to the top (rows above may still be loading).
        // One wheel event scrolls a bounded distance.
        for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -5_000);
        lastRows = '';
      } else {
        await page.mouse.wheel(0, 500);
        lastRows = rows;
      }
    }
    await page.waitForTimeout(100);
  }
}

/** The row, scrolled out from under the sticky headers of its ancestors (they take the clicks there). */
export async function clearOfStickyHeaders(page: Page, label: string | RegExp): Promise<Locator> {
  const item = await scrollToTreeItem(page, label);
  const list = await sideBarView(page).locator('.monaco-list').first().boundingBox();
  const box = await item.boundingBox();
  if (list && box && box.y < list.y + 140) {
    await page.mouse.move(list.x + list.width / 2, list.y + Math.min(list.height / 2, 200));
    await page.mouse.wheel(0, -(list.y + 160 - box.y));
    await page.waitForTimeout(200);
  }
  return treeItem(page, label);
}

/** Expands a tree item found by scrolling (unless it is expanded) and waits until it is. */
export async function scrollAndExpand(page: Page, label: string | RegExp, timeout = 30_000): Promise<Locator> {
  const item = await scrollToTreeItem(page, label, timeout);
  if ((await item.getAttribute('aria-expanded')) !== 'true') {
    await (await clearOfStickyHeaders(page, label)).locator('.monaco-tl-twistie').click();
  }
  await expect.poll(async () => (await scrollToTreeItem(page, label, timeout)).getAttribute('aria-expanded'), { timeout }).toBe('true');
  return scrollToTreeItem(page, label, timeout);
}
