import { defineEntity, p } from '@mikro-orm/core';

/**
 * One backbone event in the audit log. Append-only: the database refuses UPDATE, DELETE and TRUNCATE (triggers in the
 * init migration). `hash` = sha256(prevHash || canonical JSON of the record's other fields), see services/chain.ts; from
 * version 2 the personal values are not among them but in `AuditPersonal`, covered by their salted digest.
 */
export const AuditRecordSchema = defineEntity({
  name: 'AuditRecord',
  tableName: 'audit_record',
  properties: {
    id: p.text().primary(),
    seq: p.bigint().unique(),
    eventId: p.uuid().unique(),
    eventType: p.string().length(100),
    version: p.integer(),
    source: p.string().length(100),
    actorId: p.text().nullable(),
    entityType: p.string().length(100),
    entityId: p.string().length(200),
    occurredAt: p.datetime(),
    recordedAt: p.datetime(),
    correlationId: p.string().length(200),
    causationId: p.string().length(200).nullable(),
    trace: p.json<Record<string, string>>(),
    /** The event's data with its personal values replaced by `[PERSONAL]` (version 2; version 1: all of it). */
    payload: p.json<unknown>(),
    /**
     * 1: the hash covers the whole payload (records appended before privacy requests). 2: it covers the payload's
     * facts and `personalDigest`, so the personal values (audit_personal) can be erased without breaking the chain.
     */
    hashVersion: p.smallint().default(1),
    /** sha256(salt ‖ canonical JSON of the personal values), hex; null when the event had none (or version 1). */
    personalDigest: p.string().length(64).nullable(),
    /** The users the record is about (actor, entity, any user id in the payload): what an export or erasure finds it by. Not hashed: it is derived. */
    subjectIds: p.array<string>().nullable(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
  // An entity's trail in log order.
  indexes: [
    { name: 'audit_record_entity_seq_idx', properties: ['entityId', 'seq'] },
    { name: 'audit_record_subjects_idx', properties: ['subjectIds'], type: 'gin' },
  ],
});

export class AuditRecord extends AuditRecordSchema.class {}
AuditRecordSchema.setClass(AuditRecord);
