import { scryptAsync } from '@noble/hashes/scrypt.js';
import {
  DEFAULT_SCRYPT,
  formatPasswordHash,
  HASH_BYTES,
  parsePasswordHash,
  SALT_BYTES,
  type ScryptParams,
} from '../../shared/auth/password-hash';
import type { Role } from '../../shared/schemas/organisation';
import type { ClinicDatabase } from './database';

export interface Session {
  userId: string;
  email: string;
  name: string;
  role: Role;
  branchId: string;
  /** Other branches this person can switch to on this terminal. */
  branchIds: string[];
  staffIds: string[];
  /** Their role and staff records in each of those branches, read once at sign-in. */
  branches: { branchId: string; role: Role; staffIds: string[] }[];
}

function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Checks a password or PIN against a synced slow hash, on the terminal, with no network. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const expected = fromBase64(parsed.hash);
  const key = await scryptAsync(new TextEncoder().encode(secret), fromBase64(parsed.salt), {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    dkLen: expected.length,
    maxmem: 256 * parsed.N * parsed.r + 1024 * 1024,
  });
  return constantTimeEqual(key, expected);
}

export class SignInRefused extends Error {}

/**
 * Signs a member of staff in on this terminal against the users and memberships synced to it. Works
 * offline: only the local database is read. A PIN is accepted where the user has set one.
 */
export async function signIn(
  db: ClinicDatabase,
  email: string,
  secret: string,
  branchId: string,
  method: 'password' | 'pin' = 'password',
): Promise<Session> {
  const users = await db.users.find({ selector: { email: email.trim().toLowerCase() } }).exec();
  for (const user of users) {
    if (!user.isActive) continue;
    const stored = method === 'pin' ? user.pinHash : user.passwordHash;
    if (!stored || !(await verifySecret(secret, stored))) continue;
    const memberships = await db.memberships.find({ selector: { userId: user.id, isActive: true } }).exec();
    const roleHere = memberships.find((m) => m.tenantId === branchId);
    if (!roleHere) throw new SignInRefused(`${user.name} has no role in this branch.`);
    const staff = await db.staff.find({ selector: { userId: user.id } }).exec();
    const branches = memberships.map((m) => ({
      branchId: m.tenantId,
      role: m.role,
      staffIds: staff.filter((s) => s.tenantId === m.tenantId).map((s) => s.id),
    }));
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: roleHere.role,
      branchId,
      branchIds: memberships.map((m) => m.tenantId),
      staffIds: staff.filter((s) => s.tenantId === branchId).map((s) => s.id),
      branches,
    };
  }
  throw new SignInRefused(method === 'pin' ? 'That PIN is not right.' : 'The email or password is not right.');
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** Makes the stored form of a new password or PIN on the terminal (standalone clinics, PIN changes). */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const key = await scryptAsync(new TextEncoder().encode(secret), salt, { ...params, dkLen: HASH_BYTES });
  return formatPasswordHash(params, toBase64(salt), toBase64(key));
}

/**
 * The same person in another of their branches on this terminal: their role there, no new password.
 * Uses what sign-in read, so switching needs no database round trip.
 */
export function switchBranch(session: Session, branchId: string): Session {
  const there = session.branches.find((b) => b.branchId === branchId);
  if (!there) throw new SignInRefused(`${session.name} has no role in that branch.`);
  return { ...session, branchId, role: there.role, staffIds: there.staffIds };
}
