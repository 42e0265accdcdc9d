/** Rows or documents handled between pauses in a large push (the write transaction stays open). */
export const YIELD_EVERY = 50;

/** Lets other requests in (reads use their own connection meanwhile): one turn of the event loop. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}
