import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { supportedLocale } from '../rules/locale';
import { baseFields, hexColourSchema, idSchema, nameSchema, updatedNotBeforeCreated } from './common';

export const OVERLAP_POLICIES = ['refuse', 'warn'] as const;

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function isCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .refine(isIanaZone, 'must be an IANA time zone like Asia/Jakarta');
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code like IDR')
  .refine(isCurrency, 'must be a known currency code');
export const countryCodeSchema = z.string().regex(/^[1-9]\d{0,2}$/, 'must be a country calling code like 62');
/** The country whose numbering plan the branch's phone numbers follow (ISO 3166, like ID, AU or US). */
export const phoneRegionSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter country code like ID')
  .refine(isSupportedCountry, 'must be a country with a phone numbering plan, like ID, AU or US');

export const tenantConfigSchema = z.strictObject({
  logo: z.string().max(2048, 'must be at most 2048 characters').optional(),
  theme: z.strictObject({
    primaryColor: hexColourSchema,
    secondaryColor: hexColourSchema,
  }),
  features: z.strictObject({
    maxUsers: z.int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
    maxBookings: z
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100_000_000, 'must be at most 100000000'),
  }),
});

/** A language and region like id-ID or en-AU: how numbers, money and dates are written. */
export const localeSchema = z
  .string()
  .max(35, 'must be at most 35 characters')
  .refine((tag) => supportedLocale(tag) === tag, 'must be a language and region like id-ID or en-AU');

const receiptText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** What a receipt carries besides the visit: where the clinic is, its tax number, its tax rate. */
export const receiptSettingsSchema = z.strictObject({
  address: receiptText(300).optional(),
  /** The clinic's tax identifier (NPWP in Indonesia, ABN in Australia), printed on every receipt. */
  taxId: receiptText(40).optional(),
  /** What the tax is called on the receipt, such as PPN or GST. */
  taxName: receiptText(20).optional(),
  /** The tax included in prices, in hundredths of a percent (1100 is 11%). */
  taxRate: z.int('must be a whole number').min(1, 'must be more than 0%').max(5_000, 'must be at most 50%').optional(),
  footer: receiptText(300).optional(),
});
export type ReceiptSettings = z.infer<typeof receiptSettingsSchema>;

/** A branch. Its `tenantId` is its own id, so branch documents and the branch itself share a scope. */
export const tenantSchema = z
  .strictObject({
    ...baseFields,
    organisationId: idSchema,
    name: nameSchema,
    slug: z
      .string()
      .min(2, 'must be at least 2 characters')
      .max(48, 'must be at most 48 characters')
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single dashes, like jakarta-south'),
    domain: z.string().max(253, 'must be at most 253 characters').optional(),
    config: tenantConfigSchema,
    timeZone: timeZoneSchema,
    currency: currencySchema,
    phoneCountryCode: countryCodeSchema,
    /** Left out on branches made before it existed: the main country of the calling code is used. */
    phoneRegion: phoneRegionSchema.optional(),
    /** Left out: the main language of the phone region (id-ID for ID). */
    locale: localeSchema.optional(),
    receipt: receiptSettingsSchema.optional(),
    overlapPolicy: z.enum(OVERLAP_POLICIES, 'must be refuse or warn'),
    isActive: z.boolean('must be true or false'),
    createdBy: idSchema,
  })
  .superRefine((doc, ctx) => {
    updatedNotBeforeCreated(doc, ctx);
    if (doc.tenantId !== doc.id) {
      ctx.addIssue({ code: 'custom', path: ['tenantId'], message: 'must equal the branch id' });
    }
    if (
      doc.phoneRegion &&
      isSupportedCountry(doc.phoneRegion) &&
      getCountryCallingCode(doc.phoneRegion) !== doc.phoneCountryCode
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['phoneRegion'],
        message: `must be a country of calling code +${doc.phoneCountryCode}`,
      });
    }
  });

export type Tenant = z.infer<typeof tenantSchema>;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

export const DEFAULT_TENANT_CONFIG: Tenant['config'] = {
  theme: { primaryColor: '#8B5CF6', secondaryColor: '#EC4899' },
  features: { maxUsers: 100, maxBookings: 1000 },
};
