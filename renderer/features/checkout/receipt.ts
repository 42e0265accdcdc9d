import { currencyDigits, paidTotal, refundedTotal } from '../../../shared/rules/money';
import { includedTax, rateText } from '../../../shared/rules/receipt';
import { localDateOf } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { Tenant } from '../../../shared/schemas/tenant';
import type { ReceiptLine, ReceiptView } from '../../platform/print';
import { clockAt, dateLabel, METHOD_LABEL, money } from '../../ui/format';

/** The tax inside a price, to the whole unit when the price is whole (Rp 34.685, not Rp 34.684,68). */
function taxInWholeUnits(price: number, rate: number, currency: string): number {
  const scale = 10 ** currencyDigits(currency);
  const tax = includedTax(price, rate);
  return price % scale === 0 ? Math.round(tax / scale) * scale : tax;
}

/**
 * What a booking's receipt says, in the branch's currency and locale. Prices include tax: where the
 * branch sets a rate, the tax inside the total is shown on its own line.
 */
export function receiptView(
  booking: Booking,
  branch: Tenant,
  names: { treatment: string; staff: string; cashier: string },
  now: number,
): ReceiptView {
  const zone = branch.timeZone;
  const paid = paidTotal(booking.payments);
  const refunded = refundedTotal(booking.payments);
  const owed = Math.max(0, booking.price - paid);
  const settings = branch.receipt ?? {};
  const when = (ms: number) => `${dateLabel(localDateOf(ms, zone))} ${clockAt(ms, zone)}`;
  const payments = booking.payments.flatMap((p): ReceiptLine[] => {
    const method = METHOD_LABEL[p.method].toLowerCase();
    const number = p.receiptNo ? ` · ${p.receiptNo}` : '';
    if (p.refundReason !== undefined)
      return [
        {
          label: `Refunded by ${method}, ${clockAt(p.at, zone)}${number} (${p.refundReason})`,
          amount: `−${money(p.amount, branch)}`,
        },
      ];
    const lines = [{ label: `Paid by ${method}, ${clockAt(p.at, zone)}${number}`, amount: money(p.amount, branch) }];
    if (p.tendered !== undefined)
      lines.push(
        { label: 'Cash received', amount: money(p.tendered, branch) },
        { label: 'Change given', amount: money(p.tendered - p.amount, branch) },
      );
    return lines;
  });
  const rate = settings.taxRate;
  const number = booking.payments.findLast((p) => p.receiptNo !== undefined)?.receiptNo;
  return {
    branch: branch.name,
    ...(settings.address ? { address: settings.address } : {}),
    ...(settings.taxId ? { taxId: settings.taxId } : {}),
    ...(number ? { number } : {}),
    issued: when(now),
    cashier: names.cashier,
    patient: `${booking.patientName} · visit ${when(booking.startAt)}`,
    items: [{ label: `${names.treatment} with ${names.staff}`, amount: money(booking.price, branch) }],
    total: { label: 'Total', amount: money(booking.price, branch) },
    ...(rate
      ? {
          tax: {
            label: `Includes ${settings.taxName ?? 'tax'} ${rateText(rate)}`,
            amount: money(taxInWholeUnits(booking.price, rate, branch.currency), branch),
          },
        }
      : {}),
    payments,
    balance: [
      { label: 'Paid', amount: money(paid, branch) },
      ...(refunded > 0 ? [{ label: 'Refunded', amount: money(refunded, branch) }] : []),
      { label: 'Still owed', amount: money(owed, branch) },
    ],
    ...(settings.footer ? { footer: settings.footer } : {}),
  };
}
