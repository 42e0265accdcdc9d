/**
 * The isolation matrix: for every endpoint and collection, a terminal enrolled for Jakarta tries to
 * read, write and stream Bali's data, directly and through references, clash markers, conflicts and
 * organisation-wide collections. Every success is a cross-branch read or write.
 */
import { COLLECTION_NAMES, COLLECTIONS } from '../../shared/collections';
import { newId } from '../../shared/ids';
import type { Checkpoint, PullResponse, WireDocument } from '../../shared/sync/protocol';
import { openStream, PASSWORD, post, TestClient, type Harness } from '../integration/sync-server/harness';
import { serverSnapshot, validBooking } from './api-attacks';
import type { Counts } from './counts';

export async function isolationMatrix(h: Harness, counts: Counts): Promise<void> {
  const url = h.server.url;
  const jakarta = await TestClient.enrol(url, 'owner@glow.example', [h.jakarta], 'Isolation Jakarta');
  const bali = await TestClient.enrol(url, 'owner@glow.example', [h.bali], 'Isolation Bali');
  const owner = h.data.users.find((u) => u.email === 'owner@glow.example')!.id;
  const jakartaMembers = new Set(h.data.memberships.filter((m) => m.tenantId === h.jakarta).map((m) => m.userId));
  const jakartaIds = new Set<string>();
  const crossRead = (what: string): void => {
    counts.crossBranchReads++;
    console.error(`cross-branch read: ${what}`);
  };
  const tried = async <T>(answer: Promise<T>): Promise<T> => {
    counts.requestsTried++;
    return answer;
  };

  // Reads: every collection, with a checkpoint that also names Bali's scope.
  for (const collection of COLLECTION_NAMES) {
    let checkpoint: Checkpoint = { [h.jakarta]: 0, [h.bali]: 0 };
    for (;;) {
      const answer = await tried(
        post<PullResponse>(`${url}/sync/${collection}/pull`, { checkpoint, batchSize: 1000 }, jakarta.token),
      );
      if (answer.status !== 200) throw new Error(`pull ${collection}: ${answer.status}`);
      for (const doc of answer.body.documents) {
        jakartaIds.add(doc.id);
        const scopeOk =
          COLLECTIONS[collection].scope === 'organisation'
            ? doc.tenantId === h.data.organisations[0]!.id
            : doc.tenantId === h.jakarta;
        if (!scopeOk) crossRead(`${collection} ${doc.id} of ${doc.tenantId}`);
        if (collection === 'users' && !jakartaMembers.has(doc.id)) crossRead(`user ${doc.id}, not in Jakarta`);
      }
      if (Object.keys(answer.body.checkpoint).includes(h.bali)) crossRead(`${collection} checkpoint names Bali`);
      checkpoint = answer.body.checkpoint;
      if (answer.body.documents.length < 1000) break;
    }
  }
  // Clash markers name only documents of the same branch.
  for (const collection of ['bookings', 'patients'] as const) {
    for (const doc of (await jakarta.pullAll(collection)).values()) {
      for (const id of (doc.clashWith as string[] | undefined) ?? []) {
        if (!jakartaIds.has(id)) crossRead(`${collection} ${doc.id} marks ${id}`);
      }
    }
  }

  // The stream: a change in Bali never reaches a Jakarta terminal; one in Jakarta does.
  const stream = await openStream(url, jakarta.token);
  counts.requestsTried++;
  try {
    const baliBooking = [...(await bali.pullAll('bookings')).values()][0]!;
    await bali.update('bookings', baliBooking, { notes: 'Bali only', updatedBy: owner });
    const jakartaBooking = [...(await jakarta.pullAll('bookings')).values()][0]!;
    await jakarta.update('bookings', jakartaBooking, { notes: 'Jakarta sees this', updatedBy: owner });
    await stream.waitFor(
      (m) => typeof m === 'object' && 'documents' in m && m.documents.some((d) => d.id === jakartaBooking.id),
    );
    for (const m of stream.events) {
      if (typeof m === 'object' && 'documents' in m) {
        for (const d of m.documents) if (d.tenantId === h.bali) crossRead(`stream sent ${d.id} of Bali`);
      }
    }
  } finally {
    stream.close();
  }

  // Writes: each of Bali's documents, changed or moved with the Jakarta token, and references to them.
  const refuse = async (what: string, send: () => Promise<{ status: number }>): Promise<void> => {
    const before = await serverSnapshot(h);
    const answer = await tried(send());
    const after = await serverSnapshot(h);
    if (answer.status < 400 || after.all !== before.all) {
      counts.crossBranchWrites++;
      console.error(`cross-branch write accepted: ${what} (${answer.status})`);
    }
  };
  for (const collection of COLLECTION_NAMES) {
    if (COLLECTIONS[collection].scope === 'organisation') continue;
    const theirs = [...(await bali.pullAll(collection)).values()][0];
    if (!theirs) continue;
    const changed = { ...theirs, updatedAt: Date.now(), updatedBy: owner, _deleted: false };
    await refuse(`${collection} of Bali changed`, () =>
      jakarta.push(collection, [{ assumedMasterState: theirs, newDocumentState: changed }]),
    );
    await refuse(`${collection} of Bali moved to Jakarta`, () =>
      jakarta.push(collection, [{ assumedMasterState: theirs, newDocumentState: { ...changed, tenantId: h.jakarta } }]),
    );
    await refuse(`${collection} of Bali deleted`, () =>
      jakarta.push(collection, [{ assumedMasterState: theirs, newDocumentState: { ...changed, _deleted: true } }]),
    );
  }
  const baliPatient = [...(await bali.pullAll('patients')).values()][0]!;
  const baliBooking = [...(await bali.pullAll('bookings')).values()][0]!;
  await refuse('a Jakarta booking for a Bali patient', () =>
    jakarta.push('bookings', [
      {
        assumedMasterState: null,
        newDocumentState: { ...validBooking(h), updatedBy: owner, patientId: baliPatient.id, _deleted: false },
      },
    ]),
  );
  const now = Date.now();
  const conflict: WireDocument = {
    id: newId(now),
    tenantId: h.jakarta,
    createdAt: now,
    updatedAt: now,
    updatedBy: owner,
    kind: 'merge',
    entity: 'bookings',
    documentId: baliBooking.id,
    fields: ['notes'],
    losing: JSON.stringify({ notes: 'x' }),
    status: 'open',
    _deleted: false,
  };
  await refuse('a Jakarta conflict record naming a Bali booking', () =>
    jakarta.push('conflicts', [{ assumedMasterState: null, newDocumentState: conflict }]),
  );

  // Administration: Jakarta's admin cannot see, change or remove what belongs to Bali only.
  const session = await post<{ session: { token: string } }>(`${url}/auth/session`, {
    email: 'admin.jakarta@glow.example',
    password: PASSWORD,
  });
  const adminToken = session.body.session.token;
  const baliOnlyUser = h.data.users.find(
    (u) =>
      h.data.memberships.some((m) => m.userId === u.id && m.tenantId === h.bali) &&
      !h.data.memberships.some((m) => m.userId === u.id && m.tenantId === h.jakarta),
  )!;
  await refuse('Jakarta admin gives a role in Bali', () =>
    post(`${url}/admin/memberships/set`, { userId: baliOnlyUser.id, branchId: h.bali, role: 'admin' }, adminToken),
  );
  await refuse('Jakarta admin renames a Bali-only user', () =>
    post(`${url}/admin/users/update`, { userId: baliOnlyUser.id, name: 'Taken over' }, adminToken),
  );
  await refuse('Jakarta admin resets a Bali-only password', () =>
    post(`${url}/admin/users/password`, { userId: baliOnlyUser.id, password: 'a new long password 1' }, adminToken),
  );
  await refuse('Jakarta admin removes the Bali terminal', () =>
    post(`${url}/admin/devices/revoke`, { deviceId: bali.device.id }, adminToken),
  );
  const listed = await tried(post<{ devices: { id: string }[] }>(`${url}/admin/devices/list`, {}, adminToken));
  if (listed.body.devices.some((d) => d.id === bali.device.id)) crossRead('Jakarta admin sees the Bali terminal');
}
