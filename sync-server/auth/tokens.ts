import { SignJWT, jwtVerify, errors } from 'jose';
import type { z } from 'zod';
import {
  sessionClaimsSchema,
  tokenClaimsSchema,
  type Device,
  type SessionClaims,
  type TokenClaims,
} from '../../shared/sync/protocol';

type Verified<T> = { ok: true; claims: T } | { ok: false; reason: string };

export const TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * How long after its end a device token may still be renewed (never used for anything else): a
 * terminal that was switched off or offline for weeks reconnects without a person, while a token
 * lost long ago is worthless. Revoking the terminal ends renewal at once.
 */
export const RENEWAL_GRACE_MS = 90 * 24 * 60 * 60 * 1000;
/** A user session is for administration right after the person typed their password. */
export const SESSION_LIFETIME_MS = 15 * 60 * 1000;
const DEVICE_AUDIENCE = 'clinic-desk-sync';
const USER_AUDIENCE = 'clinic-desk-user';

/**
 * Device tokens: HS256 JWTs signed with a key kept in the store, so every server instance on one store
 * accepts them. A token names its device; the device record (branches, revocation) is looked up on
 * every request, so revoking a terminal takes effect at once.
 */
export class TokenService {
  constructor(
    private readonly key: Uint8Array,
    private readonly now: () => number = Date.now,
  ) {}

  issue(device: Device): Promise<{ token: string; expiresAt: number }> {
    const claims: Omit<TokenClaims, 'sub'> = {
      org: device.organisationId,
      branches: device.branchIds,
      prefix: device.prefix,
    };
    return this.sign(device.id, claims, DEVICE_AUDIENCE, TOKEN_LIFETIME_MS);
  }

  issueSession(claims: SessionClaims): Promise<{ token: string; expiresAt: number }> {
    return this.sign(claims.sub, { org: claims.org, cv: claims.cv }, USER_AUDIENCE, SESSION_LIFETIME_MS);
  }

  verifySession(token: string): Promise<Verified<SessionClaims>> {
    return this.check(token, USER_AUDIENCE, sessionClaimsSchema, {
      malformed: 'The session is malformed.',
      expired: 'Your session has ended; type your password again.',
      invalid: 'The session is not valid; sign in again.',
    });
  }

  /** The claims of a valid device token, or why it is not valid. */
  verify(token: string): Promise<Verified<TokenClaims>> {
    return this.check(token, DEVICE_AUDIENCE, tokenClaimsSchema, {
      malformed: 'The device token is malformed.',
      expired: 'The device token has expired; the terminal renews it by itself.',
      invalid: 'The device token is not valid.',
    });
  }

  /** As verify, but a token that ended less than RENEWAL_GRACE_MS ago still counts (for renewal only). */
  verifyForRenewal(token: string): Promise<Verified<TokenClaims>> {
    return this.check(
      token,
      DEVICE_AUDIENCE,
      tokenClaimsSchema,
      {
        malformed: 'The device token is malformed.',
        expired: 'This terminal was away too long to renew its token; an owner or admin can enrol it again.',
        invalid: 'The device token is not valid.',
      },
      RENEWAL_GRACE_MS,
    );
  }

  private async sign(
    subject: string,
    claims: Record<string, unknown>,
    audience: string,
    lifetimeMs: number,
  ): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(this.now() / 1000);
    const expiresAt = iat * 1000 + lifetimeMs;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .setAudience(audience)
      .sign(this.key);
    return { token, expiresAt };
  }

  private async check<T>(
    token: string,
    audience: string,
    schema: z.ZodType<T>,
    says: { malformed: string; expired: string; invalid: string },
    graceMs = 0,
  ): Promise<Verified<T>> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience,
        requiredClaims: ['exp'],
        currentDate: new Date(this.now()),
        clockTolerance: Math.floor(graceMs / 1000),
      });
      const claims = schema.safeParse(payload);
      return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: says.malformed };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? says.expired : says.invalid };
    }
  }
}
