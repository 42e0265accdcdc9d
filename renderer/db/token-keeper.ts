import type { EnrolResponse } from '../../shared/sync/protocol';
import type { ClinicDatabase } from './database';
import { postJson, ServerRefusal, type FetchLike } from './http';
import { saveTerminalProfile, type ConnectedProfile } from './terminal-profile';

const DAY = 24 * 60 * 60 * 1000;
/** A device token is renewed once it has less than this left (tokens live 30 days). */
export const RENEW_WITHIN_MS = 7 * DAY;
/** How often a running terminal looks at its token's end. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface TokenKeeperOptions {
  db: ClinicDatabase;
  fetch?: FetchLike;
  now?: () => number;
  /** Told once when the server will not renew the token: the sentence to show. */
  onEnded?: (message: string) => void;
}

/**
 * Keeps a connected terminal's device token alive without a person: renewed online a week before it
 * ends, and at reconnect when it ended while the terminal was off or offline (the server renews within
 * its grace period as long as the terminal is still enrolled). Its `fetch` carries the current token
 * and, when the server says the token is no longer valid, renews once and retries. The new token is
 * saved in the terminal profile, so a restart uses it.
 */
export class TokenKeeper {
  private renewing: Promise<boolean> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ended = false;
  private readonly base: FetchLike;
  private readonly now: () => number;

  constructor(
    private profile: ConnectedProfile,
    private readonly options: TokenKeeperOptions,
  ) {
    this.base = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  /** The token to send now. */
  readonly token = (): string => this.profile.token;

  get current(): ConnectedProfile {
    return this.profile;
  }

  /** Checks now and then every hour while the app runs. */
  start(): void {
    void this.renewIfDue();
    this.timer ??= setInterval(() => void this.renewIfDue(), CHECK_EVERY_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Renews when the token has less than a week left (or has ended); false when it could not. */
  async renewIfDue(): Promise<boolean> {
    if (this.profile.expiresAt - this.now() > RENEW_WITHIN_MS) return true;
    return this.renew();
  }

  /** Asks the server for a new token (one request at a time); false when offline or refused. */
  renew(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    this.renewing ??= this.askServer().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async askServer(): Promise<boolean> {
    const sent = this.profile.token;
    try {
      const answer = await postJson<EnrolResponse>(this.base, `${this.profile.serverUrl}/auth/refresh`, {}, sent);
      this.profile = { ...this.profile, token: answer.token, expiresAt: answer.expiresAt, device: answer.device };
      await saveTerminalProfile(this.options.db, this.profile);
      return true;
    } catch (error) {
      if (error instanceof ServerRefusal && error.status === 401) {
        this.ended = true;
        this.options.onEnded?.(error.message);
      }
      return false;
    }
  }

  /** A fetch for the sync server: a request refused for its token is retried once with a renewed one. */
  readonly fetch: FetchLike = async (input, init) => {
    const res = await this.base(input, init);
    if (res.status !== 401) return res;
    const code = await res
      .clone()
      .json()
      .then((b: unknown) => (b as { error?: { code?: unknown } }).error?.code)
      .catch(() => undefined);
    if (code !== 'invalid-token') return res;
    const used = new Headers(init?.headers).get('authorization');
    // Another request may have renewed it already; otherwise renew now.
    if (used === `Bearer ${this.profile.token}` && !(await this.renew())) return res;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${this.profile.token}`);
    return this.base(input, { ...init, headers });
  };
}
