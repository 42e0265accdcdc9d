import { Subject } from 'rxjs';
import type { RxReplicationPullStreamItem, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { COLLECTION_NAMES, type CollectionName } from '../../shared/collections';
import type { Checkpoint, PullResponse, PushResponse, StreamEvent, WireDocument } from '../../shared/sync/protocol';
import { MAX_PUSH_ROWS } from '../../shared/sync/protocol';
import { refusalsOf, type ClinicDatabase } from './database';
import { describeSyncError, isRemoval, OfflineError, postJson, ServerRefusal, type FetchLike } from './http';
import { connectStream } from './sse';
import { storageFaultOf } from './storage-fault';
import type { SyncStatusStore } from './sync-status';

export interface ReplicationOptions {
  db: ClinicDatabase;
  serverUrl: string;
  /** The device token, or where to read it each time (it is renewed while the app runs). */
  token: string | (() => string);
  deviceId: string;
  status: SyncStatusStore;
  fetch?: FetchLike;
  /** Pause before RxDB retries a failed pull or push; the handlers add their own growing backoff. */
  retryMs?: number;
  /** Diagnostics: one line per pull, push and stream batch (the sync fuzzer writes them to a file). */
  trace?: (line: string) => void;
}

export interface ClinicReplication {
  states: Map<CollectionName, RxReplicationState<unknown, Checkpoint>>;
  /** Resolves when every collection has pushed and pulled everything it knows of. */
  awaitInSync(): Promise<void>;
  /** Where each collection stands against the server's head (for diagnostics). */
  progress(): { reached: Record<string, Checkpoint>; head: Checkpoint };
  stop(): Promise<void>;
}

type Row = RxReplicationWriteToMasterRow<Record<string, unknown>>;

/** Growing pauses between attempts while the server cannot be reached (0.25 s up to 30 s). */
class Backoff {
  private failures = 0;
  private until = 0;
  private wake: (() => void)[] = [];

  /** Waits out the current pause; a success elsewhere (the stream is back) ends it early. */
  async ready(): Promise<void> {
    const wait = this.until - Date.now();
    if (wait <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wake.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  failed(): void {
    this.failures++;
    this.until = Date.now() + Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
  }

  reset(): void {
    this.failures = 0;
    this.until = 0;
    for (const w of this.wake.splice(0)) w();
  }
}

/**
 * Live replication of every collection with the sync server: pulls by checkpoint, pushes with
 * conflicts handed to the collection's conflict handler, one shared SSE stream feeding each
 * collection's stream$. Checkpoints live in the local database, so an app restart resumes where it
 * stopped. A document the server refuses (400/403) is set aside in the conflicts collection with the
 * server's reason instead of blocking every later push.
 */
export function startReplication(options: ReplicationOptions): ClinicReplication {
  const { db, serverUrl, deviceId, status } = options;
  const token = (): string => (typeof options.token === 'function' ? options.token() : options.token);
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const trace = options.trace;
  const brief = (docs: readonly Record<string, unknown>[]): string =>
    docs.map((d) => `${String(d.id).slice(-6)}@${String(d.updatedAt)}${d._deleted === true ? 'x' : ''}`).join(',');
  const backoff = new Backoff();
  const pending = new Map<string, Set<string>>();
  const streams = new Map<CollectionName, Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>>();
  const refusals = refusalsOf(db);
  // The last checkpoint each collection reached (by pull or by a forwarded stream event).
  const reached = new Map<CollectionName, Checkpoint>();
  const advance = (collection: CollectionName, checkpoint: Checkpoint): void => {
    const current = reached.get(collection) ?? {};
    const next = { ...current };
    for (const [scope, seq] of Object.entries(checkpoint)) next[scope] = Math.max(next[scope] ?? 0, seq);
    reached.set(collection, next);
  };
  // The highest server sequence per scope this terminal has heard of (pull answers, stream batches).
  const head: Checkpoint = {};
  /** The head the last heartbeat announced: every collection should have reached it by the next one. */
  let lastBeat: Checkpoint = {};
  const heard = (checkpoint: Checkpoint): void => {
    for (const [scope, seq] of Object.entries(checkpoint)) head[scope] = Math.max(head[scope] ?? 0, seq);
  };
  /*
   * Stream batches wait here until the collection's pull handler takes them. Every document therefore
   * enters the local database through RxDB's pull path, one answer after another in order: a batch
   * the server read before a pull that has already been stored can never overwrite what that pull
   * brought, because the handler keeps only documents with a sequence past where the collection
   * stands. A batch that starts where the collection stands is applied without asking the server.
   */
  const buffered = new Map<CollectionName, StreamEvent[]>();
  /** Collections that must ask the server next time (a gap, a reconnect, a heartbeat showing a lag). */
  const mustFetch = new Set<CollectionName>(COLLECTION_NAMES);
  const MAX_BUFFERED = 50;
  const covers = (checkpoint: Checkpoint, target: Checkpoint): boolean =>
    Object.entries(target).every(([scope, seq]) => (checkpoint[scope] ?? 0) >= seq);
  /** The buffered batches that continue from `checkpoint`, as one pull answer; null when the server must be asked. */
  const fromBuffer = (
    collection: CollectionName,
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): { documents: WireDocument[]; checkpoint: Checkpoint } | null => {
    const queue = buffered.get(collection) ?? [];
    if (!checkpoint || mustFetch.has(collection)) return null;
    // Batches this collection has already passed bring nothing new.
    for (let head = queue[0]; head && covers(checkpoint, head.checkpoint); head = queue[0]) queue.shift();
    const first = queue[0];
    if (!first || !covers(checkpoint, first.from)) return null;
    const byId = new Map<string, WireDocument>();
    let at: Checkpoint = { ...checkpoint };
    for (let batch = queue[0]; batch && covers(at, batch.from) && byId.size < batchSize; batch = queue[0]) {
      queue.shift();
      batch.documents.forEach((doc, i) => {
        // Only what is newer than where the collection stands: an older version was already passed.
        if ((batch.seqs[i] ?? 0) > (checkpoint[doc.tenantId] ?? 0)) {
          byId.delete(doc.id);
          byId.set(doc.id, doc);
        }
      });
      at = Object.fromEntries(
        [...new Set([...Object.keys(at), ...Object.keys(batch.checkpoint)])].map((scope) => [
          scope,
          Math.max(at[scope] ?? 0, batch.checkpoint[scope] ?? 0),
        ]),
      );
    }
    return { documents: [...byId.values()], checkpoint: at };
  };

  /** Behind while any collection has not reached the head in each of its scopes. */
  const updateBehind = (): void => {
    const behind = COLLECTION_NAMES.some((c) => {
      const mine = reached.get(c);
      return !mine || Object.keys(mine).some((scope) => (mine[scope] ?? 0) < (head[scope] ?? 0));
    });
    if (status.getState().behind !== behind) status.getState().setBehind(behind);
  };

  /*
   * Documents whose push has gone out and whose outcome RxDB has not recorded yet. RxDB keeps a pulled
   * version of a document with unpushed local changes aside (the push will meet it as a conflict), but
   * when the push it is waiting on then succeeds, RxDB records the pushed version as the server's and
   * the newer one is never seen again: the terminal says "in sync" while it holds an older version.
   * Stream events already wait for pushes to finish; a pull answer holding such a document waits too.
   */
  const inFlight = new Map<CollectionName, Map<string, number>>();
  const upstreamStep = (collection: CollectionName): Promise<unknown> =>
    states.get(collection)?.internalReplicationState?.streamQueue.up ?? Promise.resolve();
  const markInFlight = (collection: CollectionName, ids: string[]): void => {
    const flying = inFlight.get(collection) ?? new Map<string, number>();
    inFlight.set(collection, flying);
    for (const id of ids) flying.set(id, (flying.get(id) ?? 0) + 1);
    // RxDB records the pushed versions after the handler returns, in the same upstream step.
    const done = (): void => {
      for (const id of ids) {
        const n = (flying.get(id) ?? 1) - 1;
        if (n > 0) flying.set(id, n);
        else flying.delete(id);
      }
    };
    upstreamStep(collection).then(done, done);
  };
  const afterOwnPushes = async (collection: CollectionName, docs: { id?: unknown }[]): Promise<void> => {
    const flying = inFlight.get(collection);
    for (let i = 0; i < 50 && flying && docs.some((d) => flying.has(String(d.id))); i++) {
      await upstreamStep(collection).catch(() => undefined);
    }
  };

  const updatePending = (): void => {
    let n = 0;
    for (const ids of pending.values()) n += ids.size;
    status.getState().setPending(n);
  };
  const succeeded = (): void => {
    backoff.reset();
    status.getState().synced(Date.now());
  };
  const failed = (error: unknown): void => {
    if (isRemoval(error)) {
      backoff.failed();
      status.getState().wasRemoved(error.message);
      return;
    }
    if (error instanceof OfflineError || (error instanceof ServerRefusal && error.status >= 500)) {
      backoff.failed();
      status.getState().setOnline(false);
    }
    status.getState().failed(describeSyncError(error));
  };

  const pushRows = async (collection: CollectionName, rows: Row[]): Promise<WithDeleted<Record<string, unknown>>[]> => {
    try {
      return await postJson<PushResponse>(fetchFn, `${serverUrl}/sync/${collection}/push`, rows, token());
    } catch (error) {
      if (!(error instanceof ServerRefusal) || (error.status !== 400 && error.status !== 403)) throw error;
      if (rows.length > 1) {
        // Find the refused row(s): push one at a time so the others still go through.
        const out: WithDeleted<Record<string, unknown>>[] = [];
        for (const row of rows) out.push(...(await pushRows(collection, [row])));
        return out;
      }
      const [row] = rows as [Row];
      refusals.add(collection, String(row.newDocumentState.id), error.message);
      status.getState().failed(describeSyncError(error));
      // Answer with the last state the server accepted (or a tombstone for a document it never had):
      // the conflict handler keeps the refused version in the conflicts collection and reverts to it.
      return [row.assumedMasterState ?? { ...row.newDocumentState, _deleted: true }];
    }
  };

  const states = new Map<CollectionName, RxReplicationState<unknown, Checkpoint>>();
  for (const collection of COLLECTION_NAMES) {
    const stream = new Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>();
    streams.set(collection, stream);
    const ids = new Set<string>();
    pending.set(collection, ids);
    const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
      collection: db[collection] as never,
      replicationIdentifier: `clinic-desk|${serverUrl}|${deviceId}|${collection}`,
      live: true,
      retryTime: options.retryMs ?? 1_000,
      waitForLeadership: false,
      autoStart: true,
      pull: {
        batchSize: 500,
        stream$: stream.asObservable() as never,
        handler: async (checkpoint, batchSize) => {
          const local = fromBuffer(collection, checkpoint, batchSize);
          if (local) {
            trace?.(
              `buffered ${collection} ${JSON.stringify(checkpoint)} -> ${JSON.stringify(local.checkpoint)} [${brief(local.documents)}]`,
            );
            await afterOwnPushes(collection, local.documents);
            advance(collection, local.checkpoint);
            updateBehind();
            return local;
          }
          await backoff.ready();
          try {
            mustFetch.delete(collection);
            const pull = (from: Checkpoint | null) =>
              postJson<PullResponse>(
                fetchFn,
                `${serverUrl}/sync/${collection}/pull`,
                { checkpoint: from, batchSize },
                token(),
              );
            const answer = await pull(checkpoint ?? null).catch((error: unknown) => {
              if (!(error instanceof ServerRefusal && error.code === 'checkpoint-ahead')) throw error;
              // The server has less than this terminal has seen (restored from an older backup): start
              // this collection over from the beginning; what is stored here stays until replaced.
              trace?.(`pull ${collection} ${JSON.stringify(checkpoint)} is ahead of the server; from the start`);
              reached.delete(collection);
              for (const scope of Object.keys(head)) head[scope] = 0;
              return pull(null);
            });
            trace?.(
              `pull ${collection} ${JSON.stringify(checkpoint)} -> ${JSON.stringify(answer.checkpoint)} head ${JSON.stringify(answer.head)} [${brief(answer.documents)}]`,
            );
            await afterOwnPushes(collection, answer.documents);
            status.getState().pulled(collection, answer.documents.length, answer.remaining ?? 0, Date.now());
            // Never back: a stream batch may have moved this collection on while the pull was out.
            advance(collection, answer.checkpoint);
            heard(answer.head);
            updateBehind();
            succeeded();
            return {
              documents: answer.documents,
              checkpoint: answer.checkpoint,
            };
          } catch (error) {
            mustFetch.add(collection);
            failed(error);
            throw error;
          }
        },
      },
      push: {
        batchSize: Math.min(100, MAX_PUSH_ROWS),
        handler: async (rows) => {
          for (const r of rows) ids.add(String(r.newDocumentState.id));
          markInFlight(
            collection,
            rows.map((r) => String(r.newDocumentState.id)),
          );
          updatePending();
          await backoff.ready();
          try {
            trace?.(
              `push ${collection} [${rows.map((r) => `${brief([r.newDocumentState])} on ${r.assumedMasterState ? brief([r.assumedMasterState]) : '-'}`).join(' ')}]`,
            );
            const conflicts = await pushRows(collection, rows);
            trace?.(`pushed ${collection} conflicts [${brief(conflicts)}]`);
            for (const r of rows) ids.delete(String(r.newDocumentState.id));
            updatePending();
            succeeded();
            return conflicts;
          } catch (error) {
            failed(error);
            throw error;
          }
        },
      },
    });
    states.set(collection, state as unknown as RxReplicationState<unknown, Checkpoint>);
    // Storing what was pulled can fail on this terminal's own disk (full, damaged): say so, in words.
    state.error$.subscribe((error) => {
      const fault = storageFaultOf(error);
      if (fault) status.getState().failed(fault.sentence);
    });
    if (trace)
      state.received$.subscribe((doc) => {
        trace(`stored ${collection} [${brief([doc])}]`);
      });
  }

  const connect = () =>
    connectStream(fetchFn, `${serverUrl}/sync/stream`, token, {
      onOpen() {
        backoff.reset();
        status.getState().setOnline(true);
      },
      onMessage(message) {
        if (message === 'RESYNC') {
          // A new connection: what happened while it was down is fetched from the server.
          for (const c of COLLECTION_NAMES) {
            buffered.set(c, []);
            mustFetch.add(c);
            streams.get(c)?.next('RESYNC');
          }
          return;
        }
        if ('heartbeat' in message) {
          heard(message.heartbeat.head);
          // A collection still short of the head the previous heartbeat announced missed something
          // (no batch is coming for it): fetch it.
          for (const c of COLLECTION_NAMES) {
            const mine = reached.get(c) ?? {};
            if (!covers(mine, lastBeat)) {
              mustFetch.add(c);
              streams.get(c)?.next('RESYNC');
            }
          }
          lastBeat = message.heartbeat.head;
          updateBehind();
          return;
        }
        heard(message.checkpoint);
        trace?.(
          `stream ${message.collection} ${JSON.stringify(message.from)} -> ${JSON.stringify(message.checkpoint)} [${brief(message.documents)}]`,
        );
        const queue = buffered.get(message.collection) ?? [];
        buffered.set(message.collection, queue);
        if (queue.length >= MAX_BUFFERED) {
          // The database is far behind the stream: ask the server once instead of holding every batch.
          queue.length = 0;
          mustFetch.add(message.collection);
        } else queue.push(message);
        streams.get(message.collection)?.next('RESYNC');
        // A batch covers every collection from `from` to its checkpoint (each collection with changes
        // gets its own message), so a collection that stood at `from` has nothing else to fetch there.
        for (const other of COLLECTION_NAMES) {
          if (other === message.collection) continue;
          const mine = reached.get(other);
          if (mine && Object.keys(mine).length > 0 && covers(mine, message.from)) advance(other, message.checkpoint);
          else {
            // Further behind than this batch: fetch the gap, so the terminal never stays "catching up".
            mustFetch.add(other);
            streams.get(other)?.next('RESYNC');
          }
        }
        updateBehind();
      },
      onDrop(error) {
        if (isRemoval(error)) {
          status.getState().wasRemoved(error.message);
          return;
        }
        status.getState().setOnline(false);
        if (!(error instanceof Error && error.name === 'AbortError'))
          status.getState().failed(describeSyncError(new OfflineError(error)));
      },
    });
  let live = connect();
  // The browser knows before any request fails: show it at once, and reconnect as soon as it is back.
  const goneOffline = (): void => {
    status.getState().setOnline(false);
    live.close();
    live = connect();
  };
  const backOnline = (): void => {
    backoff.reset();
    live.close();
    live = connect();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
  }

  return {
    states,
    progress() {
      return { reached: Object.fromEntries(reached), head: { ...head } };
    },
    async awaitInSync() {
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
    },
    async stop() {
      if (typeof window !== 'undefined') {
        window.removeEventListener('offline', goneOffline);
        window.removeEventListener('online', backOnline);
      }
      live.close();
      await Promise.all([...states.values()].map((s) => s.cancel()));
      for (const s of streams.values()) s.complete();
    },
  };
}
