import type { Role } from '../../shared/schemas/organisation';
import type { SignInResponse } from '../../shared/sync/protocol';
import { toBase64Url } from '../../shared/auth/proof';
import {
  loadCredential,
  MAX_PIN_FAILURES,
  newKeyPair,
  saveCredential,
  seal,
  unseal,
  type CachedCredential,
} from './credentials';
import type { ClinicDatabase } from './database';
import { OfflineError, postJson, ServerRefusal, type FetchLike } from './http';
import { setSigner, type Signer } from './signer';
import { isStandalone, type TerminalProfile } from './terminal-profile';

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
  /** Their key on this terminal, unsealed for as long as they are signed in: every write is signed. */
  signer: Signer;
  /** Whether the password was checked by the server just now (false: offline, against this terminal's copy). */
  online: boolean;
  /** The person's credential version at sign-in: when the server resets the password, it moves on. */
  credentialVersion: number;
}

export class SignInRefused extends Error {}

export interface SignInRequest {
  email: string;
  secret: string;
  branchId: string;
  method?: 'password' | 'pin';
}

async function sessionFor(
  db: ClinicDatabase,
  person: { userId: string; email: string; name: string; credentialVersion: number },
  roles: { branchId: string; role: Role }[],
  branchId: string,
  signer: Signer,
  online: boolean,
): Promise<Session> {
  const roleHere = roles.find((r) => r.branchId === branchId);
  if (!roleHere) throw new SignInRefused(`${person.name} has no role in this branch.`);
  const staff = await db.staff.find({ selector: { userId: person.userId } }).exec();
  const staffIn = (b: string): string[] => staff.filter((s) => s.tenantId === b).map((s) => s.id);
  setSigner(db, signer);
  return {
    ...person,
    role: roleHere.role,
    branchId,
    branchIds: roles.map((r) => r.branchId),
    staffIds: staffIn(branchId),
    branches: roles.map((r) => ({ ...r, staffIds: staffIn(r.branchId) })),
    signer,
    online,
  };
}

/** Offline: what this terminal knows of the person, checked against the users it synced. */
async function offlineSession(
  db: ClinicDatabase,
  credential: CachedCredential,
  secretKey: Uint8Array,
  branchId: string,
): Promise<Session> {
  const user = await db.users.findOne(credential.userId).exec();
  if (user && !user.isActive) throw new SignInRefused(`${user.name}’s account has been deactivated.`);
  if (user && (user.credentialVersion ?? 0) !== credential.credentialVersion) {
    throw new SignInRefused(
      `${user.name}’s password was changed. Connect this terminal to the network and sign in with the new password.`,
    );
  }
  const memberships = await db.memberships.find({ selector: { userId: credential.userId, isActive: true } }).exec();
  return sessionFor(
    db,
    {
      userId: credential.userId,
      email: credential.email,
      name: user?.name ?? credential.name,
      credentialVersion: credential.credentialVersion,
    },
    memberships.map((m) => ({ branchId: m.tenantId, role: m.role })),
    branchId,
    { userId: credential.userId, keyId: credential.keyId, secretKey },
    false,
  );
}

const neverHere = (email: string): SignInRefused =>
  new SignInRefused(
    `${email} has not signed in on this terminal while it was online. Connect it to the network and sign in with your password once; after that it works offline too.`,
  );

async function withPin(db: ClinicDatabase, email: string, pin: string, branchId: string): Promise<Session> {
  const credential = await loadCredential(db, email);
  if (!credential?.pin) throw new SignInRefused('No PIN is set for you on this terminal. Use your password.');
  const secretKey = await unseal(pin, credential.pin);
  if (!secretKey) {
    const failures = credential.pinFailures + 1;
    if (failures >= MAX_PIN_FAILURES) {
      const { pin: _dropped, ...rest } = credential;
      await saveCredential(db, { ...rest, pinFailures: 0 });
      throw new SignInRefused(
        `${MAX_PIN_FAILURES} wrong PINs in a row: sign in with your password, then set a PIN again.`,
      );
    }
    await saveCredential(db, { ...credential, pinFailures: failures });
    throw new SignInRefused(
      `That PIN is not right. ${MAX_PIN_FAILURES - failures} more wrong PIN(s) and your password will be needed.`,
    );
  }
  if (credential.pinFailures > 0) await saveCredential(db, { ...credential, pinFailures: 0 });
  return offlineSession(db, credential, secretKey, branchId);
}

/**
 * Signs a member of staff in on this terminal. With a password on a connected terminal the server
 * checks it and registers this terminal's key for them; when the server cannot be reached, the
 * terminal's own verifier from their last online sign-in here is used instead. A PIN is checked only
 * here. A wrong password is never retried offline: the server's answer stands.
 */
export async function signIn(
  db: ClinicDatabase,
  profile: TerminalProfile,
  request: SignInRequest,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
): Promise<Session> {
  const email = request.email.trim().toLowerCase();
  if (request.method === 'pin') return withPin(db, email, request.secret, request.branchId);
  const cached = await loadCredential(db, email);
  const kept = cached ? await unseal(request.secret, cached.password) : null;
  if (!isStandalone(profile)) {
    const pair = kept && cached ? { secretKey: kept, publicKey: cached.publicKey } : newKeyPair();
    let answer: SignInResponse | undefined;
    try {
      answer = await postJson<SignInResponse>(
        fetchFn,
        `${profile.serverUrl}/auth/sign-in`,
        { email, password: request.secret, publicKey: pair.publicKey },
        profile.token,
      );
    } catch (error) {
      if (!(error instanceof OfflineError) && !(error instanceof ServerRefusal && error.status >= 500)) {
        throw error instanceof ServerRefusal ? new SignInRefused(error.message) : error;
      }
    }
    if (answer) {
      const reused = kept !== null && cached?.keyId === answer.keyId ? cached : null;
      const credential: CachedCredential = {
        userId: answer.user.id,
        email,
        name: answer.user.name,
        credentialVersion: answer.user.credentialVersion,
        keyId: answer.keyId,
        publicKey: pair.publicKey,
        password: reused ? reused.password : await seal(request.secret, pair.secretKey),
        ...(reused?.pin ? { pin: reused.pin } : {}),
        pinFailures: 0,
      };
      await saveCredential(db, credential);
      const roles = answer.user.roles.filter((r) => profile.device.branchIds.includes(r.branchId));
      return sessionFor(
        db,
        { userId: answer.user.id, email, name: answer.user.name, credentialVersion: answer.user.credentialVersion },
        roles,
        request.branchId,
        { userId: answer.user.id, keyId: answer.keyId, secretKey: pair.secretKey },
        true,
      );
    }
  }
  if (!cached)
    throw isStandalone(profile) ? new SignInRefused('The email or password is not right.') : neverHere(email);
  if (!kept) throw new SignInRefused('The email or password is not right.');
  return offlineSession(db, cached, kept, request.branchId);
}

/** Makes the sign-in of a person created on this terminal (a standalone clinic, the demo clinic). */
export async function createLocalCredential(
  db: ClinicDatabase,
  person: { userId: string; email: string; name: string },
  password: string,
): Promise<void> {
  const pair = newKeyPair();
  await saveCredential(db, {
    ...person,
    email: person.email.trim().toLowerCase(),
    credentialVersion: 0,
    keyId: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    publicKey: pair.publicKey,
    password: await seal(password, pair.secretKey),
    pinFailures: 0,
  });
}

/**
 * Ends a session as soon as the synced copy of the person says it must: deactivated, or their password
 * reset on the server. Answers the sentence to show; returns the unsubscribe.
 */
export function watchSession(db: ClinicDatabase, session: Session, onEnd: (why: string) => void): () => void {
  const sub = db.users.findOne(session.userId).$.subscribe((user) => {
    if (!user) return;
    if (!user.isActive) onEnd(`${user.name}’s account was deactivated by an owner or admin.`);
    else if ((user.credentialVersion ?? 0) !== session.credentialVersion)
      onEnd(`${user.name}’s password was changed; sign in with the new password.`);
  });
  return () => {
    sub.unsubscribe();
  };
}

/** Ends the session on this terminal: nothing is signed until someone signs in again. */
export function signOut(db: ClinicDatabase): void {
  setSigner(db, null);
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
