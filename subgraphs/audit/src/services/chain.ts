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
  /** Version 2: the facts only (personal values replaced by PERSONAL). */
  payload: unknown;
  /** 1 (the default, records from before privacy requests) or 2. */
  hashVersion?: number;
  /** Version 2: the digest of the personal values (`personalDigest`), or null when there were none. */
  personalDigest?: string | null;
}

/** What stands in a stored payload (version 2) for a personal value kept in audit_personal. */
export const PERSONAL = '[PERSONAL]';
/** What a reader sees instead of a personal value that was erased. */
export const ERASED = '[ERASED]';

/** sha256(salt ‖ canonical JSON of the personal values), hex: what a version 2 record's hash covers of them. */
export function personalDigest(salt: string, personal: Record<string, unknown>): string {
  return createHash('sha256').update(salt).update(canonicalJson(personal)).digest('hex');
}

/**
 * hash = sha256(prevHash || canonical JSON of the fields), hex; instants as ISO 8601 UTC with milliseconds, seq as a
 * decimal string. Version 1 hashes the whole payload (the body is exactly what it always was, so old records verify
 * as they did); version 2 hashes the facts, `hashVersion` and `personalDigest` (docs/security.md, "Privacy requests").
 */
export function recordHash(prevHash: string, f: HashedFields): string {
  const v2 = (f.hashVersion ?? 1) === 2 ? { hashVersion: 2, personalDigest: f.personalDigest ?? null } : {};
  const body = canonicalJson({
    ...v2,
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
