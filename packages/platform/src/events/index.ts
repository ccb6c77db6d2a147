/**
 * The event backbone: transactional outbox → relay → SQS (fan-out by the routing table, or EventBridge PutEvents in
 * AWS) → per-consumer FIFO queue → consumer with an inbox table (exactly-once effect over at-least-once delivery),
 * poison messages to the queue's DLQ after N receives.
 *
 * Wiring in a subgraph: add `...backboneEntities` to the ORM entities (its generated migration then creates `outbox`
 * and `inbox`); producers call `outbox.emit(em, …)` inside their transaction; the server runs an `OutboxRelay` and,
 * for a consumer, `ensureConsumerQueue` + an `SqsConsumer` as workers.
 */
import type { EntitySchema } from '@mikro-orm/core';
import { InboxEntrySchema } from './inbox.entity.js';
import { OutboxEventSchema } from './outbox.entity.js';

export { parseEnvelope, validateEventData, type EventEnvelope, type EventHandler, type EventHandlers, type ParseResult } from './envelope.js';
export { OutboxEvent, OutboxEventSchema } from './outbox.entity.js';
export { InboxEntry, InboxEntrySchema } from './inbox.entity.js';
export { Outbox, OUTBOX_INSERT_COLUMNS, outboxRowValues, type EmitOptions } from './outbox.js';
export {
  createPublisher,
  createSqsClient,
  EventBridgePublisher,
  PublishError,
  SqsFanOutPublisher,
  type Publisher,
  type PublisherOptions,
  type PutEventsClient,
  type SqsSettings,
} from './publisher.js';
export { OutboxRelay, type BatchResult, type OutboxRelayOptions } from './relay.js';
export { consumerQueueName, deadLetterQueueName, ensureConsumerQueue, type ConsumerQueueOptions } from './queues.js';
export { SqsConsumer, handlersInOneTransaction, type BatchHandler, type Outcome, type SqsConsumerOptions } from './consumer.js';
export { DEAD_LETTER_ALERT, raiseDeadLetterAlert, type DeadLetter } from './dead-letter-alert.js';
export { deadLetterCount, redriveDeadLetters, type RedriveOptions } from './redrive.js';
export { Backbone } from './backbone.js';

/** The `outbox` and `inbox` tables: add these to a subgraph's ORM entity list. */
// Typed loosely so that it spreads into any subgraph's entity list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const backboneEntities: EntitySchema<any, any>[] = [OutboxEventSchema, InboxEntrySchema];
