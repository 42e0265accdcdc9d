import { format, parseISO } from 'date-fns';
import { branchLocale } from '../../shared/rules/locale';
import { formatMoney } from '../../shared/rules/money';
import { localMinutesOf, minutesToClock } from '../../shared/rules/time-zone';
import type { BookingSource, BookingStatus, PaymentMethod, PaymentStatus } from '../../shared/schemas/booking';
import type { Role } from '../../shared/schemas/organisation';
import type { Tenant } from '../../shared/schemas/tenant';
import { storageFaultOf } from '../db/storage-fault';

/** A clock time in the branch's zone, such as 09:45. */
export function clockAt(ms: number, timeZone: string): string {
  return minutesToClock(localMinutesOf(ms, timeZone));
}

/** A branch-local date written for people: Mon 23 Nov 2026. */
export function dateLabel(date: string): string {
  return format(parseISO(date), 'EEE d MMM yyyy');
}

/** What money() needs of a branch: its currency, and what its locale is chosen from. */
export type MoneyBranch = Pick<Tenant, 'currency' | 'phoneCountryCode' | 'locale' | 'phoneRegion'>;

const locales = new Map<string, string>();

/** The branch's locale (worked out once per branch setting). */
export function localeOf(branch: Omit<MoneyBranch, 'currency'>): string {
  const key = `${branch.locale ?? ''}|${branch.phoneRegion ?? ''}|${branch.phoneCountryCode}`;
  let locale = locales.get(key);
  if (locale === undefined) {
    locale = branchLocale(branch);
    locales.set(key, locale);
  }
  return locale;
}

/** An amount in the branch's currency, written the branch's way: Rp 250.000 in Indonesia. */
export function money(minor: number, branch: MoneyBranch): string {
  return formatMoney(minor, branch.currency, localeOf(branch));
}

export const STATUS_LABEL: Record<BookingStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  'checked-in': 'Checked in',
  'in-progress': 'In treatment',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};

/** How a booking came in, in words. */
export const SOURCE_LABEL: Record<BookingSource, string> = {
  'walk-in': 'walked in',
  online: 'booked online',
  phone: 'booked by phone',
  'front-desk': 'booked at the desk',
};

export const PAYMENT_LABEL: Record<PaymentStatus, string> = {
  unpaid: 'Unpaid',
  deposit: 'Deposit paid',
  paid: 'Paid',
};

/** How a payment was made, in words. */
export const METHOD_LABEL: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  transfer: 'Bank transfer',
  'e-wallet': 'E-wallet',
  voucher: 'Voucher',
};

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  frontdesk: 'Front desk',
  therapist: 'Therapist',
};

/** The button text for moving a booking to a status. */
export const STATUS_ACTION: Record<BookingStatus, string> = {
  pending: 'Mark pending',
  confirmed: 'Confirm',
  'checked-in': 'Check in',
  'in-progress': 'Start treatment',
  completed: 'Complete',
  cancelled: 'Cancel booking',
  'no-show': 'Mark no-show',
};

/** A failure in words for the person who tried: storage faults say what happened and what to do. */
export function errorText(error: unknown, otherwise = 'That did not work. Try again.'): string {
  const fault = storageFaultOf(error);
  if (fault) return fault.sentence;
  return error instanceof Error ? error.message : otherwise;
}

/** A wait in words: 5 min, 1 h 20 min. */
export function waitText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** A date of birth for people: 3 Mar 1990. */
export function bornLabel(date: string): string {
  return format(parseISO(date), 'd MMM yyyy');
}

/** What tells a patient from another of the same name: their phone, and their date of birth when known. */
export function patientDetail(p: { phone: string; dateOfBirth?: string | undefined }): string {
  return `+${p.phone}${p.dateOfBirth ? ` · born ${bornLabel(p.dateOfBirth)}` : ''}`;
}

/**
 * A field's problem as one sentence that names the field in the words on the screen: "Full name must be
 * at most 120 characters." (rules shared with the server say only "must be at most 120 characters").
 */
export function fieldMessage(label: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  const named = /^[a-z]/.test(message) ? `${label.replace(/ \(optional\)$/, '')} ${message}` : message;
  return /[.!?]$/.test(named) ? named : `${named}.`;
}
