import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import type { Booking } from '../../../shared/schemas/booking';
import type { WireDocument } from '../../../shared/sync/protocol';
import { newBookingIn, post, startHarness, TestClient, wire, type Answer, type Harness } from './harness';

let h: Harness;
let desk: TestClient;
let deskUser: string;
let ownerUser: string;
let org: string;

beforeAll(async () => {
  h = await startHarness();
  org = h.data.tenants[0]!.organisationId;
  // One terminal with the owner and the front desk signed in: each version is signed by whoever it names.
  desk = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Desk');
  await desk.signIn('desk.jakarta@glow.example');
  deskUser = h.data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id;
  ownerUser = h.data.users.find((u) => u.email === 'owner@glow.example')!.id;
});
afterAll(async () => {
  await h.close();
});

/** What the server holds that a refused request could have changed: every sequence and the audit log. */
async function snapshot(): Promise<string> {
  const seqs = await h.store.maxSeqs([h.jakarta, h.bali, org]);
  const audit = await h.store.listAudit(org, 10_000);
  return JSON.stringify({ seqs, audit: audit.length });
}

/** Sends the request, expects the refusal, and checks it stored nothing at all. */
async function refused<T>(send: () => Promise<Answer<T>>, status: number, code: string): Promise<Answer<T>> {
  const before = await snapshot();
  const answer = await send();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect((answer.body as { error: { code: string } }).error.code).toBe(code);
  expect(await snapshot()).toBe(before);
  return answer;
}

async function current(collection: 'bookings' | 'patients', id: string): Promise<WireDocument> {
  return (await desk.pullAll(collection)).get(id)!;
}

function newBooking(over: Partial<Booking> = {}): WireDocument {
  return wire(newBookingIn(h.data, h.jakarta, deskUser, over));
}

const pushNew = (doc: WireDocument) => desk.push('bookings', [{ assumedMasterState: null, newDocumentState: doc }]);

describe('requests no server should believe', () => {
  it('refuses a deeply nested assumedMasterState with 400, not a stack overflow', async () => {
    const booking = h.data.bookings.find((b) => b.tenantId === h.jakarta && b.status === 'confirmed')!;
    const master = await current('bookings', booking.id);
    // Built by hand: JSON.stringify itself would overflow on this value.
    const nested = `${'{"a":'.repeat(100_000)}"x"${'}'.repeat(100_000)}`;
    const next = desk.sign('bookings', { ...master, notes: 'deep', updatedAt: Date.now(), updatedBy: deskUser });
    const body = `[{"assumedMasterState":${JSON.stringify({ ...master, notes: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', nested)},"newDocumentState":${JSON.stringify(next)}}]`;
    const answer = await refused(
      () => post(`${h.server.url}/sync/bookings/push`, body, desk.token),
      400,
      'invalid-json',
    );
    expect(JSON.stringify(answer.body)).toContain('nests deeper than');
    expect((await fetch(`${h.server.url}/health`)).status).toBe(200);
  });

  it('refuses __proto__ and constructor keys, and an assumed state of another document', async () => {
    const proto =
      '[{"assumedMasterState":null,"newDocumentState":{"id":"x","tenantId":"y","__proto__":{"admin":true}}}]';
    await refused(() => post(`${h.server.url}/sync/bookings/push`, proto, desk.token), 400, 'invalid-json');
    const doc = newBooking();
    const other = newBooking();
    await refused(
      () => desk.push('bookings', [{ assumedMasterState: other, newDocumentState: doc }]),
      400,
      'invalid-push',
    );
  });

  it('keeps every problem in the message count but answers at most 20 of them', async () => {
    const rows = Array.from({ length: 60 }, () => ({
      assumedMasterState: null,
      newDocumentState: newBooking({ endAt: 5 }),
    }));
    const answer = await refused(() => desk.push('bookings', rows), 400, 'invalid-document');
    const body = answer.body as unknown as { error: { message: string; problems: unknown[] } };
    expect(body.error.problems).toHaveLength(20);
    expect(body.error.message).toMatch(/and \d+ more/);
  });

  it('refuses bookings dated 1970 or in the year 275760, and versions from a clock far ahead', async () => {
    await refused(() => pushNew(newBooking({ startAt: 0, endAt: 3_600_000 })), 400, 'invalid-document');
    const far = 8_639_000_000_000_000;
    await refused(() => pushNew(newBooking({ startAt: far, endAt: far + 3_600_000 })), 400, 'invalid-document');
    const later = Date.now() + 60 * 60_000;
    const answer = await refused(() => pushNew(newBooking({ updatedAt: later })), 400, 'clock-ahead');
    expect(JSON.stringify(answer.body)).toContain('set this terminal');
    // A clock a minute ahead is normal drift: accepted.
    expect((await pushNew(newBooking({ updatedAt: Date.now() + 60_000 }))).status).toBe(200);
  });

  it('refuses a booking dated before its branch opened or over two years ahead, also when moved there', async () => {
    const hour = 3_600_000;
    const opened = h.data.tenants.find((t) => t.id === h.jakarta)!.createdAt;
    const early = opened - 3 * 24 * hour;
    const before = await refused(
      () => pushNew(newBooking({ startAt: early, endAt: early + hour })),
      400,
      'impossible-booking',
    );
    expect(JSON.stringify(before.body)).toContain('before this branch was opened');
    const late = Date.now() + 3 * 366 * 24 * hour;
    await refused(() => pushNew(newBooking({ startAt: late, endAt: late + hour })), 400, 'impossible-booking');
    const fine = newBooking({ updatedBy: ownerUser });
    expect((await pushNew(fine)).status).toBe(200);
    const stored = await current('bookings', fine.id);
    const moved = await refused(
      () => desk.update('bookings', stored, { startAt: late, endAt: late + hour, updatedBy: ownerUser }),
      400,
      'impossible-booking',
    );
    expect(JSON.stringify(moved.body)).toContain('more than two years ahead');
  });

  it('refuses references to another branch’s patient, staff or treatment', async () => {
    const baliPatient = h.data.patients.find((p) => p.tenantId === h.bali)!;
    const baliStaff = h.data.staff.find((s) => s.tenantId === h.bali)!;
    const baliTreatment = h.data.treatments.find((t) => t.tenantId === h.bali)!;
    for (const over of [
      { patientId: baliPatient.id },
      { staffId: baliStaff.id },
      { treatmentId: baliTreatment.id, price: baliTreatment.price },
    ]) {
      const answer = await refused(() => pushNew(newBooking(over)), 403, 'foreign-reference');
      expect(JSON.stringify(answer.body)).toContain('another branch');
    }
    // A patient the server has not seen yet may still be on its way from the terminal: accepted.
    expect((await pushNew(newBooking({ patientId: newId() }))).status).toBe(200);
  });

  it('makes the front desk book at the catalogue price of a treatment it knows, also when swapping it', async () => {
    await refused(() => pushNew(newBooking({ treatmentId: newId(), price: 1 })), 403, 'forbidden-role');
    const created = newBooking();
    expect((await pushNew(created)).status).toBe(200);
    const master = await current('bookings', created.id);
    const dearer = h.data.treatments.find((t) => t.tenantId === h.jakarta && t.price !== master.price && t.isActive)!;
    const swapped = await refused(
      () => desk.update('bookings', master, { treatmentId: dearer.id, updatedBy: deskUser }),
      403,
      'forbidden-role',
    );
    expect(JSON.stringify(swapped.body)).toContain('catalogue price');
    const fair = await desk.update('bookings', master, {
      treatmentId: dearer.id,
      price: dearer.price,
      updatedBy: deskUser,
    });
    expect(fair.status).toBe(200);
  });

  it('keeps the status machine and recorded payments, whoever signs', async () => {
    const created = newBooking({ updatedBy: ownerUser });
    expect((await pushNew(created)).status).toBe(200);
    const now = Date.now();
    const paid = await desk.update('bookings', await current('bookings', created.id), {
      status: 'completed',
      checkedInAt: now,
      paymentStatus: 'paid',
      payments: [{ method: 'cash', amount: Number(created.price), at: now, idempotencyKey: 'pay-00000001' }],
      updatedBy: ownerUser,
    });
    expect(paid.status).toBe(200);
    const done = await current('bookings', created.id);
    const back = await refused(
      () =>
        desk.update('bookings', done, {
          status: 'pending',
          payments: [],
          paymentStatus: 'unpaid',
          updatedBy: ownerUser,
        }),
      403,
      'forbidden-role',
    );
    expect(JSON.stringify(back.body)).toContain('cannot go back');
    const erased = await refused(
      () => desk.update('bookings', done, { payments: [], paymentStatus: 'unpaid', updatedBy: ownerUser }),
      403,
      'forbidden-role',
    );
    expect(JSON.stringify(erased.body)).toContain('payment cannot be removed');

    // Money back is a refund added with its reason: the front desk may not, nor without a reason or
    // for more than was paid; the owner may, and the payment it undoes stays on record.
    const price = Number(created.price);
    const refund = (over: Record<string, unknown>) => ({
      method: 'cash',
      amount: price,
      at: now + 1,
      idempotencyKey: 'refund-00000001',
      refundReason: 'Treatment stopped early: allergic reaction',
      ...over,
    });
    const withRefund = (r: Record<string, unknown>, by: string) =>
      desk.update('bookings', done, {
        payments: [...(done.payments as unknown[]), r],
        updatedBy: by,
      });
    const byDesk = await refused(() => withRefund(refund({}), deskUser), 403, 'forbidden-role');
    expect(JSON.stringify(byDesk.body)).toContain('Only an owner or admin can refund');
    await refused(() => withRefund(refund({ refundReason: '' }), ownerUser), 400, 'invalid-document');
    await refused(() => withRefund(refund({ amount: price + 1 }), ownerUser), 400, 'invalid-document');
    expect((await withRefund(refund({}), ownerUser)).status).toBe(200);
    const refunded = await current('bookings', created.id);
    expect(refunded.payments).toHaveLength(2);
    expect(refunded.paymentStatus).toBe('paid');
    // And the refund itself is history: its reason cannot be rewritten.
    const rewritten = await refused(
      () =>
        desk.update('bookings', refunded, {
          payments: [(refunded.payments as unknown[])[0], refund({ refundReason: 'Changed my mind' })],
          updatedBy: ownerUser,
        }),
      403,
      'forbidden-role',
    );
    expect(JSON.stringify(rewritten.body)).toContain('payment cannot be removed');
  });

  it("takes receipt numbers only in the pushing terminal's own series, and keeps them as recorded", async () => {
    const created = newBooking();
    expect((await pushNew(created)).status).toBe(200);
    const master = await current('bookings', created.id);
    const price = Number(created.price);
    const pay = (receiptNo: string, over: Record<string, unknown> = {}) => ({
      method: 'cash',
      amount: price,
      at: Date.now(),
      idempotencyKey: `pay-${receiptNo}`,
      receiptNo,
      ...over,
    });
    const withPayment = (p: Record<string, unknown>) =>
      desk.update('bookings', master, { paymentStatus: 'paid', payments: [p], updatedBy: deskUser });
    // Another terminal's series (its receipts could then share a number with this one's): refused.
    const other = desk.device.prefix === 'Z' ? 'Y' : 'Z';
    const forged = await refused(() => withPayment(pay(`${other}-000001`)), 403, 'foreign-receipt');
    expect(JSON.stringify(forged.body)).toContain(`start with ${desk.device.prefix}-`);
    // Cash handed over must be more than the amount, and only cash has change.
    await refused(() => withPayment(pay(`${desk.device.prefix}-000001`, { tendered: price })), 400, 'invalid-document');
    await refused(
      () => withPayment(pay(`${desk.device.prefix}-000001`, { method: 'card', tendered: price + 100 })),
      400,
      'invalid-document',
    );
    const own = pay(`${desk.device.prefix}-000001`, { tendered: price + 50_000_00 });
    expect((await withPayment(own)).status).toBe(200);
    const paid = await current('bookings', created.id);
    expect(paid.payments).toEqual([own]);
    // Once recorded, its number is history like the rest of the payment.
    const renumbered = await refused(
      () =>
        desk.update('bookings', paid, {
          payments: [{ ...own, receiptNo: `${desk.device.prefix}-000002` }],
          updatedBy: deskUser,
        }),
      403,
      'forbidden-role',
    );
    expect(JSON.stringify(renumbered.body)).toContain('payment cannot be removed');
  });

  it('tells a terminal whose checkpoint is past the head to fetch everything again', async () => {
    const head = (await desk.pull('bookings')).body.head;
    const answer = await refused(
      () => desk.pull('bookings', { ...head, [h.jakarta]: (head[h.jakarta] ?? 0) + 1000 }),
      409,
      'checkpoint-ahead',
    );
    expect(JSON.stringify(answer.body)).toContain('fetches everything again');
    expect((await desk.pull('bookings', head)).status).toBe(200);
  });

  it('answers HEAD on the stream at once, and another method on a known path with 405', async () => {
    const head = await fetch(`${h.server.url}/sync/stream`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${desk.token}` },
      signal: AbortSignal.timeout(3_000),
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/event-stream');
    const anonymous = await fetch(`${h.server.url}/sync/stream`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(3_000),
    });
    expect(anonymous.status).toBe(401);
    for (const [method, path, allow] of [
      ['GET', '/sync/bookings/push', 'POST'],
      ['PUT', '/sync/bookings/pull', 'POST'],
      ['DELETE', '/health', 'GET'],
      ['POST', '/sync/stream', 'GET'],
    ] as const) {
      const res = await fetch(`${h.server.url}${path}`, { method, signal: AbortSignal.timeout(3_000) });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toContain(allow);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method-not-allowed');
    }
    expect((await fetch(`${h.server.url}/nowhere`)).status).toBe(404);
  });

  it('refuses a device token without an expiry, even one signed with the server’s own key', async () => {
    const key = await h.store.getOrCreateMeta('token-key', () => 'unused');
    const token = await new SignJWT({ org, branches: [h.jakarta], prefix: desk.device.prefix })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(desk.device.id)
      .setIssuedAt()
      .setAudience('clinic-desk-sync')
      .sign(new Uint8Array(Buffer.from(key, 'base64')));
    await refused(
      () => post(`${h.server.url}/sync/bookings/pull`, { checkpoint: null, batchSize: 1 }, token),
      401,
      'invalid-token',
    );
  });
});
