import { expect, test } from '@playwright/test';
import { TerminalPage } from './pages/terminal-page';
import { freeSlots } from '../../shared/rules/availability';
import { localDateOf } from '../../shared/rules/time-zone';
import { clockAt } from '../../renderer/ui/format';
import { uniquePatients } from './slots';
import { PASSWORD, startWebStack, ZONE } from './web-fixture';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack();
});
test.afterAll(async () => {
  await stack.stop();
});

test('a surname finds the patient, and a click right after typing opens the patient now searched for', async ({
  page,
  context,
}) => {
  await TerminalPage.atClinicTime(context, stack.now);
  const terminal = new TerminalPage(page);
  await page.goto(stack.appUrl);
  await terminal.signedInAsDesk(stack.syncUrl, PASSWORD, 'Desk 1');
  const jakarta = stack.data.patients.filter((p) => p.tenantId === stack.data.tenants[0]!.id);
  // Someone whose surname is nobody's first name, and whose full name is theirs alone.
  const target = jakarta.find((p) => {
    const [, surname] = p.name.split(' ');
    return (
      surname !== undefined &&
      jakarta.filter((o) => o.name === p.name).length === 1 &&
      !jakarta.some((o) => o.name.startsWith(surname))
    );
  })!;
  const surname = target.name.split(' ')[1]!;
  await terminal.screen('Patients');
  const search = page.getByLabel('Search by name or phone');
  const results = page.getByRole('list', { name: 'Patients found' });
  await search.fill(surname);
  await expect(results.getByRole('button', { name: new RegExp(`^${target.name}`) })).toBeVisible();
  await terminal.screenshot('27-surname-search');

  // Someone else, typed fast and clicked at once: the record opened is theirs, never the earlier result.
  const other = jakarta.find(
    (p) => !p.name.includes(surname) && jakarta.filter((o) => o.name === p.name).length === 1,
  )!;
  await search.fill(other.name);
  await results.getByRole('button').first().click();
  await expect(page.getByRole('region', { name: 'Patient record' })).toContainText(other.name);
  await expect(page.getByRole('region', { name: 'Patient record' })).not.toContainText(target.name);

  // A second person of the same name registers: wherever one is chosen, the two are told apart by phone
  // and date of birth.
  await page.getByRole('button', { name: 'Register new patient' }).click();
  await page.getByLabel('Full name').fill(other.name);
  await page.getByLabel('Phone', { exact: true }).fill('0812 5555 0101');
  await page.getByLabel('Date of birth (optional)').fill('1991-04-05');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('region', { name: 'Patient record' })).toContainText('Born 5 Apr 1991');
  await terminal.screen('Day board');
  await page.getByRole('button', { name: 'New booking' }).click();
  await terminal.dialog().getByRole('searchbox', { name: 'Patient' }).fill(other.name);
  const choices = terminal.dialog().getByRole('list', { name: 'Matching patients' }).getByRole('button');
  await expect(choices).toHaveCount(2);
  const labels = await choices.allInnerTexts();
  expect(new Set(labels).size).toBe(2);
  for (const label of labels) expect(label).toMatch(/\+\d+ · born \d{1,2} \w{3} \d{4}/);
  await terminal.screenshot('28-same-name-picker');
  await page.keyboard.press('Escape');

  // The network goes: the indicator says so within a second, and no longer says anything is saved.
  await context.setOffline(true);
  const offline = page.getByRole('status', { name: 'Sync: Offline' });
  await expect(offline).toBeVisible({ timeout: 1_000 });
  await expect(offline).not.toContainText('saved');
  await context.setOffline(false);
  await expect(page.getByRole('status', { name: 'Sync: Online' })).toContainText('all saved', { timeout: 20_000 });
});

test('a booking made below the fold is brought into view on the board and flashed', async ({ page, context }) => {
  await TerminalPage.atClinicTime(context, stack.now);
  const terminal = new TerminalPage(page);
  await page.goto(stack.appUrl);
  await terminal.signedInAsDesk(stack.syncUrl, PASSWORD, 'Desk 2');
  // The latest free time today: low on the board, below the fold at 1366×768.
  const [patient] = uniquePatients(stack.data, 4).slice(3) as [string];
  const jakarta = stack.data.tenants[0]!.id;
  const late = stack.data.treatments
    .filter((t) => t.tenantId === jakarta && t.isActive)
    .flatMap((treatment) =>
      freeSlots({
        date: localDateOf(stack.now, ZONE),
        timeZone: ZONE,
        treatment,
        staff: stack.data.staff.filter((x) => x.tenantId === jakarta),
        bookings: stack.data.bookings.filter((b) => b.tenantId === jakarta),
        notBefore: stack.now + 30 * 60_000,
        patientId: stack.data.patients.find((x) => x.name === patient)!.id,
      }).map((slot) => ({
        treatment,
        staff: stack.data.staff.find((x) => x.id === slot.staffId)!,
        startAt: slot.startAt,
        clock: clockAt(slot.startAt, ZONE),
      })),
    )
    .sort((a, b) => b.startAt - a.startAt)[0]!;
  expect(late.startAt - stack.now).toBeGreaterThan(5 * 60 * 60_000);
  const block = page.getByRole('button', { name: new RegExp(`^${late.clock}–\\d\\d:\\d\\d ${patient},`) });
  await page.getByRole('button', { name: 'New booking' }).click();
  await terminal.choosePatient(patient);
  await terminal.dialog().getByLabel('Treatment', { exact: true }).selectOption(late.treatment.id);
  await terminal.dialog().getByLabel('Staff', { exact: true }).selectOption(late.staff.id);
  await terminal.dialog().getByLabel('Start time').fill(late.clock);
  await terminal.dialog().getByRole('button', { name: 'Confirm booking' }).click();
  await expect(terminal.dialog().getByRole('heading', { name: `${patient} · ${late.clock}` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(block).toBeInViewport();
  await expect(block).toHaveClass(/flash/);
  await terminal.screenshot('29-new-booking-in-view');
  await expect(block).not.toHaveClass(/flash/, { timeout: 5_000 });
});
