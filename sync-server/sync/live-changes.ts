import type { Checkpoint, StreamMessage } from '../../shared/sync/protocol';
import type { CollectionName } from '../../shared/collections';
import type { Device } from '../../shared/sync/protocol';
import type { Store } from '../store/port';
import { visibleTo } from './access';
import { toWire } from './documents';

/** The signal moved on whenever a terminal or a person loses access. */
export const REVOCATIONS = 'revocations';

interface Subscriber {
  device: Device;
  scopes: string[];
  since: Checkpoint;
  send: (message: StreamMessage) => void;
  /** Ends the stream: its terminal was removed. */
  close: () => void;
}

const BATCH = 500;

/**
 * The live changes behind `GET /sync/stream` (not the branch hub): fans committed changes out to open streams. It watches the store's per-scope sequence (polling,
 * and at once after a local push), so a change pushed to another server instance on the same store
 * reaches this instance's streams too. The server keeps no other state.
 */
export class LiveChanges {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private revocations: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly pollMs = 250,
  ) {}

  async subscribe(
    device: Device,
    scopes: string[],
    send: (message: StreamMessage) => void,
    close: () => void,
  ): Promise<() => void> {
    this.revocations ??= await this.store.readSignal(REVOCATIONS);
    const sub: Subscriber = { device, scopes, since: await this.store.maxSeqs(scopes), send, close };
    this.subscribers.add(sub);
    this.timer ??= setInterval(() => {
      this.notify();
    }, this.pollMs);
    send('RESYNC');
    return () => {
      this.subscribers.delete(sub);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Something may have changed: check now (coalesced with a check already running). */
  notify(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.check()
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }

  /** Resolves once no check is running (used by shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Revocations reach every instance through the store: when the signal has moved, each open stream's
   * terminal is looked up again and the removed ones are closed (within one poll).
   */
  private async closeRevoked(): Promise<void> {
    const signal = await this.store.readSignal(REVOCATIONS);
    if (signal === this.revocations) return;
    this.revocations = signal;
    for (const sub of [...this.subscribers]) {
      const device = await this.store.getDevice(sub.device.id);
      if (!device || device.revokedAt !== null) {
        this.subscribers.delete(sub);
        sub.close();
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  private async check(): Promise<void> {
    if (this.subscribers.size === 0) return;
    await this.closeRevoked();
    const scopes = [...new Set([...this.subscribers].flatMap((s) => s.scopes))];
    const max = await this.store.maxSeqs(scopes);
    for (const sub of this.subscribers) {
      while (sub.scopes.some((s) => (max[s] ?? 0) > (sub.since[s] ?? 0))) {
        const changes = await this.store.changesSince(sub.scopes, sub.since, BATCH);
        if (changes.length === 0) break;
        const from = sub.since;
        const since = { ...sub.since };
        const byCollection = new Map<CollectionName, typeof changes>();
        for (const c of changes) {
          since[c.scope] = Math.max(since[c.scope] ?? 0, c.seq);
          byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
        }
        sub.since = since;
        for (const [collection, docs] of byCollection) {
          const visible = await visibleTo(this.store, sub.device, collection, docs);
          sub.send({
            collection,
            documents: visible.map(toWire),
            seqs: visible.map((d) => d.seq),
            from,
            checkpoint: since,
          });
        }
      }
    }
  }
}
