import { defineEntity, p } from '@mikro-orm/core';

/**
 * A user whose personal data was erased (a privacy request). Verification accepts a record's missing personal values
 * only when one of its subjects is here, and a record appended later about such a user keeps no personal values.
 */
export const AuditErasureSchema = defineEntity({
  name: 'AuditErasure',
  tableName: 'audit_erasure',
  properties: {
    userId: p.text().primary(),
    requestId: p.text(),
    erasedAt: p.datetime(),
  },
});

export class AuditErasure extends AuditErasureSchema.class {}
AuditErasureSchema.setClass(AuditErasure);
