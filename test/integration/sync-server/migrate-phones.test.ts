import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { createApp } from '../../../sync-server/app';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('phone repair on upgrade', () => {
  it('repairs a number the first normaliser mangled, shows the duplicate it hid, and is done after one start', async () => {
    h = await startHarness();
    const stack = h;
    const [known, other] = stack.data.patients.filter((p) => p.tenantId === stack.jakarta);
    // Stored by the old normaliser: "001 65 6123 4567" typed at the Jakarta desk became 16561234567,
    // while the same person was registered again with +65 6123 4567.
    const mangled = { ...known!, id: newId(), name: 'Mei Tan', searchName: 'mei tan', phone: '16561234567' };
    const right = { ...other!, id: newId(), name: 'Mei Tan', searchName: 'mei tan', phone: '6561234567' };
    await stack.store.write(async (tx) => {
      for (const p of [mangled, right]) {
        const { clashWith: _none, ...data } = p;
        await tx.put('patients', { id: p.id, scope: stack.jakarta, deleted: false, data });
      }
    });
    const headBefore = await stack.store.maxSeqs([stack.jakarta]);

    const first = await createApp(stack.store);
    await first.app.close();
    const after = await stack.store.get('patients', [mangled.id, right.id, known!.id]);
    expect(after.get(mangled.id)!.data.phone).toBe('6561234567');
    // Both records now carry the marker that puts them in "Needs attention" (same phone, two patients).
    expect(after.get(mangled.id)!.data.clashWith).toEqual([right.id]);
    expect(after.get(right.id)!.data.clashWith).toEqual([mangled.id]);
    // A number that was right is untouched.
    expect(after.get(known!.id)!.data.phone).toBe(known!.phone);
    expect(after.get(known!.id)!.seq).toBeLessThanOrEqual(headBefore[stack.jakarta]!);
    const audit = await stack.store.listAudit(stack.data.organisations[0]!.id, 10);
    expect(audit.find((a) => a.action === 'patient.phone-repaired')?.detail).toEqual({
      from: '16561234567',
      to: '6561234567',
    });

    const headAfter = await stack.store.maxSeqs([stack.jakarta]);
    const second = await createApp(stack.store);
    await second.app.close();
    expect(await stack.store.maxSeqs([stack.jakarta])).toEqual(headAfter);
  });
});
