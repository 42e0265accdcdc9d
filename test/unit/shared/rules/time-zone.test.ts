import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayRange,
  localDateOf,
  localMinutesOf,
  overlapsDay,
  weekdayOf,
  zonedToUtc,
} from '../../../../shared/rules/time-zone';

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];
const arbDate = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2024-01-01', n));

describe('branch time zones', () => {
  it('keeps Jakarta (UTC+7) and Bali (UTC+8) apart', () => {
    expect(dayRange('2026-11-22', 'Asia/Jakarta')).toEqual({
      startAt: Date.UTC(2026, 10, 21, 17),
      endAt: Date.UTC(2026, 10, 22, 17),
    });
    expect(dayRange('2026-11-22', 'Asia/Makassar')).toEqual({
      startAt: Date.UTC(2026, 10, 21, 16),
      endAt: Date.UTC(2026, 10, 22, 16),
    });
    const instant = Date.UTC(2026, 10, 22, 16, 30);
    expect(localDateOf(instant, 'Asia/Jakarta')).toBe('2026-11-22');
    expect(localDateOf(instant, 'Asia/Makassar')).toBe('2026-11-23');
  });

  it('round-trips a wall-clock time on any day in any zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        arbDate,
        fc.integer({ min: 4 * 60, max: 23 * 60 + 59 }),
        (zone, date, minutes) => {
          const at = zonedToUtc(date, minutes, zone);
          expect(localDateOf(at, zone)).toBe(date);
          expect(localMinutesOf(at, zone)).toBe(minutes);
        },
      ),
    );
  });

  it('makes consecutive days meet exactly, 23 to 25 hours long across daylight saving', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), arbDate, (zone, date) => {
        const today = dayRange(date, zone);
        const tomorrow = dayRange(addDays(date, 1), zone);
        expect(today.endAt).toBe(tomorrow.startAt);
        const hours = (today.endAt - today.startAt) / 3_600_000;
        expect(hours).toBeGreaterThanOrEqual(23);
        expect(hours).toBeLessThanOrEqual(25);
      }),
    );
    const spring = dayRange('2026-03-29', 'Europe/London');
    expect(spring.endAt - spring.startAt).toBe(23 * 3_600_000);
  });

  it('puts a booking across midnight on both days', () => {
    const zone = 'Asia/Jakarta';
    const start = zonedToUtc('2026-11-22', 23 * 60, zone);
    const end = zonedToUtc('2026-11-23', 60, zone);
    expect(overlapsDay(start, end, '2026-11-22', zone)).toBe(true);
    expect(overlapsDay(start, end, '2026-11-23', zone)).toBe(true);
    expect(overlapsDay(start, end, '2026-11-24', zone)).toBe(false);
  });

  it('knows the weekday of a date', () => {
    expect(weekdayOf('2026-11-22')).toBe(0);
    expect(weekdayOf('2026-11-23')).toBe(1);
  });
});
