import type { Role } from '../../shared/schemas/organisation';
import type { Tenant } from '../../shared/schemas/tenant';

/** Who is acting, in which branch: every local write is stamped with the user and checked by role. */
export interface WriteContext {
  userId: string;
  role: Role;
  branch: Pick<Tenant, 'id' | 'timeZone' | 'currency' | 'phoneCountryCode' | 'overlapPolicy'>;
  /** Staff records linked to the user (a therapist's own bookings). */
  staffIds: readonly string[];
  now: () => number;
}

/** A write refused at the desk, with a sentence saying why and what to do. */
export class WriteRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
