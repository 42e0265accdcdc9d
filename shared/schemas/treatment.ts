import { z } from 'zod';
import { baseFields, idSchema, nameSchema, updatedNotBeforeCreated } from './common';

export const MIN_TREATMENT_MINUTES = 15;
export const MAX_TREATMENT_MINUTES = 480;

export const durationMinSchema = z
  .int('must be a whole number of minutes')
  .min(MIN_TREATMENT_MINUTES, `must be ${MIN_TREATMENT_MINUTES} to ${MAX_TREATMENT_MINUTES} minutes`)
  .max(MAX_TREATMENT_MINUTES, `must be ${MIN_TREATMENT_MINUTES} to ${MAX_TREATMENT_MINUTES} minutes`);

/** The largest amount any record holds, in minor units. */
export const MAX_MONEY = 1_000_000_000_000;

/** Money in the currency's minor unit (cents, sen); never a float. */
export const moneySchema = z
  .int('must be a whole amount in the minor unit of the currency')
  .min(0, 'must not be negative')
  .max(MAX_MONEY, 'is too large');

export const treatmentSchema = z
  .strictObject({
    ...baseFields,
    name: nameSchema,
    category: z.string().trim().min(1, 'is required').max(60, 'must be at most 60 characters'),
    durationMin: durationMinSchema,
    price: moneySchema,
    description: z.string().max(2000, 'must be at most 2000 characters').optional(),
    popularity: z.int('must be a whole number').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100'),
    /** Staff ids who may perform it; empty means any active staff member. */
    assignedStaff: z.array(idSchema).max(200, 'must list at most 200 staff'),
    isActive: z.boolean('must be true or false'),
  })
  .superRefine(updatedNotBeforeCreated);

export type Treatment = z.infer<typeof treatmentSchema>;
