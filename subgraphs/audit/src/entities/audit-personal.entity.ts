import { defineEntity, p } from '@mikro-orm/core';

/**
 * The personal values of one record (hash version 2): emails, names, IPs, notes, as `{ "/path/in/payload": value }`.
 * The record's hash covers `sha256(salt ‖ canonical JSON of data)` only, so erasing a user deletes these rows and the
 * chain still verifies; the random salt goes with them, so the digest left behind cannot be used to confirm a guess.
 * Rows are inserted with their record and deleted by an erasure; the database refuses UPDATE and TRUNCATE.
 */
export const AuditPersonalSchema = defineEntity({
  name: 'AuditPersonal',
  tableName: 'audit_personal',
  properties: {
    recordId: p.text().primary(),
    salt: p.string().length(64),
    data: p.json<Record<string, unknown>>(),
  },
});

export class AuditPersonal extends AuditPersonalSchema.class {}
AuditPersonalSchema.setClass(AuditPersonal);
