import type { ErrorBody } from '../../shared/sync/protocol';

/** The server could not be reached at all: the terminal is offline (or the server is down). */
export class OfflineError extends Error {
  constructor(cause?: unknown) {
    super('No connection to the sync server.', { cause });
  }
}

/** The server answered, but not with success. */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export async function postJson<T>(
  fetchFn: FetchLike,
  url: string,
  body: unknown,
  token?: string,
  timeoutMs = 20_000,
): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new OfflineError(error);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new OfflineError(error);
  }
  if (res.ok) return JSON.parse(text) as T;
  return Promise.reject(refusalOf(res.status, text));
}

/** The server's refusal, with its code and sentence when it sent them. */
export function refusalOf(status: number, text: string): ServerRefusal {
  let code = 'http-error';
  let message = `The sync server answered ${status}.`;
  try {
    const parsed = JSON.parse(text) as Partial<ErrorBody>;
    if (parsed.error) ({ code, message } = parsed.error);
  } catch {
    // not JSON: keep the generic sentence
  }
  return new ServerRefusal(status, code, message);
}

/** A refusal that means this terminal may no longer sync at all (it was removed, or never enrolled). */
export function isRemoval(error: unknown): error is ServerRefusal {
  return (
    error instanceof ServerRefusal && error.status === 401 && ['revoked-device', 'unknown-device'].includes(error.code)
  );
}

/** A sentence for the sync indicator. */
export function describeSyncError(error: unknown): string {
  if (error instanceof OfflineError)
    return 'No connection to the sync server. Changes stay on this terminal and sync when it is back.';
  if (error instanceof ServerRefusal) {
    if (error.status === 401) return `The sync server no longer accepts this terminal: ${error.message}`;
    if (error.status >= 500) return 'The sync server had a problem; retrying shortly.';
    return `The sync server refused a change: ${error.message}`;
  }
  return error instanceof Error ? error.message : 'Sync failed for an unknown reason.';
}
