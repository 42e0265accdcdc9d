import type { FastifyPluginCallback } from 'fastify';
import type { AppDeps } from '../context';
import { authenticate } from '../auth/device-auth';
import { HttpError } from '../http-error';
import { allScopes } from '../sync/access';
import type { StreamMessage } from '../../shared/sync/protocol';

/**
 * `GET /sync/stream`: Server-Sent Events. The first event is `RESYNC` (so a reconnecting terminal pulls
 * what it missed), then one event per collection with the changed documents and the checkpoint after
 * them. A heartbeat with the server's head, at once and every `heartbeatMs` after, keeps proxies from
 * closing an idle stream, lets the terminal tell it is behind or that the connection died silently,
 * and notices a revoked device.
 */
export const streamRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  const open = new Set<() => void>();
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    for (const close of [...open]) close();
    done();
  });

  // HEAD answers what a GET would start with (after the same authentication), and ends.
  app.head('/sync/stream', async (request, reply) => {
    await authenticate(request, deps.store, deps.tokens);
    return reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache').send();
  });

  app.get('/sync/stream', { exposeHeadRoute: false }, async (request, reply) => {
    const device = await authenticate(request, deps.store, deps.tokens);
    // A stream opened while the server shuts down would hold the shutdown open: send it elsewhere.
    if (closing) throw new HttpError(503, 'shutting-down', 'The sync server is restarting; reconnect in a moment.');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': '*',
    });
    const send = (message: StreamMessage): void => {
      res.write(`data: ${JSON.stringify(message)}\n\n`);
    };
    const unsubscribe = await deps.hub.subscribe(device, allScopes(device), send, () => {
      close();
    });
    const scopes = allScopes(device);
    const beat = async (): Promise<void> => {
      const head = await deps.store.maxSeqs(scopes);
      if (!res.writableEnded) send({ heartbeat: { every: deps.heartbeatMs, head } });
    };
    const heartbeat = setInterval(() => {
      void deps.store
        .getDevice(device.id)
        .then((d) => {
          if (!d || d.revokedAt !== null) close();
          else return beat();
        })
        .catch(close);
    }, deps.heartbeatMs);
    const close = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(close);
      if (!res.writableEnded) res.end();
    };
    open.add(close);
    request.raw.on('close', close);
    void beat().catch(close);
    // The terminal may have gone while we subscribed.
    if (request.raw.destroyed || res.destroyed) close();
  });
  done();
};
