import { createHash, randomBytes } from 'node:crypto';
import type { EventType } from '@paygraph/events';
import type { EntityManager } from '@paygraph/platform/db';
import { errors } from '@paygraph/platform/errors';
import type { EventEnvelope } from '@paygraph/platform/events';
import { newId } from '@paygraph/platform/ids';
import { AuditChainHead } from '../entities/audit-chain-head.entity.js';
import { AuditErasure } from '../entities/audit-erasure.entity.js';
import { AuditPersonal } from '../entities/audit-personal.entity.js';
import { AuditRecord } from '../entities/audit-record.entity.js';
import { PRIVACY_EXPORT_ROWS } from '@paygraph/platform/privacy';
import { canonicalJson, ERASED, GENESIS_HASH, PERSONAL, personalDigest, recordHash, type HashedFields } from './chain.js';
import { joinPersonal, redact, splitPersonal } from './redaction.js';
import { actorOf, entityTypeOf, subjectsOf } from './subjects.js';

export const TRAIL_PAGE_MAX = 100;
const VERIFY_BATCH = 500;

/** A record as appended: every field its hash covers, and the hashes. */
export type AppendedRecord = HashedFields & { subjectIds: string[]; prevHash: string; hash: string };

/** The hash version new records are appended with (chain.ts). */
const HASH_VERSION = 2;

/** A record as readers see it: its payload with the personal values put back (or ERASED where they are gone). */
export type ReadableRecord = AuditRecord & { readablePayload: unknown };

/**
 * What an audit record keeps of an event's data: redacted (redaction.ts), and for an export part only its size and
 * digest, since the log must not become a second copy of everyone's exports.
 */
function kept(event: EventEnvelope): unknown {
  if (event.type === 'PrivacyExportPart') {
    const { data, ...rest } = event.data as { data: unknown } & Record<string, unknown>;
    const json = canonicalJson(data);
    return redact({ ...rest, data: { bytes: Buffer.byteLength(json, 'utf8'), sha256: createHash('sha256').update(json).digest('hex') } });
  }
  return redact(event.data);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

export interface TrailPage {
  edges: { cursor: string; node: ReadableRecord }[];
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

/** A text[] literal for a `?::text[]` parameter (the ORM would spread a JS array into a list). Ids only: no quoting needed beyond this. */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

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
      const actorId = actor(event.data);
      const { facts, personal } = splitPersonal(kept(event), PERSONAL);
      const salt = randomBytes(32).toString('hex');
      const hasPersonal = Object.keys(personal).length > 0;
      described.push({
        id: newId('aud'),
        eventId: event.id,
        eventType: event.type,
        version: event.version,
        source: event.source,
        actorId,
        entityType: entityTypeOf(event.aggregateId),
        entityId: event.aggregateId,
        occurredAt: new Date(event.occurredAt),
        correlationId: event.correlationId,
        causationId: event.causationId,
        trace: { ...event.trace },
        payload: facts,
        hashVersion: HASH_VERSION,
        personalDigest: hasPersonal ? personalDigest(salt, personal) : null,
        subjectIds: subjectsOf(event.data, actorId, event.aggregateId),
        personal: hasPersonal ? { salt, data: personal } : null,
      });
    }
    if (described.length === 0) return [];
    // A user erased before this event arrived (a late one: a key's uses reported after the erasure) keeps no personal
    // values in the log: the digest is chained as for anyone, the values are never stored.
    const subjects = [...new Set(described.flatMap((d) => d.subjectIds))];
    const erased = new Set(
      subjects.length === 0
        ? []
        : (await em.execute<{ user_id: string }[]>(`select user_id from audit_erasure where user_id = any(?::text[])`, [textArray(subjects)])).map((r) => r.user_id),
    );
    const [head] = await em.execute<{ seq: string; hash: string }[]>(`select seq::text as seq, hash from audit_chain_head where id = 1 for update`);
    if (!head) throw new Error('The audit chain head is missing');
    let seq = BigInt(head.seq);
    let prevHash = head.hash;
    const records: AppendedRecord[] = [];
    const personalRows: string[] = [];
    for (const { personal, subjectIds, ...d } of described) {
      seq += 1n;
      const fields = { ...d, seq, recordedAt: this.clock() };
      const hash = recordHash(prevHash, fields);
      records.push({ ...fields, subjectIds, prevHash, hash });
      prevHash = hash;
      if (personal && !subjectIds.some((u) => erased.has(u))) personalRows.push(d.id, personal.salt, JSON.stringify(personal.data));
    }
    // The records, their personal values and the new head in one statement: the head stays locked for one round trip less.
    const personalInsert =
      personalRows.length === 0
        ? ''
        : `, personal as (insert into audit_personal (record_id, salt, data) values ${Array.from({ length: personalRows.length / 3 }, () => '(?, ?, ?::jsonb)').join(', ')})`;
    await em.execute(
      `with appended as (
       insert into audit_record (id, seq, event_id, event_type, version, source, actor_id, entity_type, entity_id, occurred_at, recorded_at,
                                 correlation_id, causation_id, trace, payload, hash_version, personal_digest, subject_ids, prev_hash, hash)
       values ${records.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::text[], ?, ?)').join(', ')}
       )${personalInsert}
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
        r.hashVersion,
        r.personalDigest,
        textArray(r.subjectIds),
        r.prevHash,
        r.hash,
      ]).concat(personalRows, [seq.toString(), prevHash]),
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
      const personal = await this.personalOf(em, rows.filter((r) => r.personalDigest).map((r) => r.id));
      const erased = await this.erasedAmong(em, rows.filter((r) => r.personalDigest && !personal.has(r.id)).flatMap((r) => r.subjectIds ?? []));
      for (const row of rows) {
        if (row.seq !== expected) return broken(expected, 'record missing');
        if (row.prevHash !== prev) return broken(row.seq, "prevHash does not match the predecessor's hash");
        if (recordHash(row.prevHash, row) !== row.hash) return broken(row.seq, 'hash does not match the record (altered)');
        if (row.personalDigest) {
          // The personal values are outside the hash but inside their digest; gone, they must have gone by an erasure.
          const values = personal.get(row.id);
          if (values && personalDigest(values.salt, values.data) !== row.personalDigest) {
            return broken(row.seq, 'personal values do not match their digest (altered)');
          }
          if (!values && !(row.subjectIds ?? []).some((u) => erased.has(u))) {
            return broken(row.seq, 'personal values missing, and none of its subjects was erased');
          }
        }
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
    const page = await this.readable(em, rows.slice(0, first));
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

  /**
   * A user's records for their data export (docs/security.md, "Privacy requests"): the most recent ones that name
   * them (actor, entity or anywhere in the payload), with their personal values, as the trail shows them.
   */
  async exportFor(em: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const rows = await em.find(
      AuditRecord,
      { subjectIds: { $contains: [userId] } },
      { orderBy: { seq: 'desc' }, limit: PRIVACY_EXPORT_ROWS + 1 },
    );
    const records = (await this.readable(em, rows)).map((r) => ({
      seq: Number(r.seq),
      eventType: r.eventType,
      source: r.source,
      actorId: r.actorId ?? null,
      entityType: r.entityType,
      entityId: r.entityId,
      occurredAt: r.occurredAt.toISOString(),
      payload: r.readablePayload,
      hash: r.hash,
    }));
    return { records };
  }

  /**
   * Erases a user from the log without touching the chain: the personal values of every record that names them are
   * deleted (their digests stay in the hashed records), and the user is listed as erased so that verification
   * accepts the gap and later records about them keep no personal values. Records of hash version 1 (appended before
   * this existed) hash their whole payload and cannot lose any of it: they are counted in `kept`.
   */
  async eraseFor(em: EntityManager, userId: string, requestId: string, at: Date): Promise<{ erased: Record<string, number>; kept: string[] }> {
    await em.execute(
      `insert into audit_erasure (user_id, request_id, erased_at) values (?, ?, ?) on conflict (user_id) do nothing`,
      [userId, requestId, at],
    );
    const removed = await em.execute<{ n: number }[]>(
      `with gone as (
         delete from audit_personal p using audit_record r
          where r.id = p.record_id and r.subject_ids @> ?::text[]
          returning 1)
       select count(*)::int as n from gone`,
      [textArray([userId])],
    );
    // Versions only go up, so the first record tells whether any version 1 records exist (one indexed read).
    const [legacy] = await em.execute<{ n: number }[]>(`select count(*)::int as n from audit_record where seq = 1 and hash_version = 1`);
    const kept = ['the records themselves: ids, amounts, statuses and hashes (the chain verifies as before)'];
    if (legacy && legacy.n > 0) kept.push('records appended before hash version 2 keep their redacted payload, which is inside their hash');
    return { erased: { audit_personal: removed[0]?.n ?? 0 }, kept };
  }

  /** The records with their personal values put back (ERASED where an erasure removed them). */
  private async readable(em: EntityManager, rows: AuditRecord[]): Promise<ReadableRecord[]> {
    const personal = await this.personalOf(em, rows.filter((r) => r.personalDigest).map((r) => r.id));
    return rows.map((r) => ({
      ...r,
      readablePayload: r.personalDigest ? joinPersonal(r.payload, personal.get(r.id)?.data ?? null, PERSONAL, ERASED) : r.payload,
    }) as ReadableRecord);
  }

  private async personalOf(em: EntityManager, recordIds: string[]): Promise<Map<string, { salt: string; data: Record<string, unknown> }>> {
    if (recordIds.length === 0) return new Map();
    const rows = await em.find(AuditPersonal, { recordId: { $in: recordIds } });
    return new Map(rows.map((r) => [r.recordId, { salt: r.salt, data: r.data }]));
  }

  private async erasedAmong(em: EntityManager, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await em.find(AuditErasure, { userId: { $in: [...new Set(userIds)] } }, { fields: ['userId'] });
    return new Set(rows.map((r) => r.userId));
  }
}

