/**
 * Money is an integer in the currency's minor unit (IDR sen, USD cents), never a float; the
 * currency comes from the branch. Formatting drops a zero fraction ("Rp 150.000", not ",00").
 */
import type { Payment, PaymentStatus } from '../schemas/booking';
import { MAX_MONEY } from '../schemas/treatment';
import { escapeRegExp } from './text';

// ISO 4217 minor units for the currencies we expect. Intl's CLDR data is not used for these because
// it differs between ICU versions (Node and Chromium disagree on IDR), and stored amounts must mean the
// same thing on every terminal and the server.
const ISO_DIGITS: Record<string, number> = {
  IDR: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  SGD: 2,
  MYR: 2,
  THB: 2,
  PHP: 2,
  AUD: 2,
  NZD: 2,
  HKD: 2,
  CNY: 2,
  INR: 2,
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export function currencyDigits(currency: string): number {
  return (
    ISO_DIGITS[currency] ??
    new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
    2
  );
}

export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const digits = currencyDigits(currency);
  const scale = 10 ** digits;
  const whole = minor % scale === 0;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(minor / scale);
}

/** What a typed amount becomes, in the field's own words when it cannot be read. */
export type MoneyResult = { ok: true; minor: number } | { ok: false; reason: string };

/** An amount for an input box: the locale's grouping, no symbol ("1.500.000" in id-ID). */
export function formatAmount(minor: number, currency: string, locale = 'en-US'): string {
  const digits = currencyDigits(currency);
  const whole = minor % 10 ** digits === 0;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

interface Separators {
  group: string;
  decimal: string;
}

function separatorsOf(locale: string): Separators {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  return { group: /\s/.test(group) ? ' ' : group, decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
}

/** The words that say how to type an amount here: "such as 1.500.000 or 150.000,50". */
function example(currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const big = formatAmount(1_500_000 * 10 ** digits, currency, locale);
  if (digits === 0) return `such as ${big}`;
  return `such as ${big} or ${formatAmount(150_000 * 10 ** digits + 5 * 10 ** (digits - 1), currency, locale)}`;
}

/**
 * Reads an amount typed at the desk into minor units, with the branch's grouping and decimal
 * separators ("1.500.000" and "150.000,50" in id-ID; "1,500,000.50" in en-US). Spaces and the currency's
 * symbol or code are ignored. Anything ambiguous is refused with a sentence, never guessed.
 */
export function parseMoney(text: string, currency: string, locale = 'en-US'): MoneyResult {
  const digits = currencyDigits(currency);
  const { group, decimal } = separatorsOf(locale);
  const symbol =
    new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1).find((p) => p.type === 'currency')
      ?.value ?? currency;
  const cleaned = text
    .replace(new RegExp(`${escapeRegExp(symbol)}|${currency}`, 'gi'), '')
    .replace(/[\s\u00a0\u202f]/g, '');
  if (cleaned === '') return { ok: false, reason: `Enter an amount, ${example(currency, locale)}.` };
  if (cleaned.startsWith('-')) return { ok: false, reason: 'Amount cannot be negative.' };
  const g = group === ' ' ? '' : escapeRegExp(group);
  const d = escapeRegExp(decimal);
  const grouped = g === '' ? null : new RegExp(`^(\\d{1,3})((?:${g}\\d{2,3})*${g}\\d{3})(?:${d}(\\d+))?$`);
  const plain = new RegExp(`^(\\d+)()(?:${d}(\\d+))?$`);
  const m = plain.exec(cleaned) ?? grouped?.exec(cleaned);
  if (!m) {
    return {
      ok: false,
      reason: `Amount must be a number ${example(currency, locale)}${
        group === ' '
          ? ''
          : ` (use "${group}" between thousands${digits > 0 ? ` and "${decimal}" before decimals` : ''})`
      }.`,
    };
  }
  const whole = `${m[1] ?? ''}${(m[2] ?? '').replace(new RegExp(g || ' ', 'g'), '')}`;
  const fraction = m[3] ?? '';
  if (fraction.length > digits) {
    // "150,000" where the comma is the decimal separator: a thousands separator from another country.
    if (fraction.length === 3 && digits < 3) {
      return {
        ok: false,
        reason: `Amount must be a number ${example(currency, locale)}: here "${decimal}" comes before decimals.`,
      };
    }
    return {
      ok: false,
      reason:
        digits === 0
          ? `Amount must be a whole number in ${currency}.`
          : `Amount can have at most ${digits} decimal places in ${currency}.`,
    };
  }
  if (whole.replace(/^0+/, '').length > 13) return { ok: false, reason: 'Amount is too large.' };
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor > MAX_MONEY) return { ok: false, reason: 'Amount is too large.' };
  return { ok: true, minor };
}

type Entry = Pick<Payment, 'amount' | 'refundReason'>;

/** What the patient paid towards the price (refunds are counted apart, and never make a new debt). */
export function paidTotal(payments: readonly Entry[]): number {
  return payments.reduce((sum, p) => sum + (p.refundReason === undefined ? p.amount : 0), 0);
}

/** What was given back. The clinic keeps what was paid less this. */
export function refundedTotal(payments: readonly Entry[]): number {
  return payments.reduce((sum, p) => sum + (p.refundReason === undefined ? 0 : p.amount), 0);
}

export function paymentStatusFor(price: number, paid: number): PaymentStatus {
  if (paid <= 0) return 'unpaid';
  return paid >= price ? 'paid' : 'deposit';
}

/**
 * Adds a payment (or a refund: a payment with its reason) unless one with the same idempotency key is already recorded, so a retried
 * checkout (double click, network retry, replayed sync) never charges twice.
 */
export function recordPayment<T extends { price: number; payments: Payment[]; paymentStatus: PaymentStatus }>(
  booking: T,
  payment: Payment,
): T {
  if (booking.payments.some((p) => p.idempotencyKey === payment.idempotencyKey)) return booking;
  const payments = [...booking.payments, payment];
  return { ...booking, payments, paymentStatus: paymentStatusFor(booking.price, paidTotal(payments)) };
}
