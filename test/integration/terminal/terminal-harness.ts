import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openClinicDatabase, type ClinicDatabase } from '../../../renderer/db/database';
import type { FetchLike } from '../../../renderer/db/http';
import { startReplication, type ClinicReplication } from '../../../renderer/db/replication';
import { createSyncStatusStore, type SyncStatusStore } from '../../../renderer/db/sync-status';
import type { ConnectedProfile } from '../../../renderer/db/terminal-profile';
import type { Device } from '../../../shared/sync/protocol';

/** A switchable network for one terminal: offline makes every request fail and drops open streams. */
export class Network {
  online = true;
  /** A test's hook on every answer before the terminal sees it (to hold or inspect it). */
  onResponse: ((url: string, res: Response) => Promise<Response>) | undefined;
  /** A test's hook before a request leaves (to hold it back). */
  beforeRequest: ((url: string) => Promise<void>) | undefined;
  private readonly open = new Set<AbortController>();

  readonly fetch: FetchLike = async (input, init) => {
    if (!this.online) throw new TypeError('fetch failed: network is offline');
    if (this.beforeRequest) await this.beforeRequest(input);
    const controller = new AbortController();
    this.open.add(controller);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      const raw = await fetch(input, { ...init, signal });
      const res = this.onResponse ? await this.onResponse(input, raw) : raw;
      if (!res.body) return res;
      // Keep the controller until the body is read, so going offline cuts streams too.
      const body = res.body.pipeThrough(
        new TransformStream({
          flush: () => {
            this.open.delete(controller);
          },
        }),
      );
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (error) {
      this.open.delete(controller);
      throw error;
    }
  };

  goOffline(): void {
    this.online = false;
    for (const c of this.open) c.abort(new Error('network went offline'));
    this.open.clear();
  }

  goOnline(): void {
    this.online = true;
  }
}

export interface TerminalOptions {
  name: string;
  serverUrl: string;
  token: string;
  device: Device;
}

/** With CLINIC_SYNC_TRACE=<dir>, each terminal writes its replication trace to <dir>/<name>.log. */
function traceTo(name: string): { trace?: (line: string) => void } {
  const dir = process.env.CLINIC_SYNC_TRACE;
  if (!dir) return {};
  const file = join(dir, `${name}.log`);
  return {
    trace: (line) => {
      appendFileSync(file, `${Date.now()} ${line}\n`);
    },
  };
}

/** One clinic terminal: its own IndexedDB (kept across restarts), database, replication and status. */
export class Terminal {
  readonly network = new Network();
  readonly indexedDB = new IDBFactory();
  db!: ClinicDatabase;
  status!: SyncStatusStore;
  replication: ClinicReplication | undefined;

  constructor(readonly options: TerminalOptions) {}

  get profile(): ConnectedProfile {
    return { serverUrl: this.options.serverUrl, token: this.options.token, expiresAt: 0, device: this.options.device };
  }

  async open(sync = true): Promise<this> {
    this.db = await openClinicDatabase({
      name: this.options.name,
      storage: getRxStorageDexie({ indexedDB: this.indexedDB, IDBKeyRange }),
    });
    this.status = createSyncStatusStore();
    if (sync) this.startSync();
    return this;
  }

  startSync(): void {
    this.replication = startReplication({
      db: this.db,
      serverUrl: this.options.serverUrl,
      token: this.options.token,
      deviceId: this.options.device.id,
      status: this.status,
      fetch: this.network.fetch,
      retryMs: 100,
      ...traceTo(this.options.name),
    });
  }

  /** Waits until this terminal has pushed and pulled everything (the network must be up). */
  async settle(): Promise<void> {
    await this.replication?.awaitInSync();
  }

  /** Closes the app: replication stops, the database closes, IndexedDB stays. */
  async close(): Promise<void> {
    await this.replication?.stop();
    this.replication = undefined;
    await this.db.close();
  }
}
