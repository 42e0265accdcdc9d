/**
 * Wall-clock arithmetic in a branch's IANA time zone, on UTC milliseconds. Built on Intl only, so it
 * works the same in the renderer, the server and tests. Jakarta (UTC+7) and Bali (UTC+8) have no
 * daylight saving, but nothing here assumes that.
 */
const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

// Zone offsets only change on quarter-hour boundaries, so one lookup per zone and quarter hour is
// enough; Intl formatting is by far the slowest step of day-board and availability maths.
const QUARTER_HOUR = 900_000;
const offsetCache = new Map<string, number>();

/** Offset of the zone from UTC at that instant, in milliseconds (Jakarta: +7 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const w = wallClock(bucket, timeZone);
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - bucket;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The branch-local calendar date (YYYY-MM-DD) of an instant. */
export function localDateOf(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Minutes since branch-local midnight of an instant (0–1439). */
export function localMinutesOf(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return w.hour * 60 + w.minute;
}

function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date like 2026-11-22: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** 0 = Sunday … 6 = Saturday for a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The instant a branch-local wall time happens (minutes since local midnight on that date). */
export function zonedToUtc(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = parseDate(date);
  const guess = Date.UTC(y, m - 1, d) + minutes * MINUTE;
  const first = guess - zoneOffsetMs(guess, timeZone);
  const second = guess - zoneOffsetMs(first, timeZone);
  return second;
}

/** A branch-local day as a half-open UTC interval [startAt, endAt). */
export function dayRange(date: string, timeZone: string): { startAt: number; endAt: number } {
  return { startAt: zonedToUtc(date, 0, timeZone), endAt: zonedToUtc(addDays(date, 1), 0, timeZone) };
}

/** Whether an interval touches a branch-local day (a booking across midnight belongs to both). */
export function overlapsDay(startAt: number, endAt: number, date: string, timeZone: string): boolean {
  const day = dayRange(date, timeZone);
  return startAt < day.endAt && day.startAt < endAt;
}

export function clockToMinutes(clock: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) throw new RangeError(`not a time like 09:30: ${clock}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function minutesToClock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
