import { z } from 'zod';
import { baseFields, emailSchema, nameSchema, updatedNotBeforeCreated } from './common';

/**
 * A person who signs in. `tenantId` is the organisation: one account serves all its branches. No
 * password or PIN hash is ever part of it: credentials stay on the sync server, and a terminal keeps
 * only its own sealed verifier for people who signed in there (renderer/db/credentials.ts).
 * `credentialVersion` goes up whenever the server resets the password, so every terminal drops its
 * cached verifier for that person at its next sync.
 */
export const userSchema = z
  .strictObject({
    ...baseFields,
    email: emailSchema,
    name: nameSchema,
    credentialVersion: z.int('must be a whole number').min(0, 'must not be negative').max(1_000_000_000).optional(),
    isActive: z.boolean('must be true or false'),
  })
  .superRefine(updatedNotBeforeCreated);

export type User = z.infer<typeof userSchema>;
