import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { regionOf } from './phone';

/** International dialling prefixes as typed in each country (the ones the first normaliser mangled). */
const EXIT_CODES: Record<string, string[]> = {
  ID: ['001', '007', '008', '009', '01017', '00'],
  US: ['011'],
  AU: ['0011'],
};

const valid = (digits: string): boolean => parsePhoneNumberFromString(`+${digits}`)?.isValid() === true;

/**
 * The number a patient meant, for one stored by the first phone normaliser, which mishandled numbers
 * dialled with an international prefix ("001 65 6123 4567" in Indonesia was stored as 16561234567;
 * "011 44 20 7946 0958" in the US as 111442079460958). Answers the repaired E.164 digits when the stored
 * number is not valid and exactly one such reading is; otherwise null (leave it as it is).
 */
export function repairStoredPhone(stored: string, countryCode: string, phoneRegion?: string): string | null {
  if (valid(stored)) return null;
  const region = phoneRegion ?? regionOf(countryCode) ?? '';
  const readings = new Set<string>();
  for (const exit of EXIT_CODES[region] ?? ['00']) {
    // "00…" lost its two zeros; a single leading "0" was replaced by the country code.
    const mangled = exit.startsWith('00') ? exit.slice(2) : countryCode + exit.slice(1);
    if (mangled !== '' && stored.startsWith(mangled) && valid(stored.slice(mangled.length)))
      readings.add(stored.slice(mangled.length));
  }
  const [only, ...more] = [...readings];
  return only !== undefined && more.length === 0 ? only : null;
}
