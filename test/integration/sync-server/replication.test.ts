import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES, type CollectionName } from '../../../shared/collections';
import { newId } from '../../../shared/ids';
import type { WireDocument } from '../../../shared/sync/protocol';
import { startHarness, TestClient, wire, type Harness } from './harness';

let h: Harness;
let owner: TestClient;
let other: TestClient;
let ownerId: string;
beforeAll(async () => {
  h = await startHarness();
  owner = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Desk A');
  other = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Desk B');
  ownerId = h.data.users.find((u) => u.email === 'owner@glow.example')!.id;
});
afterAll(async () => {
  await h.close();
});

/** Everything stored for a collection, as the server would answer a full pull for both branches. */
async function snapshot(collection: CollectionName): Promise<string> {
  const all = await h.store.pull(collection, [h.data.organisations[0]!.id, h.jakarta, h.bali], {}, 100_000);
  return JSON.stringify(all);
}

function firstJakarta(collection: CollectionName): WireDocument {
  const docs = h.data[collection] as unknown as WireDocument[];
  const scope = collection === 'users' || collection === 'organisations' ? h.data.organisations[0]!.id : h.jakarta;
  // Memberships: a therapist's, so the owner keeps the role the other tests act with.
  return wire(docs.find((d) => d.tenantId === scope && (collection !== 'memberships' || d.role === 'therapist'))!);
}

const ADMINISTERED = ['organisations', 'users', 'memberships'] as const;
const REPLICATED = COLLECTION_NAMES.filter((c) => !(ADMINISTERED as readonly string[]).includes(c));

describe('pull, push and conflicts', () => {
  it.each(ADMINISTERED)(
    'refuses %s from replication, even signed by the owner, and stores nothing',
    async (collection) => {
      const before = await snapshot(collection);
      const doc = (await owner.pullAll(collection)).get(firstJakarta(collection).id)!;
      const pushed = await owner.update(collection, doc, { updatedBy: ownerId, isActive: false, name: 'Changed' });
      expect(pushed.status).toBe(403);
      expect(pushed.body).toMatchObject({ error: { code: 'administered-online' } });
      expect(await snapshot(collection)).toBe(before);
    },
  );

  it.each(REPLICATED)('round-trips an edit of %s from one terminal to another', async (collection) => {
    if (collection === 'conflicts') {
      const now = Date.now();
      const id = newId(now);
      const conflict = {
        id,
        tenantId: h.jakarta,
        createdAt: now,
        updatedAt: now,
        updatedBy: ownerId,
        kind: 'merge',
        entity: 'patients',
        documentId: id,
        fields: ['notes'],
        losing: '{"notes":"x"}',
        status: 'open',
      };
      expect(
        (await owner.push('conflicts', [{ assumedMasterState: null, newDocumentState: wire(conflict) }])).body,
      ).toEqual([]);
      (h.data.conflicts as unknown[]).push(conflict);
    }
    const before = (await other.pullAll(collection)).get(firstJakarta(collection).id)!;
    expect(before).toBeDefined();
    const changes: Record<string, unknown> = { updatedBy: ownerId };
    if (collection === 'bookings') changes.notes = 'Moved to the window room';
    else if (collection === 'tenants') changes.overlapPolicy = 'warn';
    else if (collection === 'patients') changes.allergies = 'Latex';
    else if (collection === 'conflicts')
      Object.assign(changes, { status: 'resolved', resolvedAt: Date.now(), resolution: 'Kept the desk copy' });
    else changes.name = `${String(before.name)} Edited`;
    const pushed = await owner.update(collection, before, changes);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toEqual([]);
    const after = (await other.pullAll(collection)).get(before.id)!;
    expect(after).toMatchObject(changes);
  });

  it('returns the master state when a terminal pushes over a version it had not seen', async () => {
    const patient = (await owner.pullAll('patients')).get(firstJakarta('patients').id)!;
    expect((await owner.update('patients', patient, { notes: 'first', updatedBy: ownerId })).body).toEqual([]);
    const conflict = await other.update('patients', patient, { notes: 'second', updatedBy: ownerId });
    expect(conflict.status).toBe(200);
    expect(conflict.body).toHaveLength(1);
    expect(conflict.body[0]).toMatchObject({ id: patient.id, notes: 'first', _deleted: false });
  });

  it('answers a retried push as success and stores the document once', async () => {
    const id = newId();
    const now = Date.now();
    const doc = wire({
      ...h.data.patients.find((p) => p.tenantId === h.jakarta)!,
      id,
      phone: '6281999000111',
      createdAt: now,
      updatedAt: now,
      updatedBy: ownerId,
    });
    // A retry sends the very version (and proof) it sent before.
    const row = [{ assumedMasterState: null, newDocumentState: owner.sign('patients', doc) }];
    expect((await owner.push('patients', row, false)).body).toEqual([]);
    expect((await owner.push('patients', row, false)).body).toEqual([]);
    const matches = [...(await other.pullAll('patients')).values()].filter((p) => p.id === id);
    expect(matches).toHaveLength(1);
  });

  it('soft-deletes: a deleted document travels with _deleted and is never dropped', async () => {
    const staff = (await owner.pullAll('staff')).get(firstJakarta('staff').id)!;
    const deleted = { ...staff, _deleted: true, updatedAt: Number(staff.updatedAt) + 1 };
    expect((await owner.push('staff', [{ assumedMasterState: staff, newDocumentState: deleted }])).body).toEqual([]);
    expect((await other.pullAll('staff')).get(staff.id)).toMatchObject({ _deleted: true });
  });

  it('pages through a collection by checkpoint without repeats or gaps', async () => {
    const all = await other.pullAll('bookings');
    const paged = new Map<string, WireDocument>();
    let checkpoint = null;
    let pages = 0;
    for (;;) {
      const answer = await other.pull('bookings', checkpoint, 7);
      // Each answer says how many are left after it, so a terminal can show its progress.
      expect(answer.body.remaining).toBe(all.size - paged.size - answer.body.documents.length);
      for (const d of answer.body.documents) {
        expect(paged.has(d.id)).toBe(false);
        paged.set(d.id, d);
      }
      checkpoint = answer.body.checkpoint;
      pages++;
      if (answer.body.documents.length < 7) break;
    }
    expect(pages).toBeGreaterThan(5);
    expect([...paged.keys()].sort()).toEqual([...all.keys()].sort());
  });

  it('never sends another branch’s documents, whatever the checkpoint names', async () => {
    const bookings = await owner.pullAll('bookings');
    expect([...bookings.values()].every((b) => b.tenantId === h.jakarta)).toBe(true);
    const sneaky = await owner.pull('bookings', { [h.bali]: 0 }, 1000);
    expect(sneaky.body.documents.every((b) => b.tenantId === h.jakarta)).toBe(true);
    expect(Object.keys(sneaky.body.checkpoint)).toEqual([h.jakarta]);
  });

  it('refuses a push into another branch with 403 and stores nothing of it', async () => {
    const before = await snapshot('patients');
    const bali = wire(h.data.patients.find((p) => p.tenantId === h.bali)!);
    const mine = (await owner.pullAll('patients')).get(firstJakarta('patients').id)!;
    const res = await owner.push('patients', [
      {
        assumedMasterState: mine,
        newDocumentState: { ...mine, notes: 'valid change', updatedAt: Number(mine.updatedAt) + 1 },
      },
      { assumedMasterState: bali, newDocumentState: { ...bali, notes: 'hijack' } },
    ]);
    expect(res.status).toBe(403);
    // A document that exists in Bali, claimed as Jakarta's:
    const moved = await owner.push('patients', [
      { assumedMasterState: null, newDocumentState: { ...bali, tenantId: h.jakarta } },
    ]);
    expect(moved.status).toBe(403);
    expect(await snapshot('patients')).toBe(before);
  });

  it('refuses an invalid document with 400 naming the document and field, and stores nothing of the push', async () => {
    const before = await snapshot('bookings');
    const docs = [...(await owner.pullAll('bookings')).values()].slice(0, 2);
    const [good, bad] = docs as [WireDocument, WireDocument];
    const res = await owner.push('bookings', [
      { assumedMasterState: good, newDocumentState: { ...good, notes: 'fine', updatedAt: Number(good.updatedAt) + 1 } },
      { assumedMasterState: bad, newDocumentState: { ...bad, endAt: Number(bad.startAt) - 1 } },
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: {
        code: 'invalid-document',
        problems: [{ document: bad.id, field: 'endAt', message: 'must be after startAt' }],
      },
    });
    expect(JSON.stringify(res.body)).toContain(`bookings ${bad.id}: endAt: must be after startAt`);
    expect(await snapshot('bookings')).toBe(before);
  });

  it('answers 413 for a body over 5 MB and 400 for oversized batches or unknown collections', async () => {
    const before = await snapshot('patients');
    const patient = firstJakarta('patients');
    const huge = await owner.push('patients', [
      { assumedMasterState: null, newDocumentState: { ...patient, notes: 'x'.repeat(6 * 1024 * 1024) } },
    ]);
    expect(huge.status).toBe(413);
    const rows = Array.from({ length: 501 }, () => ({ assumedMasterState: null, newDocumentState: patient }));
    const many = await owner.push('patients', rows);
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body)).toContain('at most 500 rows');
    expect((await owner.pull('patients', null, 5000)).status).toBe(400);
    expect((await owner.pull('invoices' as CollectionName)).status).toBe(400);
    expect(await snapshot('patients')).toBe(before);
  });
});
