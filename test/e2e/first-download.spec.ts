import { expect, test } from '@playwright/test';
import { TerminalPage } from './pages/terminal-page';
import { PASSWORD, startWebStack } from './web-fixture';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  // Enough bookings that the branch comes in several answers.
  stack = await startWebStack({ bookings: 3_000 });
});
test.afterAll(async () => {
  await stack.stop();
});

test('a new terminal shows what it is downloading, how far it is and what is left, then "all saved"', async ({
  page,
  context,
}) => {
  await TerminalPage.atClinicTime(context, stack.now);
  // A slow line: every answer with bookings takes four seconds to arrive.
  await context.route('**/sync/bookings/pull', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await route.continue();
  });
  const terminal = new TerminalPage(page);
  await page.goto(stack.appUrl);
  await terminal.signedInAsDesk(stack.syncUrl, PASSWORD, 'Desk 1');
  const progress = page.getByRole('status', { name: 'Download progress' });
  await expect(progress).toContainText(/Downloading the clinic to this terminal: [\d,]+ of [\d,]+ records/, {
    timeout: 20_000,
  });
  await expect(progress).toContainText(/bookings 500 of [\d,]+/);
  await expect(progress).toContainText('you can work meanwhile');
  await expect(page.getByRole('status', { name: 'Sync: Online' })).toContainText(/downloading \d+%/);
  await terminal.screenshot('26-first-download');
  // Once everything is here the banner goes and the indicator says so.
  await expect(progress).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Sync: Online' })).toContainText('all saved');
});
