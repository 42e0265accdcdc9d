import { phoneRegionFor } from '../shared/rules/phone';
import { z } from 'zod';
import { newId } from '../shared/ids';
import { emailSchema, nameSchema } from '../shared/schemas/common';
import { membershipSchema, organisationSchema } from '../shared/schemas/organisation';
import {
  countryCodeSchema,
  currencySchema,
  DEFAULT_TENANT_CONFIG,
  tenantSchema,
  timeZoneSchema,
} from '../shared/schemas/tenant';
import { userSchema } from '../shared/schemas/user';
import { hashPassword } from './auth/passwords';
import { HttpError } from './http-error';
import type { Store } from './store/port';

export const initOptionsSchema = z.strictObject({
  organisationName: nameSchema,
  branchName: nameSchema,
  branchSlug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters, digits and dashes, like jakarta'),
  timeZone: timeZoneSchema,
  currency: currencySchema,
  phoneCountryCode: countryCodeSchema,
  ownerName: nameSchema,
  ownerEmail: emailSchema,
  ownerPassword: z.string().min(10, 'must be at least 10 characters'),
});
export type InitOptions = z.infer<typeof initOptionsSchema>;

export interface InitResult {
  organisationId: string;
  branchId: string;
  ownerId: string;
}

/**
 * Creates an organisation, its first branch and an owner account, ready for the owner to enrol
 * terminals. Refuses when the email already has an account, so running it twice does not make two
 * owners.
 */
export async function initOrganisation(store: Store, options: InitOptions, now = Date.now()): Promise<InitResult> {
  if ((await store.findBy('users', 'email', options.ownerEmail)).length > 0) {
    throw new HttpError(409, 'exists', `An account for ${options.ownerEmail} already exists; nothing was created.`);
  }
  const organisationId = newId(now);
  const branchId = newId(now);
  const ownerId = newId(now);
  const base = { createdAt: now, updatedAt: now, updatedBy: ownerId };
  const organisation = organisationSchema.parse({
    id: organisationId,
    tenantId: organisationId,
    name: options.organisationName,
    ...base,
  });
  const owner = userSchema.parse({
    id: ownerId,
    tenantId: organisationId,
    email: options.ownerEmail,
    name: options.ownerName,
    credentialVersion: 0,
    isActive: true,
    ...base,
  });
  const branch = tenantSchema.parse({
    id: branchId,
    tenantId: branchId,
    organisationId,
    name: options.branchName,
    slug: options.branchSlug,
    config: DEFAULT_TENANT_CONFIG,
    timeZone: options.timeZone,
    currency: options.currency,
    phoneCountryCode: options.phoneCountryCode,
    ...phoneRegionFor(options.phoneCountryCode),
    overlapPolicy: 'refuse',
    isActive: true,
    createdBy: ownerId,
    ...base,
  });
  const membership = membershipSchema.parse({
    id: newId(now),
    tenantId: branchId,
    organisationId,
    userId: ownerId,
    role: 'owner',
    isActive: true,
    ...base,
  });
  const passwordHash = await hashPassword(options.ownerPassword);
  await store.write(async (tx) => {
    await tx.saveCredential(ownerId, passwordHash);
    await tx.put('organisations', { id: organisationId, scope: organisationId, deleted: false, data: organisation });
    await tx.put('users', { id: ownerId, scope: organisationId, deleted: false, data: owner });
    await tx.put('tenants', { id: branchId, scope: branchId, deleted: false, data: branch });
    await tx.put('memberships', { id: membership.id, scope: branchId, deleted: false, data: membership });
  });
  return { organisationId, branchId, ownerId };
}
