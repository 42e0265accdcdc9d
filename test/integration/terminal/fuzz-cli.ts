import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeProblems } from '../../../shared/validation';
import { runFuzz } from './fuzz';

/**
 * `npm run fuzz -- --rounds 20 [--seed 123] [--terminals 4] [--ops 40]`: a long sync fuzz; prints the seed.
 * `npm run fuzz -- --size large [--seed S]`: the nightly size: 20 seeds from S, each run three times, at
 * 8 terminals × 100 operations × 8 rounds; prints every result and fails if any run failed.
 */
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000_000) },
    terminals: { type: 'string', default: '3' },
    ops: { type: 'string', default: '30' },
    size: { type: 'string', default: 'custom' },
  },
});
const schema = z.object({
  rounds: z.coerce.number().int().min(1, 'must be at least 1').max(10_000),
  seed: z.coerce.number().int().min(0, 'must be a whole number'),
  terminals: z.coerce.number().int().min(2, 'must be at least 2').max(8, 'must be at most 8'),
  ops: z.coerce.number().int().min(1).max(1_000),
  size: z.enum(['custom', 'large'], 'must be "large" (or left out)'),
});
const parsed = schema.safeParse(values);
if (!parsed.success) {
  process.stderr.write(`error: ${describeProblems(parsed.error)}\n`);
  process.exit(2);
}
const { size } = parsed.data;
const large = size === 'large';
const rounds = large ? 8 : parsed.data.rounds;
const terminals = large ? 8 : parsed.data.terminals;
const ops = large ? 100 : parsed.data.ops;
const runs = large
  ? Array.from({ length: 20 }, (_, i) => [parsed.data.seed + i, parsed.data.seed + i, parsed.data.seed + i]).flat()
  : [parsed.data.seed];

async function main(): Promise<number> {
  const failures: string[] = [];
  for (const [i, seed] of runs.entries()) {
    process.stdout.write(
      `fuzzing with seed ${seed} (run ${i + 1} of ${runs.length}): ${terminals} terminals, ${rounds} rounds of ${ops} operations\n`,
    );
    const started = Date.now();
    try {
      await runFuzz({ seed, rounds, terminals, opsPerRound: ops, log: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write(
        `ok: seed ${seed} passed ${rounds} rounds in ${Math.round((Date.now() - started) / 1000)} s\n`,
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      failures.push(`seed ${seed}: ${why.slice(0, 300)}`);
      process.stderr.write(
        `FAILED with seed ${seed}: ${why}\nreplay: npm run fuzz -- --seed ${seed} --rounds ${rounds} --terminals ${terminals} --ops ${ops}\n`,
      );
    }
  }
  process.stdout.write(`${runs.length - failures.length} of ${runs.length} runs passed\n`);
  for (const f of failures) process.stdout.write(`  failed: ${f}\n`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
