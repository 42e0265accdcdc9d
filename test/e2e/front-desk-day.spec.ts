import { expect, test } from '@playwright/test';
import { PASSWORD, startWebStack } from './web-fixture';
import { TerminalPage } from './pages/terminal-page';
import { twoStaffFree, walkInTreatmentFreeNow } from './slots';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack();
});
test.afterAll(async () => {
  await stack.stop();
});

test('a front-desk day: register, book, check in, treat, take a split payment, and serve a walk-in', async ({
  page,
  context,
}) => {
  await TerminalPage.atClinicTime(context, stack.now);
  const desk = new TerminalPage(page);
  /** The payment state shown beside what is still owed, in words. */
  const paymentTag = (words: string) =>
    desk
      .dialog()
      .locator('.tag')
      .filter({ hasText: new RegExp(`^${words}$`) });
  await page.goto(stack.appUrl);
  await desk.signedInAsDesk(stack.syncUrl, PASSWORD, 'Front desk');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/\d{4}$/);
  await desk.screenshot('03-day-board');

  // Register a new patient; typing a phone already in use warns and offers that record instead.
  await desk.screen('Patients');
  await page.getByRole('button', { name: 'Register new patient' }).click();
  await page.getByLabel('Full name').fill('Maya Putri');
  await page.getByLabel('Phone', { exact: true }).fill('0812-7777-0001');
  await page.getByLabel('Allergies (optional)').fill('Latex');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: 'Maya Putri' })).toBeVisible();
  await expect(page.getByText('+6281277770001')).toBeVisible();
  await page.getByRole('button', { name: 'Register new patient' }).click();
  await page.getByLabel('Full name').fill('Maya P.');
  await page.getByLabel('Phone', { exact: true }).fill('+62 812 7777 0001');
  await page.getByLabel('Phone', { exact: true }).blur();
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByText('This phone number is already registered')).toBeVisible();
  await page.getByRole('button', { name: 'Use Maya Putri' }).click();
  await expect(page.getByRole('heading', { name: 'Maya Putri' })).toBeVisible();
  await desk.screenshot('06-patients');

  // Book her on the board: click a free cell, find her, pick the treatment; allergies show up front.
  const slot = twoStaffFree(stack.data, stack.now + 30 * 60_000);
  await desk.screen('Day board');
  await page.getByRole('button', { name: `Book ${slot.first} at ${slot.clock}`, exact: true }).click();
  await desk.choosePatient('Maya Putri');
  await expect(desk.dialog().getByRole('note').filter({ hasText: 'Latex' })).toBeVisible();
  await desk.dialog().getByLabel('Treatment', { exact: true }).selectOption(slot.treatment.id);
  await expect(desk.dialog().getByRole('group', { name: /Free times/ })).toBeVisible();
  await desk.screenshot('04-new-booking');
  await desk.dialog().getByRole('button', { name: 'Confirm booking' }).click();

  // Her booking opens. She asks for the other therapist: reassign, then check in, start, complete.
  await expect(desk.dialog().getByRole('heading', { name: `Maya Putri · ${slot.clock}` })).toBeVisible();
  const move = desk.dialog().getByRole('form', { name: 'Move or reassign' });
  await move.getByLabel('Staff').selectOption({ label: slot.second });
  await move.getByRole('button', { name: 'Save change' }).click();
  await expect(move.getByText('Saved.')).toBeVisible();
  await expect(desk.dialog().locator('dd').filter({ hasText: slot.second })).toBeVisible();
  await desk.dialog().getByRole('button', { name: 'Check in' }).click();
  await expect(desk.dialog().getByText('Checked in', { exact: true })).toBeVisible();
  await desk.screenshot('05-booking-details');
  // She is early and her therapist is free: starting before the booked time asks first.
  await desk.dialog().getByRole('button', { name: 'Start treatment' }).click();
  await expect(desk.dialog().getByRole('group', { name: 'Please confirm' })).toContainText(
    `The treatment is booked for ${slot.clock}. Start it now`,
  );
  await desk.dialog().getByRole('button', { name: 'Start treatment anyway' }).click();
  await desk.dialog().getByRole('button', { name: 'Complete' }).click();
  await expect(desk.dialog().getByText('Completed', { exact: true })).toBeVisible();

  // Checkout: a deposit in cash (double-clicked: recorded once), then the rest by card; the receipt prints.
  await desk.dialog().getByRole('button', { name: 'Checkout' }).click();
  await desk
    .dialog()
    .getByLabel(/Amount/)
    .fill('100000');
  await desk.dialog().getByRole('button', { name: 'Record payment' }).dblclick();
  await expect(desk.dialog().getByRole('status')).toContainText('recorded');
  await expect(desk.dialog().getByRole('table', { name: 'Payments' }).locator('tbody tr')).toHaveCount(1);
  await expect(paymentTag('Deposit paid')).toBeVisible();
  await desk.dialog().getByLabel('Method').selectOption('card');
  await desk.dialog().getByRole('button', { name: 'Record payment' }).click();
  await expect(paymentTag('Paid')).toBeVisible();
  await expect(desk.dialog().getByRole('table', { name: 'Payments' }).locator('tbody tr')).toHaveCount(2);
  await desk.screenshot('08-checkout');
  await desk.dialog().getByRole('button', { name: 'Print receipt' }).click();
  await expect(desk.dialog().getByRole('status')).toContainText('print dialog');
  await desk.dialog().getByRole('button', { name: 'Done' }).click();

  // The board shows the visit as completed.
  await expect(page.getByRole('button', { name: new RegExp(`Maya Putri, .*, Completed`) })).toBeVisible();

  // A walk-in in a few keystrokes: a ticket, a therapist and an expected time; then served and paid.
  await desk.screen('Walk-ins');
  await page.getByLabel('Phone', { exact: true }).fill('0813 4444 2222');
  await page.getByLabel('Name', { exact: true }).fill('Dewi Lestari');
  await page.getByLabel('Treatment', { exact: true }).selectOption(walkInTreatmentFreeNow(stack.data, stack.now).id);
  await page.getByRole('button', { name: 'Add walk-in' }).click();
  const ticketCard = page.getByRole('status', { name: 'New walk-in ticket' });
  await expect(ticketCard).toContainText(/[A-Z]{1,2}-\d{3}/);
  const ticket = (await ticketCard.locator('.ticket').innerText()).trim();
  await expect(ticketCard).toContainText('Expected at');
  await desk.screenshot('10-walk-ins');
  const row = page.getByRole('table', { name: 'Walk-in queue' }).getByRole('row', { name: new RegExp(ticket) });
  await expect(row).toContainText('Dewi Lestari');
  await row.getByRole('button', { name: `Call ${ticket}` }).click();
  await expect(page.getByText(`Calling ${ticket}`)).toBeVisible();
  await row.getByRole('button', { name: `Start ${ticket}` }).click();
  await expect(page.getByRole('row', { name: /Dewi Lestari/ }).getByRole('button', { name: /Complete/ })).toBeVisible();
  await page.getByRole('button', { name: "Complete Dewi Lestari's treatment" }).click();
  await expect(desk.dialog().getByRole('heading', { name: 'Checkout · Dewi Lestari' })).toBeVisible();
  await desk.dialog().getByRole('button', { name: 'Record payment' }).click();
  await expect(paymentTag('Paid')).toBeVisible();
  await desk.dialog().getByRole('button', { name: 'Done' }).click();
  // Served and paid: her ticket no longer shows a wait.
  await expect(ticketCard).toContainText('no longer waiting');
  await expect(ticketCard).not.toContainText('Expected at');

  // Her profile now lists the visit; the data screen prints the day sheet.
  await desk.screen('Patients');
  await page.getByLabel('Search by name or phone').fill('0813 4444');
  await page
    .getByRole('list', { name: 'Patients found' })
    .getByRole('button', { name: /Dewi Lestari/ })
    .click();
  await expect(page.getByRole('table', { name: 'Visit history' })).toContainText('Completed');
  await desk.screen('Data');
  await expect(page.getByRole('button', { name: /Print day sheet/ })).toBeVisible();
  await desk.screenshot('11-data');
});
