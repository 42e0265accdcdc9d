import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeSlots, qualifiedStaff, workingWindows } from '../../../../shared/rules/availability';
import { holdsTime, intervalsOverlap, type ClashFields } from '../../../../shared/rules/clash';
import {
  clockToMinutes,
  localDateOf,
  localMinutesOf,
  minutesToClock,
  zonedToUtc,
} from '../../../../shared/rules/time-zone';
import { BOOKING_STATUSES } from '../../../../shared/schemas/booking';
import type { WorkingDay } from '../../../../shared/schemas/staff';

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Europe/London', 'America/New_York'];
const DATE = '2026-11-23'; // a Monday

const arbDay = fc
  .record({
    start: fc.integer({ min: 6 * 4, max: 12 * 4 }),
    length: fc.integer({ min: 4 * 4, max: 10 * 4 }),
    breakAt: fc.integer({ min: 1, max: 15 }),
    breakLength: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ start, length, breakAt, breakLength }): WorkingDay => {
    const s = start * 15;
    const e = s + length * 15;
    const bs = Math.min(s + breakAt * 15, e - 30);
    const be = Math.min(bs + breakLength * 15, e - 15);
    return {
      weekday: 1,
      start: minutesToClock(s),
      end: minutesToClock(e),
      breaks: [{ start: minutesToClock(bs), end: minutesToClock(be) }],
    };
  });

describe('free slots', () => {
  it('never offers a slot outside working hours, inside a break or over a booking', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        arbDay,
        fc.integer({ min: 15, max: 240 }),
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 96 }),
            len: fc.integer({ min: 1, max: 16 }),
            status: fc.constantFrom(...BOOKING_STATUSES),
          }),
          { maxLength: 6 },
        ),
        (zone, day, duration, raw) => {
          const staff = { id: 's1', isActive: true, workingHours: [day], daysOff: [] };
          const bookings: ClashFields[] = raw.map((r, i) => ({
            id: `b${i}`,
            staffId: 's1',
            patientId: `p${i}`,
            startAt: zonedToUtc(DATE, r.at * 15, zone),
            endAt: zonedToUtc(DATE, (r.at + r.len) * 15, zone),
            status: r.status,
          }));
          const slots = freeSlots({
            date: DATE,
            timeZone: zone,
            treatment: { durationMin: duration, assignedStaff: [] },
            staff: [staff],
            bookings,
          });
          const brk = day.breaks[0]!;
          for (const slot of slots) {
            expect(localDateOf(slot.startAt, zone)).toBe(DATE);
            const from = localMinutesOf(slot.startAt, zone);
            const to = from + duration;
            expect(from).toBeGreaterThanOrEqual(clockToMinutes(day.start));
            expect(to).toBeLessThanOrEqual(clockToMinutes(day.end));
            expect(intervalsOverlap(from, to, clockToMinutes(brk.start), clockToMinutes(brk.end))).toBe(false);
            expect(slot.endAt - slot.startAt).toBe(duration * 60_000);
            for (const b of bookings) {
              if (holdsTime(b.status))
                expect(intervalsOverlap(slot.startAt, slot.endAt, b.startAt, b.endAt)).toBe(false);
            }
          }
        },
      ),
    );
  });

  it('offers every free quarter hour of a plain day, and nothing on a day off', () => {
    const staff = {
      id: 's1',
      isActive: true,
      workingHours: [{ weekday: 1, start: '09:00', end: '12:00', breaks: [] }],
      daysOff: [] as string[],
    };
    const slots = freeSlots({
      date: DATE,
      timeZone: 'Asia/Jakarta',
      treatment: { durationMin: 60, assignedStaff: [] },
      staff: [staff],
      bookings: [],
    });
    expect(slots.map((s) => minutesToClock(localMinutesOf(s.startAt, 'Asia/Jakarta')))).toEqual([
      '09:00',
      '09:15',
      '09:30',
      '09:45',
      '10:00',
      '10:15',
      '10:30',
      '10:45',
      '11:00',
    ]);
    staff.daysOff = [DATE];
    expect(
      freeSlots({
        date: DATE,
        timeZone: 'Asia/Jakarta',
        treatment: { durationMin: 60, assignedStaff: [] },
        staff: [staff],
        bookings: [],
      }),
    ).toEqual([]);
  });

  it('offers the slot a cancelled booking freed, and skips times the patient is busy elsewhere', () => {
    const zone = 'Asia/Makassar';
    const mk = (id: string) => ({
      id,
      isActive: true,
      workingHours: [{ weekday: 1, start: '10:00', end: '11:00', breaks: [] }],
      daysOff: [],
    });
    const taken: ClashFields = {
      id: 'b',
      staffId: 's1',
      patientId: 'p9',
      startAt: zonedToUtc(DATE, 600, zone),
      endAt: zonedToUtc(DATE, 660, zone),
      status: 'cancelled',
    };
    const q = {
      date: DATE,
      timeZone: zone,
      treatment: { durationMin: 60, assignedStaff: ['s1', 's2'] },
      staff: [mk('s1'), mk('s2'), mk('s3')],
      bookings: [taken],
    };
    expect(freeSlots(q).map((s) => s.staffId)).toEqual(['s1', 's2']);
    expect(freeSlots({ ...q, bookings: [{ ...taken, status: 'confirmed' }], patientId: 'p9' })).toEqual([]);
  });

  it('offers only active staff assigned to the treatment', () => {
    const staff = [
      { id: 'a', isActive: true },
      { id: 'b', isActive: false },
      { id: 'c', isActive: true },
    ];
    expect(qualifiedStaff({ assignedStaff: ['a', 'b'] }, staff).map((s) => s.id)).toEqual(['a']);
    expect(qualifiedStaff({ assignedStaff: [] }, staff).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('places working hours in the branch zone: 09:00 in Jakarta is an hour after 09:00 in Bali', () => {
    const s = { workingHours: [{ weekday: 1, start: '09:00', end: '10:00', breaks: [] }], daysOff: [] };
    const jakarta = workingWindows(s, DATE, 'Asia/Jakarta')[0]!;
    const bali = workingWindows(s, DATE, 'Asia/Makassar')[0]!;
    expect(jakarta.startAt - bali.startAt).toBe(3_600_000);
    expect(new Date(jakarta.startAt).toISOString()).toBe('2026-11-23T02:00:00.000Z');
  });
});
