import { defineEntity, p } from '@mikro-orm/core';

/**
 * The single row (id 1) naming the last appended record. Appenders lock it (SELECT … FOR UPDATE), so concurrent
 * consumers extend one linear chain; verification also compares the tail against it, which reveals a removed tail.
 */
export const AuditChainHeadSchema = defineEntity({
  name: 'AuditChainHead',
  tableName: 'audit_chain_head',
  properties: {
    id: p.integer().primary().autoincrement(false),
    seq: p.bigint(),
    hash: p.string().length(64),
  },
  checks: [{ name: 'audit_chain_head_single_row', expression: 'id = 1' }],
});

export class AuditChainHead extends AuditChainHeadSchema.class {}
AuditChainHeadSchema.setClass(AuditChainHead);
