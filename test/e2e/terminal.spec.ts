import { expect, test } from '@playwright/test';
import { PASSWORD, startWebStack } from './web-fixture';
import { TerminalPage } from './pages/terminal-page';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack();
});
test.afterAll(async () => {
  await stack.stop();
});

test('sets up a terminal, signs the front desk in and shows today, then keeps working offline', async ({
  page,
  context,
}) => {
  const terminal = new TerminalPage(page);
  await page.goto(stack.appUrl);
  await terminal.screenshot('01-setup');
  await terminal.setUp(stack.syncUrl, 'owner@glow.example', PASSWORD, 'Glow Clinic Jakarta', 'Front desk 1');
  await terminal.signIn('desk.jakarta@glow.example', 'wrong password');
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.');
  await terminal.screenshot('02-sign-in');
  await terminal.signIn('desk.jakarta@glow.example', PASSWORD);
  await expect(page.getByRole('heading', { name: /^Today/ })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync: Online' })).toBeVisible();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await terminal.screenshot('03-today');

  // The double booking the server marked: both shown, kept with a reason, gone from the list.
  await expect(page.getByRole('heading', { name: 'Needs attention (2)' })).toBeVisible();
  await expect(page.getByLabel('2 items need attention')).toBeVisible();
  await page.getByLabel('Reason to keep both').fill('Second room is free today');
  await page.getByRole('button', { name: 'Keep both' }).click();
  await expect(page.getByRole('heading', { name: 'Needs attention (0)' })).toBeVisible();
  await terminal.screenshot('04-inbox-settled');

  // Offline: the sync indicator says so, and staff still sign in against the synced hashes.
  await context.setOffline(true);
  await expect(page.getByRole('status', { name: 'Sync: Offline' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await terminal.signIn('owner@glow.example', PASSWORD);
  await expect(page.getByText('Olivia Owner · owner')).toBeVisible();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await terminal.screenshot('05-today-offline');
  await context.setOffline(false);
});
