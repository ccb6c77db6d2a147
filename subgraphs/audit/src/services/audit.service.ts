import type { EventType } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import type { EventEnvelope } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import { AuditChainHead } from '../entities/audit-chain-head.entity.js';
import { AuditRecord } from '../entities/audit-record.entity.js';
import { GENESIS_HASH, recordHash, type HashedFields } from './chain.js';
import { redact } from './redaction.js';
import { actorOf, entityTypeOf } from './subjects.js';

export const TRAIL_PAGE_MAX = 100;
const VERIFY_BATCH = 500;

/** A record as appended: every field its hash covers, and the hashes. */
export type AppendedRecord = HashedFields & { prevHash: string; hash: string };

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

export interface TrailPage {
  edges: { cursor: string; node: AuditRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Opaque to clients; inside, the record's seq. */
export const encodeCursor = (r: AuditRecord) => Buffer.from(`seq:${r.seq}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): bigint {
  const invalid = () => errors.user('INVALID_CURSOR', 'The cursor is not one this list returned', 'after');
  if (cursor.length > 60) throw invalid();
  const m = /^seq:([1-9][0-9]{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid();
  return BigInt(m[1]!);
}

const ENTITY_ID = /^[a-z]{2,5}_[0-9a-f]{32}$/;

export class AuditService {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Appends one event to the log in the consumer's transaction (see `appendMany`); null when it is already there. */
  async append(em: EntityManager, event: EventEnvelope): Promise<AppendedRecord | null> {
    return (await this.appendMany(em, [event]))[0] ?? null;
  }

  /**
   * Appends events to the log, in the given order, in the consumer's transaction. The chain head is locked once, as
   * late as possible (after the duplicate check and the redaction), so appends are serialised across pollers and
   * processes for the few statements that need it: each record's seq is its predecessor's + 1 and its prevHash the
   * predecessor's hash, the head ends on the last one. An event already in the log (by id), or twice in `events`,
   * appends nothing; the inbox normally stops it earlier, and a concurrent copy that got past both is refused by the
   * unique event id (its transaction retries and then finds it). Three statements whatever the number of events (the
   * records and the new head in one). Returns what it appended.
   */
  async appendMany(em: EntityManager, events: readonly EventEnvelope[]): Promise<AppendedRecord[]> {
    if (events.length === 0) return [];
    const logged = await em.execute<{ event_id: string }[]>(
      `select event_id from audit_record where event_id in (${events.map(() => '?').join(', ')})`,
      events.map((e) => e.id),
    );
    const seen = new Set(logged.map((r) => r.event_id));
    const described = [];
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      const actor = actorOf[event.type as EventType] as (data: unknown) => string | null;
      described.push({
        id: newId('aud'),
        eventId: event.id,
        eventType: event.type,
        version: event.version,
        source: event.source,
        actorId: actor(event.data),
        entityType: entityTypeOf(event.aggregateId),
        entityId: event.aggregateId,
        occurredAt: new Date(event.occurredAt),
        correlationId: event.correlationId,
        causationId: event.causationId,
        trace: { ...event.trace },
        payload: redact(event.data),
      });
    }
    if (described.length === 0) return [];
    const [head] = await em.execute<{ seq: string; hash: string }[]>(`select seq::text as seq, hash from audit_chain_head where id = 1 for update`);
    if (!head) throw new Error('The audit chain head is missing');
    let seq = BigInt(head.seq);
    let prevHash = head.hash;
    const records: AppendedRecord[] = [];
    for (const d of described) {
      seq += 1n;
      const fields = { ...d, seq, recordedAt: this.clock() };
      const hash = recordHash(prevHash, fields);
      records.push({ ...fields, prevHash, hash });
      prevHash = hash;
    }
    // The records and the new head in one statement: the head stays locked for one round trip less.
    await em.execute(
      `with appended as (
       insert into audit_record (id, seq, event_id, event_type, version, source, actor_id, entity_type, entity_id, occurred_at, recorded_at,
                                 correlation_id, causation_id, trace, payload, prev_hash, hash)
       values ${records.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)').join(', ')}
       )
       update audit_chain_head set seq = ?, hash = ? where id = 1`,
      records.flatMap((r) => [
        r.id,
        r.seq.toString(),
        r.eventId,
        r.eventType,
        r.version,
        r.source,
        r.actorId,
        r.entityType,
        r.entityId,
        r.occurredAt,
        r.recordedAt,
        r.correlationId,
        r.causationId,
        JSON.stringify(r.trace),
        JSON.stringify(r.payload),
        r.prevHash,
        r.hash,
      ]).concat([seq.toString(), prevHash]),
    );
    return records;
  }

  /**
   * Recomputes the chain over [fromSeq, toSeq] (default: the whole log, up to the head) and reports the first broken
   * link: a missing seq, a prevHash that is not the predecessor's hash, a hash that does not match the record's
   * fields (an altered row), or — when the range reaches the head — a head that does not name the last record (a
   * removed tail). The predecessor of fromSeq is trusted as the range's anchor.
   */
  async verify(em: EntityManager, fromSeq?: number | null, toSeq?: number | null): Promise<ChainVerification> {
    const from = fromSeq ?? 1;
    if (!Number.isInteger(from) || from < 1) throw errors.user('INVALID_ARGUMENT', 'fromSeq must be at least 1', 'fromSeq');
    if (toSeq != null && (!Number.isInteger(toSeq) || toSeq < from)) {
      throw errors.user('INVALID_ARGUMENT', 'toSeq must not be lower than fromSeq', 'toSeq');
    }
    const head = await em.findOneOrFail(AuditChainHead, { id: 1 });
    const to = toSeq == null || BigInt(toSeq) > head.seq ? head.seq : BigInt(toSeq);
    let checked = 0;
    const broken = (seq: bigint, reason: string): ChainVerification => ({ ok: false, checked, firstBrokenSeq: Number(seq), reason });

    let prev = GENESIS_HASH;
    if (from > 1) {
      const before = await em.findOne(AuditRecord, { seq: BigInt(from - 1) }, { fields: ['hash'] });
      if (!before) return broken(BigInt(from - 1), 'record missing');
      prev = before.hash;
    }
    let expected = BigInt(from);
    while (expected <= to) {
      const rows = await em.find(AuditRecord, { seq: { $gte: expected, $lte: to } }, { orderBy: { seq: 'asc' }, limit: VERIFY_BATCH });
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.seq !== expected) return broken(expected, 'record missing');
        if (row.prevHash !== prev) return broken(row.seq, "prevHash does not match the predecessor's hash");
        if (recordHash(row.prevHash, row) !== row.hash) return broken(row.seq, 'hash does not match the record (altered)');
        prev = row.hash;
        expected++;
        checked++;
      }
      em.clear();
    }
    if (expected <= to) return broken(expected, 'record missing');
    if (to === head.seq && head.seq > 0n && prev !== head.hash) return broken(head.seq, 'chain head does not match the last record');
    return { ok: true, checked, firstBrokenSeq: null, reason: null };
  }

  /** The records of one entity (aggregate id), in log order, keyset-paginated by seq. */
  async trail(em: EntityManager, entityId: string, first: number, after: string | null): Promise<TrailPage> {
    if (!Number.isInteger(first) || first < 1 || first > TRAIL_PAGE_MAX) {
      throw errors.user('INVALID_ARGUMENT', `first must be 1 to ${TRAIL_PAGE_MAX}`, 'first');
    }
    const from = after ? decodeCursor(after) : 0n;
    // An id no aggregate can have never reaches SQL; it simply has no trail.
    const rows = ENTITY_ID.test(entityId)
      ? await em.find(AuditRecord, { entityId, seq: { $gt: from } }, { orderBy: { seq: 'asc' }, limit: first + 1 })
      : [];
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    // Forward pagination only: Relay lets hasPreviousPage be false when looking back is not offered.
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}

