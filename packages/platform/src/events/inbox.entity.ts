import { defineEntity, p } from '@mikro-orm/core';

/**
 * Which events a consumer has already applied. The row is inserted in the same transaction as the handler's effect,
 * so a redelivered event finds it and is acknowledged without running the handler again.
 */
export const InboxEntrySchema = defineEntity({
  name: 'InboxEntry',
  tableName: 'inbox',
  properties: {
    consumer: p.string().length(100).primary(),
    eventId: p.uuid().primary().fieldName('event_id'),
    eventType: p.string().length(100).fieldName('event_type'),
    processedAt: p.datetime().fieldName('processed_at'),
  },
  primaryKeys: ['consumer', 'eventId'],
});

export class InboxEntry extends InboxEntrySchema.class {}
InboxEntrySchema.setClass(InboxEntry);
