import { expect, test, type Browser } from '@playwright/test';
import { freeSlots } from '../../shared/rules/availability';
import { localDateOf } from '../../shared/rules/time-zone';
import { clockAt } from '../../renderer/ui/format';
import type { Booking } from '../../shared/schemas/booking';
import { TerminalPage } from './pages/terminal-page';
import { uniquePatients } from './slots';
import { PASSWORD, startWebStack, ZONE } from './web-fixture';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack();
});
test.afterAll(async () => {
  await stack.stop();
});

function openTerminal(browser: Browser, name: string) {
  return TerminalPage.openDesk(browser, stack, PASSWORD, name);
}

test('a therapist completes their own treatment and no desk sees a refusal', async ({ browser }) => {
  const jakarta = stack.data.tenants[0]!.id;
  const today = localDateOf(stack.now, ZONE);
  const [patient] = uniquePatients(stack.data, 1) as [string];
  const patientId = stack.data.patients.find((p) => p.name === patient)!.id;
  // A therapist with a sign-in, and the first time today they and the patient are free for a treatment
  // the therapist gives.
  const found = stack.data.staff
    .filter((s) => s.tenantId === jakarta && s.userId)
    .flatMap((s) =>
      stack.data.treatments
        .filter((t) => t.tenantId === jakarta && t.isActive && t.assignedStaff.includes(s.id))
        .flatMap((t) =>
          freeSlots({
            date: today,
            timeZone: ZONE,
            treatment: t,
            staff: [s],
            bookings: stack.data.bookings.filter((b) => b.tenantId === jakarta),
            notBefore: stack.now + 30 * 60_000,
            patientId,
          }).map((slot) => ({ staff: s, treatment: t, slot })),
        ),
    )[0]!;
  const login = stack.data.users.find((u) => u.id === found.staff.userId)!;
  const clock = clockAt(found.slot.startAt, ZONE);

  // The desk books, checks in and starts the treatment (early, so it asks first).
  const desk = await openTerminal(browser, 'Front desk');
  await desk.terminal.bookAtCell(found.staff.name, clock, patient, found.treatment.id);
  const dialog = desk.terminal.dialog();
  // Early steps ask first; a yes goes ahead.
  const step = async (action: string, done: string) => {
    await dialog.getByRole('button', { name: action, exact: true }).click();
    const anyway = dialog.getByRole('button', { name: `${action} anyway` });
    await expect(anyway.or(dialog.getByText(done, { exact: true }))).toBeVisible();
    if (await anyway.isVisible()) await anyway.click();
    await expect(dialog.getByText(done, { exact: true })).toBeVisible();
  };
  await step('Check in', 'Checked in');
  await step('Start treatment', 'In treatment');
  await desk.terminal.page.keyboard.press('Escape');

  // The therapist, on the treatment room's terminal, completes it from their own day.
  const room = await openTerminal(browser, 'Treatment room');
  await room.terminal.page.getByRole('button', { name: 'Sign out' }).click();
  await room.terminal.signIn(login.email, PASSWORD);
  const block = room.terminal.page.getByRole('button', { name: new RegExp(`^${clock}–\\d\\d:\\d\\d ${patient},`) });
  await block.click({ timeout: 30_000 });
  await room.terminal.dialog().getByRole('button', { name: 'Complete' }).click();
  await expect(room.terminal.dialog().getByText('Completed', { exact: true })).toBeVisible();
  await room.terminal.page.keyboard.press('Escape');
  // Nothing a therapist may not do is on their screens: no walk-in form, no queue controls, no restore.
  await room.terminal.screen('Walk-ins');
  await expect(room.terminal.page.getByRole('heading', { name: 'Waiting now' })).toBeVisible();
  await expect(room.terminal.page.getByRole('heading', { name: 'Add a walk-in' })).toHaveCount(0);
  await expect(room.terminal.page.getByRole('button', { name: /^(Call|Give|Mark) / })).toHaveCount(0);
  await room.terminal.screen('Data');
  await expect(room.terminal.page.getByRole('button', { name: 'Restore backup' })).toHaveCount(0);
  await room.terminal.screen('Day board');

  // The server has it completed; both terminals are saved, with no refused change anywhere.
  await expect
    .poll(
      () =>
        (stack.serverDocs('bookings') as Booking[]).find(
          (b) => b.patientName === patient && b.startAt === found.slot.startAt,
        )?.status,
      { timeout: 20_000 },
    )
    .toBe('completed');
  for (const t of [desk.terminal, room.terminal]) {
    const indicator = t.page.getByRole('status', { name: 'Sync: Online' });
    await expect(indicator).toContainText('all saved', { timeout: 20_000 });
    await expect(indicator).not.toContainText('refused');
  }
  // The desk's board shows it completed too.
  await expect(
    desk.terminal.page.getByRole('button', { name: new RegExp(`^${clock}–\\d\\d:\\d\\d ${patient},.*Completed$`) }),
  ).toBeVisible({ timeout: 20_000 });
  await desk.context.close();
  await room.context.close();
});
