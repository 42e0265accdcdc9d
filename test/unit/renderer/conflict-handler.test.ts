import { describe, expect, it } from 'vitest';
import { clinicConflictHandler, RefusalRegistry, type LostVersion } from '../../../renderer/db/conflict-handler';

describe('a version the server refused', () => {
  const booking = { id: 'b1', tenantId: 't1', updatedBy: 'u1', notes: 'mine', _deleted: false };
  const master = { ...booking, notes: 'theirs' };

  it('is kept in Needs attention with the reason, and the server’s version stands', async () => {
    const recorded: LostVersion[] = [];
    const refusals = new RefusalRegistry();
    refusals.add('bookings', 'b1', 'saved 60 minutes ahead of the sync server’s clock');
    const handler = clinicConflictHandler(
      'bookings',
      (l) => {
        recorded.push(l);
        return Promise.resolve();
      },
      refusals,
    );
    const kept = await handler.resolve(
      { newDocumentState: booking, realMasterState: master, assumedMasterState: master },
      'replication-resolve-conflict',
    );
    expect(kept).toBe(master);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ kind: 'refused', entity: 'bookings', documentId: 'b1' });
  });

  it('of a record of a lost version is not recorded again as a conflict of its own (that would never end)', async () => {
    const recorded: LostVersion[] = [];
    const refusals = new RefusalRegistry();
    refusals.add('conflicts', 'c1', 'saved 60 minutes ahead of the sync server’s clock');
    const handler = clinicConflictHandler(
      'conflicts',
      (l) => {
        recorded.push(l);
        return Promise.resolve();
      },
      refusals,
    );
    const conflict = { id: 'c1', tenantId: 't1', updatedBy: 'u1', _deleted: false };
    const tombstone = { ...conflict, _deleted: true };
    await handler.resolve(
      { newDocumentState: conflict, realMasterState: tombstone, assumedMasterState: undefined },
      'replication-resolve-conflict',
    );
    expect(recorded).toEqual([]);
  });
});
