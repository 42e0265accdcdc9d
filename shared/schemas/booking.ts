import { z } from 'zod';
import { baseFields, idSchema, nameSchema, notesSchema, timestampSchema, updatedNotBeforeCreated } from './common';
import { clashWithSchema } from './patient';
import { MAX_TREATMENT_MINUTES, MIN_TREATMENT_MINUTES, moneySchema } from './treatment';
import { RECEIPT_PATTERN } from '../rules/receipt';
import { TICKET_PATTERN } from '../rules/walk-in';

export const BOOKING_STATUSES = [
  'pending',
  'confirmed',
  'checked-in',
  'in-progress',
  'completed',
  'cancelled',
  'no-show',
] as const;
export const BOOKING_SOURCES = ['walk-in', 'online', 'phone', 'front-desk'] as const;
export const PAYMENT_STATUSES = ['unpaid', 'deposit', 'paid'] as const;
export const PAYMENT_METHODS = ['cash', 'card', 'transfer', 'e-wallet', 'voucher'] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingSource = (typeof BOOKING_SOURCES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const paymentSchema = z
  .strictObject({
    method: z.enum(PAYMENT_METHODS, `must be one of ${PAYMENT_METHODS.join(', ')}`),
    amount: moneySchema.refine((v) => v > 0, 'must be more than zero'),
    at: timestampSchema,
    /** Made once per checkout attempt, so a retried payment is recognised and never recorded twice. */
    idempotencyKey: z.string().min(8, 'must be at least 8 characters').max(64, 'must be at most 64 characters'),
    /**
     * Set on money given back: a refund is a new entry with its reason, so the payment it undoes stays
     * recorded as it was (history is never rewritten).
     */
    refundReason: z
      .string()
      .trim()
      .min(3, 'must say why, in at least 3 characters')
      .max(500, 'must be at most 500 characters')
      .optional(),
    /** Cash handed over when it was more than the amount: the change given is the difference. */
    tendered: moneySchema.optional(),
    /** This payment's receipt: the terminal's prefix and its own running number, so no two ever match. */
    receiptNo: z.string().regex(RECEIPT_PATTERN, 'must be a receipt number like A-000042').optional(),
  })
  .superRefine((p, ctx) => {
    if (p.tendered === undefined) return;
    if (p.method !== 'cash') ctx.addIssue({ code: 'custom', path: ['tendered'], message: 'is only for cash' });
    else if (p.tendered <= p.amount)
      ctx.addIssue({ code: 'custom', path: ['tendered'], message: 'must be more than the amount, or left out' });
    if (p.refundReason !== undefined)
      ctx.addIssue({ code: 'custom', path: ['tendered'], message: 'is not given on a refund' });
  });

/** An appointment happens in this century: 1970 or the year 275760 is a bug or an attack, not a visit. */
const EARLIEST_APPOINTMENT = Date.UTC(2000, 0, 1);
const LATEST_APPOINTMENT = Date.UTC(2100, 0, 1);
const appointmentTimeSchema = timestampSchema
  .min(EARLIEST_APPOINTMENT, 'must be in the year 2000 or later')
  .max(LATEST_APPOINTMENT, 'must be before the year 2100');

const CHECKED_IN_STATUSES: readonly BookingStatus[] = ['checked-in', 'in-progress', 'completed'];

export const bookingSchema = z
  .strictObject({
    ...baseFields,
    patientId: idSchema,
    /** Cached so lists and the day board never need a join. */
    patientName: nameSchema,
    staffId: idSchema,
    treatmentId: idSchema,
    startAt: appointmentTimeSchema,
    endAt: appointmentTimeSchema,
    status: z.enum(BOOKING_STATUSES, `must be one of ${BOOKING_STATUSES.join(', ')}`),
    source: z.enum(BOOKING_SOURCES, `must be one of ${BOOKING_SOURCES.join(', ')}`),
    /** What the treatment cost when booked, in the branch currency's minor unit. */
    price: moneySchema,
    paymentStatus: z.enum(PAYMENT_STATUSES, `must be one of ${PAYMENT_STATUSES.join(', ')}`),
    payments: z.array(paymentSchema).max(20, 'must have at most 20 payments'),
    notes: notesSchema.optional(),
    treatmentNotes: notesSchema.optional(),
    /** Walk-in ticket such as A-007: terminal prefix and a per-branch, per-day number. */
    ticket: z.string().regex(TICKET_PATTERN, 'must be a ticket like A-007').optional(),
    checkedInAt: timestampSchema.optional(),
    /** Why a clash was accepted where the branch's overlap policy is "warn". */
    overlapReason: z
      .string()
      .trim()
      .min(3, 'must say why, in at least 3 characters')
      .max(500, 'must be at most 500 characters')
      .optional(),
    /**
     * Why a booking the rules would refuse was made anyway: a past visit entered after it happened, or
     * outside working hours where the branch's policy is "warn".
     */
    overrideReason: z
      .string()
      .trim()
      .min(3, 'must say why, in at least 3 characters')
      .max(500, 'must be at most 500 characters')
      .optional(),
    cancelReason: z.string().max(500, 'must be at most 500 characters').optional(),
    /** Set by the sync server: active bookings this one clashes with. */
    clashWith: clashWithSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    updatedNotBeforeCreated(doc, ctx);
    const minutes = (doc.endAt - doc.startAt) / 60_000;
    if (doc.endAt <= doc.startAt) {
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after startAt' });
    } else if (minutes < MIN_TREATMENT_MINUTES || minutes > MAX_TREATMENT_MINUTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['endAt'],
        message: `must be ${MIN_TREATMENT_MINUTES} to ${MAX_TREATMENT_MINUTES} minutes after startAt`,
      });
    }
    if (doc.source === 'walk-in' && doc.ticket === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ticket'], message: 'is required for a walk-in' });
    }
    if (doc.source !== 'walk-in' && doc.ticket !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['ticket'], message: 'is only for walk-ins' });
    }
    if (CHECKED_IN_STATUSES.includes(doc.status) && doc.checkedInAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['checkedInAt'], message: `is required once a booking is ${doc.status}` });
    }
    // Refunds come after what they give back, and never more than was paid so far.
    let paid = 0;
    let kept = 0;
    doc.payments.forEach((p, i) => {
      if (p.refundReason === undefined) paid += p.amount;
      kept += p.refundReason === undefined ? p.amount : -p.amount;
      if (kept < 0)
        ctx.addIssue({
          code: 'custom',
          path: ['payments', i, 'amount'],
          message: 'must not refund more than was paid',
        });
    });
    if (doc.paymentStatus === 'unpaid' && paid > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['paymentStatus'],
        message: 'must not be unpaid when payments are recorded',
      });
    }
    if (doc.paymentStatus !== 'unpaid' && paid === 0) {
      ctx.addIssue({ code: 'custom', path: ['payments'], message: `must record a payment when ${doc.paymentStatus}` });
    }
    const keys = new Set<string>();
    doc.payments.forEach((p, i) => {
      if (keys.has(p.idempotencyKey)) {
        ctx.addIssue({
          code: 'custom',
          path: ['payments', i, 'idempotencyKey'],
          message: 'must be unique: this payment is already recorded',
        });
      }
      keys.add(p.idempotencyKey);
    });
  });

export type Booking = z.infer<typeof bookingSchema>;
export type Payment = z.infer<typeof paymentSchema>;
