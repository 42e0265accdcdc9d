import { COLLECTION_NAMES } from '../../../shared/collections';
import { canonicalJson } from '../../../shared/sync/merge';
import { nextStatuses } from '../../../shared/rules/booking-status';
import type { Booking, BookingStatus } from '../../../shared/schemas/booking';
import type { Staff } from '../../../shared/schemas/staff';
import { workingWindows } from '../../../shared/rules/availability';
import type { Conflict } from '../../../shared/schemas/conflict';
import type { WireDocument } from '../../../shared/sync/protocol';
import { seededRandom, type Rng } from '../../../shared/demo/random';
import { PASSWORD, TestClient } from '../sync-server/harness';
import { AgentError, type AgentClient } from './agent-client';
import { Cluster, eventually } from './cluster';

/**
 * The sync fuzzer: N terminals make M random changes per round (creates, edits, status changes,
 * payments, deletes), going offline and online at random, while the server is sometimes restarted.
 * After each round every terminal comes online and the fuzzer checks that all terminals and the server
 * hold identical data, that no acknowledged write is lost (its values are there, or the losing version
 * is in the conflicts collection) and that nothing is duplicated. Same seed, same run.
 */
export interface FuzzOptions {
  seed: number;
  rounds: number;
  terminals: number;
  opsPerRound: number;
  log?: (line: string) => void;
  /** Runs after a round's writes, before the checks: a test loses a write on purpose to see the oracle fail. */
  inject?: (context: {
    observer: TestClient;
    acks: readonly Ack[];
    round: number;
    /** Waits until every terminal has pushed and pulled everything (nothing of theirs in flight). */
    quiet: () => Promise<void>;
  }) => Promise<void>;
  /** Chaos: terminals are also closed and started again on their local database, mid-round. */
  restartTerminals?: boolean;
  /** Stops starting new rounds after this time (ms since the epoch): `npm run soak -- --minutes N`. */
  deadline?: number;
}

/** What a run did: the faults it injected and the writes it checked, all accounted for. */
export interface FuzzReport {
  rounds: number;
  faults: { serverRestarts: number; serverKills: number; terminalRestarts: number; offline: number; clocks: number };
  writesChecked: number;
  /** `PRAGMA integrity_check` of the server's SQLite file after the run. */
  integrity: string;
}

type Dump = Record<string, Record<string, unknown>[]>;

/** The seeded clinic's first branch, where the terminals book. */
const FUZZ_ZONE = 'Asia/Jakarta';

export interface Ack {
  collection: 'patients' | 'bookings';
  id: string;
  fields: Record<string, unknown>;
  /** The same fields as the writing terminal held them just before the write (what it had seen). */
  before?: Record<string, unknown>;
  deleted?: boolean;
  step: number;
}

/** Who signs in on terminal i: desks, an admin, the owner and a therapist, so every role writes. */
const PEOPLE = [
  'desk.jakarta@glow.example',
  'admin.jakarta@glow.example',
  'owner@glow.example',
  'staff1.jakarta@glow.example',
];

const RXDB_FIELDS = new Set(['_meta', '_rev', '_attachments', '_deleted']);

function strip(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !RXDB_FIELDS.has(k)));
}

async function serverDump(client: TestClient): Promise<Map<string, Map<string, WireDocument>>> {
  const out = new Map<string, Map<string, WireDocument>>();
  for (const name of COLLECTION_NAMES) out.set(name, await client.pullAll(name));
  return out;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const rng = seededRandom(options.seed);
  const cluster = await new Cluster().start({ seed: options.seed, patients: 12, bookings: 40 });
  try {
    const terminals: AgentClient[] = [];
    for (let i = 0; i < options.terminals; i++) {
      const terminal = await cluster.addTerminal(PEOPLE[i % PEOPLE.length]);
      // Each terminal's clock is off by up to two minutes either way.
      await terminal.call('skewClock', { ms: rng.int(-120_000, 120_000) });
      terminals.push(terminal);
    }
    const observer = await TestClient.enrol(
      cluster.server.url,
      'owner@glow.example',
      [cluster.jakarta],
      'Fuzz observer',
    );
    const offline = new Set<number>();
    const acks: Ack[] = [];
    const created = new Set<string>();
    let step = 0;
    const faults = { serverRestarts: 0, serverKills: 0, terminalRestarts: 0, offline: 0, clocks: 0 };
    let rounds = 0;

    for (let round = 1; round <= options.rounds && Date.now() < (options.deadline ?? Infinity); round++) {
      rounds = round;
      for (let op = 0; op < options.opsPerRound; op++) {
        step++;
        const t = rng.int(0, terminals.length - 1);
        const terminal = terminals[t]!;
        const dump = await terminal.call<Dump>('dump');
        const roll = rng();
        // In chaos, every round kills the server once and restarts a terminal once, whatever the dice say.
        const forced =
          options.restartTerminals && op === Math.floor(options.opsPerRound / 3)
            ? 'kill'
            : options.restartTerminals && op === Math.floor((2 * options.opsPerRound) / 3) && !offline.has(t)
              ? 'restart'
              : null;
        try {
          if (forced === 'kill') {
            log(`round ${round}: killing the server`);
            faults.serverKills++;
            await cluster.restartServer(true);
          } else if (forced === 'restart') {
            log(`round ${round}: restarting terminal ${t + 1}`);
            faults.terminalRestarts++;
            await terminal.call('restart', { password: PASSWORD });
          } else if (roll < 0.12) {
            if (offline.has(t)) {
              offline.delete(t);
              await terminal.call('online');
            } else {
              offline.add(t);
              faults.offline++;
              await terminal.call('offline');
            }
          } else if (roll < 0.14) {
            const hard = rng.chance(0.5);
            log(`round ${round}: ${hard ? 'killing' : 'restarting'} the server`);
            if (hard) faults.serverKills++;
            else faults.serverRestarts++;
            await cluster.restartServer(hard);
          } else if (roll < 0.16) {
            faults.clocks++;
            // The clock is set wrong (or right again): up to ten minutes behind or four ahead (the server
            // refuses versions more than five minutes ahead of its clock).
            await terminal.call('skewClock', { ms: rng.int(-600_000, 240_000) });
          } else if (options.restartTerminals && roll < 0.19 && !offline.has(t)) {
            // The app is closed mid-round (what it had not pushed yet waits in its local database).
            log(`round ${round}: restarting terminal ${t + 1}`);
            faults.terminalRestarts++;
            await terminal.call('restart', { password: PASSWORD });
          } else {
            const ack = await randomWrite(rng, terminal, dump, cluster, step);
            if (ack) {
              log(`step ${step}: terminal ${t + 1} wrote ${ack.collection} ${ack.id} ${JSON.stringify(ack.fields)}`);
              acks.push(ack);
              if (ack.fields.createdAt !== undefined) created.add(ack.id);
            }
          }
        } catch (error) {
          // A write refused by the desk rules (a clash, an illegal status step, a role) is an answer;
          // anything else thrown inside a terminal is a failure of the run.
          if (!(error instanceof AgentError) || !error.refused) throw error;
        }
      }
      for (const t of offline) await terminals[t]!.call('online');
      offline.clear();
      await options.inject?.({ observer, acks, round, quiet: () => quiet(terminals, round) });
      await checkRound(terminals, observer, acks, created, round);
      log(`round ${round}: ${terminals.length} terminals and the server agree (${acks.length} writes checked)`);
    }
    return { rounds, faults, writesChecked: acks.length, integrity: cluster.integrityCheck() };
  } finally {
    await cluster.stop();
  }
}

async function randomWrite(
  rng: Rng,
  terminal: AgentClient,
  dump: Dump,
  cluster: Cluster,
  step: number,
): Promise<Ack | null> {
  const patients = dump.patients ?? [];
  const bookings = (dump.bookings ?? []) as unknown as Booking[];
  const treatments = (dump.treatments ?? []).filter((t) => (t.assignedStaff as string[]).length > 0);
  const roll = rng();
  if (roll < 0.2 || patients.length === 0) {
    const name = `Fuzz ${step} ${rng.pick(['Ayu', 'Budi', 'Sari', 'Made'])}`;
    const phone =
      rng.chance(0.15) && patients.length > 0
        ? `+${String(rng.pick(patients).phone)}`
        : `0812${String(1_000_000 + step * 37 + rng.int(0, 9))}`;
    const p = await terminal.call<Record<string, unknown>>('registerPatient', {
      input: { name, phone },
      confirm: true,
    });
    return {
      collection: 'patients',
      id: String(p.id),
      fields: { name: p.name, phone: p.phone, createdAt: p.createdAt },
      step,
    };
  }
  if (roll < 0.4) {
    const p = rng.pick(patients);
    const notes = `note ${step}`;
    const input = {
      name: String(p.name),
      phone: `+${String(p.phone)}`,
      notes,
      ...(typeof p.allergies === 'string' ? { allergies: p.allergies } : {}),
    };
    await terminal.call('updatePatient', { id: p.id, input, confirm: true });
    return { collection: 'patients', id: String(p.id), fields: { notes }, before: { notes: p.notes }, step };
  }
  if (roll < 0.6 && treatments.length > 0) {
    const t = rng.pick(treatments);
    const staffId = rng.pick(t.assignedStaff as string[]);
    // A time inside the therapist's hours (the desk refuses others), often the same few slots so
    // offline terminals clash.
    const person = (dump.staff ?? []).find((s) => s.id === staffId) as unknown as Staff | undefined;
    const day = `2027-02-0${String(rng.int(1, 5))}`;
    const fits = (person ? workingWindows(person, day, FUZZ_ZONE) : []).filter(
      (w) => w.endAt - w.startAt >= Number(t.durationMin) * 60_000,
    );
    const window = fits.length > 0 ? rng.pick(fits) : undefined;
    const startAt = window
      ? window.startAt +
        15 * 60_000 * rng.int(0, Math.min(3, (window.endAt - window.startAt) / 900_000 - Number(t.durationMin) / 15))
      : Date.UTC(2027, 1, rng.int(1, 5), rng.int(1, 9), rng.pick([0, 15, 30, 45]));
    const b = await terminal.call<Booking>('createBooking', {
      patientId: String(rng.pick(patients).id),
      staffId,
      treatmentId: String(t.id),
      startAt,
      source: 'phone',
    });
    return {
      collection: 'bookings',
      id: b.id,
      fields: { startAt: b.startAt, staffId: b.staffId, createdAt: b.createdAt },
      step,
    };
  }
  const live = bookings.filter((b) => b.tenantId === cluster.jakarta);
  if (live.length === 0) return null;
  const b = rng.pick(live);
  if (roll < 0.75) {
    const notes = `booking note ${step}`;
    await terminal.call('updateBooking', { id: b.id, changes: { notes } });
    return { collection: 'bookings', id: b.id, fields: { notes }, before: { notes: b.notes }, step };
  }
  if (roll < 0.9) {
    const options = nextStatuses(b.status).filter((s) => s !== 'in-progress' && s !== 'completed');
    const to: BookingStatus = options.length > 0 ? rng.pick(options) : 'confirmed';
    await terminal.call('changeStatus', { id: b.id, to, reason: 'fuzz' });
    return { collection: 'bookings', id: b.id, fields: { status: to }, before: { status: b.status }, step };
  }
  if (roll < 0.95) {
    const key = `fuzz-${String(step).padStart(6, '0')}`;
    await terminal.call('addPayment', {
      id: b.id,
      payment: { method: 'cash', amount: Math.max(1, Math.floor(b.price / 2)), at: Date.now(), idempotencyKey: key },
    });
    return { collection: 'bookings', id: b.id, fields: { paymentKey: key }, step };
  }
  await terminal.call('deleteBooking', { id: b.id });
  return { collection: 'bookings', id: b.id, fields: {}, deleted: true, step };
}

/** A provable quiet point: every terminal online, nothing pending, at the server's head. */
async function quiet(terminals: AgentClient[], round: number): Promise<void> {
  await eventually(async () => {
    for (const [i, t] of terminals.entries()) {
      const s = await t.call<{ online: boolean; pending: number; behind: boolean }>('status');
      if (!s.online || s.pending > 0 || s.behind)
        throw new Error(`round ${round}: terminal ${i + 1} never became quiet: ${JSON.stringify(s)}`);
    }
  }, 60_000);
}

async function checkRound(
  terminals: AgentClient[],
  observer: TestClient,
  acks: Ack[],
  created: Set<string>,
  round: number,
): Promise<void> {
  await quiet(terminals, round);
  // Every terminal holds what the server holds (given a moment to apply the last batch)...
  let server = new Map<string, Map<string, WireDocument>>();
  await eventually(async () => {
    server = await serverDump(observer);
    const dumps = await Promise.all(terminals.map((t) => t.call<Dump>('dump')));
    for (const [i, dump] of dumps.entries()) {
      for (const name of COLLECTION_NAMES) {
        const live = [...(server.get(name)?.values() ?? [])].filter((d) => !d._deleted).map(strip);
        const mine = (dump[name] ?? []).map(strip);
        const a = canonicalJson(live.sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1)));
        const b = canonicalJson(mine.sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1)));
        if (a !== b) {
          const theirs = new Map(live.map((d) => [String(d.id), canonicalJson(d)]));
          const ours = new Map(mine.map((d) => [String(d.id), canonicalJson(d)]));
          const ids = [...new Set([...theirs.keys(), ...ours.keys()])].filter((id) => theirs.get(id) !== ours.get(id));
          const sample = ids
            .slice(0, 2)
            .map((id) => `${id}: server ${theirs.get(id) ?? 'none'} / terminal ${ours.get(id) ?? 'none'}`);
          const status = JSON.stringify(await terminals[i]!.call('status'));
          throw new Error(
            `round ${round}: terminal ${i + 1} (${status}) differs from the server in ${name} (${ids.length} documents): ${sample.join(' | ')}`,
          );
        }
      }
    }
  }, 60_000);
  // ...and, at that quiet point, the server accounts for every acknowledged write: a verdict, not a wait.
  const conflicts = [...(server.get('conflicts')?.values() ?? [])] as unknown as Conflict[];
  for (const id of created) {
    const found = ['patients', 'bookings'].some((c) => server.get(c)?.has(id));
    const refused = conflicts.some((c) => c.documentId === id);
    if (!found && !refused) throw new Error(`round ${round}: created document ${id} is lost`);
  }
  checkAcks(server, acks, round);
}

/**
 * The oracle: every acknowledged write, not only the last, must be accounted for on the server. A
 * value is accounted for when the document holds it, when a losing version of that very document
 * holds it (a conflict set aside for review), or when a later acknowledged write of the same field that
 * is itself accounted for was made by a terminal that had already seen it (directly, or through a
 * write that had). A value that is none of these was lost silently. Every acknowledged payment is present once;
 * every acknowledged delete stays deleted; the server refused no push (the desk refuses what the rules
 * forbid before pushing, so a server refusal is a fault: a retried push taken for a replay, say).
 */
export function checkAcks(server: Map<string, Map<string, WireDocument>>, acks: readonly Ack[], round: number): void {
  const conflicts = [...(server.get('conflicts')?.values() ?? [])] as unknown as Conflict[];
  const losingOf = (id: string): Record<string, unknown>[] =>
    conflicts.filter((c) => c.documentId === id).map((c) => JSON.parse(c.losing) as Record<string, unknown>);
  // The desk refuses what the rules forbid before anything is pushed, so the server refusing a
  // terminal's push means something went wrong on the way: a retried push taken for a replay, a
  // proof that does not match, a version the terminal should never have made.
  const refused = conflicts.find((c) => c.kind === 'refused');
  if (refused)
    throw new Error(
      `round ${round}: the server refused a pushed ${refused.entity} ${refused.documentId}: ${refused.reason ?? ''}`,
    );
  const lost = (ack: Ack, what: string): Error =>
    new Error(`round ${round}: ${ack.collection} ${ack.id} lost ${what} (step ${ack.step})`);

  const byField = new Map<string, Ack[]>();
  for (const ack of acks) {
    for (const field of Object.keys(ack.fields)) {
      if (field === 'createdAt' || field === 'paymentKey') continue;
      const key = `${ack.id}|${field}`;
      byField.set(key, [...(byField.get(key) ?? []), ack]);
    }
  }
  for (const [key, list] of byField) {
    const field = key.split('|')[1]!;
    const ordered = [...list].sort((a, b) => a.step - b.step);
    // seen[j]: the earlier writes the terminal making write j had seen when it made it.
    const seen: Set<number>[] = ordered.map(() => new Set<number>());
    ordered.forEach((ack, j) => {
      const before = canonicalJson(ack.before?.[field]);
      for (let i = 0; i < j; i++) {
        if (canonicalJson(ordered[i]!.fields[field]) === before) {
          seen[j]!.add(i);
          for (const k of seen[i]!) seen[j]!.add(k);
        }
      }
    });
    const first = ordered[0]!;
    const doc = server.get(first.collection)?.get(first.id) as Record<string, unknown> | undefined;
    const present = ordered.map((ack) => canonicalJson(doc?.[field]) === canonicalJson(ack.fields[field]));
    // A write is accounted for when it is in the document, when it is kept aside as a losing version,
    // or when a later write that is itself accounted for replaced it knowingly: a person who replaced
    // their own note before it reached the server, with a version that then lost a merge, finds that
    // version (which meant to replace this one) in review.
    const keptAside = ordered.map((ack) =>
      losingOf(ack.id).some((l) => canonicalJson(l[field]) === canonicalJson(ack.fields[field])),
    );
    const accounted: boolean[] = ordered.map(() => false);
    for (let j = ordered.length - 1; j >= 0; j--)
      accounted[j] = present[j]! || keptAside[j]! || seen.some((s, k) => k > j && s.has(j) && accounted[k]!);
    ordered.forEach((ack, i) => {
      if (!accounted[i]) throw lost(ack, `${field}=${canonicalJson(ack.fields[field])}`);
    });
  }

  for (const ack of acks) {
    const doc = server.get(ack.collection)?.get(ack.id) as Record<string, unknown> | undefined;
    const key = ack.fields.paymentKey;
    if (typeof key === 'string') {
      const payments = ((doc?.payments as { idempotencyKey: string }[] | undefined) ?? []).filter(
        (p) => p.idempotencyKey === key,
      );
      if (payments.length > 1) throw new Error(`round ${round}: payment ${key} recorded ${payments.length} times`);
      if (payments.length === 0 && !losingOf(ack.id).some((l) => JSON.stringify(l.payments ?? []).includes(key)))
        throw lost(ack, `payment ${key}`);
    }
    if (ack.deleted && doc && doc._deleted !== true) throw lost(ack, 'its deletion (it is live again)');
  }
}
