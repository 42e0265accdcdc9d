import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeThreeWay, type Doc } from '../../../shared/sync/merge';

const FIELDS = ['notes', 'status', 'startAt', 'staffId'] as const;
const value = fc.constantFrom('a', 'b', 'c', 1, 2, undefined);
const arbDoc = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, value])) as Record<(typeof FIELDS)[number], typeof value>,
);

function clean(d: Doc): Doc {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
}

describe('three-way merge', () => {
  it('takes each side’s own changes and keeps the server’s value where both changed a field', () => {
    fc.assert(
      fc.property(arbDoc, arbDoc, arbDoc, (b, m, l) => {
        const [base, master, local] = [
          clean({ ...b, updatedAt: 1 }),
          clean({ ...m, updatedAt: 2 }),
          clean({ ...l, updatedAt: 3 }),
        ];
        const { merged, lost } = mergeThreeWay(base, master, local);
        for (const f of FIELDS) {
          const changedHere = local[f] !== base[f];
          const changedThere = master[f] !== base[f];
          if (changedHere && !changedThere) expect(merged[f]).toBe(local[f]);
          else expect(merged[f]).toBe(master[f]);
          expect(lost.includes(f)).toBe(changedHere && changedThere && local[f] !== master[f]);
        }
        expect(merged.updatedAt).toBe(3);
      }),
    );
  });

  it('is the server’s document when nothing changed locally, and the local one when nothing changed remotely', () => {
    fc.assert(
      fc.property(arbDoc, arbDoc, (b, x) => {
        const base = clean(b);
        const other = clean(x);
        expect(clean(mergeThreeWay(base, other, base).merged)).toMatchObject(other);
        expect(mergeThreeWay(base, base, other).lost).toEqual([]);
      }),
    );
  });

  it('always follows the server for clash markers', () => {
    const { merged, lost } = mergeThreeWay({ clashWith: ['x'] }, { clashWith: ['y'] }, { clashWith: ['z'] });
    expect(merged.clashWith).toEqual(['y']);
    expect(lost).toEqual([]);
  });

  it('keeps the author of the winning local change', () => {
    const base = { notes: 'a', status: 'pending', updatedBy: 'u0', updatedAt: 1 };
    const master = { notes: 'a', status: 'confirmed', updatedBy: 'server-side', updatedAt: 5 };
    const local = { notes: 'b', status: 'pending', updatedBy: 'desk', updatedAt: 4 };
    expect(mergeThreeWay(base, master, local).merged).toEqual({
      notes: 'b',
      status: 'confirmed',
      updatedBy: 'desk',
      updatedAt: 5,
    });
  });
});
