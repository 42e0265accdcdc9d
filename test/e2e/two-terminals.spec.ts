import { expect, test, type Browser } from '@playwright/test';
import { PASSWORD, startWebStack } from './web-fixture';
import { TerminalPage } from './pages/terminal-page';
import { freeSlotToday, uniquePatients } from './slots';

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

function block(terminal: TerminalPage, clock: string, patient: string) {
  return terminal.page.getByRole('button', { name: new RegExp(`^${clock}–\\d\\d:\\d\\d ${patient},`) });
}

test('two terminals see each other live; an offline double booking shows on both and is settled from one desk', async ({
  browser,
}) => {
  const a = await openTerminal(browser, 'Desk A');
  const b = await openTerminal(browser, 'Desk B');
  const [first, second, third] = uniquePatients(stack.data, 3) as [string, string, string];

  // Live: what desk A books appears on desk B's board, and B's check-in appears on A's.
  const live = freeSlotToday(stack.data, stack.now + 30 * 60_000);
  await a.terminal.bookAtCell(live.staff.name, live.clock, first, live.treatment.id);
  await expect(a.terminal.dialog().getByRole('heading', { name: `${first} · ${live.clock}` })).toBeVisible();
  await a.terminal.page.keyboard.press('Escape');
  await expect(block(b.terminal, live.clock, first)).toBeVisible({ timeout: 10_000 });
  await block(b.terminal, live.clock, first).click();
  await b.terminal.dialog().getByRole('button', { name: 'Check in' }).click();
  await expect(b.terminal.dialog().getByText('Checked in', { exact: true })).toBeVisible();
  await b.terminal.page.keyboard.press('Escape');
  await expect(block(a.terminal, live.clock, first)).toHaveAccessibleName(/Checked in$/, { timeout: 10_000 });

  // Both go offline and book the same therapist at the same time for different patients.
  const clash = freeSlotToday(stack.data, stack.now + 30 * 60_000, live.staff.id);
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await expect(a.terminal.page.getByRole('status', { name: 'Sync: Offline' })).toBeVisible({ timeout: 20_000 });
  await expect(b.terminal.page.getByRole('status', { name: 'Sync: Offline' })).toBeVisible({ timeout: 20_000 });
  await a.terminal.bookAtCell(clash.staff.name, clash.clock, second, clash.treatment.id);
  await expect(a.terminal.dialog().getByRole('heading', { name: `${second} · ${clash.clock}` })).toBeVisible();
  await a.terminal.page.keyboard.press('Escape');
  await b.terminal.bookAtCell(clash.staff.name, clash.clock, third, clash.treatment.id);
  await expect(b.terminal.dialog().getByRole('heading', { name: `${third} · ${clash.clock}` })).toBeVisible();
  await b.terminal.page.keyboard.press('Escape');
  await expect(a.terminal.page.getByRole('status', { name: 'Sync: Offline' })).toContainText('1 change waiting');

  // Back online: the server finds the clash and both terminals show it, on the board and in the inbox.
  await a.context.setOffline(false);
  await b.context.setOffline(false);
  for (const t of [a.terminal, b.terminal]) {
    await expect(t.page.getByLabel('1 item needs attention')).toBeVisible({ timeout: 20_000 });
    await expect(block(t, clash.clock, second)).toHaveAccessibleName(/double-booked$/);
    await expect(block(t, clash.clock, third)).toHaveAccessibleName(/double-booked$/);
  }
  await a.terminal.screenshot('12-clash-on-board');
  await a.terminal.screen('Needs attention');
  await b.terminal.screen('Needs attention');
  await expect(b.terminal.page.getByRole('article', { name: /Double booking/ })).toContainText(second);
  await a.terminal.screenshot('13-clash-in-inbox');

  // Desk A cancels the booking desk B made; the clash leaves both inboxes and both boards.
  await a.terminal.page.getByRole('button', { name: `Cancel ${third}'s booking` }).click();
  for (const t of [a.terminal, b.terminal]) {
    await expect(t.page.getByRole('heading', { name: 'Needs attention (0)' })).toBeVisible({ timeout: 20_000 });
    await expect(t.page.getByLabel(/items? needs? attention/)).toHaveCount(0);
  }
  await b.terminal.screen('Day board');
  await expect(block(b.terminal, clash.clock, third)).toHaveCount(0);
  await expect(block(b.terminal, clash.clock, second)).not.toHaveAccessibleName(/double-booked$/);
  await b.terminal.screenshot('14-settled-on-other-terminal');

  // Offline, each desk registers a different person on one phone (a mother and her daughter). Back
  // online, both inboxes show the shared phone as one item; one desk keeps them all as a family.
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  for (const [t, name] of [
    [a.terminal, 'Sinta Wijaya'],
    [b.terminal, 'Nadia Wijaya'],
  ] as const) {
    await t.screen('Patients');
    await t.page.getByRole('button', { name: 'Register new patient' }).click();
    await t.page.getByLabel('Full name').fill(name);
    await t.page.getByLabel('Phone', { exact: true }).fill('0812 7777 6543');
    await t.page.getByRole('button', { name: 'Register patient' }).click();
    await expect(t.page.getByRole('region', { name: 'Patient record' })).toContainText(name);
  }
  await a.context.setOffline(false);
  await b.context.setOffline(false);
  for (const t of [a.terminal, b.terminal]) {
    await expect(t.page.getByLabel('1 item needs attention')).toBeVisible({ timeout: 20_000 });
    await t.screen('Needs attention');
    await expect(t.page.getByRole('article', { name: 'Shared phone +6281277776543' })).toContainText(
      'Same phone, 2 patients',
    );
  }
  await a.terminal.page.getByLabel('Why they share the phone').fill('Family: mother and daughter');
  await a.terminal.screenshot('23-shared-phone');
  await a.terminal.page.getByRole('button', { name: 'Keep them all' }).click();
  for (const t of [a.terminal, b.terminal]) {
    await expect(t.page.getByRole('heading', { name: 'Needs attention (0)' })).toBeVisible({ timeout: 20_000 });
    await expect(t.page.getByLabel(/items? needs? attention/)).toHaveCount(0);
  }
  await a.context.close();
  await b.context.close();
});
