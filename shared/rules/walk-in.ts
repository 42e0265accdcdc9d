/**
 * Walk-in tickets: a terminal prefix (given at enrolment, unique per branch) and a number that counts
 * up per branch-local day on that terminal, e.g. A-007. Two terminals offline at the same time can
 * never issue the same ticket because their prefixes differ.
 */
export const TICKET_PATTERN = /^[A-Z]{1,2}-\d{3,4}$/;
export const TERMINAL_PREFIX_PATTERN = /^[A-Z]{1,2}$/;

export function formatTicket(prefix: string, number: number): string {
  if (!TERMINAL_PREFIX_PATTERN.test(prefix))
    throw new RangeError(`terminal prefix must be one or two capital letters: ${prefix}`);
  if (!Number.isInteger(number) || number < 1 || number > 9999)
    throw new RangeError(`ticket number must be 1 to 9999: ${number}`);
  return `${prefix}-${String(number).padStart(3, '0')}`;
}

export function parseTicket(ticket: string): { prefix: string; number: number } | null {
  if (!TICKET_PATTERN.test(ticket)) return null;
  const [prefix = '', number = '0'] = ticket.split('-');
  return { prefix, number: Number(number) };
}

/** The next ticket for this terminal, given the tickets already issued in the branch today. */
export function nextTicket(prefix: string, ticketsToday: Iterable<string>): string {
  let max = 0;
  for (const t of ticketsToday) {
    const parsed = parseTicket(t);
    if (parsed && parsed.prefix === prefix) max = Math.max(max, parsed.number);
  }
  return formatTicket(prefix, max + 1);
}

export interface QueueEntry {
  id: string;
  staffId: string;
  checkedInAt: number;
  durationMin: number;
}

/** First come, first served: by check-in time, ties broken by id so every terminal agrees. */
export function queueOrder<T extends Pick<QueueEntry, 'id' | 'checkedInAt'>>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => a.checkedInAt - b.checkedInAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface Busy {
  staffId: string;
  startAt: number;
  endAt: number;
}

/**
 * Earliest start at or after `from` when a staff member has `durationMin` free, given what they are
 * already booked for (sorted or not).
 */
export function earliestFree(busy: readonly Busy[], from: number, durationMin: number): number {
  const sorted = [...busy].sort((a, b) => a.startAt - b.startAt);
  let start = from;
  const length = durationMin * 60_000;
  for (const b of sorted) {
    if (b.endAt <= start) continue;
    if (b.startAt >= start + length) break;
    start = Math.max(start, b.endAt);
  }
  return start;
}

/**
 * Estimated start and wait for each queued walk-in: the queue is served in order, each entry by its
 * assigned staff member at the first gap in their schedule (booked appointments and walk-ins ahead).
 */
export function estimateWaits(
  entries: readonly QueueEntry[],
  schedule: readonly Busy[],
  now: number,
): Map<string, { startAt: number; waitMin: number }> {
  const busyByStaff = new Map<string, Busy[]>();
  for (const b of schedule) {
    const list = busyByStaff.get(b.staffId) ?? [];
    list.push(b);
    busyByStaff.set(b.staffId, list);
  }
  const out = new Map<string, { startAt: number; waitMin: number }>();
  for (const entry of queueOrder(entries)) {
    const busy = busyByStaff.get(entry.staffId) ?? [];
    const startAt = earliestFree(busy, now, entry.durationMin);
    busy.push({ staffId: entry.staffId, startAt, endAt: startAt + entry.durationMin * 60_000 });
    busyByStaff.set(entry.staffId, busy);
    out.set(entry.id, { startAt, waitMin: Math.round((startAt - now) / 60_000) });
  }
  return out;
}
