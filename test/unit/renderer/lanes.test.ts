import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutLanes } from '../../../renderer/features/board/lanes';

describe('day board lanes', () => {
  it('never puts two overlapping bookings in the same lane, and keeps lanes within their count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 100 }), length: fc.integer({ min: 1, max: 30 }) }), {
          maxLength: 20,
        }),
        (raw) => {
          const items = raw.map((r, i) => ({ id: `b${i}`, startAt: r.start, endAt: r.start + r.length }));
          const lanes = layoutLanes(items);
          expect(lanes.size).toBe(items.length);
          for (const a of items) {
            const la = lanes.get(a.id)!;
            expect(la.index).toBeLessThan(la.count);
            for (const b of items) {
              if (a === b) continue;
              const overlap = a.startAt < b.endAt && b.startAt < a.endAt;
              if (overlap) expect(lanes.get(b.id)!.index).not.toBe(la.index);
            }
          }
        },
      ),
    );
  });

  it('gives a lone booking the whole column', () => {
    expect(layoutLanes([{ id: 'a', startAt: 0, endAt: 10 }]).get('a')).toEqual({ index: 0, count: 1 });
  });
});
