import { describe, it } from 'vitest';
import { runFuzz } from './fuzz';

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
});
