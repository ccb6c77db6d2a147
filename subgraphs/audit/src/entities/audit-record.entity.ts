import { defineEntity, p } from '@mikro-orm/core';

/**
 * One backbone event in the audit log. Append-only: the database refuses UPDATE, DELETE and TRUNCATE (triggers in the
 * init migration). `hash` = sha256(prevHash || canonical JSON of the record's other fields), see services/chain.ts.
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
    payload: p.json<unknown>(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
  // An entity's trail in log order.
  indexes: [{ name: 'audit_record_entity_seq_idx', properties: ['entityId', 'seq'] }],
});

export class AuditRecord extends AuditRecordSchema.class {}
AuditRecordSchema.setClass(AuditRecord);
