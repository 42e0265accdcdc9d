import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimateWaits,
  formatTicket,
  nextTicket,
  parseTicket,
  queueOrder,
  type QueueEntry,
} from '../../../../shared/rules/walk-in';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 23, 3, 0);

describe('walk-in tickets', () => {
  it('never lets two terminals issue the same ticket, however their work interleaves', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'AB', 'Z'), { minLength: 2, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        (prefixes, turns) => {
          // Each terminal only sees its own tickets while offline.
          const seen = new Map<string, string[]>(prefixes.map((p) => [p, []]));
          const issued: string[] = [];
          for (const turn of turns) {
            const prefix = prefixes[turn % prefixes.length]!;
            const mine = seen.get(prefix)!;
            const t = nextTicket(prefix, mine);
            mine.push(t);
            issued.push(t);
          }
          expect(new Set(issued).size).toBe(issued.length);
        },
      ),
    );
  });

  it('counts up from the highest ticket of this terminal today, ignoring others', () => {
    expect(nextTicket('A', [])).toBe('A-001');
    expect(nextTicket('A', ['A-001', 'B-009', 'A-006', 'junk'])).toBe('A-007');
    expect(parseTicket('AB-0123')).toEqual({ prefix: 'AB', number: 123 });
    expect(parseTicket('a-1')).toBeNull();
    expect(() => formatTicket('a', 1)).toThrow(/capital letters/);
  });

  it('orders the queue by check-in time, ties by id, the same on every terminal', () => {
    const arb = fc.array(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), checkedInAt: fc.integer({ min: 0, max: 10 }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, (entries) => {
        const a = queueOrder(entries);
        const b = queueOrder([...entries].reverse());
        expect(a.map((e) => [e.checkedInAt, e.id])).toEqual(b.map((e) => [e.checkedInAt, e.id]));
        for (let i = 1; i < a.length; i++) expect(a[i]!.checkedInAt).toBeGreaterThanOrEqual(a[i - 1]!.checkedInAt);
      }),
    );
  });

  it('estimates waits that never overlap a therapist’s bookings or each other', () => {
    const arbEntries = fc.array(
      fc.record({
        staffId: fc.constantFrom('s1', 's2'),
        checkedInAt: fc.integer({ min: 0, max: 60 }),
        durationMin: fc.integer({ min: 15, max: 120 }),
      }),
      { maxLength: 8 },
    );
    const arbBusy = fc.array(
      fc.record({
        staffId: fc.constantFrom('s1', 's2'),
        at: fc.integer({ min: -60, max: 300 }),
        len: fc.integer({ min: 15, max: 120 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(arbEntries, arbBusy, (raw, rawBusy) => {
        const entries: QueueEntry[] = raw.map((r, i) => ({
          id: `q${i}`,
          staffId: r.staffId,
          checkedInAt: NOW - r.checkedInAt * MIN,
          durationMin: r.durationMin,
        }));
        const busy = rawBusy.map((b) => ({
          staffId: b.staffId,
          startAt: NOW + b.at * MIN,
          endAt: NOW + (b.at + b.len) * MIN,
        }));
        const waits = estimateWaits(entries, busy, NOW);
        const placed = entries.map((e) => ({
          staffId: e.staffId,
          startAt: waits.get(e.id)!.startAt,
          endAt: waits.get(e.id)!.startAt + e.durationMin * MIN,
        }));
        for (const p of placed) {
          expect(p.startAt).toBeGreaterThanOrEqual(NOW);
          for (const other of [...busy, ...placed]) {
            if (other === p || other.staffId !== p.staffId) continue;
            expect(p.startAt < other.endAt && other.startAt < p.endAt).toBe(false);
          }
        }
      }),
    );
  });

  it('tells the second walk-in for a busy therapist to wait for the first', () => {
    const entries: QueueEntry[] = [
      { id: 'later', staffId: 's1', checkedInAt: NOW - 5 * MIN, durationMin: 30 },
      { id: 'first', staffId: 's1', checkedInAt: NOW - 10 * MIN, durationMin: 45 },
    ];
    const waits = estimateWaits(entries, [{ staffId: 's1', startAt: NOW - 20 * MIN, endAt: NOW + 10 * MIN }], NOW);
    expect(waits.get('first')?.waitMin).toBe(10);
    expect(waits.get('later')?.waitMin).toBe(55);
  });
});
