/**
 * The locale a branch writes numbers, money and dates in. A branch may name one (en-AU); otherwise it
 * follows the country of its phone numbers, in that country's main language (ID: id-ID, "Rp 250.000").
 */
import { regionOf } from './phone';

const LANGUAGE_OF_REGION: Record<string, string> = {
  ID: 'id',
  MY: 'ms',
  TH: 'th',
  VN: 'vi',
  JP: 'ja',
  KR: 'ko',
  CN: 'zh',
  TW: 'zh',
  HK: 'zh',
  DE: 'de',
  AT: 'de',
  CH: 'de',
  FR: 'fr',
  BE: 'nl',
  NL: 'nl',
  ES: 'es',
  MX: 'es',
  IT: 'it',
  BR: 'pt',
  PT: 'pt',
};

export const FALLBACK_LOCALE = 'en-US';

/** A locale both Node and Chromium can format in, as its canonical tag; null when it is not one. */
export function supportedLocale(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical || !/^[a-z]{2,3}-[A-Z]{2}$/.test(canonical)) return null;
    return Intl.NumberFormat.supportedLocalesOf([canonical]).length === 1 ? canonical : null;
  } catch {
    return null;
  }
}

export interface LocaleSource {
  locale?: string;
  phoneRegion?: string;
  phoneCountryCode: string;
}

export function branchLocale(branch: LocaleSource): string {
  if (branch.locale) return supportedLocale(branch.locale) ?? FALLBACK_LOCALE;
  const region = branch.phoneRegion ?? regionOf(branch.phoneCountryCode);
  if (!region) return FALLBACK_LOCALE;
  return supportedLocale(`${LANGUAGE_OF_REGION[region] ?? 'en'}-${region}`) ?? FALLBACK_LOCALE;
}
