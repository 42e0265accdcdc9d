/**
 * Phone numbers are stored as digits with the country code (6281234567890), so "0812-3456-7890",
 * "+62 812 3456 7890" and "0062 812 3456 7890" are the same patient at an Indonesian branch.
 */
export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

const ALLOWED = /^\+?[\d\s().-]+$/;

export function normalisePhone(input: string, countryCode: string): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Phone number is required.' };
  if (!ALLOWED.test(text)) {
    return {
      ok: false,
      reason: 'Phone number may contain only digits, spaces, dashes, dots, brackets and a leading +.',
    };
  }
  const digits = text.replace(/\D/g, '');
  let phone: string;
  if (text.startsWith('+')) phone = digits;
  else if (digits.startsWith('00')) phone = digits.slice(2);
  else if (digits.startsWith('0')) phone = countryCode + digits.slice(1);
  else if (digits.startsWith(countryCode)) phone = digits;
  else phone = countryCode + digits;
  if (phone.length < 8 || phone.length > 15) {
    return { ok: false, reason: 'Phone number must have 8 to 15 digits including the country code.' };
  }
  return { ok: true, phone };
}

/** Digits a user typed into a search box, for matching anywhere inside stored numbers. */
export function phoneSearchDigits(input: string, countryCode: string): string {
  const digits = input.replace(/\D/g, '');
  return digits.startsWith('0') ? countryCode + digits.slice(1) : digits;
}
