import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeProblems } from '../../shared/validation';
import { runFuzz } from '../integration/terminal/fuzz';
import { emptyCounts, summary } from './counts';

/**
 * `npm run soak -- --minutes N [--seed S] [--terminals 5]`: chaos for N minutes. A sync server process
 * and terminals make bursts of writes while the server is killed and restarted, terminals are closed
 * and started again and go offline and back; after every round, every write a terminal reported saved
 * is checked on the server and every terminal. Seeded: the same seed replays the same run. Prints the
 * summary of counts and exits 1 when any bad count is not zero.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000_000) },
    terminals: { type: 'string', default: '5' },
    ops: { type: 'string', default: '60' },
  },
});
const parsed = z
  .object({
    minutes: z.coerce
      .number()
      .min(0.5, 'must be at least 0.5')
      .max(24 * 60, 'must be at most a day'),
    seed: z.coerce.number().int().min(0, 'must be a whole number'),
    terminals: z.coerce.number().int().min(2, 'must be at least 2').max(8, 'must be at most 8'),
    ops: z.coerce.number().int().min(5, 'must be at least 5').max(1_000),
  })
  .safeParse(values);
if (!parsed.success) {
  process.stderr.write(`error: ${describeProblems(parsed.error)}\n`);
  process.exit(2);
}
const { minutes, seed, terminals, ops } = parsed.data;

async function main(): Promise<number> {
  const counts = emptyCounts();
  process.stdout.write(
    `soak for ${minutes} min with seed ${seed}: ${terminals} terminals, ${ops} operations a round\n`,
  );
  try {
    const report = await runFuzz({
      seed,
      rounds: Number.MAX_SAFE_INTEGER,
      deadline: Date.now() + minutes * 60_000,
      terminals,
      opsPerRound: ops,
      restartTerminals: true,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    const f = report.faults;
    counts.faultsInjected = f.serverKills + f.serverRestarts + f.terminalRestarts + f.offline + f.clocks;
    counts.writesChecked = report.writesChecked;
    process.stdout.write(
      `${report.rounds} rounds; faults ${JSON.stringify(f)}; SQLite integrity: ${report.integrity}\n`,
    );
    if (report.integrity !== 'ok') counts.writesLost++;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/recorded \d+ times/.test(message)) counts.duplicates++;
    else counts.writesLost++;
    process.stderr.write(`FAILED: ${message}\nreplay: npm run soak -- --minutes ${minutes} --seed ${seed}\n`);
  }
  process.stdout.write(`${summary(counts, `soak, seed ${seed}`)}\n`);
  return counts.writesLost + counts.duplicates === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
