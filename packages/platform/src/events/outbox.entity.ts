import { defineEntity, p } from '@mikro-orm/core';
import type { EventEnvelope } from './envelope.js';

/**
 * One event waiting to leave (or already gone). Written by `Outbox.emit` in the producer's business transaction,
 * read and marked by `OutboxRelay` with plain SQL, so the column names below are part of the contract: keep them.
 * Published rows stay (an audit of what left and when); pruning them is an operational job.
 */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox',
  properties: {
    /** The event id (UUIDv7), so the order of ids is the order of emission within a producer process. */
    id: p.uuid().primary(),
    type: p.string().length(100),
    aggregateId: p.string().length(200).fieldName('aggregate_id'),
    envelope: p.json<EventEnvelope>(),
    createdAt: p.datetime().fieldName('created_at'),
    publishedAt: p.datetime().nullable().fieldName('published_at'),
    /** Publish attempts so far, successful or not. */
    attempts: p.integer().default(0),
    lastError: p.text().nullable().fieldName('last_error'),
    /** Backoff after a failed publish: the relay leaves the row alone until then. */
    nextAttemptAt: p.datetime().fieldName('next_attempt_at'),
  },
  indexes: [
    // Both partial: the unpublished rows are a handful at any time, whatever the size of the table.
    { name: 'outbox_unpublished_idx', properties: ['id'], where: 'published_at is null' },
    { name: 'outbox_unpublished_aggregate_idx', properties: ['aggregateId', 'id'], where: 'published_at is null' },
  ],
});

export class OutboxEvent extends OutboxEventSchema.class {}
OutboxEventSchema.setClass(OutboxEvent);
