// Stories: the view container, the welcome view, signing in with a wrong and a right key.
import type { Page } from 'playwright-core';
import { activityBarItem, expect, openView, runsView, signIn, test, treeItem, waitForNotification, welcomeView } from './harness';

/** The Sign In button of the welcome view shown while no key is found. */
const welcomeSignIn = (page: Page) => welcomeView(page).getByRole('button', { name: 'Sign In' });

test('the W&B Explorer view container appears in the activity bar', async ({ page }) => {
  await activityBarItem(page).waitFor({ state: 'visible' });
  await openView(page);
  await runsView(page).waitFor({ state: 'visible' });
  expect(await page.locator('.part.sidebar .composite.title h2').innerText()).toMatch(/W&B Explorer/i);
});

test('with no key, the welcome view offers Sign In', async ({ page }) => {
  await openView(page);
  await welcomeSignIn(page).waitFor({ state: 'visible', timeout: 20_000 });
  const text = await welcomeView(page).innerText();
  expect(text).toContain('Sign in to Weights & Biases');
});

test('signing in with a wrong key shows a clear error and stores nothing', async ({ page, env, outputLog }) => {
  await openView(page);
  await welcomeSignIn(page).waitFor({ state: 'visible', timeout: 20_000 });
  const wrongKey = `local-${'0'.repeat(40)}`;
  expect(wrongKey).not.toBe(env.apiKey);
  await signIn(page, wrongKey);
  const toast = await waitForNotification(page, /API key|rejected|not valid|invalid|sign in/i);
  const message = await toast.locator('.notification-list-item-message').innerText();
  expect(message).toMatch(/key/i);
  expect(message).not.toContain(wrongKey);
  // Nothing stored: the welcome view stays, and after a reload the window is still signed out.
  await welcomeSignIn(page).waitFor({ state: 'visible' });
  await page.reload();
  await openView(page);
  await welcomeSignIn(page).waitFor({ state: 'visible', timeout: 20_000 });
  expect(outputLog.read()).not.toContain(wrongKey);
});

test('signing in with the right key shows the account in the tree, and survives a reload', async ({ page, env }) => {
  await openView(page);
  await welcomeSignIn(page).waitFor({ state: 'visible', timeout: 20_000 });
  await signIn(page, env.apiKey);
  const account = treeItem(page, env.username);
  await account.waitFor({ state: 'visible', timeout: 20_000 });
  await expect(welcomeSignIn(page).count()).resolves.toBe(0);
  await page.reload();
  await openView(page);
  await treeItem(page, env.username).waitFor({ state: 'visible', timeout: 20_000 });
});
