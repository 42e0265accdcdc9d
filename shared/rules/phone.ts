import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';

/**
 * Phone numbers are parsed with libphonenumber-js (full metadata) for the branch's country and stored
 * in E.164, as its digits without the "+" (6281234567890), so "0812-3456-7890", "+62 812 3456 7890" and
 * "0062 812 3456 7890" are one patient at an Indonesian branch, and a number dialled from abroad
 * ("001 65 6123 4567" in Indonesia, "011 44 20 7946 0958" in the US) is the foreign number it is.
 */
export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

const ALLOWED = /^\+?[\d\s().-]+$/;

/** The main country of a calling code shared by several (libphonenumber lists them in this order too). */
const MAIN_COUNTRY: Record<string, CountryCode> = {
  '1': 'US',
  '7': 'RU',
  '39': 'IT',
  '44': 'GB',
  '47': 'NO',
  '61': 'AU',
  '212': 'MA',
  '262': 'RE',
  '290': 'SH',
  '358': 'FI',
  '590': 'GP',
  '599': 'CW',
};

/**
 * International dialling prefixes people type that libphonenumber's metadata does not list for the
 * country (Indonesia's carriers each have their own; "00" is what most people type anywhere).
 */
const EXTRA_EXIT_CODES: Partial<Record<CountryCode, string[]>> = {
  ID: ['001', '007', '008', '009', '01017'],
};

/** The country a branch's calling code stands for (62 → ID, 61 → AU, 1 → US), if any. */
export function regionOf(callingCode: string): CountryCode | undefined {
  const main = MAIN_COUNTRY[callingCode];
  if (main) return main;
  return getCountries().find((c) => getCountryCallingCode(c) === callingCode);
}

/** The phone region a new branch gets from its calling code (its main country), when there is one. */
export function phoneRegionFor(callingCode: string): { phoneRegion?: CountryCode } {
  const region = regionOf(callingCode);
  return region ? { phoneRegion: region } : {};
}

function parse(text: string, region: CountryCode | undefined): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, region ? { defaultCountry: region } : {});
  } catch {
    return undefined;
  }
}

/**
 * `region` is the branch's phone region when it has one (calling code 1 is the US and Canada and more);
 * otherwise the main country of the calling code.
 */
export function normalisePhone(input: string, countryCode: string, region?: string): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Phone number is required.' };
  if (!ALLOWED.test(text)) {
    return {
      ok: false,
      reason: 'Phone number may contain only digits, spaces, dashes, dots, brackets and a leading +.',
    };
  }
  const home = region && isSupportedCountry(region) ? region : regionOf(countryCode);
  const digits = text.replace(/\D/g, '');
  const candidates: (PhoneNumber | undefined)[] = [];
  if (text.startsWith('+')) candidates.push(parse(`+${digits}`, undefined));
  else {
    // As dialled in the branch's country (national prefix, the country's own exit code)...
    candidates.push(parse(digits, home));
    // ...or after an exit code the metadata does not know.
    const exits = [...(home ? (EXTRA_EXIT_CODES[home] ?? []) : []), '00'].sort((a, b) => b.length - a.length);
    for (const exit of exits)
      if (digits.startsWith(exit)) candidates.push(parse(`+${digits.slice(exit.length)}`, undefined));
    // ...or written with the country code but without the "+".
    if (digits.startsWith(countryCode)) candidates.push(parse(`+${digits}`, undefined));
    if (!home) candidates.push(parse(`+${countryCode}${digits.replace(/^0/, '')}`, undefined));
  }
  const found = candidates.filter((c): c is PhoneNumber => c !== undefined);
  const best = found.find((c) => c.isValid()) ?? found.find((c) => c.isPossible());
  const phone = best?.number.slice(1);
  if (!phone || phone.length < 8 || phone.length > 15) {
    return { ok: false, reason: 'Phone number must have 8 to 15 digits including the country code.' };
  }
  return { ok: true, phone };
}

/** Digits a user typed into a search box, for matching anywhere inside stored numbers. */
export function phoneSearchDigits(input: string, countryCode: string): string {
  const digits = input.replace(/\D/g, '');
  return digits.startsWith('0') ? countryCode + digits.slice(1) : digits;
}
