import { allowedHash } from '../auth/passwords';
import type { Store } from './port';

const LEGACY_FIELDS = ['passwordHash', 'pinHash'] as const;

/**
 * Upgrade from the versions that kept password and PIN hashes inside the replicated `users`
 * documents: each password hash moves into the server's own credentials (where the person has none
 * yet), and every such user is written again without them, so terminals pull a clean version. PIN
 * hashes are dropped: a PIN is now set on each terminal, for that terminal only. Runs at every start
 * and does nothing once no user carries a hash.
 */
export async function migrateCredentials(store: Store, now: number): Promise<number> {
  const found = new Map<string, Awaited<ReturnType<Store['findWithField']>>[number]>();
  for (const field of LEGACY_FIELDS)
    for (const doc of await store.findWithField('users', field)) found.set(doc.id, doc);
  if (found.size === 0) return 0;
  const credentials = new Map<string, string | null>();
  for (const id of found.keys()) credentials.set(id, await store.getCredential(id));
  await store.write(async (tx) => {
    for (const doc of found.values()) {
      const { passwordHash, pinHash: _droppedPin, ...data } = doc.data;
      if (credentials.get(doc.id) === null && typeof passwordHash === 'string' && allowedHash(passwordHash)) {
        await tx.saveCredential(doc.id, passwordHash);
      }
      await tx.put('users', { id: doc.id, scope: doc.scope, deleted: doc.deleted, data });
      await tx.audit({
        at: now,
        organisationId: doc.scope,
        scope: doc.scope,
        actorUserId: null,
        deviceId: null,
        action: 'user.credential-moved-to-server',
        collection: 'users',
        documentId: doc.id,
      });
    }
  });
  return found.size;
}
