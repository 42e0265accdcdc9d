import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';

/**
 * An in-memory IndexedDB whose disk fills up and whose stores get damaged on demand, failing the way
 * Chromium does: writes refused with QuotaExceededError, and a damaged store's open failing with
 * "Internal error opening backing store" (what a damaged LevelDB gives).
 */
export interface FaultyIndexedDb {
  factory: IDBFactory;
  faults: {
    /** Every write is refused while true. */
    full: boolean;
    /** The collection whose store no longer opens, or null. */
    damaged: string | null;
  };
}

const stores = IDBObjectStore.prototype as unknown as Record<'put' | 'add', (...args: unknown[]) => unknown>;
const originals = { put: stores.put, add: stores.add };
/** The factories whose disk is full right now (the object store prototype is shared by all). */
const full = new Set<{ full: boolean }>();
for (const method of ['put', 'add'] as const)
  stores[method] = function (this: unknown, ...args: unknown[]) {
    if ([...full].some((f) => f.full)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return originals[method].apply(this, args);
  };

export function faultyIndexedDb(): FaultyIndexedDb {
  const factory = new IDBFactory();
  const faults = { full: false, damaged: null as string | null };
  full.add(faults);
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    if (!faults.damaged || !name.endsWith(`--${faults.damaged}`)) return open(name, version);
    const request = {
      error: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'),
      onerror: null as ((event: unknown) => void) | null,
    };
    setTimeout(() => {
      request.onerror?.({ type: 'error', target: request, preventDefault() {}, stopPropagation() {} });
    }, 0);
    return request as unknown as IDBOpenDBRequest;
  };
  return { factory, faults };
}
