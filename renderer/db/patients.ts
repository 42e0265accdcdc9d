import { newId } from '../../shared/ids';
import { normalisePhone } from '../../shared/rules/phone';
import { patientSearchKey } from '../../shared/rules/patient-search';
import { writeRefusal } from '../../shared/rules/permissions';
import { patientSchema, type Patient } from '../../shared/schemas/patient';
import { describeProblems } from '../../shared/validation';
import { WriteRefused, type WriteContext } from './actor';
import type { ClinicDatabase } from './database';

export interface PatientInput {
  name: string;
  phone: string;
  email?: string;
  notes?: string;
  allergies?: string;
}

/** Another patient of the branch already has this phone: show them before registering a second. */
export class DuplicatePhone extends WriteRefused {
  constructor(readonly existing: Patient[]) {
    super(
      'duplicate-phone',
      `${existing.map((p) => p.name).join(', ')} already uses this phone number. Open that record, or confirm this is a different person.`,
    );
  }
}

function build(input: PatientInput, ctx: WriteContext, base: Partial<Patient>): Patient {
  const phone = normalisePhone(input.phone, ctx.branch.phoneCountryCode);
  if (!phone.ok) throw new WriteRefused('invalid', `phone: ${phone.reason}`);
  const now = ctx.now();
  const doc = {
    id: newId(now),
    tenantId: ctx.branch.id,
    createdAt: now,
    totalVisits: 0,
    ...base,
    name: input.name.trim(),
    searchName: patientSearchKey(input.name),
    phone: phone.phone,
    updatedAt: Math.max(now, base.updatedAt ?? now),
    updatedBy: ctx.userId,
  };
  const email = input.email?.trim().toLowerCase();
  const notes = input.notes?.trim();
  const allergies = input.allergies?.trim();
  // Cleared fields are removed, not stored empty.
  doc.email = email || undefined;
  doc.notes = notes || undefined;
  doc.allergies = allergies || undefined;
  for (const key of Object.keys(doc) as (keyof Patient)[]) if (doc[key] === undefined) Reflect.deleteProperty(doc, key);
  const parsed = patientSchema.safeParse(doc);
  if (!parsed.success) throw new WriteRefused('invalid', describeProblems(parsed.error));
  const refusal = writeRefusal({
    collection: 'patients',
    role: ctx.role,
    before: base.id ? base : undefined,
    after: parsed.data,
    deleted: false,
    actingStaffIds: ctx.staffIds,
  });
  if (refusal) throw new WriteRefused('forbidden', refusal);
  return parsed.data;
}

async function samePhone(db: ClinicDatabase, tenantId: string, phone: string, except?: string): Promise<Patient[]> {
  const found = await db.patients.find({ selector: { tenantId, phone }, index: ['tenantId', 'phone'] }).exec();
  return found.filter((p) => p.id !== except).map((p) => p.toJSON() as Patient);
}

/** Registers a patient; a phone already in the branch is refused unless confirmed as a different person. */
export async function registerPatient(
  db: ClinicDatabase,
  input: PatientInput,
  ctx: WriteContext,
  confirmDuplicate = false,
): Promise<Patient> {
  const doc = build(input, ctx, {});
  const dupes = await samePhone(db, doc.tenantId, doc.phone);
  if (dupes.length > 0 && !confirmDuplicate) throw new DuplicatePhone(dupes);
  await db.patients.insert(doc);
  return doc;
}

export async function updatePatient(
  db: ClinicDatabase,
  id: string,
  input: PatientInput,
  ctx: WriteContext,
  confirmDuplicate = false,
): Promise<Patient> {
  const current = await db.patients.findOne(id).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-patient', 'That patient is not in this branch.');
  const before = current.toJSON() as Patient;
  const doc = build(input, ctx, before);
  if (doc.phone !== before.phone) {
    const dupes = await samePhone(db, doc.tenantId, doc.phone, id);
    if (dupes.length > 0 && !confirmDuplicate) throw new DuplicatePhone(dupes);
  }
  await current.incrementalModify(() => doc);
  return doc;
}

function joinText(a: string | undefined, b: string | undefined, max: number): string | undefined {
  const parts = [a?.trim(), b?.trim()].filter((x): x is string => !!x);
  const unique = parts.filter((x, i) => parts.indexOf(x) === i);
  return unique.length > 0 ? unique.join('\n').slice(0, max) : undefined;
}

/**
 * Two records of one person (found by a shared phone): the duplicate's bookings move to the kept
 * record, notes and allergies are kept from both, and the duplicate is removed.
 */
export async function mergePatients(
  db: ClinicDatabase,
  keepId: string,
  duplicateId: string,
  ctx: WriteContext,
): Promise<Patient> {
  if (keepId === duplicateId) throw new WriteRefused('invalid', 'Choose two different patient records to merge.');
  const [keep, dupe] = await Promise.all([db.patients.findOne(keepId).exec(), db.patients.findOne(duplicateId).exec()]);
  if (!keep || !dupe || keep.tenantId !== ctx.branch.id || dupe.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-patient', 'Both patients must be registered in this branch.');
  const a = keep.toJSON() as Patient;
  const b = dupe.toJSON() as Patient;
  const now = ctx.now();
  const merged: Patient = { ...a, updatedAt: Math.max(now, a.updatedAt), updatedBy: ctx.userId };
  merged.notes = joinText(a.notes, b.notes, 4000);
  merged.allergies = joinText(a.allergies, b.allergies, 1000);
  merged.email = a.email ?? b.email;
  merged.totalVisits = Math.min(100_000, a.totalVisits + b.totalVisits);
  merged.lastVisitAt = Math.max(a.lastVisitAt ?? 0, b.lastVisitAt ?? 0) || undefined;
  for (const key of Object.keys(merged) as (keyof Patient)[])
    if (merged[key] === undefined) Reflect.deleteProperty(merged, key);
  const parsed = patientSchema.safeParse(merged);
  if (!parsed.success) throw new WriteRefused('invalid', describeProblems(parsed.error));
  for (const target of [a, b]) {
    const refusal = writeRefusal({
      collection: 'patients',
      role: ctx.role,
      before: target,
      after: parsed.data,
      deleted: target === b,
      actingStaffIds: ctx.staffIds,
    });
    if (refusal) throw new WriteRefused('forbidden', refusal);
  }
  const bookings = await db.bookings
    .find({ selector: { tenantId: ctx.branch.id, patientId: b.id }, index: ['tenantId', 'patientId', 'startAt'] })
    .exec();
  for (const booking of bookings) {
    await booking.incrementalModify((d) => ({
      ...d,
      patientId: a.id,
      patientName: a.name,
      updatedAt: Math.max(now, d.updatedAt),
      updatedBy: ctx.userId,
    }));
  }
  await keep.incrementalModify(() => parsed.data);
  await dupe.incrementalModify((d) => ({ ...d, updatedAt: Math.max(now, d.updatedAt), updatedBy: ctx.userId }));
  await dupe.getLatest().remove();
  return parsed.data;
}
