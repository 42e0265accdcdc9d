import { expect, test } from '@playwright/test';
import { workingWindows } from '../../shared/rules/availability';
import { localDateOf } from '../../shared/rules/time-zone';
import { PASSWORD, startWebStack } from './web-fixture';
import { TerminalPage } from './pages/terminal-page';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack({ withClash: true });
});
test.afterAll(async () => {
  await stack.stop();
});

test('sets up a terminal, signs in, settles a double booking, locks, and keeps working offline', async ({
  page,
  context,
}) => {
  await TerminalPage.atClinicTime(context, stack.now);
  const terminal = new TerminalPage(page);
  await page.goto(stack.appUrl);
  await expect(page.getByRole('button', { name: /Start a new clinic on this terminal/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /Try the demo clinic/ })).toBeVisible();
  await terminal.screenshot('01-first-run');
  await terminal.setUp(
    stack.syncUrl,
    'owner@glow.example',
    PASSWORD,
    ['Glow Clinic Jakarta', 'Glow Clinic Bali'],
    'Desk 1',
  );
  await terminal.signIn('desk.jakarta@glow.example', 'wrong password');
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.');
  await terminal.screenshot('02-sign-in');
  // Typing again clears the error; someone who works in Bali only gets Bali chosen for them.
  await page.getByLabel('Email').fill('desk.bali@glow.example');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByLabel('Branch')).toHaveValue(stack.data.tenants[1]!.id);
  await page.getByLabel('Email').fill('desk.jakarta@glow.example');
  await expect(page.getByLabel('Branch')).toHaveValue(stack.data.tenants[0]!.id);

  // The owner works in both branches: the top bar switches between them.
  await terminal.signIn('owner@glow.example', PASSWORD);
  // Signing in seals a new key for this terminal (about a second): wait for the desk itself.
  await expect(page.getByRole('button', { name: 'New booking' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Sync: Online' })).toBeVisible();
  const branch = page.getByRole('combobox', { name: 'Branch' });
  await expect(branch).toHaveValue(stack.data.tenants[0]!.id);
  await branch.selectOption({ label: 'Glow Clinic Bali' });
  await expect(branch).toHaveValue(stack.data.tenants[1]!.id);
  const bali = stack.data.staff.filter((s) => s.tenantId === stack.data.tenants[1]!.id).map((s) => s.name);
  await expect(page.getByRole('columnheader').first()).toContainText(new RegExp(bali.join('|')), { timeout: 20_000 });
  await branch.selectOption({ label: 'Glow Clinic Jakarta' });
  await expect(page.getByLabel('1 item needs attention')).toBeVisible({ timeout: 20_000 });

  // The double booking the server marked: the badge counts it; both shown; kept with a reason.
  await terminal.screen('Needs attention');
  await expect(page.getByRole('heading', { name: 'Needs attention (1)' })).toBeVisible();
  await terminal.screenshot('07-needs-attention');
  await page.getByLabel('Reason to keep both').fill('Second room is free today');
  await page.getByRole('button', { name: 'Keep both' }).click();
  await expect(page.getByRole('heading', { name: 'Needs attention (0)' })).toBeVisible();
  await expect(page.getByLabel(/items? needs? attention/)).toHaveCount(0);

  // Five idle minutes lock the terminal by itself; the lock button does it at once.
  await page.clock.fastForward(5 * 60_000 + 1_000);
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('owner@glow.example');
  await terminal.screenshot('09-locked');
  await terminal.signIn('owner@glow.example', PASSWORD);
  await expect(page.getByRole('heading', { name: 'Needs attention (0)' })).toBeVisible();
  await page.getByRole('button', { name: 'Lock the terminal' }).click();
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();

  // A person signs in online once on a terminal before it lets them in offline.
  const today = localDateOf(stack.now, 'Asia/Jakarta');
  const therapist = stack.data.staff.find(
    (s) => s.tenantId === stack.data.tenants[0]!.id && s.userId && workingWindows(s, today, 'Asia/Jakarta').length > 0,
  )!;
  const login = stack.data.users.find((u) => u.id === therapist.userId)!;
  for (const email of ['desk.jakarta@glow.example', login.email]) {
    await terminal.signIn(email, PASSWORD);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Sign out' }).click();
  }

  // Offline: the indicator says so; those who signed in here before still can, others are told why not.
  await context.setOffline(true);
  await expect(page.getByRole('status', { name: 'Sync: Offline' })).toBeVisible({ timeout: 20_000 });
  await terminal.signIn('admin.jakarta@glow.example', PASSWORD);
  await expect(page.getByRole('alert')).toContainText('has not signed in on this terminal while it was online');
  await terminal.screenshot('10-offline-first-time');
  await terminal.signIn('desk.jakarta@glow.example', PASSWORD);
  await expect(page.getByText('Rina Desk')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.block').first()).toBeVisible();

  // A therapist on duty today sees their own day only, and cannot book.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await terminal.signIn(login.email, PASSWORD);
  await expect(page.getByRole('columnheader')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByRole('columnheader')).toContainText(therapist.name);
  await expect(page.getByRole('button', { name: 'New booking' })).toHaveCount(0);
  await terminal.screenshot('17-therapist-day');

  await context.setOffline(false);
  await expect(page.getByRole('status', { name: 'Sync: Online' })).toContainText('all saved', { timeout: 20_000 });

  // The owner removes this terminal on the server: the screen says who did it, and when, at once.
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${stack.syncUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const owner = (await call('/auth/session', { email: 'owner@glow.example', password: PASSWORD })) as {
    session: { token: string };
  };
  const { devices } = (await call('/admin/devices/list', {}, owner.session.token)) as {
    devices: { id: string; name: string }[];
  };
  const desk = devices.find((d) => d.name === 'Desk 1')!;
  await call('/admin/devices/revoke', { deviceId: desk.id }, owner.session.token);
  const removed = page.getByRole('alert', { name: 'Terminal removed' });
  await expect(removed).toContainText(/This terminal was removed from Glow Group by Olivia Owner on \d+ \w+ \d{4}/, {
    timeout: 5_000,
  });
  await terminal.screenshot('18-terminal-removed');
});
