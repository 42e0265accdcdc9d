import { HttpError } from '../http-error';
import type { Store } from '../store/port';

/**
 * Sign-in limits kept in the server's store, so every instance counts together and a restart forgets
 * nothing. Each attempt is counted before the password is checked (so concurrent guesses all count),
 * per account at one address and per address; a success gives its attempt back. The per-address
 * limit is higher than the per-account one, and neither is ever counted for another address, so
 * someone guessing from one place never locks the person out at another. Windows end on their own.
 */
export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: SignInLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

export async function limitedAttempt<T>(
  store: Store,
  limits: SignInLimits,
  now: number,
  address: string,
  account: string,
  attempt: () => Promise<T | null>,
): Promise<T> {
  const accountKey = `account:${account}|${address}`;
  const addressKey = `address:${address}`;
  const a = await store.addHits(accountKey, 1, limits.windowMs, now);
  const b = await store.addHits(addressKey, 1, limits.windowMs, now);
  const over = [a.count > limits.perAccount ? a.resetAt : 0, b.count > limits.perAddress ? b.resetAt : 0];
  const until = Math.max(...over);
  if (until > 0) {
    const seconds = Math.max(1, Math.ceil((until - now) / 1000));
    throw new HttpError(
      429,
      'too-many-attempts',
      `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      undefined,
      { 'retry-after': String(seconds) },
    );
  }
  const result = await attempt();
  if (result === null) throw new HttpError(401, 'bad-credentials', 'The email or password is not right.');
  await store.clearHits(accountKey);
  await store.addHits(addressKey, -1, limits.windowMs, now);
  return result;
}
