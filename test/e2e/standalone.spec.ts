import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { zonedToUtc } from '../../shared/rules/time-zone';
import { serveStatic } from '../../sync-server/static-site';
import { TerminalPage } from './pages/terminal-page';

// No sync server at all: just the built app. A Monday morning in Jakarta, when the owner works.
const MONDAY_MORNING = zonedToUtc('2026-11-23', 10 * 60 + 5, 'Asia/Jakarta');
let web: Awaited<ReturnType<typeof serveStatic>>;
test.beforeAll(async () => {
  web = await serveStatic(join(import.meta.dirname, '..', '..', 'dist', 'renderer'), '127.0.0.1', 0);
});
test.afterAll(async () => {
  await web.app.close();
});

test('starts a new clinic on this terminal alone, refusing a bad form first, and books in it', async ({
  page,
  context,
}) => {
  await TerminalPage.atClinicTime(context, MONDAY_MORNING);
  const terminal = new TerminalPage(page);
  await page.goto(web.url);
  await terminal.newClinic('Mars/Olympus', 'short');
  await expect(page.getByText('Time zone must be an IANA time zone like Asia/Jakarta')).toBeVisible();
  await expect(page.getByText('Password (8 characters or more) must be at least 8 characters')).toBeVisible();
  await terminal.screenshot('15-new-clinic-form');
  await page.getByLabel('Time zone').fill('Asia/Jakarta');
  await page.getByLabel('Password (8 characters or more)').fill('lotus-owner-1');
  await page.getByRole('button', { name: 'Create clinic' }).click();

  await terminal.signIn('mei@lotus.example', 'lotus-owner-1');
  await expect(page.getByRole('status', { name: 'Sync: standalone' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /Mei Tan/ })).toBeVisible();
  // Keyboard: N opens a new booking; Escape closes it; Alt+3 goes to patients.
  await page.keyboard.press('n');
  await expect(terminal.dialog().getByRole('heading', { name: 'New booking' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await page.getByRole('button', { name: 'Book Mei Tan at 13:00', exact: true }).click();
  await terminal.dialog().getByRole('button', { name: 'Register new patient' }).click();
  await terminal.dialog().getByLabel('Full name').fill('Ann Lee');
  await terminal.dialog().getByLabel('Phone', { exact: true }).fill('0811 2222 3333');
  await terminal.dialog().getByRole('button', { name: 'Register patient' }).click();
  await terminal.dialog().getByLabel('Treatment', { exact: true }).selectOption({ index: 1 });
  await terminal.dialog().getByRole('button', { name: 'Confirm booking' }).click();
  await expect(terminal.dialog().getByRole('heading', { name: 'Ann Lee · 13:00' })).toBeVisible();

  // The owner takes the payment, then gives part of it back with the reason; both stay on record.
  await terminal.dialog().getByRole('button', { name: 'Checkout' }).click();
  await terminal.dialog().getByRole('button', { name: 'Record payment' }).click();
  await expect(terminal.dialog().getByRole('status')).toContainText('recorded');
  await terminal.dialog().getByRole('button', { name: 'Refund…' }).click();
  await terminal
    .dialog()
    .getByLabel(/Refund amount/)
    .fill('100000');
  await terminal.dialog().getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(terminal.dialog().getByRole('alert')).toHaveText(
    'Say why the money is given back (at least 3 characters).',
  );
  await terminal.dialog().getByLabel('Reason for the refund').fill('Session cut short: power cut');
  await terminal.dialog().getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(terminal.dialog().getByRole('status')).toContainText('refunded by cash');
  const payments = terminal.dialog().getByRole('table', { name: 'Payments' });
  await expect(payments.getByRole('row')).toHaveCount(3);
  await expect(payments).toContainText('Refund by cash: Session cut short: power cut');
  // Money back is not a new debt: nothing is owed, and no second payment is asked for.
  await expect(terminal.dialog().getByRole('button', { name: 'Record payment' })).toHaveCount(0);
  await terminal.screenshot('20-refund');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^13:00–\d\d:\d\d Ann Lee,/ })).toBeVisible();
  // The day before and after, by keyboard.
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByRole('heading', { name: 'Tue 24 Nov 2026' })).toBeVisible();
  await page.keyboard.press('Alt+Home');
  await expect(page.getByRole('heading', { name: 'Mon 23 Nov 2026' })).toBeVisible();
});

test('loads the demo clinic and signs its front desk in', async ({ page, context }) => {
  await TerminalPage.atClinicTime(context, MONDAY_MORNING);
  const terminal = new TerminalPage(page);
  await page.goto(web.url);
  await page.getByRole('button', { name: /Try the demo clinic/ }).click();
  await expect(page.getByText('Demo clinic: sign in as')).toBeVisible({ timeout: 60_000 });
  await terminal.signIn('desk.jakarta@glow.example', 'demo-password');
  await expect(page.getByRole('button', { name: 'New booking' })).toBeVisible();
  await expect(page.locator('.block').first()).toBeVisible();
  await terminal.screenshot('16-demo-clinic');
});
