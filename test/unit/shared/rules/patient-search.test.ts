import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameMatch, patientSearchKey, rankByName } from '../../../../shared/rules/patient-search';

const word = fc.stringMatching(/^[A-Z][a-z]{1,9}$/);

describe('finding a patient by name', () => {
  it('finds a name by the start of any of its words, in any order, accents and case aside', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 1, max: 10 }),
        (words, pick, cut) => {
          const name = patientSearchKey(words.join(' '));
          const one = words[pick % words.length]!;
          expect(nameMatch(name, one.slice(0, cut))).not.toBeNull();
          expect(nameMatch(name, [...words].reverse().join(' ').toUpperCase())).not.toBeNull();
        },
      ),
    );
    expect(nameMatch(patientSearchKey('Lestari Pratama'), 'Pratama')).toBe(2);
    expect(nameMatch(patientSearchKey('Lestari Pratama'), 'les pra')).toBe(2);
    expect(nameMatch(patientSearchKey('Désirée Lim'), 'desiree')).toBe(1);
    // Every word of the query must start its own word of the name.
    expect(nameMatch(patientSearchKey('Ayunda Ayu'), 'ayu ayu')).toBe(2);
    expect(nameMatch(patientSearchKey('Ayu Lestari'), 'ayu ayu')).toBeNull();
    expect(nameMatch(patientSearchKey('Lestari Pratama'), 'tari')).toBeNull();
  });

  it('ranks the whole name first, then names starting with the query, then any word', () => {
    const people = ['Wayan Pratama', 'Pratama Putra', 'Pratama', 'Dewi Pratamasari', 'Dewi Gunawan'].map((name) => ({
      name,
      searchName: patientSearchKey(name),
    }));
    expect(rankByName(people, 'pratama').map((p) => p.name)).toEqual([
      'Pratama',
      'Pratama Putra',
      'Dewi Pratamasari',
      'Wayan Pratama',
    ]);
  });
});
