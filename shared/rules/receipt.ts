/**
 * Receipt numbers and what a receipt says. A number is the terminal's prefix (unique in its branch,
 * given at enrolment) and that terminal's own running count, A-000042: two terminals offline at the
 * same time can never print the same number, and one terminal never repeats its own.
 */
import { TERMINAL_PREFIX_PATTERN } from './walk-in';

export const RECEIPT_PATTERN = /^[A-Z]{1,2}-\d{6}$/;
const MAX_RECEIPT = 999_999;

export function formatReceiptNo(prefix: string, number: number): string {
  if (!TERMINAL_PREFIX_PATTERN.test(prefix))
    throw new RangeError(`terminal prefix must be one or two capital letters: ${prefix}`);
  if (!Number.isInteger(number) || number < 1 || number > MAX_RECEIPT)
    throw new RangeError(`receipt number must be 1 to ${MAX_RECEIPT}: ${number}`);
  return `${prefix}-${String(number).padStart(6, '0')}`;
}

export function parseReceiptNo(receiptNo: string): { prefix: string; number: number } | null {
  if (!RECEIPT_PATTERN.test(receiptNo)) return null;
  const [prefix = '', number = '0'] = receiptNo.split('-');
  return { prefix, number: Number(number) };
}

/** The highest number this prefix has used among the given receipts (0 when none). */
export function lastReceiptNumber(prefix: string, receiptNos: Iterable<string>): number {
  let max = 0;
  for (const r of receiptNos) {
    const parsed = parseReceiptNo(r);
    if (parsed?.prefix === prefix) max = Math.max(max, parsed.number);
  }
  return max;
}

/**
 * The tax already inside a price that includes it, at a rate in hundredths of a percent (1100 is
 * 11%): gross × rate / (1 + rate), to the nearest minor unit.
 */
export function includedTax(gross: number, rateBasisPoints: number): number {
  return Math.round((gross * rateBasisPoints) / (10_000 + rateBasisPoints));
}

/** A rate in hundredths of a percent, in words: 1100 is "11%", 825 is "8.25%". */
export function rateText(rateBasisPoints: number): string {
  return `${String(rateBasisPoints / 100)}%`;
}
