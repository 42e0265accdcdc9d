import { z } from 'zod';
import { baseFields, emailSchema, nameSchema, updatedNotBeforeCreated } from './common';

/**
 * A slow salted hash: `scrypt$N$r$p$salt$hash` with base64 salt and hash. Only hashes are ever
 * stored or synced, so terminals can sign staff in offline without holding a password.
 */
export const PASSWORD_HASH_PATTERN =
  /^scrypt\$\d{4,8}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/]{16,}={0,2}\$[A-Za-z0-9+/]{32,}={0,2}$/;
export const passwordHashSchema = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(PASSWORD_HASH_PATTERN, 'must be a salted scrypt hash, never a plain password');

/** A person who signs in. `tenantId` is the organisation: one account serves all its branches. */
export const userSchema = z
  .strictObject({
    ...baseFields,
    email: emailSchema,
    name: nameSchema,
    passwordHash: passwordHashSchema,
    pinHash: passwordHashSchema.optional(),
    isActive: z.boolean('must be true or false'),
  })
  .superRefine(updatedNotBeforeCreated);

export type User = z.infer<typeof userSchema>;
