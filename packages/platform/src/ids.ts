import { randomFillSync } from 'node:crypto';
import { errors } from './errors.js';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then randomness. Monotonic within a process: when two ids fall in the
 * same millisecond the 12-bit counter in rand_a increases, so ids sort in creation order (event ids, cursors).
 */
let lastMs = 0;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = randomUint16() & 0x3ff; // leave headroom so the counter rarely overflows
  } else {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  }
  const bytes = Buffer.allocUnsafe(16);
  takeRandom(bytes, 16);
  // The 48-bit millisecond timestamp, big-endian (exact in a double).
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Random bytes from a pool filled 4 KiB at a time (as crypto.randomUUID does): ids are minted on every statement of
 * the money path, and one call into the CSPRNG per id cost more than the id.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function takeRandom(target: Buffer, n: number): void {
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // Each byte is handed out once.
  pool.copy(target, 0, poolOffset, poolOffset + n);
  poolOffset += n;
}

function randomUint16(): number {
  const two = Buffer.allocUnsafe(2);
  takeRandom(two, 2);
  return two.readUInt16BE(0);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Public ids are readable and typed, Stripe-style: `usr_0192f3c4e5a67b8c9d0e1f2a3b4c5d6e` (prefix + UUIDv7 hex).
 * The prefix says what an id names, so an account id passed where a user id is expected fails clearly.
 */
export function newId(prefix: string): string {
  return `${prefix}_${uuidv7().replaceAll('-', '')}`;
}

export function isId(prefix: string, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9a-f]{32}$`).test(value);
}

/** Validates an id argument; a malformed id is NOT_FOUND, like an unknown one, and never reaches SQL. */
export function requireId(prefix: string, value: string, what: string): string {
  if (!isId(prefix, value)) throw errors.notFound(what);
  return value;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
