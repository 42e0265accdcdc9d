/**
 * Client-generated, sortable document ids (ULID layout: 10 characters of time, 16 of randomness,
 * Crockford base32). Terminals create records offline, so ids cannot come from the server; sorting
 * by id sorts by creation time, which keeps replication order and index scans cheap.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A source of uniform numbers in [0, 1); tests and the data generator pass a seeded one. */
export type RandomSource = () => number;

function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return (buf[0] ?? 0) / 2 ** 32;
}

export function newId(now: number = Date.now(), random: RandomSource = cryptoRandom): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIME) {
    throw new RangeError(`id time must be an integer between 0 and ${MAX_TIME}, got ${now}`);
  }
  let time = '';
  let t = now;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (let i = 0; i < RANDOM_CHARS; i++) {
    rand += ALPHABET.charAt(Math.floor(random() * 32));
  }
  return time + rand;
}

/** The creation time encoded in an id made by {@link newId}. */
export function idTime(id: string): number {
  let t = 0;
  for (const ch of id.slice(0, TIME_CHARS)) t = t * 32 + ALPHABET.indexOf(ch);
  return t;
}
