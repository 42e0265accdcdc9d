import { COLLECTIONS, type CollectionName } from '../../shared/collections';
import type { Role } from '../../shared/schemas/organisation';
import type { Device } from '../../shared/sync/protocol';
import type { Store, StoredDoc } from '../store/port';

const RANK: Record<Role, number> = { owner: 4, admin: 3, frontdesk: 2, therapist: 1 };

/** What an authenticated terminal may see: its organisation and its branches, nothing else. */
export function scopesFor(device: Device, collection: CollectionName): string[] {
  return COLLECTIONS[collection].scope === 'organisation' ? [device.organisationId] : device.branchIds;
}

export function allScopes(device: Device): string[] {
  return [device.organisationId, ...device.branchIds];
}

/**
 * Looks up the acting user's role for the documents of one push: the user must belong to the device's
 * organisation and be active; the role is their membership in the document's branch, or their highest
 * role in the device's branches for organisation-wide documents.
 */
export class RoleResolver {
  // Promises, not values: the rows of one push ask concurrently, and should share one lookup.
  private readonly memberships = new Map<string, Promise<Map<string, Role>>>();
  private readonly staffIds = new Map<string, Promise<string[]>>();

  constructor(
    private readonly store: Store,
    private readonly device: Device,
  ) {}

  async roleOf(userId: string, collection: CollectionName, tenantId: string): Promise<Role | null> {
    const roles = await this.rolesOf(userId);
    if (COLLECTIONS[collection].scope === 'branch') return roles.get(tenantId) ?? null;
    let best: Role | null = null;
    for (const branch of this.device.branchIds) {
      const r = roles.get(branch);
      if (r && (!best || RANK[r] > RANK[best])) best = r;
    }
    return best;
  }

  staffOf(userId: string): Promise<string[]> {
    let ids = this.staffIds.get(userId);
    if (!ids) {
      ids = this.store.findBy('staff', 'userId', userId).then((found) => found.map((s) => s.id));
      this.staffIds.set(userId, ids);
    }
    return ids;
  }

  private rolesOf(userId: string): Promise<Map<string, Role>> {
    let roles = this.memberships.get(userId);
    if (!roles) {
      roles = this.loadRoles(userId);
      this.memberships.set(userId, roles);
    }
    return roles;
  }

  private async loadRoles(userId: string): Promise<Map<string, Role>> {
    const roles = new Map<string, Role>();
    const user = (await this.store.get('users', [userId])).get(userId);
    if (user && !user.deleted && user.scope === this.device.organisationId && user.data.isActive === true) {
      for (const m of await this.store.findBy('memberships', 'userId', userId)) {
        if (m.data.isActive === true) roles.set(m.scope, m.data.role as Role);
      }
    }
    return roles;
  }
}

/**
 * What of a batch a device may receive. Users are organisation-wide documents, but a terminal gets
 * only the people who have (or had) a role in one of its branches.
 */
export async function visibleTo<D extends Pick<StoredDoc, 'id'>>(
  store: Store,
  device: Device,
  collection: CollectionName,
  docs: D[],
): Promise<D[]> {
  if (collection !== 'users' || docs.length === 0) return docs;
  const members = new Set<string>();
  for (const branch of device.branchIds) {
    for (const m of await store.findBy('memberships', 'tenantId', branch)) members.add(String(m.data.userId));
  }
  return docs.filter((d) => members.has(d.id));
}
