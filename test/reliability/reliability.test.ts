/**
 * The reliability and security suite. `npm test` runs it short; `npm run test:reliability` runs it
 * full (RELIABILITY=full). It prints one summary of counts and fails when any bad count is not zero.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { startHarness, wire } from '../integration/sync-server/harness';
import { runFuzz } from '../integration/terminal/fuzz';
import { attackArbitrary, prepareAttackers, sendAttack, serverSnapshot, validBooking } from './api-attacks';
import { BAD_COUNTS, emptyCounts, summary } from './counts';
import { isolationMatrix } from './isolation';
import { storageFaultRun } from './storage';

const FULL = process.env.RELIABILITY === 'full';
const SCALE = {
  attacks: FULL ? 20_000 : 400,
  chaos: FULL ? { terminals: 5, rounds: 4, opsPerRound: 60 } : { terminals: 5, rounds: 1, opsPerRound: 24 },
  storageWrites: FULL ? 2_000 : 200,
};
const seed = Number(process.env.RELIABILITY_SEED ?? 20261123);
const counts = emptyCounts();

afterAll(() => {
  const text = summary(counts, `${FULL ? 'full' : 'short'}, seed ${seed}`);
  process.stdout.write(`\n${text}\n`);
  for (const k of BAD_COUNTS) expect(counts[k], text).toBe(0);
});

describe('API attacks over real HTTP', () => {
  it(`answers ${SCALE.attacks} generated hostile requests with 4xx, never 5xx, and stores nothing`, async () => {
    const h = await startHarness({ seed: 11 });
    try {
      const attackers = await prepareAttackers(h);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(attackArbitrary(h, attackers), async (attack) => {
          const status = await sendAttack(h, attackers, attack, counts);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect(status, JSON.stringify({ ...attack, body: attack.body?.slice(0, 300) })).toBeLessThan(500);
        }),
        { numRuns: SCALE.attacks, seed },
      );
      process.stdout.write(`answers: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
      expect((await fetch(`${h.server.url}/health`)).status).toBe(200);
    } finally {
      await h.close();
    }
  }, 1_800_000);

  it('stores a replayed push once, refuses a proof moved to other content, and lets a reordered push lose', async () => {
    const h = await startHarness({ seed: 12 });
    try {
      const { jakarta } = await prepareAttackers(h);
      const doc = jakarta.sign('bookings', wire(validBooking(h)));
      const body = [{ assumedMasterState: null, newDocumentState: doc }];
      expect((await jakarta.push('bookings', body, false)).status).toBe(200);
      counts.requestsTried++;
      // The very same push again (a retry, or an attacker replaying it): success, nothing stored twice.
      let before = await serverSnapshot(h);
      const replay = await jakarta.push('bookings', body, false);
      counts.requestsTried++;
      expect(replay.status).toBe(200);
      if ((await serverSnapshot(h)).all !== before.all) counts.duplicates++;
      // The proof taken to other content: refused, nothing stored.
      before = await serverSnapshot(h);
      const stored = (await jakarta.pullAll('bookings')).get(doc.id)!;
      const moved = { ...doc, notes: 'Free treatment', updatedAt: Number(doc.updatedAt) + 1 };
      const forged = await jakarta.push('bookings', [{ assumedMasterState: stored, newDocumentState: moved }], false);
      counts.requestsTried++;
      expect(forged.status).toBe(403);
      if ((await serverSnapshot(h)).all !== before.all) counts.storedByRefusals++;
      // Two versions pushed in the wrong order: the second, assuming the first, lands first; the first,
      // arriving late, conflicts and changes nothing.
      const v1 = jakarta.sign('bookings', wire(validBooking(h)));
      const v2 = jakarta.sign('bookings', { ...v1, notes: 'second', updatedAt: Number(v1.updatedAt) + 1 });
      expect((await jakarta.push('bookings', [{ assumedMasterState: v1, newDocumentState: v2 }], false)).status).toBe(
        200,
      );
      before = await serverSnapshot(h);
      const late = await jakarta.push('bookings', [{ assumedMasterState: null, newDocumentState: v1 }], false);
      counts.requestsTried += 2;
      expect(late.status).toBe(200);
      expect(late.body.map((d) => d.notes)).toEqual(['second']);
      if ((await serverSnapshot(h)).all !== before.all) counts.duplicates++;
      expect((await jakarta.pullAll('bookings')).get(v1.id)?.notes).toBe('second');
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('isolation matrix', () => {
  it('keeps a Jakarta terminal and admin out of Bali, on every endpoint and collection', async () => {
    const h = await startHarness({ seed: 13 });
    try {
      await isolationMatrix(h, counts);
    } finally {
      await h.close();
    }
  }, 120_000);
});

describe('chaos', () => {
  it(`keeps every saved write through server kills and terminal restarts (${SCALE.chaos.terminals} terminals)`, async () => {
    try {
      const report = await runFuzz({ seed, ...SCALE.chaos, restartTerminals: true });
      const f = report.faults;
      counts.faultsInjected += f.serverKills + f.serverRestarts + f.terminalRestarts + f.offline + f.clocks;
      counts.writesChecked += report.writesChecked;
      process.stdout.write(`chaos: ${JSON.stringify(report)}\n`);
      expect(report.integrity).toBe('ok');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/recorded \d+ times/.test(message)) counts.duplicates++;
      else counts.writesLost++;
      throw new Error(`chaos failed with seed ${seed} (replay with RELIABILITY_SEED=${seed}): ${message}`);
    }
  }, 1_800_000);
});

describe('local storage faults', () => {
  it(`keeps every write reported saved through a filling disk and a damaged store (${SCALE.storageWrites} writes)`, async () => {
    await storageFaultRun(seed, SCALE.storageWrites, counts);
  }, 300_000);
});
