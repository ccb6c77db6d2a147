import { createHash } from 'node:crypto';

/** The predecessor of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted (recursively) and no whitespace: one byte sequence per value, whatever order the keys
 * were written in, and stable across a jsonb round trip (jsonb reorders keys). Only JSON values are expected
 * (strings, finite numbers, booleans, null, arrays, plain objects); `undefined` object members are left out as
 * JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The fields a record's hash covers: all of them except the hash itself (prevHash is hashed as the prefix). */
export interface HashedFields {
  id: string;
  seq: bigint;
  eventId: string;
  eventType: string;
  version: number;
  source: string;
  actorId?: string | null;
  entityType: string;
  entityId: string;
  occurredAt: Date;
  recordedAt: Date;
  correlationId: string;
  causationId?: string | null;
  trace: Record<string, string>;
  payload: unknown;
}

/** hash = sha256(prevHash || canonical JSON of the fields), hex; instants as ISO 8601 UTC with milliseconds, seq as a decimal string. */
export function recordHash(prevHash: string, f: HashedFields): string {
  const body = canonicalJson({
    id: f.id,
    seq: f.seq.toString(),
    eventId: f.eventId,
    eventType: f.eventType,
    version: f.version,
    source: f.source,
    actorId: f.actorId ?? null,
    entityType: f.entityType,
    entityId: f.entityId,
    occurredAt: f.occurredAt.toISOString(),
    recordedAt: f.recordedAt.toISOString(),
    correlationId: f.correlationId,
    causationId: f.causationId ?? null,
    trace: f.trace,
    payload: f.payload,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
