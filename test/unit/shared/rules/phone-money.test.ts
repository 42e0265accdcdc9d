import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchLocale, supportedLocale } from '../../../../shared/rules/locale';
import {
  formatAmount,
  formatMoney,
  paidTotal,
  parseMoney,
  recordPayment,
  refundedTotal,
} from '../../../../shared/rules/money';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { normalisePhone, phoneSearchDigits } from '../../../../shared/rules/phone';
import { repairStoredPhone } from '../../../../shared/rules/phone-repair';
import type { Payment } from '../../../../shared/schemas/booking';

/** Valid mobile numbers of a region: its example number with the last digits varied (kept if still valid). */
const EXAMPLES: Record<string, { region: CountryCode; callingCode: string; exit: string }> = {
  ID: { region: 'ID', callingCode: '62', exit: '001' },
  AU: { region: 'AU', callingCode: '61', exit: '0011' },
  US: { region: 'US', callingCode: '1', exit: '011' },
  SG: { region: 'SG', callingCode: '65', exit: '000' },
  GB: { region: 'GB', callingCode: '44', exit: '00' },
};
const validNumber = fc
  .tuple(fc.constantFrom(...Object.keys(EXAMPLES)), fc.integer({ min: 0, max: 9999 }))
  .map(([key, tail]) => {
    const example = getExampleNumber(EXAMPLES[key]!.region, mobileExamples)!;
    const digits = example.number.slice(1);
    const e164 = digits.slice(0, -4) + String(tail).padStart(4, '0');
    return { key, e164, parsed: parsePhoneNumberFromString(`+${e164}`)! };
  })
  .filter((n) => n.parsed.isValid());

describe('phone numbers', () => {
  it('reads numbers dialled from abroad as the foreign number they are', () => {
    expect(normalisePhone('001 65 6123 4567', '62')).toEqual({ ok: true, phone: '6561234567' });
    expect(normalisePhone('011 44 20 7946 0958', '1')).toEqual({ ok: true, phone: '442079460958' });
    expect(normalisePhone('0011 62 812 3456 7890', '61')).toEqual({ ok: true, phone: '6281234567890' });
  });

  it('treats every way a receptionist writes an Indonesian number as the same phone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^81[1-3]\d{7,8}$/), fc.constantFrom(' ', '-', '.', ''), (local, sep) => {
        fc.pre(parsePhoneNumberFromString(`+62${local}`)?.isValid() === true);
        const spaced = local.replace(/(\d{3})(?=\d)/g, `$1${sep}`);
        const expected = `62${local}`;
        for (const written of [
          `0${spaced}`,
          `+62 ${spaced}`,
          `0062${spaced}`,
          `001 62 ${spaced}`,
          `62${spaced}`,
          spaced,
          `(0${local.slice(0, 3)}) ${local.slice(3)}`,
        ]) {
          expect(normalisePhone(written, '62')).toEqual({ ok: true, phone: expected });
        }
      }),
    );
  });

  it('stores one E.164 number however a number of several regions is written, at any branch', () => {
    fc.assert(
      fc.property(validNumber, fc.constantFrom(...Object.keys(EXAMPLES)), ({ key, e164, parsed }, branchKey) => {
        const home = EXAMPLES[key]!;
        const branch = EXAMPLES[branchKey]!;
        const want = { ok: true, phone: e164 };
        // At a branch in the number's own country, as people there write it.
        expect(normalisePhone(parsed.formatNational(), home.callingCode)).toEqual(want);
        // Anywhere, in international form, and as dialled from the branch's country.
        expect(normalisePhone(parsed.formatInternational(), branch.callingCode)).toEqual(want);
        expect(normalisePhone(`+${e164}`, branch.callingCode)).toEqual(want);
        if (branchKey !== key) expect(normalisePhone(`${branch.exit} ${e164}`, branch.callingCode)).toEqual(want);
      }),
    );
  });

  it('reads national numbers by the branch’s own phone region when it has one', () => {
    // Calling code 1 is shared: a Canadian branch's numbers are read by Canada's plan.
    expect(normalisePhone('(613) 555-0123', '1', 'CA')).toEqual({ ok: true, phone: '16135550123' });
    expect(normalisePhone('0412 345 678', '61', 'AU')).toEqual({ ok: true, phone: '61412345678' });
    expect(normalisePhone('001 65 6123 4567', '62', 'ID')).toEqual({ ok: true, phone: '6561234567' });
  });

  it('repairs numbers the first normaliser stored wrongly, and leaves good ones alone', () => {
    expect(repairStoredPhone('16561234567', '62')).toBe('6561234567');
    expect(repairStoredPhone('111442079460958', '1')).toBe('442079460958');
    expect(repairStoredPhone('116281234567890', '61')).toBe('6281234567890');
    expect(repairStoredPhone('6281234567890', '62')).toBeNull();
    expect(repairStoredPhone('628495955850', '62')).toBeNull();
  });

  it('refuses letters, empty input and impossible lengths with a reason', () => {
    expect(normalisePhone('', '62')).toEqual({ ok: false, reason: 'Phone number is required.' });
    expect(normalisePhone('0812-CALL-ME', '62').ok).toBe(false);
    expect(normalisePhone('0812', '62')).toEqual({
      ok: false,
      reason: 'Phone number must have 8 to 15 digits including the country code.',
    });
    expect(normalisePhone('+1234567890123456', '62').ok).toBe(false);
  });

  it('turns a typed local prefix into searchable digits', () => {
    expect(phoneSearchDigits('0812-34', '62')).toBe('6281234');
    expect(phoneSearchDigits('3456', '62')).toBe('3456');
  });
});

describe('money', () => {
  it('formats in the branch currency without a needless zero fraction', () => {
    expect(formatMoney(45_000_000, 'IDR', 'id-ID')).toMatch(/^Rp\s?450\.000$/);
    expect(formatMoney(1_050, 'USD')).toBe('$10.50');
    expect(formatMoney(1_000, 'USD')).toBe('$10');
    expect(formatMoney(1_500, 'JPY')).toBe('¥1,500');
  });

  it('reads typed amounts back to the same minor units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.constantFrom('IDR', 'USD', 'JPY', 'KWD'),
        (minor, currency) => {
          const text = formatMoney(minor, currency, 'en-US').replace(/[^\d.,]/g, '');
          expect(parseMoney(text, currency)).toEqual({ ok: true, minor });
        },
      ),
    );
    expect(parseMoney('10.5055', 'USD')).toEqual({
      ok: false,
      reason: 'Amount can have at most 2 decimal places in USD.',
    });
    expect(parseMoney('-5', 'USD').ok).toBe(false);
    expect(parseMoney('1000000000000', 'JPY')).toEqual({ ok: true, minor: 1_000_000_000_000 });
    expect(parseMoney('10000000000.01', 'USD')).toEqual({ ok: false, reason: 'Amount is too large.' });
    expect(parseMoney('99999999999999999999', 'USD')).toEqual({ ok: false, reason: 'Amount is too large.' });
  });

  it('reads amounts the way the branch writes them, and refuses what it would have to guess', () => {
    // An Indonesian desk: dots group thousands, a comma starts the decimals.
    expect(parseMoney('1.500.000', 'IDR', 'id-ID')).toEqual({ ok: true, minor: 150_000_000 });
    expect(parseMoney('150.000', 'IDR', 'id-ID')).toEqual({ ok: true, minor: 15_000_000 });
    expect(parseMoney('Rp 150.000,50', 'IDR', 'id-ID')).toEqual({ ok: true, minor: 15_000_050 });
    expect(parseMoney(' 250000 ', 'IDR', 'id-ID')).toEqual({ ok: true, minor: 25_000_000 });
    // Another country's separators are refused with the way to type it, never read as something else.
    expect(parseMoney('150,000', 'IDR', 'id-ID')).toEqual({
      ok: false,
      reason: 'Amount must be a number such as 1.500.000 or 150.000,50: here "," comes before decimals.',
    });
    expect(parseMoney('1,500,000', 'IDR', 'id-ID')).toEqual({
      ok: false,
      reason:
        'Amount must be a number such as 1.500.000 or 150.000,50 (use "." between thousands and "," before decimals).',
    });
    expect(parseMoney('150.000', 'AUD', 'en-AU').ok).toBe(false);
    expect(parseMoney('1.500', 'IDR', 'id-ID')).toEqual({ ok: true, minor: 150_000 });
    expect(parseMoney('12 345,50', 'EUR', 'fr-FR')).toEqual({ ok: true, minor: 1_234_550 });
    expect(parseMoney('', 'IDR', 'id-ID')).toEqual({
      ok: false,
      reason: 'Enter an amount, such as 1.500.000 or 150.000,50.',
    });
    expect(formatMoney(25_000_000, 'IDR', 'id-ID')).toMatch(/^Rp\s250\.000$/);
    expect(formatAmount(150_000_050, 'IDR', 'id-ID')).toBe('1.500.000,50');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.constantFrom('IDR', 'USD', 'JPY', 'KWD', 'EUR'),
        fc.constantFrom('id-ID', 'en-AU', 'en-US', 'fr-FR', 'de-DE', 'en-IN', 'de-CH'),
        (minor, currency, locale) => {
          expect(parseMoney(formatAmount(minor, currency, locale), currency, locale)).toEqual({ ok: true, minor });
          expect(parseMoney(formatMoney(minor, currency, locale), currency, locale)).toEqual({ ok: true, minor });
        },
      ),
    );
  });

  it("writes each branch in the locale it names, or its phone country's main language", () => {
    expect(branchLocale({ phoneCountryCode: '62', phoneRegion: 'ID' })).toBe('id-ID');
    expect(branchLocale({ phoneCountryCode: '62' })).toBe('id-ID');
    expect(branchLocale({ phoneCountryCode: '61', phoneRegion: 'AU' })).toBe('en-AU');
    expect(branchLocale({ phoneCountryCode: '62', locale: 'en-AU' })).toBe('en-AU');
    expect(supportedLocale('xx-QQ')).toBeNull();
    expect(supportedLocale('en-au')).toBe('en-AU');
  });

  it('records a retried payment only once and derives deposit and paid', () => {
    const booking = { price: 10_000, payments: [] as Payment[], paymentStatus: 'unpaid' as const };
    const deposit: Payment = { method: 'cash', amount: 3_000, at: 1, idempotencyKey: 'key-00001' };
    const once = recordPayment(booking, deposit);
    const twice = recordPayment(once, deposit);
    expect(twice).toBe(once);
    expect(once.paymentStatus).toBe('deposit');
    const paid = recordPayment(once, { ...deposit, method: 'card', amount: 7_000, idempotencyKey: 'key-00002' });
    expect(paid.paymentStatus).toBe('paid');
    expect(paidTotal(paid.payments)).toBe(10_000);
    // A refund is one more entry: what was paid stays on record and settled; nothing is owed anew.
    const refund = { ...deposit, amount: 4_000, idempotencyKey: 'key-00003', refundReason: 'Half the session' };
    const refunded = recordPayment(paid, refund);
    expect(refunded.payments).toHaveLength(3);
    expect(paidTotal(refunded.payments)).toBe(10_000);
    expect(refundedTotal(refunded.payments)).toBe(4_000);
    expect(refunded.paymentStatus).toBe('paid');
  });
});
