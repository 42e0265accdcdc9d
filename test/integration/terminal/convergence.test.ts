import { afterEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/schemas/patient';
import { signIn } from '../../../renderer/db/session';
import { PASSWORD, startHarness, TestClient, type Harness } from '../sync-server/harness';
import { syncState } from '../../../renderer/ui/sync-indicator';
import { Terminal } from './terminal-harness';

/**
 * A scripted interleaving (no seed, no luck) of the race behind the fuzzer's rare "in sync but older
 * than the server" failure: a pull is on its way while this terminal pushes its own change; the
 * server takes the push, then a colleague's newer version, then answers the pull with that newer
 * version before the push's own answer is back. The terminal must end up holding the colleague's
 * version, not its own older one.
 */
let h: Harness | undefined;
let terminal: Terminal | undefined;
afterEach(async () => {
  await terminal?.close();
  await h?.close();
  terminal = undefined;
  h = undefined;
});

/** A gate a test opens by hand, and a signal that something reached it. */
function gate() {
  let open: () => void = () => undefined;
  let reached: () => void = () => undefined;
  return {
    opened: new Promise<void>((resolve) => (open = resolve)),
    arrived: new Promise<void>((resolve) => (reached = resolve)),
    open: () => {
      open();
    },
    reach: () => {
      reached();
    },
  };
}

/** A server with a seeded clinic, and a terminal enrolled for Jakarta (not opened yet: hooks go first). */
async function enrolledTerminal(name: string, heartbeatMs?: number): Promise<Terminal> {
  h = await startHarness(heartbeatMs !== undefined ? { heartbeatMs } : {});
  const enrolled = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'T');
  return new Terminal({ name, serverUrl: h.server.url, token: enrolled.token, device: enrolled.device });
}

describe('convergence', () => {
  it('keeps a colleague’s newer version that a pull brings while this terminal’s own push is answered', async () => {
    terminal = await enrolledTerminal('convergence');
    const stack = h!;
    const jakarta = stack.jakarta;
    const pull = gate();
    const push = gate();
    let holdPull = false;
    let holdPush = false;
    terminal.network.beforeRequest = async (url) => {
      if (holdPull && url.endsWith('/sync/patients/pull')) {
        holdPull = false;
        pull.reach();
        await pull.opened;
      }
    };
    terminal.network.onResponse = async (url, res) => {
      if (holdPush && url.endsWith('/sync/patients/push')) {
        holdPush = false;
        push.reach();
        await push.opened;
      }
      return res;
    };
    await terminal.open();
    await terminal.settle();
    const db = terminal.db;
    await signIn(
      db,
      terminal.profile,
      { email: 'desk.jakarta@glow.example', secret: PASSWORD, branchId: jakarta },
      terminal.network.fetch,
    );
    const colleague = await TestClient.enrol(stack.server.url, 'owner@glow.example', [jakarta], 'Colleague');
    const owner = stack.data.users.find((u) => u.email === 'owner@glow.example')!.id;
    const desk = stack.data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id;
    const patient = stack.data.patients.find((p) => p.tenantId === jakarta)!;

    // 1. A pull of patients starts (the stream reconnects and asks for a resync) and is held back.
    holdPull = true;
    terminal.network.goOffline();
    terminal.network.goOnline();
    await pull.arrived;
    // 2. This terminal changes the patient; the server takes the push, its answer is held back.
    holdPush = true;
    const doc = await db.patients.findOne(patient.id).exec();
    await doc!.incrementalPatch({ notes: 'Desk’s note', updatedAt: Date.now(), updatedBy: desk });
    await push.arrived;
    // 3. A colleague changes the same patient on top of it.
    const stored = (await colleague.pullAll('patients')).get(patient.id)!;
    expect(stored.notes).toBe('Desk’s note');
    expect((await colleague.update('patients', stored, { notes: 'Colleague’s note', updatedBy: owner })).status).toBe(
      200,
    );
    // 4. The pull goes out now and brings the colleague's version; then the push's answer arrives.
    pull.open();
    await new Promise((r) => setTimeout(r, 500));
    push.open();
    await terminal.replication!.awaitInSync();

    const server = (await colleague.pullAll('patients')).get(patient.id)!;
    expect(server.notes).toBe('Colleague’s note');
    const local = (await db.patients.findOne(patient.id).exec())!.toJSON() as Patient;
    expect({ notes: local.notes, updatedAt: local.updatedAt }).toEqual({
      notes: server.notes,
      updatedAt: server.updatedAt,
    });
  }, 60_000);
});

describe('the sync status', () => {
  it('says "catching up" while the terminal is below the server’s head, and "all saved" once it is not', async () => {
    terminal = await enrolledTerminal('status');
    const stack = h!;
    const jakarta = stack.jakarta;
    const pull = gate();
    let holdPull = false;
    terminal.network.beforeRequest = async (url) => {
      if (holdPull && url.endsWith('/sync/patients/pull')) {
        pull.reach();
        await pull.opened;
      }
    };
    await terminal.open();
    await terminal.settle();
    const status = () => terminal!.status.getState();
    await waitFor(() => status().online && !status().behind);
    expect(syncState(status())).toBe('all saved');

    // Offline, a colleague changes a patient; back online, this terminal's pull of patients is slow.
    terminal.network.goOffline();
    const colleague = await TestClient.enrol(stack.server.url, 'owner@glow.example', [jakarta], 'Colleague');
    const owner = stack.data.users.find((u) => u.email === 'owner@glow.example')!.id;
    const patient = stack.data.patients.find((p) => p.tenantId === jakarta)!;
    const stored = (await colleague.pullAll('patients')).get(patient.id)!;
    expect((await colleague.update('patients', stored, { notes: 'Changed elsewhere', updatedBy: owner })).status).toBe(
      200,
    );
    holdPull = true;
    terminal.network.goOnline();
    await pull.arrived;
    await waitFor(() => status().online && status().behind);
    expect(status().pending).toBe(0);
    expect(syncState(status())).toBe('catching up');

    holdPull = false;
    pull.open();
    await waitFor(() => !status().behind);
    expect(syncState(status())).toBe('all saved');
    const local = (await terminal.db.patients.findOne(patient.id).exec())!.toJSON() as Patient;
    expect(local.notes).toBe('Changed elsewhere');
  }, 60_000);
});

describe('the live stream', () => {
  it('notices a stream gone silent within two heartbeats, reconnects and fetches what it missed', async () => {
    const HEARTBEAT = 500;
    terminal = await enrolledTerminal('silent', HEARTBEAT);
    const stack = h!;
    // A half-open connection: the socket stays open, nothing arrives (a sleeping laptop, a NAT timeout).
    let silent = false;
    let connections = 0;
    terminal.network.beforeRequest = (url) => {
      if (url.endsWith('/sync/stream')) {
        connections++;
        silent = false;
      }
      return Promise.resolve();
    };
    terminal.network.onResponse = (url, res) => {
      if (!url.endsWith('/sync/stream') || !res.body) return Promise.resolve(res);
      const body = res.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, out) {
            if (!silent) out.enqueue(chunk);
          },
        }),
      );
      return Promise.resolve(new Response(body, { status: res.status, headers: res.headers }));
    };
    await terminal.open();
    await terminal.settle();
    const status = () => terminal!.status.getState();
    await waitFor(() => status().online && !status().behind);
    expect(connections).toBe(1);

    silent = true;
    const wentSilent = Date.now();
    const colleague = await TestClient.enrol(stack.server.url, 'owner@glow.example', [stack.jakarta], 'Colleague');
    const owner = stack.data.users.find((u) => u.email === 'owner@glow.example')!.id;
    const patient = stack.data.patients.find((p) => p.tenantId === stack.jakarta)!;
    const stored = (await colleague.pullAll('patients')).get(patient.id)!;
    expect((await colleague.update('patients', stored, { notes: 'While you slept', updatedBy: owner })).status).toBe(
      200,
    );
    await waitFor(() => connections === 2, 10_000);
    // Two heartbeats of silence (the last bytes came at most one heartbeat before), with slack for a busy machine.
    expect(Date.now() - wentSilent).toBeLessThan(2 * HEARTBEAT + 1_500);
    await waitFor(() => status().online && !status().behind);
    const local = async () => ((await terminal!.db.patients.findOne(patient.id).exec())!.toJSON() as Patient).notes;
    for (let i = 0; i < 100 && (await local()) !== 'While you slept'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await local()).toBe('While you slept');
  }, 60_000);
});

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 20));
  }
}
