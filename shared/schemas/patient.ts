import { z } from 'zod';
import {
  baseFields,
  emailSchema,
  idSchema,
  localDateSchema,
  nameSchema,
  notesSchema,
  timestampSchema,
  updatedNotBeforeCreated,
} from './common';
import { patientSearchKey } from '../rules/patient-search';

/** 2026-02-30 matches the pattern but is no day. */
function isRealDate(date: string): boolean {
  const at = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === date;
}

export const normalisedPhoneSchema = z
  .string()
  .max(15, 'must be a normalised phone number of 8 to 15 digits including the country code')
  .regex(/^\d{8,15}$/, 'must be a normalised phone number of 8 to 15 digits including the country code');

export const clashWithSchema = z.array(idSchema).max(100, 'must list at most 100 clashing documents');

export const patientSchema = z
  .strictObject({
    ...baseFields,
    name: nameSchema,
    /** Lower-case, accent-free name kept beside it so name-prefix search can use an index. */
    searchName: z.string().max(120, 'must be at most 120 characters'),
    phone: normalisedPhoneSchema,
    email: emailSchema.optional(),
    notes: notesSchema.optional(),
    allergies: z.string().max(1000, 'must be at most 1000 characters').optional(),
    /** Tells two people of one name apart; a real date from 1900 to today. */
    dateOfBirth: localDateSchema
      .refine((d) => isRealDate(d) && d >= '1900-01-01', 'must be a real date from 1900 on')
      .refine((d) => Date.parse(`${d}T00:00:00Z`) <= Date.now() + 36 * 60 * 60_000, 'must not be in the future')
      .optional(),
    address: z.string().trim().max(300, 'must be at most 300 characters').optional(),
    lastVisitAt: timestampSchema.optional(),
    totalVisits: z.int('must be a whole number').min(0, 'must not be negative').max(100_000, 'must be at most 100000'),
    /** Set by the sync server: other patients in the branch with the same phone. */
    clashWith: clashWithSchema.optional(),
    /**
     * Why this person shares a phone with others on purpose (a family, a carer): once every patient on
     * the number has one, the shared phone is settled and leaves Needs attention.
     */
    sharedPhoneReason: z
      .string()
      .trim()
      .min(3, 'must say why, in at least 3 characters')
      .max(200, 'must be at most 200 characters')
      .optional(),
  })
  .superRefine((doc, ctx) => {
    updatedNotBeforeCreated(doc, ctx);
    if (doc.searchName !== patientSearchKey(doc.name)) {
      ctx.addIssue({ code: 'custom', path: ['searchName'], message: 'must be the search key of name' });
    }
  });

export type Patient = z.infer<typeof patientSchema>;
