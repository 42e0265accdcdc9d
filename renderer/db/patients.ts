import { newId } from '../../shared/ids';
import { normalisePhone } from '../../shared/rules/phone';
import { patientSearchKey } from '../../shared/rules/patient-search';
import { patientSchema, type Patient } from '../../shared/schemas/patient';
import { bookingSchema } from '../../shared/schemas/booking';
import { checkedWrite, writeFromCurrent, WriteRefused, type WriteContext } from './actor';
import type { ClinicDatabase } from './database';

export interface PatientInput {
  name: string;
  phone: string;
  email?: string;
  notes?: string;
  allergies?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  address?: string;
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

const FORM_FIELDS = ['name', 'phone', 'email', 'notes', 'allergies', 'dateOfBirth', 'address'] as const;

/** The form's values as the record stores them (phone normalised, text trimmed, empty left out). */
function formFields(input: PatientInput, ctx: WriteContext): Partial<Patient> {
  const phone = normalisePhone(input.phone, ctx.branch.phoneCountryCode, ctx.branch.phoneRegion);
  if (!phone.ok) throw new WriteRefused('invalid', `phone: ${phone.reason}`);
  const out: Partial<Patient> = { name: input.name.trim(), phone: phone.phone };
  const email = input.email?.trim().toLowerCase();
  const notes = input.notes?.trim();
  const allergies = input.allergies?.trim();
  const dateOfBirth = input.dateOfBirth?.trim();
  const address = input.address?.trim();
  if (email) out.email = email;
  if (notes) out.notes = notes;
  if (allergies) out.allergies = allergies;
  if (dateOfBirth) out.dateOfBirth = dateOfBirth;
  if (address) out.address = address;
  return out;
}

/** A version of the record: `fields` over `base`, stamped; cleared fields are removed, not stored empty. */
function build(
  fields: Partial<Patient>,
  cleared: readonly string[],
  ctx: WriteContext,
  base: Partial<Patient>,
): Patient {
  const now = ctx.now();
  const doc: Record<string, unknown> = {
    id: newId(now),
    tenantId: ctx.branch.id,
    createdAt: now,
    totalVisits: 0,
    ...base,
    ...fields,
    updatedAt: Math.max(now, base.updatedAt ?? now),
    updatedBy: ctx.userId,
  };
  for (const key of cleared) Reflect.deleteProperty(doc, key);
  if (typeof doc.name === 'string') doc.searchName = patientSearchKey(doc.name);
  return checkedWrite('patients', patientSchema, base.id ? base : undefined, doc, ctx);
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
  const fields = formFields(input, ctx);
  const dupes = await samePhone(db, ctx.branch.id, fields.phone ?? '');
  if (dupes.length > 0 && !confirmDuplicate) throw new DuplicatePhone(dupes);
  const doc = build({ ...fields, ...sharingWith(dupes) }, [], ctx, {});
  await db.patients.insert(doc);
  await explainSharing(db, dupes, doc, ctx);
  return doc;
}

/** The reason kept on a record confirmed as a different person on a phone others already use. */
function sharingWith(others: readonly Pick<Patient, 'name'>[]): Partial<Patient> {
  if (others.length === 0) return {};
  const names = others.map((p) => p.name).join(', ');
  return { sharedPhoneReason: `Shares the phone with ${names}; confirmed a different person.`.slice(0, 200) };
}

/**
 * The desk confirmed that `person` is someone else than the others on the phone: they get the reason
 * too (unless they have one), so the shared phone does not wait in Needs attention for a decision
 * already made.
 */
async function explainSharing(db: ClinicDatabase, others: readonly Patient[], person: Patient, ctx: WriteContext) {
  for (const other of others) {
    if (other.sharedPhoneReason) continue;
    const current = await db.patients.findOne(other.id).exec();
    if (!current) continue;
    await writeFromCurrent(current, (before) =>
      before.sharedPhoneReason ? null : build(sharingWith([person]), [], ctx, before),
    );
  }
}

/**
 * Saves an edit of a patient's details. Only the fields the person changed (against `opened`, the
 * version the form showed; by default the one stored when the call starts) are written, onto the
 * version stored at the moment of writing: a colleague's edit of another field is kept.
 */
export async function updatePatient(
  db: ClinicDatabase,
  id: string,
  input: PatientInput,
  ctx: WriteContext,
  confirmDuplicate = false,
  opened?: Patient,
): Promise<Patient> {
  const current = await db.patients.findOne(id).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-patient', 'That patient is not in this branch.');
  const basis = opened ?? (current.toJSON() as Patient);
  const wanted = formFields(input, ctx);
  const changed = FORM_FIELDS.filter((f) => wanted[f] !== basis[f]);
  let dupes: Patient[] = [];
  const saved = await writeFromCurrent(current, async (before) => {
    const fields = Object.fromEntries(changed.filter((f) => wanted[f] !== undefined).map((f) => [f, wanted[f]]));
    const cleared = changed.filter((f) => wanted[f] === undefined);
    if (changed.length === 0) return null;
    let doc = build(fields, cleared, ctx, before);
    if (doc.phone !== before.phone) {
      dupes = await samePhone(db, doc.tenantId, doc.phone, id);
      if (dupes.length > 0 && !confirmDuplicate) throw new DuplicatePhone(dupes);
      if (dupes.length > 0) doc = build({ ...fields, ...sharingWith(dupes) }, cleared, ctx, before);
    }
    return doc;
  });
  await explainSharing(db, dupes, saved, ctx);
  return saved;
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
  /** The kept record with the duplicate's details folded in, as a checked version. */
  const mergedFrom = (k: Patient, d: Patient): Patient => {
    const merged: Patient = { ...k, updatedAt: Math.max(now, k.updatedAt), updatedBy: ctx.userId };
    merged.notes = joinText(k.notes, d.notes, 4000);
    merged.allergies = joinText(k.allergies, d.allergies, 1000);
    merged.email = k.email ?? d.email;
    merged.totalVisits = Math.min(100_000, k.totalVisits + d.totalVisits);
    merged.lastVisitAt = Math.max(k.lastVisitAt ?? 0, d.lastVisitAt ?? 0) || undefined;
    for (const key of Object.keys(merged) as (keyof Patient)[])
      if (merged[key] === undefined) Reflect.deleteProperty(merged, key);
    return checkedWrite('patients', patientSchema, k, merged, ctx);
  };
  // Every check before the first write: both halves must be allowed.
  mergedFrom(a, b);
  checkedWrite('patients', patientSchema, b, { ...b, updatedAt: now, updatedBy: ctx.userId }, ctx, { deleted: true });
  const bookings = await db.bookings
    .find({ selector: { tenantId: ctx.branch.id, patientId: b.id }, index: ['tenantId', 'patientId', 'startAt'] })
    .exec();
  for (const booking of bookings) {
    await writeFromCurrent(booking, (d) =>
      checkedWrite(
        'bookings',
        bookingSchema,
        d,
        { ...d, patientId: a.id, patientName: a.name, updatedAt: Math.max(now, d.updatedAt), updatedBy: ctx.userId },
        ctx,
      ),
    );
  }
  const saved = await writeFromCurrent(keep, (current) => mergedFrom(current, b));
  await writeFromCurrent(dupe, (d) => ({
    ...checkedWrite(
      'patients',
      patientSchema,
      d,
      { ...d, updatedAt: Math.max(now, d.updatedAt), updatedBy: ctx.userId },
      ctx,
      {
        deleted: true,
      },
    ),
    _deleted: true,
  }));
  return saved;
}
