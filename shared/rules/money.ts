/**
 * Money is an integer in the currency's minor unit (IDR sen, USD cents), never a float; the
 * currency comes from the branch. Formatting drops a zero fraction ("Rp 150.000", not ",00").
 */
import type { Payment, PaymentStatus } from '../schemas/booking';
import { MAX_MONEY } from '../schemas/treatment';

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

export type MoneyResult = { ok: true; minor: number } | { ok: false; reason: string };

/** Reads an amount typed at the desk ("150000", "150,000.50") into minor units. */
export function parseMoney(text: string, currency: string): MoneyResult {
  const digits = currencyDigits(currency);
  const cleaned = text.trim().replace(/[\s,]/g, '');
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(cleaned);
  if (!m) return { ok: false, reason: 'Amount must be a number such as 150000 or 150,000.50.' };
  const fraction = m[2] ?? '';
  if (fraction.length > digits) {
    return { ok: false, reason: `Amount can have at most ${digits} decimal places in ${currency}.` };
  }
  const minor = Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
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
