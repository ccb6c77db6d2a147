import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { catalog, isEventType, type EventData, type EventType } from '@paygraph/events';

export interface EventEnvelope<T extends EventType = EventType> {
  /** UUIDv7: sorts by creation time. */
  id: string;
  type: T;
  version: number;
  /** The producing service. */
  source: string;
  occurredAt: string;
  aggregateId: string;
  correlationId: string;
  causationId: string | null;
  /** Trace propagation headers (DataDog / W3C) of the producing span. */
  trace: Record<string, string>;
  data: EventData<T>;
}

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>, em: EntityManager) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The envelope without its `data`, which is checked against the catalog entry of its `type`. */
const envelopeShape = z.object({
  id: z.string().regex(UUID),
  type: z.string().min(1),
  version: z.number().int().positive(),
  source: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  aggregateId: z.string().min(1).max(128),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  trace: z.record(z.string(), z.string()),
  data: z.unknown(),
});

export type ParseResult = { ok: true; event: EventEnvelope } | { ok: false; reason: string; eventId?: string; type?: string };

/**
 * Parses a message body into an envelope that the catalog knows: a known type, the catalog's version of it, and data
 * that passes its schema. Anything else is a contract break the consumer must not guess about.
 */
export function parseEnvelope(body: string | undefined): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(body ?? '');
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const shape = envelopeShape.safeParse(raw);
  if (!shape.success) {
    return { ok: false, reason: `malformed envelope: ${summarize(shape.error)}` };
  }
  const env = shape.data;
  if (!isEventType(env.type)) return { ok: false, reason: `unknown event type ${env.type}`, eventId: env.id, type: env.type };
  const entry = catalog[env.type];
  if (env.version !== entry.version) {
    return { ok: false, reason: `unsupported version ${env.version} of ${env.type}`, eventId: env.id, type: env.type };
  }
  const data = (entry.data as z.ZodType).safeParse(env.data);
  if (!data.success) {
    return { ok: false, reason: `invalid data for ${env.type}: ${summarize(data.error)}`, eventId: env.id, type: env.type };
  }
  return { ok: true, event: { ...env, type: env.type, data: data.data } as EventEnvelope };
}

/**
 * The producing side's check of everything but `data` (validated by `validateEventData`), with the very schema
 * consumers parse with: an envelope a consumer would refuse must fail its producer's request, not stall the backbone.
 */
export function assertEnvelopeShape(envelope: Omit<EventEnvelope, 'data'> & { data: unknown }): void {
  const shape = envelopeShape.safeParse(envelope);
  if (!shape.success) throw new Error(`Invalid envelope for event ${envelope.type}: ${summarize(shape.error)}`);
}

/** Validates `data` for an event type on the producing side; throws with the failing paths. */
export function validateEventData<T extends EventType>(type: T, data: EventData<T>): EventData<T> {
  if (!isEventType(type)) throw new Error(`Unknown event type ${String(type)}`);
  const result = (catalog[type].data as z.ZodType).safeParse(data);
  if (!result.success) throw new Error(`Invalid data for event ${type}: ${summarize(result.error)}`);
  return result.data as EventData<T>;
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
