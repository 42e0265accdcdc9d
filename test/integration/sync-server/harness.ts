import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectionName } from '../../../shared/collections';
import { newId } from '../../../shared/ids';
import type { Booking } from '../../../shared/schemas/booking';
import type {
  Checkpoint,
  EnrolResponse,
  PullResponse,
  SignInResponse,
  StreamMessage,
  WireDocument,
} from '../../../shared/sync/protocol';
import { newKeyPair } from '../../../renderer/db/credentials';
import { makeProof, type Signer } from '../../../renderer/db/signer';
import { readStream } from '../../../renderer/db/sse';
import { startServer, type RunningServer } from '../../../sync-server/server';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import type { Store } from '../../../sync-server/store/port';
import { generateDataset, type Dataset } from '../../../shared/demo/generate';
import { seedStore } from '../../../sync-server/store/seed';

export const PASSWORD = 'correct horse battery';

export interface Harness {
  server: RunningServer;
  store: Store;
  data: Dataset;
  dir: string;
  jakarta: string;
  bali: string;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 with a fresh SQLite file holding a small generated clinic group. */
export async function startHarness(
  options: { seed?: number; bookings?: number; heartbeatMs?: number; now?: () => number } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-sync-'));
  const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
  const data = generateDataset({
    seed: options.seed ?? 5,
    patients: 40,
    bookings: options.bookings ?? 200,
  });
  await seedStore(store, data, { password: PASSWORD });
  const server = await startServer(store, {
    port: 0,
    pollMs: 50,
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    server,
    store,
    data,
    dir,
    jakarta: data.tenants[0]!.id,
    bali: data.tenants[1]!.id,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function post<T = unknown>(url: string, body: unknown, token?: string): Promise<Answer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/**
 * A terminal's view of the API: enrolled once, then people sign in on it (each gets a key registered
 * by the server), and every pushed version is signed by the person it names in `updatedBy`, as the
 * app does. A version naming someone who has not signed in here goes unsigned.
 */
export class TestClient {
  readonly signers = new Map<string, Signer>();

  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly device: EnrolResponse['device'],
  ) {}

  /** The same terminal (token and signed-in people) talking to another server instance. */
  at(baseUrl: string): TestClient {
    const other = new TestClient(baseUrl, this.token, this.device);
    for (const [id, signer] of this.signers) other.signers.set(id, signer);
    return other;
  }

  /** Enrols a terminal with the email's password, and signs that person in on it. */
  static async enrol(baseUrl: string, email: string, branchIds: string[], terminalName = 'Desk'): Promise<TestClient> {
    const answer = await post<EnrolResponse>(`${baseUrl}/auth/enrol`, {
      email,
      password: PASSWORD,
      branchIds,
      terminalName,
    });
    if (answer.status !== 201) throw new Error(`enrol failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    const client = new TestClient(baseUrl, answer.body.token, answer.body.device);
    await client.signIn(email);
    return client;
  }

  /** Signs a person in online on this terminal (registers a new key); answers the server's reply. */
  async signInRaw(email: string, password = PASSWORD): Promise<Answer<SignInResponse>> {
    const pair = newKeyPair();
    const answer = await post<SignInResponse>(
      `${this.baseUrl}/auth/sign-in`,
      { email, password, publicKey: pair.publicKey },
      this.token,
    );
    if (answer.status === 200) {
      const { id } = answer.body.user;
      this.signers.set(id, { userId: id, keyId: answer.body.keyId, secretKey: pair.secretKey });
    }
    return answer;
  }

  async signIn(email: string, password = PASSWORD): Promise<SignInResponse> {
    const answer = await this.signInRaw(email, password);
    if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A version signed as the app would sign it, by the person it names. */
  sign(collection: CollectionName, doc: WireDocument): WireDocument {
    const signer = this.signers.get(String(doc.updatedBy));
    const { proof: _old, ...rest } = doc;
    return signer ? { ...rest, proof: makeProof(collection, rest, signer) } : rest;
  }

  pull(
    collection: CollectionName,
    checkpoint: Checkpoint | null = null,
    batchSize = 1000,
  ): Promise<Answer<PullResponse>> {
    return post<PullResponse>(`${this.baseUrl}/sync/${collection}/pull`, { checkpoint, batchSize }, this.token);
  }

  /** Every document of a collection this terminal can see, following checkpoints to the end. */
  async pullAll(collection: CollectionName, batchSize = 1000): Promise<Map<string, WireDocument>> {
    const out = new Map<string, WireDocument>();
    let checkpoint: Checkpoint | null = null;
    for (;;) {
      const answer: Answer<PullResponse> = await this.pull(collection, checkpoint, batchSize);
      if (answer.status !== 200) throw new Error(`pull failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      for (const d of answer.body.documents) out.set(d.id, d);
      checkpoint = answer.body.checkpoint;
      if (answer.body.documents.length < batchSize) return out;
    }
  }

  /** Pushes rows, signing each new version by the person it names (unless `signed` is false). */
  push(collection: CollectionName, rows: unknown, signed = true): Promise<Answer<WireDocument[]>> {
    const body =
      signed && Array.isArray(rows)
        ? (rows as { newDocumentState: WireDocument }[]).map((r) => ({
            ...r,
            newDocumentState: this.sign(collection, r.newDocumentState),
          }))
        : rows;
    return post<WireDocument[]>(`${this.baseUrl}/sync/${collection}/push`, body, this.token);
  }

  /** Pushes a new version of a document over the given master state. */
  update(
    collection: CollectionName,
    master: WireDocument,
    changes: Record<string, unknown>,
  ): Promise<Answer<WireDocument[]>> {
    const next = { ...master, ...changes, updatedAt: Math.max(Number(master.updatedAt) + 1, Date.now()) };
    return this.push(collection, [{ assumedMasterState: master, newDocumentState: next }]);
  }
}

/**
 * A new booking in a branch as a front desk makes it: the branch's first patient and staff member and
 * its first active treatment, at the catalogue price and length, confirmed and unpaid.
 */
export function newBookingIn(data: Dataset, branchId: string, updatedBy: string, over: Partial<Booking> = {}): Booking {
  const now = Date.now();
  const treatment = data.treatments.find((t) => t.tenantId === branchId && t.isActive)!;
  const patient = data.patients.find((p) => p.tenantId === branchId)!;
  const startAt = over.startAt ?? Date.UTC(2027, 5, 1, 3);
  return {
    id: newId(now),
    tenantId: branchId,
    createdAt: now,
    updatedAt: now,
    updatedBy,
    patientId: patient.id,
    patientName: patient.name,
    staffId: data.staff.find((s) => s.tenantId === branchId)!.id,
    treatmentId: treatment.id,
    startAt,
    endAt: startAt + treatment.durationMin * 60_000,
    status: 'confirmed',
    source: 'phone',
    price: treatment.price,
    paymentStatus: 'unpaid',
    payments: [],
    ...over,
  };
}

export function wire(doc: object, deleted = false): WireDocument {
  return { ...doc, _deleted: deleted } as unknown as WireDocument;
}

/** Reads Server-Sent Events from /sync/stream into a list you can wait on. */
export async function openStream(baseUrl: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/sync/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const events: StreamMessage[] = [];
  const waiters: (() => void)[] = [];
  const done = (async () => {
    if (!res.body) return;
    try {
      await readStream(res.body, (message) => {
        events.push(message);
        for (const w of waiters.splice(0)) w();
      });
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    events,
    async waitFor(predicate: (e: StreamMessage) => boolean, timeoutMs = 5_000): Promise<StreamMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching stream event; got ${JSON.stringify(events).slice(0, 500)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    ended: done,
    close() {
      controller.abort();
    },
  };
}
