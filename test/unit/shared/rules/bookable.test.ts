import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../../../shared/demo/generate';
import { freeSlots, withinWorkingHours } from '../../../../shared/rules/availability';
import { bookableRefusal, MAX_AHEAD_MS, overridableIn, PAST_GRACE_MS } from '../../../../shared/rules/bookable';
import { addDays, zonedToUtc } from '../../../../shared/rules/time-zone';
import { nextFreeTherapist } from '../../../../renderer/db/walk-ins';

const data = generateDataset({ seed: 12, patients: 5, bookings: 0 });
const branch = data.tenants[0]!;
const ZONE = branch.timeZone;
const staff = data.staff.filter((s) => s.tenantId === branch.id);
const treatments = data.treatments.filter((t) => t.tenantId === branch.id && t.isActive);
const NOW = zonedToUtc('2027-03-01', 8 * 60, ZONE);

const day = fc.integer({ min: 1, max: 14 }).map((d) => addDays('2027-03-01', d));
const person = fc.constantFrom(...staff);
const treatment = fc.constantFrom(...treatments);
const minuteOfDay = fc.integer({ min: 0, max: 24 * 4 - 1 }).map((q) => q * 15);

describe('bookings that cannot happen', () => {
  it('refuses a time outside the person’s hours or in a break, and only then, when nothing else is wrong', () => {
    fc.assert(
      fc.property(day, minuteOfDay, person, treatment, (date, minute, s, t) => {
        const startAt = zonedToUtc(date, minute, ZONE);
        const interval = { startAt, endAt: startAt + t.durationMin * 60_000 };
        const qualified = { ...t, assignedStaff: [s.id] };
        const refusal = bookableRefusal({ interval, staff: s, treatment: qualified, branch, now: NOW });
        const inside = withinWorkingHours(s, interval, ZONE);
        if (!s.isActive) expect(refusal?.problem).toBe('staff-inactive');
        else if (inside) expect(refusal).toBeNull();
        else {
          expect(refusal?.problem).toBe('outside-hours');
          expect(refusal?.sentence).toMatch(new RegExp(`^${s.name} (works|is not working)`));
        }
      }),
    );
  });

  it('refuses whoever does not give the treatment, at any time', () => {
    fc.assert(
      fc.property(day, minuteOfDay, person, treatment, (date, minute, s, t) => {
        const startAt = zonedToUtc(date, minute, ZONE);
        const others = { ...t, assignedStaff: staff.filter((x) => x.id !== s.id).map((x) => x.id) };
        const refusal = bookableRefusal({
          interval: { startAt, endAt: startAt + t.durationMin * 60_000 },
          staff: { ...s, isActive: true },
          treatment: others,
          branch,
          now: NOW,
        });
        expect(refusal?.problem).toBe('unqualified');
        expect(refusal?.sentence).toBe(`${s.name} does not give ${t.name}. Choose someone who does.`);
      }),
    );
  });

  it('refuses a time already past beyond the grace, a date before the branch opened or over two years ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * 24 * 60, max: 3 * 366 * 24 * 60 }), (offsetMin) => {
        const startAt = NOW + offsetMin * 60_000;
        const refusal = bookableRefusal({
          interval: { startAt, endAt: startAt + 30 * 60_000 },
          staff: { ...staff[0]!, isActive: true },
          treatment: { name: 'Any', assignedStaff: [] },
          branch: { createdAt: NOW - 24 * 60 * 60_000 * 3, timeZone: ZONE },
          now: NOW,
        });
        if (startAt < NOW - 24 * 60 * 60_000 * 4) expect(refusal?.problem).toBe('before-branch');
        else if (startAt > NOW + MAX_AHEAD_MS) expect(refusal?.problem).toBe('too-far-ahead');
        else if (startAt < NOW - PAST_GRACE_MS) expect(refusal?.problem).toBe('in-past');
        else expect(['outside-hours', undefined]).toContain(refusal?.problem);
        // A reason lets through a past visit (entered afterwards) in any branch, and outside working hours
        // only where the branch warns; a date no visit can have, never.
        if (refusal) {
          const passes = (policy: 'refuse' | 'warn') => overridableIn(refusal, policy);
          if (refusal.problem === 'in-past') expect([passes('refuse'), passes('warn')]).toEqual([true, true]);
          else if (refusal.problem === 'outside-hours')
            expect([passes('refuse'), passes('warn')]).toEqual([false, true]);
          else expect([passes('refuse'), passes('warn')]).toEqual([false, false]);
        }
      }),
    );
  });

  it('never questions the time again when only the person changes (a late walk-in can be reassigned)', () => {
    const s = {
      ...staff[0]!,
      isActive: true,
      workingHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '23:45', breaks: [] })),
      daysOff: [],
    };
    const startAt = NOW - 2 * 60 * 60_000;
    const query = {
      interval: { startAt, endAt: startAt + 30 * 60_000 },
      staff: s,
      treatment: { name: 'Any', assignedStaff: [] },
      branch,
      now: NOW,
    };
    expect(bookableRefusal(query)?.problem).toBe('in-past');
    expect(bookableRefusal({ ...query, timeChanged: false })).toBeNull();
  });

  it('offers only times that can be booked: every free slot and every walk-in pick passes the rules', () => {
    fc.assert(
      fc.property(day, treatment, fc.integer({ min: 0, max: 16 * 60 }), (date, t, minute) => {
        const now = zonedToUtc(date, 6 * 60 + minute, ZONE);
        for (const slot of freeSlots({ date, timeZone: ZONE, treatment: t, staff, bookings: [], notBefore: now })) {
          const s = staff.find((x) => x.id === slot.staffId)!;
          expect(bookableRefusal({ interval: slot, staff: s, treatment: t, branch, now })).toBeNull();
        }
        const pick = nextFreeTherapist(t, staff, [], now, ZONE);
        if (pick) {
          const s = staff.find((x) => x.id === pick.staffId)!;
          const interval = { startAt: pick.startAt, endAt: pick.startAt + t.durationMin * 60_000 };
          expect(bookableRefusal({ interval, staff: s, treatment: t, branch, now })).toBeNull();
        }
      }),
      { numRuns: 60 },
    );
  });
});
