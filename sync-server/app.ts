import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES } from '../shared/sync/protocol';
import { jsonShapeProblem } from '../shared/sync/json-limits';
import { DEFAULT_LIMITS, type SignInLimits } from './auth/rate-limit';
import { TokenService } from './auth/tokens';
import { HttpError } from './http-error';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { streamRoutes } from './routes/stream';
import { syncRoutes } from './routes/sync';
import type { Store } from './store/port';
import { LiveChanges } from './sync/live-changes';
import type { AppDeps } from './context';
import { migrateCredentials } from './store/migrate-credentials';
import { migratePhones } from './store/migrate-phones';

export type { AppDeps } from './context';

export interface AppOptions {
  now?: () => number;
  pollMs?: number;
  version?: string;
  limits?: SignInLimits;
  heartbeatMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 15_000;

/** Builds the HTTP app around a store: every route, one error format, and the live-stream hub. */
export async function createApp(
  store: Store,
  options: AppOptions = {},
): Promise<{ app: FastifyInstance; deps: AppDeps }> {
  const now = options.now ?? Date.now;
  const key = await store.getOrCreateMeta('token-key', () =>
    Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'),
  );
  await migrateCredentials(store, now());
  await migratePhones(store, now());
  const deps: AppDeps = {
    store,
    tokens: new TokenService(new Uint8Array(Buffer.from(key, 'base64')), now),
    hub: new LiveChanges(store, options.pollMs),
    limits: options.limits ?? DEFAULT_LIMITS,
    now,
    version: options.version ?? '0.0.0',
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
  };
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false, forceCloseConnections: 'idle' });

  // Terminals are apps on other origins (the desktop app's file://, the web app's own port); they
  // authenticate with a bearer token, never cookies, so any origin may call.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      void reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type, accept')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
      return;
    }
    done();
  });

  // JSON as Fastify parses it (a `__proto__` or `constructor.prototype` key is refused), then refused
  // when it nests too deep or holds too many values, before any route reads it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, String(body), (error, value) => {
      if (error) {
        done(
          new HttpError(400, 'invalid-json', `The request is not valid JSON: ${error.message}. Nothing was stored.`),
        );
        return;
      }
      const problem = jsonShapeProblem(value);
      if (problem) done(new HttpError(400, 'invalid-json', `The request ${problem}. Nothing was stored.`));
      else done(null, value);
    });
  });

  // Every route's method and path, so a known path asked with another method is answered 405.
  const routes: { method: string; path: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const path = new RegExp(`^${route.url.replace(/:[^/]+/g, '[^/]+')}$`);
    for (const method of [route.method].flat()) routes.push({ method, path });
  });

  app.setErrorHandler((error: FastifyError | HttpError, _request, reply) => {
    if (error instanceof HttpError) {
      void reply.status(error.status).headers(error.headers).send(error.body());
      return;
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      void reply.status(413).send({
        error: {
          code: 'too-large',
          message: `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; push fewer documents at a time.`,
        },
      });
    } else if (status >= 400 && status < 500) {
      void reply.status(status).send({ error: { code: 'bad-request', message: error.message } });
    } else {
      console.error(error);
      void reply.status(500).send({
        error: { code: 'server-error', message: 'The sync server failed; the change was not stored. Try again.' },
      });
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.path.test(path)).map((r) => r.method))];
    if (allowed.length > 0) {
      void reply
        .status(405)
        .header('allow', [...allowed, 'OPTIONS'].join(', '))
        .send({
          error: {
            code: 'method-not-allowed',
            message: `${request.method} is not allowed here; use ${allowed.join(' or ')}.`,
          },
        });
      return;
    }
    void reply.status(404).send({ error: { code: 'not-found', message: 'No such endpoint.' } });
  });

  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(adminRoutes, deps);
  await app.register(syncRoutes, deps);
  await app.register(streamRoutes, deps);
  return { app, deps };
}
