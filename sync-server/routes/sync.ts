import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { collectionNameSchema, pullRequestSchema, type PullResponse } from '../../shared/sync/protocol';
import type { AppDeps } from '../context';
import { authenticate } from '../auth/device-auth';
import { scopesFor, visibleTo } from '../sync/access';
import { toWire } from '../sync/documents';
import { applyPush } from '../sync/push';
import { parseOr400 } from './parse';
import { HttpError } from '../http-error';

const paramsSchema = z.object({ collection: collectionNameSchema });

export const syncRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  app.post('/sync/:collection/pull', async (request) => {
    const device = await authenticate(request, deps.store, deps.tokens);
    const { collection } = parseOr400(paramsSchema, request.params, 'Collection');
    const body = parseOr400(pullRequestSchema, request.body, 'Pull');
    const scopes = scopesFor(device, collection);
    // Only the scopes this device may read; a checkpoint naming others is simply ignored.
    const checkpoint = Object.fromEntries(scopes.map((s) => [s, body.checkpoint?.[s] ?? 0]));
    // The head is read first: every write at or below it has committed (sequences commit in order).
    const head = await deps.store.maxSeqs(scopes);
    // A terminal that stands past the head heard of changes this server does not have (its data was
    // restored from an older backup, or it is another server): echoing that checkpoint would leave the
    // terminal waiting for sequences that never come, so it is told to fetch everything again.
    const ahead = scopes.filter((s) => (checkpoint[s] ?? 0) > (head[s] ?? 0));
    if (ahead.length > 0) {
      throw new HttpError(
        409,
        'checkpoint-ahead',
        'This terminal has seen changes this sync server does not have; it fetches everything again.',
      );
    }
    const docs = await deps.store.pull(collection, scopes, checkpoint, body.batchSize);
    for (const d of docs) checkpoint[d.scope] = Math.max(checkpoint[d.scope] ?? 0, d.seq);
    // A batch that is not full holds every document of this collection up to the head: the terminal
    // stands at the head, not at its last document of this collection.
    if (docs.length < body.batchSize) {
      for (const s of scopes) checkpoint[s] = Math.max(checkpoint[s] ?? 0, head[s] ?? 0);
    }
    const visible = await visibleTo(deps.store, device, collection, docs);
    // A full batch has more behind it: say how many, so a terminal downloading a branch shows progress.
    const remaining = docs.length < body.batchSize ? 0 : await deps.store.countAfter(collection, scopes, checkpoint);
    const answer: PullResponse = { documents: visible.map(toWire), checkpoint, head, remaining };
    return answer;
  });

  app.post('/sync/:collection/push', async (request) => {
    const device = await authenticate(request, deps.store, deps.tokens);
    const { collection } = parseOr400(paramsSchema, request.params, 'Collection');
    const conflicts = await applyPush(deps.store, device, collection, request.body, deps.now());
    deps.hub.notify();
    return conflicts;
  });
  done();
};
