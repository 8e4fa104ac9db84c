// Finding rows in long trees by scrolling like a person: the tree renders only the rows in view,
// and the 1,200-run demo project pushes "Load more" and the project's other folders below the
// fold. The harness's `waitForTreeItem` scrolls by the list's own geometry and gives a loading
// tree time to fill in; these scroll a screen at a time with the mouse wheel, which the paging
// and download stories were written against.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { sideBarView, treeItem, waitForTreeItem } from './vscode';

/**
 * Waits for a tree item, wheeling down a screen at a time and back to the top at the end. The
 * end is read from the list's geometry, not from the rows shown: on a loaded machine a wheel
 * event can take longer than one look to scroll, and unchanged rows then looked like the end.
 */
export async function scrollToTreeItem(page: Page, label: string | RegExp, timeout = 30_000): Promise<Locator> {
  const item = treeItem(page, label);
  const list = sideBarView(page).locator('.monaco-list[role="tree"]').first();
  const deadline = Date.now() + timeout;
  let atEndSeen = 0;
  for (;;) {
    if (await item.isVisible().catch(() => false)) return item;
    if (Date.now() > deadline) return waitForTreeItem(page, label, 1); // fails with what the tree shows
    const pos = await list
      .evaluate((el) => {
        const rows = el.querySelector<HTMLElement>('.monaco-list-rows');
        return { top: rows ? -parseFloat(rows.style.top || '0') : 0, height: rows ? parseFloat(rows.style.height || '0') : 0, viewport: el.clientHeight };
      })
      .catch(() => undefined);
    const box = await list.boundingBox().catch(() => null);
    if (pos && box) {
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
      const atEnd = pos.top + pos.viewport >= pos.height - 2;
      atEndSeen = atEnd ? atEndSeen + 1 : 0;
      // At the end for a while (rows below may still be arriving): back to the top, where rows
      // may also still be loading. One wheel event scrolls a bounded distance.
      if (atEndSeen >= 5) {
        for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -5_000);
        atEndSeen = 0;
      } else if (!atEnd) {
        await page.mouse.wheel(0, 500);
      }
    }
    // Between looks, wait for the item itself (this is also the loop's pace).
    await item.waitFor({ state: 'visible', timeout: 300 }).catch(() => undefined);
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
    // The wheel scrolls smoothly: wait until the row has come down from under the headers.
    await expect
      .poll(async () => (await item.boundingBox())?.y ?? 0, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(list.y + 140)
      .catch(() => undefined);
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
