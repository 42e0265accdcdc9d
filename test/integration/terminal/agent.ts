/**
 * A clinic terminal in its own process (RxDB's free build allows 13 open collections per process, so
 * each simulated terminal gets one), driven by the test over IPC. Everything it does goes through the
 * renderer's data layer: the same database, writes, queries, replication and sign-in as the app.
 */
import { COLLECTION_NAMES } from '../../../shared/collections';
import { addPayment, changeStatus, createBooking, deleteBooking, updateBooking } from '../../../renderer/db/bookings';
import { WriteRefused, type WriteContext } from '../../../renderer/db/actor';
import { registerPatient, updatePatient } from '../../../renderer/db/patients';
import { inbox$, visits$ } from '../../../renderer/db/queries';
import type { Patient } from '../../../shared/schemas/patient';
import { signIn, signOut, watchSession } from '../../../renderer/db/session';
import { setPin } from '../../../renderer/db/credentials';
import { Terminal, type TerminalOptions } from './terminal-harness';
import { firstValueFrom, filter, timeout } from 'rxjs';
import type { Session } from '../../../renderer/db/session';

let terminal: Terminal | undefined;
let session: Session | undefined;
let clock = 0;
/** This terminal's clock error (terminals' clocks are never quite right): set by the test. */
let skewMs = 0;

function term(): Terminal {
  if (!terminal) throw new Error('terminal not open');
  return terminal;
}

async function ctx(): Promise<WriteContext> {
  if (!session) throw new Error('nobody is signed in');
  const branch = await term().db.tenants.findOne(session.branchId).exec();
  if (!branch) throw new Error('branch not synced yet');
  return {
    userId: session.userId,
    role: session.role,
    staffIds: session.staffIds,
    branch: {
      id: branch.id,
      createdAt: branch.createdAt,
      timeZone: branch.timeZone,
      currency: branch.currency,
      phoneCountryCode: branch.phoneCountryCode,
      ...(branch.phoneRegion ? { phoneRegion: branch.phoneRegion } : {}),
      overlapPolicy: branch.overlapPolicy,
    },
    // Strictly increasing, so two edits in one millisecond still differ.
    now: () => (clock = Math.max(Date.now() + skewMs, clock + 1)),
  };
}

type Handler = (args: never) => Promise<unknown>;

const commands: Record<string, Handler> = {
  open: async (args: TerminalOptions & { sync: boolean }) => {
    terminal ??= new Terminal(args);
    await terminal.open(args.sync);
    return true;
  },
  skewClock: (args: { ms: number }) => {
    skewMs = args.ms;
    return Promise.resolve(true);
  },
  close: async () => {
    await term().close();
    return true;
  },
  /** Closes the app and starts it again on the same local database; the person signs in again. */
  restart: async (args: { password: string }) => {
    const was = session;
    session = undefined;
    await term().close();
    await term().open(true);
    if (was) {
      session = await signIn(
        term().db,
        term().profile,
        { email: was.email, secret: args.password, branchId: was.branchId, method: 'password' },
        term().network.fetch,
      );
    }
    return true;
  },
  offline: () => {
    term().network.goOffline();
    return Promise.resolve(true);
  },
  online: () => {
    term().network.goOnline();
    return Promise.resolve(true);
  },
  settle: async () => {
    await term().settle();
    return true;
  },
  signIn: async (args: { email: string; password: string; branchId: string; method?: 'password' | 'pin' }) => {
    const next = await signIn(
      term().db,
      term().profile,
      { email: args.email, secret: args.password, branchId: args.branchId, method: args.method ?? 'password' },
      term().network.fetch,
    );
    session = next;
    const { signer: _key, ...visible } = next;
    return visible;
  },
  signOut: () => {
    signOut(term().db);
    session = undefined;
    return Promise.resolve(true);
  },
  setPin: async (args: { pin: string }) => {
    if (!session) throw new Error('nobody is signed in');
    await setPin(term().db, session.email, session.signer.secretKey, args.pin);
    return true;
  },
  /** Resolves with the sentence the app shows when the synced copy of the person ends the session. */
  sessionEnded: async (args: { timeoutMs: number }) => {
    const current = session;
    if (!current) throw new Error('nobody is signed in');
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error('the session did not end'));
      }, args.timeoutMs);
      const stop = watchSession(term().db, current, (why) => {
        clearTimeout(timer);
        setTimeout(stop);
        resolve(why);
      });
    });
  },
  /** Resolves with the removal sentence once the sync status shows it. */
  removed: async (args: { timeoutMs: number }) => {
    const started = Date.now();
    for (;;) {
      const removed = term().status.getState().removed;
      if (removed) return { message: removed, afterMs: Date.now() - started };
      if (Date.now() - started > args.timeoutMs) throw new Error('the terminal was not told it was removed');
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  profile: () => Promise.resolve(term().profile),
  status: () => {
    const { online, pending, lastSyncedAt, lastError, behind } = term().status.getState();
    return Promise.resolve({
      online,
      pending,
      lastSyncedAt,
      lastError,
      behind,
      ...(behind ? { progress: term().replication?.progress() } : {}),
    });
  },
  dump: async () => {
    const out: Record<string, unknown[]> = {};
    for (const name of COLLECTION_NAMES) {
      const docs = await term().db[name].find().exec();
      out[name] = docs.map((d) => d.toJSON()).sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    return out;
  },
  inbox: async (args: { tenantId: string; atLeast: number }) => {
    return firstValueFrom(
      inbox$(term().db, args.tenantId).pipe(
        // Records, not items: both bookings of a double booking must have arrived marked.
        filter((i) => i.bookingClashes.length + i.phoneClashes.length + i.conflicts.length >= args.atLeast),
        timeout(15_000),
      ),
    );
  },
  visits: async (args: { patientId: string }) => {
    const patient = await term().db.patients.findOne(args.patientId).exec();
    if (!patient) throw new Error('no such patient here');
    return firstValueFrom(visits$(term().db, patient.toJSON() as Patient));
  },
  createBooking: async (args: Parameters<typeof createBooking>[1]) => createBooking(term().db, args, await ctx()),
  updateBooking: async (args: { id: string; changes: Parameters<typeof updateBooking>[2] }) =>
    updateBooking(term().db, args.id, args.changes, await ctx()),
  changeStatus: async (args: { id: string; to: Parameters<typeof changeStatus>[2]; reason?: string }) =>
    // The person at this desk answers yes when asked (checking in early, say): the step is legal.
    changeStatus(term().db, args.id, args.to, await ctx(), args.reason, true),
  addPayment: async (args: { id: string; payment: Parameters<typeof addPayment>[2] }) =>
    addPayment(term().db, args.id, args.payment, await ctx()),
  deleteBooking: async (args: { id: string }) => {
    await deleteBooking(term().db, args.id, await ctx());
    return true;
  },
  registerPatient: async (args: { input: Parameters<typeof registerPatient>[1]; confirm?: boolean }) =>
    registerPatient(term().db, args.input, await ctx(), args.confirm),
  updatePatient: async (args: { id: string; input: Parameters<typeof updatePatient>[2]; confirm?: boolean }) =>
    updatePatient(term().db, args.id, args.input, await ctx(), args.confirm),
};

process.on('message', (message: { id: number; cmd: string; args: unknown }) => {
  const handler = commands[message.cmd];
  const run = handler ? handler(message.args as never) : Promise.reject(new Error(`unknown command ${message.cmd}`));
  run.then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        code: error instanceof Error && 'code' in error ? String(error.code) : undefined,
        refused: error instanceof WriteRefused,
      }),
  );
});
// If the test process goes away (a timeout, a crash), so does this terminal: no orphans.
process.on('disconnect', () => {
  process.exit(0);
});
process.send?.({ ready: true });
