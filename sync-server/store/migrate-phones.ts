import { repairStoredPhone } from '../../shared/rules/phone-repair';
import { refreshClashMarkers } from '../sync/clash-markers';
import type { Store, StoredDoc } from './port';

/**
 * Upgrade from the first phone normaliser: every patient number it stored wrongly (dialled with an
 * international prefix) is repaired for its branch's country, and the clash markers of the repaired
 * patients are refreshed, so a duplicate that only now shows (the same person registered twice with
 * the number written two ways) appears in Needs attention on every terminal. Runs at every start and
 * writes nothing once every number is right.
 */
export async function migratePhones(store: Store, now: number): Promise<number> {
  const branches = await store.findWithField('tenants', 'phoneCountryCode');
  const branchOf = new Map(branches.map((b) => [b.id, b.data]));
  const repairs: { doc: StoredDoc; phone: string }[] = [];
  for (const doc of await store.findWithField('patients', 'phone')) {
    const branch = branchOf.get(doc.scope);
    if (doc.deleted || !branch) continue;
    const region = typeof branch.phoneRegion === 'string' ? branch.phoneRegion : undefined;
    const phone = repairStoredPhone(String(doc.data.phone), String(branch.phoneCountryCode), region);
    if (phone) repairs.push({ doc, phone });
  }
  if (repairs.length === 0) return 0;
  const organisationOf = new Map(branches.map((b) => [b.id, String(b.data.organisationId)]));
  await store.write(async (tx) => {
    const written = new Map<string, StoredDoc | undefined>();
    for (const { doc, phone } of repairs) {
      await tx.put('patients', {
        id: doc.id,
        scope: doc.scope,
        deleted: false,
        data: { ...doc.data, phone, updatedAt: Math.max(now, Number(doc.data.updatedAt)) },
      });
      written.set(doc.id, doc);
      await tx.audit({
        at: now,
        organisationId: organisationOf.get(doc.scope) ?? doc.scope,
        scope: doc.scope,
        actorUserId: null,
        deviceId: null,
        action: 'patient.phone-repaired',
        collection: 'patients',
        documentId: doc.id,
        detail: { from: doc.data.phone, to: phone },
      });
    }
    await refreshClashMarkers(tx, 'patients', written);
  });
  return repairs.length;
}
