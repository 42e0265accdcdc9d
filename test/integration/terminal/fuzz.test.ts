import { describe, expect, it } from 'vitest';
import { runFuzz, type Ack } from './fuzz';

const seed = Number(process.env.FUZZ_SEED ?? 20261122);

describe('sync fuzzer (short run; `npm run fuzz -- --rounds N` for a long one)', () => {
  it(`keeps terminals and server identical and loses no write (seed ${seed})`, async () => {
    try {
      await runFuzz({ seed, rounds: 2, terminals: 3, opsPerRound: 25 });
    } catch (error) {
      throw new Error(
        `fuzz failed with seed ${seed}; replay with FUZZ_SEED=${seed} or npm run fuzz -- --seed ${seed}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }, 300_000);

  it('fails when an acknowledged write is lost (one is overwritten behind the terminals’ backs)', async () => {
    let tampered = '';
    const run = runFuzz({
      seed: 7,
      rounds: 1,
      terminals: 2,
      opsPerRound: 30,
      inject: async ({ observer, acks, quiet }) => {
        // The newest acknowledged note the server still holds is replaced by someone no terminal knows of,
        // once the terminals have nothing in flight (a pending change of theirs to that booking would
        // lose a merge against the overwrite and keep the note aside for review: not lost).
        await quiet();
        let server = await observer.pullAll('bookings');
        // The last note written to its booking, so no later write of the round can account for it.
        const last = (a: Ack) => !acks.some((b) => b.step > a.step && b.id === a.id && 'notes' in b.fields);
        const held = (a: Ack) =>
          a.collection === 'bookings' && 'notes' in a.fields && last(a) && server.get(a.id)?.notes === a.fields.notes;
        for (let i = 0; i < 100 && ![...acks].some(held); i++) {
          await new Promise((r) => setTimeout(r, 200));
          server = await observer.pullAll('bookings');
        }
        const victim = [...acks].reverse().find(held);
        if (!victim) throw new Error('the run made no booking note to lose');
        tampered = `${victim.id} notes`;
        const [ownerId] = [...observer.signers.keys()];
        const answer = await observer.update('bookings', server.get(victim.id)!, {
          notes: 'overwritten',
          updatedBy: ownerId,
        });
        expect(answer.status).toBe(200);
      },
    });
    await expect(run).rejects.toThrow(/lost notes="booking note \d+"/);
    expect(tampered).not.toBe('');
  }, 300_000);
});
