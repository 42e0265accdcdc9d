import { z } from 'zod';
import { baseFields, clockTimeSchema, idSchema, localDateSchema, nameSchema, updatedNotBeforeCreated } from './common';
import { clockToMinutes } from '../rules/time-zone';

const periodSchema = z
  .strictObject({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((p) => clockToMinutes(p.start) < clockToMinutes(p.end), {
    message: 'must end after it starts',
    path: ['end'],
  });

export const workingDaySchema = z
  .strictObject({
    /** 0 = Sunday … 6 = Saturday, in the branch's time zone. */
    weekday: z
      .int('must be a whole number')
      .min(0, 'must be 0 (Sunday) to 6 (Saturday)')
      .max(6, 'must be 0 (Sunday) to 6 (Saturday)'),
    start: clockTimeSchema,
    end: clockTimeSchema,
    breaks: z.array(periodSchema).max(6, 'must have at most 6 breaks'),
  })
  .superRefine((day, ctx) => {
    const start = clockToMinutes(day.start);
    const end = clockToMinutes(day.end);
    if (start >= end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    day.breaks.forEach((b, i) => {
      if (clockToMinutes(b.start) < start || clockToMinutes(b.end) > end) {
        ctx.addIssue({ code: 'custom', path: ['breaks', i], message: 'must lie inside the working hours' });
      }
    });
  });

export const staffSchema = z
  .strictObject({
    ...baseFields,
    name: nameSchema,
    /** Job title, such as Therapist or Doctor. */
    role: z.string().trim().min(1, 'is required').max(60, 'must be at most 60 characters'),
    skills: z
      .array(z.string().min(1, 'must not be empty').max(60, 'must be at most 60 characters'))
      .max(50, 'must have at most 50 skills'),
    workingHours: z.array(workingDaySchema).max(7, 'must have at most one entry per weekday'),
    daysOff: z.array(localDateSchema).max(400, 'must list at most 400 days off'),
    rating: z.number('must be a number').min(0, 'must be 0 to 5').max(5, 'must be 0 to 5'),
    avatar: z.string().max(2048, 'must be at most 2048 characters').optional(),
    isActive: z.boolean('must be true or false'),
    userId: idSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    updatedNotBeforeCreated(doc, ctx);
    const seen = new Set<number>();
    doc.workingHours.forEach((d, i) => {
      if (seen.has(d.weekday)) {
        ctx.addIssue({ code: 'custom', path: ['workingHours', i, 'weekday'], message: 'must appear only once' });
      }
      seen.add(d.weekday);
    });
  });

export type Staff = z.infer<typeof staffSchema>;
export type WorkingDay = z.infer<typeof workingDaySchema>;
