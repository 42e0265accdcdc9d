import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeProblems } from '../../../shared/validation';
import { runFuzz } from './fuzz';

/** `npm run fuzz -- --rounds 20 [--seed 123] [--terminals 4] [--ops 40]`: a long sync fuzz; prints the seed. */
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000_000) },
    terminals: { type: 'string', default: '3' },
    ops: { type: 'string', default: '30' },
  },
});
const schema = z.object({
  rounds: z.coerce.number().int().min(1, 'must be at least 1').max(10_000),
  seed: z.coerce.number().int().min(0, 'must be a whole number'),
  terminals: z.coerce.number().int().min(2, 'must be at least 2').max(8, 'must be at most 8'),
  ops: z.coerce.number().int().min(1).max(1_000),
});
const parsed = schema.safeParse(values);
if (!parsed.success) {
  process.stderr.write(`error: ${describeProblems(parsed.error)}\n`);
  process.exit(2);
}
const { rounds, seed, terminals, ops } = parsed.data;
process.stdout.write(`fuzzing with seed ${seed}: ${terminals} terminals, ${rounds} rounds of ${ops} operations\n`);
const started = Date.now();
runFuzz({ seed, rounds, terminals, opsPerRound: ops, log: (line) => process.stdout.write(`${line}\n`) }).then(
  () => {
    process.stdout.write(
      `ok: seed ${seed} passed ${rounds} rounds in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(
      `FAILED with seed ${seed}: ${error instanceof Error ? error.message : String(error)}\nreplay: npm run fuzz -- --seed ${seed} --rounds ${rounds} --terminals ${terminals} --ops ${ops}\n`,
    );
    process.exit(1);
  },
);
