import type { SignInLimits } from './auth/rate-limit';
import type { TokenService } from './auth/tokens';
import type { Store } from './store/port';
import type { LiveChanges } from './sync/live-changes';

/** What every route plugin is given: the store and the services built around it (see app.ts). */
export interface AppDeps {
  store: Store;
  tokens: TokenService;
  hub: LiveChanges;
  limits: SignInLimits;
  now: () => number;
  version: string;
  /** How often a live stream says it is alive (with the head). */
  heartbeatMs: number;
}
