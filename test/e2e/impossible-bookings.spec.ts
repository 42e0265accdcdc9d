import { expect, test } from '@playwright/test';
import { addDays, localDateOf, zonedToUtc } from '../../shared/rules/time-zone';
import { TerminalPage } from './pages/terminal-page';
import { freeSlotToday, uniquePatients } from './slots';
import { PASSWORD, startWebStack, ZONE } from './web-fixture';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack();
});
test.afterAll(async () => {
  await stack.stop();
});

test('refuses bookings that cannot happen, each with its sentence, and never offers an unqualified person', async ({
  page,
  context,
}) => {
  await TerminalPage.atClinicTime(context, stack.now);
  const terminal = new TerminalPage(page);
  await page.goto(stack.appUrl);
  await terminal.signedInAsDesk(stack.syncUrl, PASSWORD, 'Desk 1');
  // The legend's swatches are the colours of the blocks they name.
  const colour = (selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => getComputedStyle(el).borderLeftColor);
  expect(await colour('.legend .swatch.status-confirmed')).toBe(await colour('.block.status-confirmed'));
  expect(await colour('.legend .swatch.status-pending')).not.toBe(await colour('.legend .swatch.status-confirmed'));
  const [patient] = uniquePatients(stack.data, 1) as [string];
  const slot = freeSlotToday(stack.data, stack.now + 30 * 60_000);
  const dialog = terminal.dialog();

  await page.getByRole('button', { name: `Book ${slot.staff.name} at ${slot.clock}`, exact: true }).click();
  await terminal.choosePatient(patient);
  await dialog.getByLabel('Treatment', { exact: true }).selectOption(slot.treatment.id);
  const attempt = async (date: string, time: string, sentence: string | RegExp) => {
    await dialog.getByLabel('Date').fill(date);
    await dialog.getByLabel('Start time').fill(time);
    await dialog.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(dialog.getByRole('alert')).toContainText(sentence);
    await expect(dialog.getByRole('heading', { name: 'New booking' })).toBeVisible();
  };
  const today = localDateOf(stack.now, ZONE);
  // 03:00 today is gone; 23:30 is after everyone's day; 1 January 2020 is before the branch existed.
  await attempt(today, '03:00', 'That time has already passed. Choose a time from now on.');
  await attempt(
    addDays(today, 1),
    '23:30',
    new RegExp(
      `^${slot.staff.name} (works [\\d:–]+( and [\\d:–]+)* that day|is not working that day), so this booking falls outside their hours`,
    ),
  );
  await terminal.screenshot('21-outside-hours');
  await attempt('2020-01-01', '10:00', 'That date is before this branch was opened in Clinic Desk. Check the year.');
  await attempt(addDays(today, 3 * 366), '10:00', 'That date is more than two years ahead. Check the year.');

  // A treatment the chosen person does not give: the choice falls back to "Anyone qualified", and every
  // free time offered is with someone who gives it.
  const jakarta = stack.data.tenants[0]!.id;
  const other = stack.data.treatments.find(
    (t) =>
      t.tenantId === jakarta && t.isActive && t.assignedStaff.length > 0 && !t.assignedStaff.includes(slot.staff.id),
  )!;
  await dialog.getByLabel('Date').fill(today);
  await dialog.getByLabel('Treatment', { exact: true }).selectOption(other.id);
  await expect(dialog.getByLabel('Staff', { exact: true })).toHaveValue('');
  const givers = stack.data.staff.filter((s) => other.assignedStaff.includes(s.id)).map((s) => s.name);
  const offered = dialog.getByRole('button', { name: /^\d\d:\d\d with / });
  await expect(offered.first()).toBeVisible();
  for (const name of await offered.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '')))
    expect(givers.some((g) => name.endsWith(`with ${g}`))).toBe(true);
  await dialog.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choose a staff member, or pick a free time below.');

  // And a time that can happen is booked, tomorrow: checking in today asks first.
  await dialog.getByLabel('Treatment', { exact: true }).selectOption(slot.treatment.id);
  await dialog.getByLabel('Date').fill(addDays(today, 1));
  const first = dialog.getByRole('button', { name: /^\d\d:\d\d with / }).first();
  const clock = ((await first.getAttribute('aria-label')) ?? '').slice(0, 5);
  await first.click();
  await dialog.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(dialog.getByRole('heading', { name: `${patient} · ${clock}` })).toBeVisible();
  await dialog.getByRole('button', { name: 'Check in', exact: true }).click();
  const question = dialog.getByRole('group', { name: 'Please confirm' });
  await expect(question).toContainText(
    new RegExp(`${patient} is booked for ${clock}, .* from now\\. Check in this early\\?`),
  );
  await terminal.screenshot('22-early-check-in');
  await question.getByRole('button', { name: 'No' }).click();
  await expect(dialog.getByText('Confirmed', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Check in', exact: true }).click();
  await dialog.getByRole('button', { name: 'Check in anyway' }).click();
  await expect(dialog.getByText('Checked in', { exact: true })).toBeVisible();

  // A visit that happened earlier today, written on paper, is entered afterwards with the reason.
  await page.keyboard.press('Escape');
  const past = freeSlotToday(stack.data, zonedToUtc(today, 0, ZONE));
  expect(past.startAt).toBeLessThan(stack.now - 15 * 60_000);
  await page.getByRole('button', { name: 'New booking' }).click();
  await terminal.choosePatient(patient);
  await dialog.getByLabel('Treatment', { exact: true }).selectOption(past.treatment.id);
  await dialog.getByLabel('Staff', { exact: true }).selectOption(past.staff.id);
  await dialog.getByLabel('Date').fill(today);
  await dialog.getByLabel('Start time').fill(past.clock);
  await dialog.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(dialog.getByRole('alert')).toContainText('To enter a visit that has already happened, say why');
  await dialog.getByLabel('Why this past visit is entered now').fill('Written on paper during the power cut');
  await dialog.getByRole('button', { name: 'Book anyway' }).click();
  await expect(dialog.getByRole('heading', { name: `${patient} · ${past.clock}` })).toBeVisible();
  await expect(dialog.getByText('because: Written on paper during the power cut')).toBeVisible();
});
