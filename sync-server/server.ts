import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from './app';
import type { Store } from './store/port';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  port: number;
  /** Stops taking requests, lets in-flight pushes finish, ends live streams, closes the store. */
  close(): Promise<void>;
}

export async function startServer(
  store: Store,
  options: AppOptions & { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const { app, deps } = await createApp(store, options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 4100 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4100);
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        // In-flight requests get ten seconds to finish; a connection still open after that is cut.
        const force = setTimeout(() => {
          app.server.closeAllConnections();
        }, 10_000);
        await app.close();
        clearTimeout(force);
        deps.hub.stop();
        await deps.hub.idle();
        await store.close();
      })();
      return closing;
    },
  };
}
