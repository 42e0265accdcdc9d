import { phoneRegionFor } from '../../shared/rules/phone';
import { z } from 'zod';
import { COLLECTION_NAMES } from '../../shared/collections';
import { TREATMENTS } from '../../shared/demo/catalogue';
import { generateDataset, type Dataset } from '../../shared/demo/generate';
import { newId } from '../../shared/ids';
import { currencyDigits } from '../../shared/rules/money';
import { addDays, localDateOf } from '../../shared/rules/time-zone';
import { emailSchema, nameSchema } from '../../shared/schemas/common';
import {
  countryCodeSchema,
  currencySchema,
  DEFAULT_TENANT_CONFIG,
  timeZoneSchema,
  type Tenant,
} from '../../shared/schemas/tenant';
import { parseWith } from '../../shared/validation';
import { WriteRefused } from './actor';
import type { ClinicDatabase } from './database';
import { createLocalCredential } from './session';
import { saveTerminalProfile, type TerminalProfile } from './terminal-profile';

/** What the first-run form asks to start a clinic on this terminal alone. */
export const newClinicSchema = z.strictObject({
  clinicName: nameSchema,
  branchName: nameSchema,
  timeZone: timeZoneSchema,
  currency: currencySchema,
  phoneCountryCode: countryCodeSchema,
  ownerName: nameSchema,
  email: z.string().trim().toLowerCase().pipe(emailSchema),
  password: z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters'),
});
export type NewClinic = z.infer<typeof newClinicSchema>;

/** The password every demo user signs in with. */
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_SIGN_IN = 'desk.jakarta@glow.example';
export const DEMO_TERMINAL_NAME = 'Demo terminal';

function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'main';
}

async function insertAll(db: ClinicDatabase, data: Partial<Record<(typeof COLLECTION_NAMES)[number], object[]>>) {
  for (const name of COLLECTION_NAMES) {
    const docs = data[name] ?? [];
    if (docs.length === 0) continue;
    // Checked against the schemas on insert; a bad document fails the whole start, before the profile is saved.
    const result = await db[name].bulkInsert(docs as never[]);
    if (result.error.length > 0) throw new Error(`Could not store the ${name}: ${result.error.length} refused.`);
  }
}

async function remember(db: ClinicDatabase, organisationId: string, branchIds: string[], name: string, now: number) {
  const profile: TerminalProfile = {
    mode: 'standalone',
    device: { id: newId(now), organisationId, branchIds, name, prefix: 'A', createdAt: now, revokedAt: null },
  };
  await saveTerminalProfile(db, profile);
  return profile;
}

/**
 * Starts a new clinic on this terminal alone: the organisation, one branch, its owner (who is also
 * its first practitioner, working 09:00–18:00 Monday to Saturday) and a starter treatment catalogue.
 */
export async function startStandaloneClinic(
  db: ClinicDatabase,
  input: unknown,
  now = Date.now(),
): Promise<TerminalProfile> {
  const parsed = parseWith(newClinicSchema, input);
  if (!parsed.ok) throw new WriteRefused('invalid', parsed.message);
  const form = parsed.value;
  const orgId = newId(now);
  const branchId = newId(now);
  const userId = newId(now);
  const stamp = { createdAt: now, updatedAt: now, updatedBy: userId };
  const branch: Tenant = {
    id: branchId,
    tenantId: branchId,
    organisationId: orgId,
    name: form.branchName,
    slug: slugOf(form.branchName),
    config: DEFAULT_TENANT_CONFIG,
    timeZone: form.timeZone,
    currency: form.currency,
    phoneCountryCode: form.phoneCountryCode,
    ...phoneRegionFor(form.phoneCountryCode),
    overlapPolicy: 'refuse',
    isActive: true,
    createdBy: userId,
    ...stamp,
  };
  const staffId = newId(now);
  // Catalogue prices are in rupiah; other currencies get round starter prices of the same proportions.
  const scale = form.currency === 'IDR' ? 1 : 1 / 10_000;
  const minor = 10 ** currencyDigits(form.currency);
  await insertAll(db, {
    organisations: [{ id: orgId, tenantId: orgId, name: form.clinicName, ...stamp }],
    tenants: [branch],
    users: [
      {
        id: userId,
        tenantId: orgId,
        email: form.email,
        name: form.ownerName,
        isActive: true,
        ...stamp,
      },
    ],
    memberships: [
      {
        id: newId(now),
        tenantId: branchId,
        organisationId: orgId,
        userId,
        role: 'owner',
        isActive: true,
        ...stamp,
      },
    ],
    staff: [
      {
        id: staffId,
        tenantId: branchId,
        name: form.ownerName,
        role: 'Practitioner',
        skills: [...new Set(TREATMENTS.map((t) => t.category))],
        workingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({
          weekday,
          start: '09:00',
          end: '18:00',
          breaks: [{ start: '12:00', end: '13:00' }],
        })),
        daysOff: [],
        rating: 5,
        isActive: true,
        userId,
        ...stamp,
      },
    ],
    treatments: TREATMENTS.map((t) => ({
      id: newId(now),
      tenantId: branchId,
      name: t.name,
      category: t.category,
      durationMin: t.durationMin,
      price: Math.max(1, Math.round(t.priceMajor * scale)) * minor,
      popularity: 50,
      assignedStaff: [],
      isActive: true,
      ...stamp,
    })),
  });
  await createLocalCredential(db, { userId, email: form.email, name: form.ownerName }, form.password);
  return remember(db, orgId, [branchId], 'This terminal', now);
}

/** The seeded demo group (Jakarta and Bali) around today, for trying the app without a server. */
export function demoDataset(now = Date.now()): Dataset {
  return generateDataset({
    seed: 20261122,
    patients: 240,
    bookings: 2_400,
    now,
    endDate: addDays(localDateOf(now, 'Asia/Jakarta'), 14),
  });
}

/** The demo people who can sign in on a demo terminal (each sign-in is a slow hash made here). */
export const DEMO_PEOPLE = [DEMO_SIGN_IN, 'owner@glow.example'];

export async function loadDemoClinic(db: ClinicDatabase, now = Date.now()): Promise<TerminalProfile> {
  const data = demoDataset(now);
  await insertAll(db, data);
  for (const user of data.users.filter((u) => DEMO_PEOPLE.includes(u.email))) {
    await createLocalCredential(db, { userId: user.id, email: user.email, name: user.name }, DEMO_PASSWORD);
  }
  const organisation = data.organisations[0];
  if (!organisation) throw new Error('The demo clinic has no organisation.');
  return remember(
    db,
    organisation.id,
    data.tenants.map((t) => t.id),
    DEMO_TERMINAL_NAME,
    now,
  );
}
