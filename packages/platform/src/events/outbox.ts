import type { EntityManager } from '@mikro-orm/postgresql';
import { catalog, isEventType, producersOf, type EventData, type EventType } from '@paygraph/events';
import { currentContext } from '../context.js';
import { uuidv7 } from '../ids.js';
import { injectTraceContext } from '../tracing.js';
import { assertEnvelopeShape, validateEventData, type EventEnvelope } from './envelope.js';
import { OutboxEvent } from './outbox.entity.js';

const AGGREGATE_ID = /^[\x21-\x7e]{1,128}$/;

export interface EmitOptions {
  correlationId?: string;
  causationId?: string;
}

/**
 * The producing side of the backbone. `emit` validates the event against the catalog and adds its outbox row to the
 * caller's unit of work: the event exists exactly when the business change it describes commits, and it leaves the
 * service only through the relay. Nothing is sent from here.
 */
export class Outbox {
  constructor(readonly source: string) {
    if (!source) throw new Error('Outbox needs the name of the producing service');
  }

  emit<T extends EventType>(em: EntityManager, type: T, aggregateId: string, data: EventData<T>, opts: EmitOptions = {}): EventEnvelope<T> {
    const envelope = this.envelope(type, aggregateId, data, opts);
    const now = new Date(envelope.occurredAt);
    em.persist(
      em.create(
        OutboxEvent,
        { id: envelope.id, type, aggregateId, envelope: envelope as EventEnvelope, createdAt: now, publishedAt: null, attempts: 0, lastError: null, nextAttemptAt: now },
        { persist: false },
      ),
    );
    return envelope;
  }

  /**
   * The checked envelope `emit` would store, for a caller that writes its outbox row itself in the statement of its
   * business change (`OUTBOX_INSERT_COLUMNS` / `outboxRowValues`); that caller wakes the relay itself (`nudge`),
   * since no flush tells it.
   */
  envelope<T extends EventType>(type: T, aggregateId: string, data: EventData<T>, opts: EmitOptions = {}): EventEnvelope<T> {
    if (!isEventType(type)) throw new Error(`Unknown event type ${String(type)}`);
    const entry = catalog[type];
    // The catalog names the producers of each event type; another service emitting it is a wiring mistake.
    const producers = producersOf(type);
    if (!producers.includes(this.source)) {
      throw new Error(`${this.source} cannot emit ${type}: the catalog says ${producers.join(', ')} produces it`);
    }
    // It becomes the SQS MessageGroupId: 1..128 printable ASCII characters, no spaces.
    if (typeof aggregateId !== 'string' || !AGGREGATE_ID.test(aggregateId)) {
      throw new Error(`Invalid aggregateId for ${type}: ${JSON.stringify(aggregateId)}`);
    }
    const validData = validateEventData(type, data);
    const ctx = currentContext();
    const id = uuidv7();
    const now = new Date();
    const envelope: EventEnvelope<T> = {
      id,
      type,
      version: entry.version,
      source: this.source,
      occurredAt: now.toISOString(),
      aggregateId,
      // A request's events share its correlation id; an event caused by another event inherits that one's (the
      // consumer puts it in the context), so a whole saga can be followed by one id.
      correlationId: opts.correlationId ?? ctx.correlationId ?? ctx.requestId ?? id,
      causationId: opts.causationId ?? ctx.causationId ?? null,
      trace: injectTraceContext(),
      data: validData,
    };
    // An id from outside (a client's correlation id, say) that consumers would refuse fails this request instead.
    assertEnvelopeShape(envelope);
    // Fails here, at the call site, rather than at commit time in the ORM's serializer (e.g. a bigint in data).
    JSON.stringify(envelope);
    return envelope;
  }
}

/** The outbox columns a hand-written insert fills, in the order of `outboxRowValues`. */
export const OUTBOX_INSERT_COLUMNS = 'id, type, aggregate_id, envelope, created_at, published_at, attempts, last_error, next_attempt_at';

/**
 * The values of an envelope's outbox row for `OUTBOX_INSERT_COLUMNS`, as `?` parameters: write them as
 * `?, ?, ?, ?::jsonb, ?, null, 0, null, ?`.
 */
export function outboxRowValues(envelope: EventEnvelope): unknown[] {
  const at = new Date(envelope.occurredAt);
  return [envelope.id, envelope.type, envelope.aggregateId, JSON.stringify(envelope), at, at];
}
