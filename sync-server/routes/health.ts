import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';

export function registerHealthRoute(app: FastifyInstance, deps: AppDeps): void {
  app.get('/health', () => ({ ok: true, store: deps.store.kind, version: deps.version }));
}
