import { SignJWT, jwtVerify, errors } from 'jose';
import {
  sessionClaimsSchema,
  tokenClaimsSchema,
  type Device,
  type SessionClaims,
  type TokenClaims,
} from '../../shared/sync/protocol';

export const TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
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

  async issue(device: Device): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(this.now() / 1000);
    const expiresAt = iat * 1000 + TOKEN_LIFETIME_MS;
    const claims: Omit<TokenClaims, 'sub'> = {
      org: device.organisationId,
      branches: device.branchIds,
      prefix: device.prefix,
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(device.id)
      .setIssuedAt(iat)
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .setAudience(DEVICE_AUDIENCE)
      .sign(this.key);
    return { token, expiresAt };
  }

  async issueSession(claims: SessionClaims): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(this.now() / 1000);
    const expiresAt = iat * 1000 + SESSION_LIFETIME_MS;
    const token = await new SignJWT({ org: claims.org, cv: claims.cv })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .setAudience(USER_AUDIENCE)
      .sign(this.key);
    return { token, expiresAt };
  }

  async verifySession(token: string): Promise<{ ok: true; claims: SessionClaims } | { ok: false; reason: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: USER_AUDIENCE,
        requiredClaims: ['exp'],
        currentDate: new Date(this.now()),
      });
      const claims = sessionClaimsSchema.safeParse(payload);
      return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: 'The session is malformed.' };
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        return { ok: false, reason: 'Your session has ended; type your password again.' };
      return { ok: false, reason: 'The session is not valid; sign in again.' };
    }
  }

  /** The claims of a valid token, or why it is not valid. */
  async verify(token: string): Promise<{ ok: true; claims: TokenClaims } | { ok: false; reason: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: DEVICE_AUDIENCE,
        requiredClaims: ['exp'],
        currentDate: new Date(this.now()),
      });
      const claims = tokenClaimsSchema.safeParse(payload);
      return claims.success
        ? { ok: true, claims: claims.data }
        : { ok: false, reason: 'The device token is malformed.' };
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        return { ok: false, reason: 'The device token has expired; enrol this terminal again.' };
      return { ok: false, reason: 'The device token is not valid.' };
    }
  }
}
