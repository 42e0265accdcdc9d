import type { FastifyPluginCallback } from 'fastify';
import type { AppDeps } from '../context';

export const healthRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  app.get('/health', () => ({ ok: true, store: deps.store.kind, version: deps.version }));
  done();
};
