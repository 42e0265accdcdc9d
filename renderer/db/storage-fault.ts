/**
 * Faults of the terminal's own storage (IndexedDB under RxDB and Dexie), told apart from every other
 * error so people read what happened and the way out instead of a library's message. Errors arrive
 * wrapped (an RxDB error holding a Dexie error holding the browser's DOMException), so the whole
 * chain is searched.
 */
export type StorageFaultKind = 'full' | 'damaged';

export interface StorageFault {
  kind: StorageFaultKind;
  /** The sentence shown where the write or the start failed. */
  sentence: string;
}

const FULL_NAMES = new Set(['QuotaExceededError']);
/** What the browser and Dexie raise when the store on disk cannot be read, opened or trusted. */
const DAMAGED_NAMES = new Set([
  'UnknownError',
  'DataError',
  'DataCloneError',
  'VersionError',
  'NotFoundError',
  'InvalidStateError',
  'OpenFailedError',
  'DatabaseClosedError',
  'UpgradeError',
  'InvalidTableError',
  'MissingAPIError',
]);

export const DISK_FULL_SENTENCE =
  'This computer’s disk is full, so this change was not saved. Free some space (empty the recycle bin, remove large downloads), then try again; what was saved before is safe.';
export const DAMAGED_SENTENCE =
  'This terminal’s local data could not be read or written, so this change was not saved. Close Clinic Desk and open it again; if the data is damaged it will show the way out.';

/** The errors a failure carries inside it: Dexie's `inner` and `failures`, RxDB's `parameters`, `cause`. */
function* chain(error: unknown, depth = 0): Generator {
  if (error === null || typeof error !== 'object' || depth > 6) return;
  yield error;
  const e = error as Record<string, unknown>;
  for (const key of ['inner', 'cause', 'error']) yield* chain(e[key], depth + 1);
  for (const key of ['failures', 'errors'])
    if (Array.isArray(e[key])) for (const f of e[key].slice(0, 20)) yield* chain(f, depth + 1);
  const parameters = e.parameters;
  if (parameters && typeof parameters === 'object') {
    const p = parameters as Record<string, unknown>;
    yield* chain(p.error, depth + 1);
    if (Array.isArray(p.errors)) for (const f of p.errors.slice(0, 20)) yield* chain(f, depth + 1);
  }
}

function nameOf(error: unknown): string {
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : '';
}

/** The storage fault behind an error, or null when the error is about something else. */
export function storageFaultOf(error: unknown): StorageFault | null {
  const links = [...chain(error)];
  if (links.some((e) => FULL_NAMES.has(nameOf(e)) || /quota/i.test(messageOf(e))))
    return { kind: 'full', sentence: DISK_FULL_SENTENCE };
  if (links.some((e) => DAMAGED_NAMES.has(nameOf(e)) || /backing store|data loss|corrupt/i.test(messageOf(e))))
    return { kind: 'damaged', sentence: DAMAGED_SENTENCE };
  return null;
}

/** Why the terminal's data could not be opened at start, in words; with what to do on the screen. */
export function openFailureOf(error: unknown): StorageFault {
  const fault = storageFaultOf(error);
  if (fault?.kind === 'full')
    return {
      kind: 'full',
      sentence:
        'This computer’s disk is full, so Clinic Desk cannot open this terminal’s data. Free some space (empty the recycle bin, remove large downloads), then try again. Nothing on this terminal has been changed.',
    };
  // The innermost message is the browser's own; the wrappers around it repeat it.
  const detail = [...chain(error)].map(messageOf).findLast((m) => m !== '') ?? 'unknown error';
  return {
    kind: 'damaged',
    sentence: `This terminal’s local data is damaged and cannot be opened (${detail.slice(0, 200)}).`,
  };
}
