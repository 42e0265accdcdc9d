import { describe, expect, it } from 'vitest';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionName } from '../../../shared/collections';
import { parseWith } from '../../../shared/validation';
import { generateDataset } from '../../../shared/demo/generate';

const data = generateDataset({ seed: 3, patients: 20, bookings: 2_000 });
const sample = (name: CollectionName): Record<string, unknown> => ({ ...(data[name][0] as object) });
const completed = data.bookings.find((b) => b.status === 'completed')!;

/** One broken record per entity (and per cross-field rule), with the field and rule the message must name. */
const CASES: {
  name: CollectionName;
  label: string;
  doc: () => Record<string, unknown>;
  field: string;
  rule: RegExp;
}[] = [
  {
    name: 'organisations',
    label: 'empty name',
    doc: () => ({ ...sample('organisations'), name: ' ' }),
    field: 'name',
    rule: /is required/,
  },
  {
    name: 'users',
    label: 'password hash (credentials never travel)',
    doc: () => ({ ...sample('users'), passwordHash: 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==' }),
    field: '(document)',
    rule: /Unrecognized key: "passwordHash"/,
  },
  {
    name: 'users',
    label: 'bad email',
    doc: () => ({ ...sample('users'), email: 'not-an-email' }),
    field: 'email',
    rule: /email address/,
  },
  {
    name: 'tenants',
    label: 'unknown zone',
    doc: () => ({ ...sample('tenants'), timeZone: 'Mars/Olympus' }),
    field: 'timeZone',
    rule: /IANA time zone/,
  },
  {
    name: 'tenants',
    label: 'bad slug',
    doc: () => ({ ...sample('tenants'), slug: 'Jakarta South' }),
    field: 'slug',
    rule: /lower-case/,
  },
  {
    name: 'tenants',
    label: 'bad colour',
    doc: () => ({
      ...sample('tenants'),
      config: { ...data.tenants[0]!.config, theme: { primaryColor: 'purple', secondaryColor: '#EC4899' } },
    }),
    field: 'config.theme.primaryColor',
    rule: /colour like/,
  },
  {
    name: 'tenants',
    label: 'phone region of another calling code',
    doc: () => ({ ...sample('tenants'), phoneRegion: 'AU' }),
    field: 'phoneRegion',
    rule: /country of calling code \+62/,
  },
  {
    name: 'tenants',
    label: 'unknown phone region',
    doc: () => ({ ...sample('tenants'), phoneRegion: 'ZZ' }),
    field: 'phoneRegion',
    rule: /phone numbering plan/,
  },
  {
    name: 'memberships',
    label: 'unknown role',
    doc: () => ({ ...sample('memberships'), role: 'janitor' }),
    field: 'role',
    rule: /owner, admin, frontdesk or therapist/,
  },
  {
    name: 'patients',
    label: 'short phone',
    doc: () => ({ ...sample('patients'), phone: '0812' }),
    field: 'phone',
    rule: /8 to 15 digits/,
  },
  {
    name: 'patients',
    label: 'a date of birth that is no day',
    doc: () => ({ ...sample('patients'), dateOfBirth: '1990-02-30' }),
    field: 'dateOfBirth',
    rule: /must be a real date from 1900 on/,
  },
  {
    name: 'patients',
    label: 'a date of birth in the future',
    doc: () => ({ ...sample('patients'), dateOfBirth: '2999-01-01' }),
    field: 'dateOfBirth',
    rule: /must not be in the future/,
  },
  {
    name: 'patients',
    label: 'negative visits',
    doc: () => ({ ...sample('patients'), totalVisits: -1 }),
    field: 'totalVisits',
    rule: /must not be negative/,
  },
  {
    name: 'staff',
    label: 'rating over 5',
    doc: () => ({ ...sample('staff'), rating: 6 }),
    field: 'rating',
    rule: /0 to 5/,
  },
  {
    name: 'staff',
    label: 'break outside hours',
    doc: () => ({
      ...sample('staff'),
      workingHours: [{ weekday: 1, start: '09:00', end: '12:00', breaks: [{ start: '13:00', end: '14:00' }] }],
    }),
    field: 'workingHours.0.breaks.0',
    rule: /inside the working hours/,
  },
  {
    name: 'treatments',
    label: 'too long',
    doc: () => ({ ...sample('treatments'), durationMin: 481 }),
    field: 'durationMin',
    rule: /15 to 480 minutes/,
  },
  {
    name: 'treatments',
    label: 'fractional price',
    doc: () => ({ ...sample('treatments'), price: 10.5 }),
    field: 'price',
    rule: /whole amount in the minor unit/,
  },
  {
    name: 'bookings',
    label: 'ends before it starts',
    doc: () => ({ ...completed, endAt: completed.startAt - 60_000 }),
    field: 'endAt',
    rule: /after startAt/,
  },
  {
    name: 'bookings',
    label: 'unknown status',
    doc: () => ({ ...completed, status: 'done' }),
    field: 'status',
    rule: /must be one of pending/,
  },
  {
    name: 'bookings',
    label: 'walk-in without ticket',
    doc: () => ({ ...completed, source: 'walk-in', ticket: undefined }),
    field: 'ticket',
    rule: /required for a walk-in/,
  },
  {
    name: 'bookings',
    label: 'paid twice with one key',
    doc: () => ({ ...completed, payments: [completed.payments[0], completed.payments[0]] }),
    field: 'payments.1.idempotencyKey',
    rule: /already recorded/,
  },
  {
    name: 'bookings',
    label: 'refunded more than was paid',
    doc: () => ({
      ...completed,
      paymentStatus: 'unpaid',
      payments: [
        ...completed.payments,
        {
          ...completed.payments[0]!,
          idempotencyKey: 'refund-000001',
          amount: completed.payments.reduce((sum, p) => sum + p.amount, 0) + 1,
          refundReason: 'Cancelled by the clinic',
        },
      ],
    }),
    field: `payments.${completed.payments.length}.amount`,
    rule: /must not refund more than was paid/,
  },
  {
    name: 'bookings',
    label: 'refund without a reason',
    doc: () => ({
      ...completed,
      payments: [
        ...completed.payments,
        { ...completed.payments[0]!, idempotencyKey: 'refund-000001', refundReason: ' ' },
      ],
    }),
    field: `payments.${completed.payments.length}.refundReason`,
    rule: /must say why/,
  },
  {
    name: 'bookings',
    label: 'unknown field',
    doc: () => ({ ...completed, discount: 5 }),
    field: '(document)',
    rule: /discount/,
  },
  {
    name: 'conflicts',
    label: 'resolved without a time',
    doc: () => ({
      id: data.bookings[0]!.id,
      tenantId: data.tenants[0]!.id,
      createdAt: 1,
      updatedAt: 1,
      updatedBy: data.users[0]!.id,
      kind: 'merge',
      entity: 'bookings',
      documentId: data.bookings[0]!.id,
      fields: ['notes'],
      losing: '{}',
      status: 'resolved',
    }),
    field: 'resolvedAt',
    rule: /required once resolved/,
  },
];

describe('entity schemas', () => {
  it.each(CASES)('refuses a $name record with $label, naming the field and the rule', ({ name, doc, field, rule }) => {
    const result = parseWith(COLLECTIONS[name].schema, doc());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.field === field);
    expect(problem, `problems were ${result.message}`).toBeDefined();
    expect(problem!.message).toMatch(rule);
    expect(result.message).toContain(`${field}: `);
  });

  it('says a missing field is required', () => {
    const { name: _name, ...rest } = sample('patients');
    const result = parseWith(COLLECTIONS.patients.schema, rest);
    expect(result.ok ? '' : result.message).toContain('name: is required');
  });

  it('covers every collection with at least one refused record', () => {
    expect(new Set(CASES.map((c) => c.name))).toEqual(new Set(COLLECTION_NAMES));
  });

  it('refuses a document whose updatedAt is before createdAt, in every collection', () => {
    for (const name of COLLECTION_NAMES.filter((n) => data[n].length > 0)) {
      const doc = { ...sample(name), updatedAt: 0, createdAt: 1_000 };
      const result = parseWith(COLLECTIONS[name].schema, doc);
      expect(result.ok ? '' : result.message).toContain('updatedAt: must not be before createdAt');
    }
  });
});
