import { expect, test, type Browser, type Page } from '@playwright/test';
import { formatAmount, formatMoney } from '../../shared/rules/money';
import { RECEIPT_PATTERN } from '../../shared/rules/receipt';
import { localDateOf } from '../../shared/rules/time-zone';
import type { Booking } from '../../shared/schemas/booking';
import { clockAt } from '../../renderer/ui/format';
import { TerminalPage } from './pages/terminal-page';
import { pdfText } from './pdf-text';
import { freeSlotToday, uniquePatients } from './slots';
import { PASSWORD, startWebStack, ZONE } from './web-fixture';

let stack: Awaited<ReturnType<typeof startWebStack>>;
test.beforeAll(async () => {
  stack = await startWebStack();
});
test.afterAll(async () => {
  await stack.stop();
});

/** Rupiah as an Indonesian desk writes it: Rp 1.500.000. */
const rp = (minor: number) => formatMoney(minor, 'IDR', 'id-ID');

function openTerminal(browser: Browser, name: string) {
  return TerminalPage.openDesk(browser, stack, PASSWORD, name);
}

/** Keeps the HTML of whatever the page hands to the print dialog next. */
async function catchPrinted(page: Page): Promise<() => Promise<string>> {
  await page.evaluate(() => {
    const w = window as unknown as { printed?: string };
    delete w.printed;
    new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes) if (node instanceof HTMLIFrameElement) w.printed = node.srcdoc;
    }).observe(document.body, { childList: true });
  });
  return async () => {
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: string }).printed)).toBeTruthy();
    return page.evaluate(() => (window as unknown as { printed: string }).printed);
  };
}

function serverBooking(patient: string, startAt: number): Booking | undefined {
  return (stack.serverDocs('bookings') as Booking[]).find((b) => b.patientName === patient && b.startAt === startAt);
}

test('an Indonesian desk takes 1.500.000 in cash with change, and prints a numbered receipt checked as PDF', async ({
  browser,
}) => {
  const { context, terminal } = await openTerminal(browser, 'Front desk');
  const { page } = terminal;
  const [patient] = uniquePatients(stack.data, 1) as [string];
  const slot = freeSlotToday(stack.data, stack.now + 30 * 60_000);
  const price = slot.treatment.price;
  expect(price).toBeLessThan(1_500_000_00);
  await terminal.bookAtCell(slot.staff.name, slot.clock, patient, slot.treatment.id);
  await terminal.dialog().getByRole('button', { name: 'Checkout' }).click();
  const dialog = terminal.dialog();
  await expect(dialog.getByRole('heading', { name: `Checkout · ${patient}` })).toBeVisible();
  // The amount owed is offered the Indonesian way, and prices read in rupiah.
  const amount = dialog.getByLabel('Amount (IDR)');
  await expect(amount).toHaveValue(formatAmount(price, 'IDR', 'id-ID'));
  await expect(
    dialog
      .locator('dd')
      .filter({ hasText: rp(price) })
      .first(),
  ).toBeVisible();

  // A US-style amount is refused with the way to type it, and nothing is recorded.
  await amount.fill('150,000');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Amount must be a number such as 1.500.000 or 150.000,50: here "," comes before decimals.',
  );
  await expect(dialog.getByRole('table', { name: 'Payments' })).toHaveCount(0);

  // One and a half million in cash: the change is shown before and after recording.
  await amount.fill('1.500.000');
  await expect(dialog.getByText(`Change to give: ${rp(1_500_000_00 - price)}`)).toBeVisible();
  await terminal.screenshot('24-checkout-change');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    `${rp(1_500_000_00)} cash received for ${rp(price)}. Give ${rp(1_500_000_00 - price)} change.`,
  );
  const row = dialog.getByRole('table', { name: 'Payments' }).locator('tbody tr');
  await expect(row).toHaveCount(1);
  const receiptNo = (await row.locator('td').nth(1).innerText()).trim();
  expect(receiptNo).toMatch(RECEIPT_PATTERN);
  await expect(row).toContainText(`received ${rp(1_500_000_00)}, change ${rp(1_500_000_00 - price)}`);

  // The server holds the payment as recorded: the price paid, the cash handed over, the number.
  await expect
    .poll(() => serverBooking(patient, slot.startAt)?.payments, { timeout: 20_000 })
    .toEqual([expect.objectContaining({ method: 'cash', amount: price, tendered: 1_500_000_00, receiptNo })]);

  // The receipt, printed to PDF: the branch's name, address and tax ID, its number, the cashier, the
  // tax inside the price, the change, and what is still owed last.
  const printed = await catchPrinted(page);
  await dialog.getByRole('button', { name: 'Print receipt' }).click();
  const html = await printed();
  const sheet = await context.newPage();
  await sheet.setContent(html);
  await sheet.screenshot({ path: 'test-results/screens/25-receipt.png' });
  const text = await pdfText(await sheet.pdf({ format: 'A5' }));
  const jakarta = stack.data.tenants[0]!;
  for (const expected of [
    jakarta.name,
    jakarta.receipt!.address!,
    `Tax ID ${jakarta.receipt!.taxId!}`,
    `Receipt ${receiptNo}`,
    'Cashier: Rina Desk',
    `${slot.treatment.name} with ${slot.staff.name}`,
    'Includes PPN 11%',
    'Cash received',
    rp(1_500_000_00),
    'Change given',
    rp(1_500_000_00 - price),
    jakarta.receipt!.footer!,
  ])
    expect(text.replace(/\s+/g, ' ')).toContain(expected.replace(/\s+/g, ' '));
  const order = ['Total', 'Includes PPN', 'Paid by cash', 'Change given', 'Still owed'].map((l) => text.indexOf(l));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(order.every((i) => i >= 0)).toBe(true);
  await context.close();
});

test('two terminals offline at the same time never print the same receipt number', async ({ browser }) => {
  const a = await openTerminal(browser, 'Desk A');
  const b = await openTerminal(browser, 'Desk B');
  // Two of today's unpaid bookings, one paid at each desk.
  const jakarta = stack.data.tenants[0]!.id;
  const today = localDateOf(stack.now, ZONE);
  const names = stack.data.patients.map((p) => p.name);
  const [one, other] = stack.data.bookings.filter(
    (bk) =>
      bk.tenantId === jakarta &&
      bk.paymentStatus === 'unpaid' &&
      ['confirmed', 'pending'].includes(bk.status) &&
      localDateOf(bk.startAt, ZONE) === today &&
      names.filter((n) => n === bk.patientName).length === 1,
  ) as [Booking, Booking];
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  const numbers: string[] = [];
  for (const [t, booking] of [
    [a.terminal, one],
    [b.terminal, other],
  ] as const) {
    await expect(t.page.getByRole('status', { name: 'Sync: Offline' })).toBeVisible({ timeout: 20_000 });
    await t.page
      .getByRole('button', {
        name: new RegExp(`^${clockAt(booking.startAt, ZONE)}–\\d\\d:\\d\\d ${booking.patientName},`),
      })
      .click();
    await t.dialog().getByRole('button', { name: 'Checkout' }).click();
    await t.dialog().getByRole('button', { name: 'Record payment' }).click();
    const row = t.dialog().getByRole('table', { name: 'Payments' }).locator('tbody tr');
    await expect(row).toHaveCount(1);
    numbers.push((await row.locator('td').nth(1).innerText()).trim());
    await t.dialog().getByRole('button', { name: 'Done' }).click();
  }
  expect(numbers[0]).toMatch(RECEIPT_PATTERN);
  expect(numbers[1]).toMatch(RECEIPT_PATTERN);
  expect(numbers[0]).not.toBe(numbers[1]);
  await a.context.setOffline(false);
  await b.context.setOffline(false);
  // Both reach the server, which holds every receipt number once.
  const held = () =>
    (stack.serverDocs('bookings') as Booking[]).flatMap((bk) =>
      bk.payments.flatMap((p) => (p.receiptNo ? [p.receiptNo] : [])),
    );
  await expect.poll(held, { timeout: 20_000 }).toEqual(expect.arrayContaining(numbers));
  expect(new Set(held()).size).toBe(held().length);
  await a.context.close();
  await b.context.close();
});
